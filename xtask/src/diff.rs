//! `cargo xtask diff OLD [NEW]`: a review report of a spec change.
//!
//! Each side is a spec file path (if such a file exists) or a git revision,
//! whose spec is read with `git show REV:spec/live-2016-11-01.json`. With one
//! side only, the other is the working tree's spec. The report (Markdown or
//! JSON) goes to stdout; with `--deny-breaking` the command then fails if
//! anything breaking was found.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use aliyun_live_codegen::Spec;
use aliyun_live_codegen::diff::{self, Report, RustApi, render};

/// The spec, relative to the workspace root.
const SPEC_PATH: &str = "spec/live-2016-11-01.json";

/// Report output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown for a pull request.
    #[default]
    Markdown,
    /// Machine-readable JSON.
    Json,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    /// Old spec: a file path or a git revision (e.g. `main`, `HEAD~1`).
    pub old: String,
    /// New spec: a file path or a git revision; the working tree if absent.
    pub new: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Exit non-zero (after printing the report) if any change is breaking.
    #[arg(long)]
    pub deny_breaking: bool,
    /// Skip generating both crates to compare their public Rust API.
    #[arg(long)]
    pub no_rust_api: bool,
}

pub fn run(root: &Path, args: &DiffArgs) -> Result<(), String> {
    let (old_label, old) = load_side(root, &args.old)?;
    let (new_label, new) = match &args.new {
        Some(side) => load_side(root, side)?,
        None => {
            let path = root.join(SPEC_PATH);
            (SPEC_PATH.to_string(), load_file(&path, SPEC_PATH)?)
        }
    };
    let rust_api = if args.no_rust_api {
        RustApi::Skipped("`--no-rust-api` was given".into())
    } else {
        diff::rust_api::compare_specs(&old, &new)
    };
    let report = Report {
        old_label,
        new_label,
        spec: diff::diff(&old, &new),
        rust_api,
    };
    let text = match args.format {
        Format::Markdown => render::markdown(&report),
        Format::Json => render::json(&report) + "\n",
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("writing the report: {e}"))?;
    if args.deny_breaking && report.has_breaking() {
        let n = report.spec.count(diff::Class::Breaking);
        return Err(format!(
            "xtask diff: breaking changes found ({n} in the spec{}); failing because of --deny-breaking",
            match &report.rust_api {
                RustApi::Changes(c) => {
                    format!(
                        ", {} public Rust items removed or changed",
                        c.iter().filter(|c| c.is_breaking()).count()
                    )
                }
                RustApi::Skipped(_) => String::new(),
            }
        ));
    }
    Ok(())
}

/// Loads one side: a file if `side` names one (relative to the current
/// directory, then to the workspace root), otherwise a git revision.
fn load_side(root: &Path, side: &str) -> Result<(String, Spec), String> {
    for candidate in [Path::new(side).to_path_buf(), root.join(side)] {
        if candidate.is_file() {
            return Ok((side.to_string(), load_file(&candidate, side)?));
        }
    }
    let text = git_show(root, side)?;
    let spec = aliyun_live_codegen::parse(&text)
        .map_err(|errors| invalid(&format!("{SPEC_PATH} at revision `{side}`"), &errors))?;
    Ok((side.to_string(), spec))
}

