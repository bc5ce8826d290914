//! `cargo xtask gen` and `cargo xtask check` (generated code and the SDK's
//! generated `[features]` table).

use std::path::Path;
use std::time::Instant;

use aliyun_live_codegen::fresh::{self, CARGO_TOML, GENERATED_DIR, SPEC_PATH};
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
    // Only the generated [features] block changes; the rest stays byte-identical.
    let manifest_path = root.join(CARGO_TOML);
    let manifest =
        std::fs::read_to_string(&manifest_path).map_err(|e| format!("{CARGO_TOML}: {e}"))?;
    let wanted = aliyun_live_codegen::emit::cargo_features(&spec);
    let spliced = fresh::splice_features(&manifest, &wanted)?;
    if spliced != manifest {
        std::fs::write(&manifest_path, spliced).map_err(|e| format!("{CARGO_TOML}: {e}"))?;
        println!("  wrote   {CARGO_TOML} ([features] table)");
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
    let manifest =
        std::fs::read_to_string(root.join(CARGO_TOML)).map_err(|e| format!("{CARGO_TOML}: {e}"))?;
    let features =
        fresh::features_mismatch(&manifest, &aliyun_live_codegen::emit::cargo_features(&spec));
    if changes.is_empty() && features.is_none() {
        println!(
            "xtask check: spec valid, {} generated file(s) and the [features] table of {CARGO_TOML} up to date",
            files.len()
        );
        return Ok(());
    }
    if let Some(why) = features {
        let mut msg = format!("{why}: run `cargo xtask gen`\n");
        if !changes.is_empty() {
            msg.push_str(&format!(
                "generated code is stale too ({} file(s) differ)\n",
                changes.len()
            ));
        }
        return Err(msg);
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
