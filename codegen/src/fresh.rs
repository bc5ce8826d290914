//! Comparing and writing the generated directory: shared by `cargo xtask
//! gen`, `cargo xtask check` and the staleness test.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

/// The spec file, relative to the workspace root.
pub const SPEC_PATH: &str = "spec/live-2016-11-01.json";
/// The generated directory, relative to the workspace root.
pub const GENERATED_DIR: &str = "crates/aliyun-live/src/generated";

/// How one file on disk differs from what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Generated but not on disk.
    Missing(String),
    /// On disk with other contents.
    Changed(String),
    /// On disk but no longer generated.
    Extra(String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Missing(p) => write!(f, "missing: {p}"),
            Change::Changed(p) => write!(f, "changed: {p}"),
            Change::Extra(p) => write!(f, "extra:   {p}"),
        }
    }
}

/// Every `.rs` file under `dir`, as sorted `/`-separated relative paths.
pub fn existing_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(root, &p, out)?;
        } else if p.extension().is_some_and(|e| e == "rs") {
            if let Ok(rel) = p.strip_prefix(root) {
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(rel.join("/"));
            }
        }
    }
    Ok(())
}

/// The differences between `files` and the contents of `dir`, sorted by path.
pub fn compare(dir: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for f in files {
        match std::fs::read_to_string(dir.join(&f.path)) {
            Ok(text) if text == f.contents => {}
            Ok(_) => changes.push(Change::Changed(f.path.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                changes.push(Change::Missing(f.path.clone()))
            }
            Err(e) => return Err(e),
        }
    }
    for p in existing_files(dir)? {
        if !files.iter().any(|f| f.path == p) {
            changes.push(Change::Extra(p));
        }
    }
    changes.sort_by(|a, b| path_of(a).cmp(path_of(b)));
    Ok(changes)
}

fn path_of(c: &Change) -> &str {
    match c {
        Change::Missing(p) | Change::Changed(p) | Change::Extra(p) => p,
    }
}

/// What [`write()`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// Writes `files` under `dir` (only those whose contents differ) and deletes
/// `.rs` files under `dir` that are no longer generated, then empty
/// directories. Never touches anything outside `dir`.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> std::io::Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    for c in compare(dir, files)? {
        match c {
            Change::Missing(p) | Change::Changed(p) => {
                let target = dir.join(&p);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let contents = files
                    .iter()
                    .find(|f| f.path == p)
                    .map(|f| f.contents.as_str());
                std::fs::write(&target, contents.unwrap_or_default())?;
                summary.written.push(p);
            }
            Change::Extra(p) => {
                std::fs::remove_file(dir.join(&p))?;
                summary.removed.push(p);
            }
        }
    }
    summary.unchanged = files.len() - summary.written.len();
    remove_empty_dirs(dir)?;
    Ok(summary)
}

fn remove_empty_dirs(dir: &Path) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            remove_empty_dirs(&p)?;
            if std::fs::read_dir(&p)?.next().is_none() {
                std::fs::remove_dir(&p)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn write_then_compare_then_prune() {
        let dir = std::env::temp_dir().join(format!("aliyun-live-fresh-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("old")).unwrap();
        std::fs::write(dir.join("old/gone.rs"), "x").unwrap();
        std::fs::write(dir.join("keep.txt"), "not ours").unwrap();
        let files = vec![file("mod.rs", "a"), file("g/x.rs", "b")];

        let changes = compare(&dir, &files).unwrap();
        assert_eq!(
            changes,
            vec![
                Change::Missing("g/x.rs".into()),
                Change::Missing("mod.rs".into()),
                Change::Extra("old/gone.rs".into()),
            ]
        );
        let s = write(&dir, &files).unwrap();
        assert_eq!(s.written, vec!["g/x.rs".to_string(), "mod.rs".to_string()]);
        assert_eq!(s.removed, vec!["old/gone.rs".to_string()]);
        assert!(!dir.join("old").exists(), "empty directories are pruned");
        assert!(
            dir.join("keep.txt").exists(),
            "non-.rs files are left alone"
        );
        assert!(compare(&dir, &files).unwrap().is_empty());

        let s = write(&dir, &[file("mod.rs", "a"), file("g/x.rs", "c")]).unwrap();
        assert_eq!(s.written, vec!["g/x.rs".to_string()]);
        assert_eq!(s.unchanged, 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
