//! The SDK builds without warnings with no action group at all and with each
//! group alone (`cargo check`, shared target dir: a few seconds per feature
//! set once dependencies are built). Unused shared types, validation or
//! serde helpers in a partial build would show up here as warnings.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// `cargo check -p aliyun-live --no-default-features --features <features>`;
/// the compiler's warnings and errors, if any.
fn check(features: &str) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root())
        .args(["check", "-q", "-p", "aliyun-live", "--no-default-features"])
        .args(["--message-format", "short"]);
    if !features.is_empty() {
        cmd.args(["--features", features]);
    }
    let out = cmd.output().map_err(|e| format!("running cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Warnings of this crate only (`--message-format short` prefixes them
    // with the file): other crates' warnings are their own tests' business.
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("warning") && l.starts_with("crates/aliyun-live/"))
        .collect();
    if !out.status.success() || !problems.is_empty() {
        return Err(format!(
            "features [{features}]: {}\n{stderr}",
            if out.status.success() {
                "warnings"
            } else {
                "build failed"
            }
        ));
    }
    Ok(())
}

#[test]
fn sdk_builds_with_no_group_and_with_each_group_alone() {
    let spec = aliyun_live_codegen::load_file(&root().join(aliyun_live_codegen::fresh::SPEC_PATH))
        .expect("valid spec");
    let mut sets = vec![String::new()];
    sets.extend(spec.groups.iter().map(|g| g.name.clone()));
    // The seed's detailed chapters together (shared types used by several).
    sets.push("record,domain,record_vod,monitoring,log".into());
    let failures: Vec<String> = sets.iter().filter_map(|f| check(f).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
