//! The generator: time to load + validate the full spec and generate the
//! SDK's code in memory (what `cargo xtask gen` does before writing files),
//! in a release build, and the size of what it generates.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::json;

/// Options of `gen`.
#[derive(clap::Args)]
pub struct Args {
    /// The spec (default: the workspace's `spec/live-2016-11-01.json`).
    #[arg(long)]
    spec: Option<PathBuf>,
    /// Runs (the median is reported).
    #[arg(long, default_value_t = 5)]
    iters: usize,
}

/// Runs the measurement and prints its line.
pub fn run(args: &Args) -> Result<(), String> {
    let spec_path = args.spec.clone().unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(aliyun_live_codegen::fresh::SPEC_PATH)
    });
    let mut load_ms = Vec::new();
    let mut gen_ms = Vec::new();
    let mut total_ms = Vec::new();
    let mut last = None;
    for _ in 0..args.iters.max(1) {
        let t0 = Instant::now();
        let spec = aliyun_live_codegen::load_file(&spec_path).map_err(|errors| {
            format!(
                "{}: {} error(s), first: {}",
                spec_path.display(),
                errors.len(),
                errors.first().map(|e| e.to_string()).unwrap_or_default()
            )
        })?;
        let t1 = Instant::now();
        let files = aliyun_live_codegen::generate(&spec);
        let t2 = Instant::now();
        load_ms.push((t1 - t0).as_secs_f64() * 1e3);
        gen_ms.push((t2 - t1).as_secs_f64() * 1e3);
        total_ms.push((t2 - t0).as_secs_f64() * 1e3);
        last = Some((spec.actions.len(), files));
    }
    let Some((actions, files)) = last else {
        return Err("no run".into());
    };
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    crate::emit(json!({
        "kind": "gen",
        "iters": total_ms.len(),
        "load_ms": crate::median(&mut load_ms),
        "generate_ms": crate::median(&mut gen_ms),
        "total_ms": crate::median(&mut total_ms),
        "actions": actions,
        "files": files.len(),
        "lines": lines,
        "bytes": bytes,
    }));
    Ok(())
}
