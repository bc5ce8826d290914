//! Comparing and writing the generated directory and the generated
//! `[features]` table of the SDK's manifest: shared by `cargo xtask gen`,
//! `cargo xtask check` and the staleness test.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

/// The spec file, relative to the workspace root.
pub const SPEC_PATH: &str = "spec/live-2016-11-01.json";
/// The generated directory, relative to the workspace root.
pub const GENERATED_DIR: &str = "crates/aliyun-live/src/generated";

/// The SDK's manifest, relative to the workspace root: its `[features]`
/// table (between [`FEATURES_BEGIN`] and [`FEATURES_END`]) is generated.
pub const CARGO_TOML: &str = "crates/aliyun-live/Cargo.toml";

pub use crate::emit::{FEATURES_BEGIN, FEATURES_END};

/// Where the generated block sits in a manifest: byte range, end exclusive
/// (after the end marker's newline, if any). `Ok(None)`: no markers.
fn features_block(manifest: &str) -> Result<Option<std::ops::Range<usize>>, String> {
    let mut begin = None;
    let mut end = None;
    let mut offset = 0;
    for line in manifest.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if text == FEATURES_BEGIN {
            if begin.is_some() {
                return Err("the `# @generated features begin` marker appears twice".into());
            }
            begin = Some(offset);
        } else if text == FEATURES_END {
            if begin.is_none() || end.is_some() {
                return Err(
                    "the `# @generated features end` marker is misplaced (it must follow the begin marker, once)"
                        .into(),
                );
            }
            end = Some(offset + line.len());
        }
        offset += line.len();
    }
    match (begin, end) {
        (None, None) => Ok(None),
        (Some(b), Some(e)) => Ok(Some(b..e)),
        _ => Err("the `# @generated features begin` marker has no matching end marker".into()),
    }
}

/// Feature names defined in a block of TOML (`name = ...` lines).
fn feature_names(block: &str) -> Vec<String> {
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(name, _)| name.trim().to_owned())
        .filter(|n| !n.is_empty() && !n.starts_with('"'))
        .collect()
}

/// Why `manifest`'s generated `[features]` block is not `wanted` (the
/// output of [`crate::emit::cargo_features`]), or `None` when it is.
pub fn features_mismatch(manifest: &str, wanted: &str) -> Option<String> {
    let range = match features_block(manifest) {
        Ok(Some(r)) => r,
        Ok(None) => {
            return Some(format!(
                "{CARGO_TOML} has no generated [features] table (the `{FEATURES_BEGIN}` ... `{FEATURES_END}` block)"
            ));
        }
        Err(e) => return Some(format!("{CARGO_TOML}: {e}")),
    };
    let current = &manifest[range];
    if current == wanted {
        return None;
    }
    let have = feature_names(current);
    let want = feature_names(wanted);
    let missing: Vec<&str> = want
        .iter()
        .filter(|n| !have.contains(n))
        .map(String::as_str)
        .collect();
    let extra: Vec<&str> = have
        .iter()
        .filter(|n| !want.contains(n))
        .map(String::as_str)
        .collect();
    let mut why = Vec::new();
    if !missing.is_empty() {
        why.push(format!("missing feature(s): {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        why.push(format!("feature(s) not in the spec: {}", extra.join(", ")));
    }
    if why.is_empty() {
        why.push("the table's text differs from what the generator writes".into());
    }
    Some(format!(
        "{CARGO_TOML}: the [features] table does not match the spec's groups ({})",
        why.join("; ")
    ))
}

/// `manifest` with its generated `[features]` block replaced by `wanted`;
/// every byte outside the block is kept. Without markers, the block is
/// inserted before `[dependencies]` (or appended), unless the manifest
/// already has a hand-written `[features]` table: then it is an error, as
/// the generator will not guess which lines are its own.
pub fn splice_features(manifest: &str, wanted: &str) -> Result<String, String> {
    let range = match features_block(manifest).map_err(|e| format!("{CARGO_TOML}: {e}"))? {
        Some(r) => r,
        None => {
            let mut offset = 0;
            let mut deps = None;
            for line in manifest.split_inclusive('\n') {
                let header = line.trim();
                if header == "[features]" {
                    return Err(format!(
                        "{CARGO_TOML} has a [features] table outside the `{FEATURES_BEGIN}` ... `{FEATURES_END}` markers: delete it (the generator writes it)"
                    ));
                }
                if header == "[dependencies]" && deps.is_none() {
                    deps = Some(offset);
                }
                offset += line.len();
            }
            match deps {
                Some(at) => {
                    let mut out = String::with_capacity(manifest.len() + wanted.len() + 1);
                    out.push_str(&manifest[..at]);
                    out.push_str(wanted);
                    out.push('\n');
                    out.push_str(&manifest[at..]);
                    return Ok(out);
                }
                None => {
                    let mut out = manifest.to_owned();
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push('\n');
                    out.push_str(wanted);
                    return Ok(out);
                }
            }
        }
    };
    let mut out = String::with_capacity(manifest.len() + wanted.len());
    out.push_str(&manifest[..range.start]);
    out.push_str(wanted);
    out.push_str(&manifest[range.end..]);
    Ok(out)
}

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

    fn block(features: &[&str]) -> String {
        let mut b = format!("{FEATURES_BEGIN}\n[features]\ndefault = [\"full\"]\n");
        for f in features {
            b.push_str(&format!("{f} = []\n"));
        }
        b.push_str(FEATURES_END);
        b.push('\n');
        b
    }

    #[test]
    fn features_block_is_replaced_in_place() {
        let head = "[package]\nname = \"x\" # keep = this\n\n";
        let tail = "\n[dependencies]\nserde = \"1\"\n";
        let manifest = format!("{head}{}{tail}", block(&["a", "b"]));
        let wanted = block(&["a", "c"]);
        let out = splice_features(&manifest, &wanted).unwrap();
        assert_eq!(out, format!("{head}{wanted}{tail}"));
        assert_eq!(features_mismatch(&out, &wanted), None);
        let why = features_mismatch(&manifest, &wanted).unwrap();
        assert!(why.contains("missing feature(s): c"), "{why}");
        assert!(why.contains("not in the spec: b"), "{why}");
        assert!(why.contains("cargo") || why.contains(CARGO_TOML), "{why}");
    }

    #[test]
    fn features_block_text_and_markers() {
        let wanted = block(&["a"]);
        let edited = wanted.replace("a = []", "a = [] # local edit");
        let why = features_mismatch(&edited, &wanted).unwrap();
        assert!(why.contains("text differs"), "{why}");
        // No markers: inserted before [dependencies], the rest untouched.
        let manifest = "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\n";
        let out = splice_features(manifest, &wanted).unwrap();
        assert_eq!(
            out,
            format!("[package]\nname = \"x\"\n\n{wanted}\n[dependencies]\nserde = \"1\"\n")
        );
        assert!(
            features_mismatch(manifest, &wanted)
                .unwrap()
                .contains("no generated")
        );
        // A hand-written table is not silently duplicated.
        let manifest = "[package]\n[features]\nx = []\n";
        assert!(splice_features(manifest, &wanted).is_err());
        // Broken markers are reported, not guessed around.
        let manifest = format!("{FEATURES_BEGIN}\n[features]\n");
        assert!(
            splice_features(&manifest, &wanted)
                .unwrap_err()
                .contains("no matching end")
        );
        let manifest = format!("{FEATURES_END}\n{wanted}");
        assert!(
            splice_features(&manifest, &wanted)
                .unwrap_err()
                .contains("misplaced")
        );
    }

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
