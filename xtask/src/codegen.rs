//! `cargo xtask gen` and `cargo xtask check`.

use std::path::Path;
use std::time::Instant;

use aliyun_live_codegen::fresh::{self, GENERATED_DIR, SPEC_PATH};
use aliyun_live_codegen::{GeneratedFile, SpecError};

/// Loads and validates the spec; on errors, lists every one of them.
fn load(root: &Path) -> Result<aliyun_live_codegen::Spec, String> {
    let path = root.join(SPEC_PATH);
    aliyun_live_codegen::load_file(&path).map_err(|errors: Vec<SpecError>| {
        let mut msg = format!("{SPEC_PATH}: {} error(s):\n", errors.len());
        for e in &errors {
            msg.push_str(&format!("  {e}\n"));
        }
        msg
    })
}

/// `cargo xtask gen`: regenerates `crates/aliyun-live/src/generated/`.
pub fn generate(root: &Path) -> Result<(), String> {
    let start = Instant::now();
    let spec = load(root)?;
    let loaded = start.elapsed();
    let files: Vec<GeneratedFile> = aliyun_live_codegen::generate(&spec);
    let generated = start.elapsed();
    let dir = root.join(GENERATED_DIR);
    let summary =
        fresh::write(&dir, &files).map_err(|e| format!("writing {}: {e}", dir.display()))?;
    for p in &summary.written {
        println!("  wrote   {GENERATED_DIR}/{p}");
    }
    for p in &summary.removed {
        println!("  removed {GENERATED_DIR}/{p}");
    }
    println!(
        "xtask gen: {} file(s) written, {} unchanged, {} removed; load {} ms, generate {} ms, total {} ms",
        summary.written.len(),
        summary.unchanged,
        summary.removed.len(),
        loaded.as_millis(),
        (generated - loaded).as_millis(),
        start.elapsed().as_millis()
    );
    Ok(())
}

/// `cargo xtask check`: validates the spec and fails if the generated code
/// on disk differs from what `gen` would write.
pub fn check(root: &Path) -> Result<(), String> {
    let spec = load(root)?;
    let files = aliyun_live_codegen::generate(&spec);
    let dir = root.join(GENERATED_DIR);
    let changes =
        fresh::compare(&dir, &files).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    if changes.is_empty() {
        println!(
            "xtask check: spec valid, {} generated file(s) up to date",
            files.len()
        );
        return Ok(());
    }
    let mut msg = format!(
        "generated code is stale: run `cargo xtask gen` ({} file(s) differ):\n",
        changes.len()
    );
    for c in &changes {
        msg.push_str(&format!("  {c}\n"));
    }
    Err(msg)
}
