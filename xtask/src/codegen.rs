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

/// The spec in canonical form (stable key order and layout, so a change to
/// it reads well as a diff), or `None` when the file already is.
fn canonical_spec(root: &Path, spec: &aliyun_live_codegen::Spec) -> Result<Option<String>, String> {
    let path = root.join(SPEC_PATH);
    let on_disk = std::fs::read_to_string(&path).map_err(|e| format!("{SPEC_PATH}: {e}"))?;
    let canonical = aliyun_live_codegen::write::to_json(spec);
    Ok((canonical != on_disk).then_some(canonical))
}

/// `cargo xtask gen`: regenerates `crates/aliyun-live/src/generated/`, and
/// rewrites the spec in canonical form if it is not.
pub fn generate(root: &Path) -> Result<(), String> {
    let start = Instant::now();
    let spec = load(root)?;
    if let Some(text) = canonical_spec(root, &spec)? {
        std::fs::write(root.join(SPEC_PATH), text).map_err(|e| format!("{SPEC_PATH}: {e}"))?;
        println!("  wrote   {SPEC_PATH} in canonical form");
    }
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

/// `cargo xtask check`: validates the spec, and fails if it is not in
/// canonical form or if the generated code on disk differs from what `gen`
/// would write.
pub fn check(root: &Path) -> Result<(), String> {
    let spec = load(root)?;
    if canonical_spec(root, &spec)?.is_some() {
        return Err(format!(
            "{SPEC_PATH} is valid but not in canonical form (key order, layout): run `cargo xtask gen`"
        ));
    }
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