fn load_file(path: &Path, label: &str) -> Result<Spec, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{label}`: {e}"))?;
    aliyun_live_codegen::parse(&text).map_err(|errors| invalid(&format!("`{label}`"), &errors))
}

fn invalid(what: &str, errors: &[aliyun_live_codegen::SpecError]) -> String {
    let mut msg = format!(
        "{what} is not a valid spec ({} {}):",
        errors.len(),
        if errors.len() == 1 { "error" } else { "errors" }
    );
    for e in errors {
        msg.push_str("\n  ");
        msg.push_str(&e.to_string());
    }
    msg
}

/// The spec's text at a git revision.
fn git_show(root: &Path, rev: &str) -> Result<String, String> {
    // Refuse option-looking input so it cannot be taken as a git flag.
    if rev.starts_with('-') || rev.is_empty() {
        return Err(format!(
            "`{rev}` is neither an existing spec file nor a git revision"
        ));
    }
    let verify = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if !verify.status.success() {
        return Err(format!(
            "`{rev}` is neither an existing spec file nor a known git revision"
        ));
    }
    let commit = String::from_utf8_lossy(&verify.stdout).trim().to_string();
    let show = git(root, &["show", &format!("{commit}:{SPEC_PATH}")])?;
    if !show.status.success() {
        return Err(format!(
            "revision `{rev}` has no {SPEC_PATH}: {}",
            String::from_utf8_lossy(&show.stderr).trim()
        ));
    }
    String::from_utf8(show.stdout)
        .map_err(|_| format!("{SPEC_PATH} at revision `{rev}` is not UTF-8"))
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// A throwaway git repository with the project's spec committed in it.
    struct Repo(PathBuf);

    impl Repo {
        fn new(name: &str) -> Repo {
            let dir =
                std::env::temp_dir().join(format!("xtask-diff-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("spec")).expect("temp dir");
            let repo = Repo(dir);
            repo.git(&["init", "-q"]);
            repo
        }

        fn git(&self, args: &[&str]) {
            let out = Command::new("git")
                .arg("-C")
                .arg(&self.0)
                .args([
                    "-c",
                    "user.name=t",
                    "-c",
                    "user.email=t@example.invalid",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(args)
                .output()
                .expect("git runs");
            assert!(
                out.status.success(),
                "git {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }

        fn commit_spec(&self, text: &str) {
            std::fs::write(self.0.join(SPEC_PATH), text).expect("write spec");
            self.git(&["add", SPEC_PATH]);
            self.git(&["commit", "-q", "-m", "spec"]);
        }
    }

    impl Drop for Repo {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn real_spec() -> String {
        std::fs::read_to_string(crate::project_root().join(SPEC_PATH)).expect("the project's spec")
    }

    #[test]
    fn sides_are_files_or_revisions() {
        let repo = Repo::new("sides");
        let spec = real_spec();
        repo.commit_spec(&spec);
        let (label, from_rev) = load_side(&repo.0, "HEAD").expect("HEAD has a valid spec");
        assert_eq!(label, "HEAD");
        let file = repo.0.join(SPEC_PATH);
        let (_, from_file) = load_side(&repo.0, &file.to_string_lossy()).expect("the file loads");
        assert_eq!(from_rev, from_file);
    }

    #[test]
    fn unknown_revision_and_missing_spec_are_clear_errors() {
        let repo = Repo::new("errors");
        std::fs::write(repo.0.join("README"), "x").expect("write");
        repo.git(&["add", "README"]);
        repo.git(&["commit", "-q", "-m", "no spec yet"]);
        let err = load_side(&repo.0, "no-such-branch").expect_err("unknown revision");
        assert_eq!(
            err,
            "`no-such-branch` is neither an existing spec file nor a known git revision"
        );
        let err = load_side(&repo.0, "HEAD").expect_err("no spec at HEAD");
        assert!(
            err.starts_with("revision `HEAD` has no spec/live-2016-11-01.json"),
            "{err}"
        );
        let err = load_side(&repo.0, "--output=x").expect_err("option-like input");
        assert!(
            err.contains("neither an existing spec file nor a git revision"),
            "{err}"
        );
    }

    #[test]
    fn invalid_spec_at_a_revision_lists_its_errors() {
        let repo = Repo::new("invalid");
        let broken = real_spec().replacen("\"type\": \"string\"", "\"type\": \"strng\"", 1);
        repo.commit_spec(&broken);
        let err = load_side(&repo.0, "HEAD").expect_err("invalid spec");
        assert!(
            err.starts_with(
                "spec/live-2016-11-01.json at revision `HEAD` is not a valid spec (1 error):"
            ),
            "{err}"
        );
        assert!(err.contains("strng"), "{err}");
    }
}
