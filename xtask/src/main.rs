//! `cargo xtask`: the project's own tooling, as a plain Rust program.
//!
//! - `cargo xtask gen`   regenerate crates/aliyun-live/src/generated/ from spec/
//! - `cargo xtask check` validate the spec and fail if generated code is stale
//! - `cargo xtask diff OLD NEW` review a spec change (paths or git revisions)
//! - `cargo xtask import` bring actions in from the vendor's ApiDocs metadata
//! - `cargo xtask bench`  benchmarks (writes BENCHMARKS.md; `--quick` for CI)

mod bench;
mod codegen;
mod diff;
mod import;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "aliyun-live project tooling")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the SDK crate's generated code from the spec.
    Gen,
    /// Validate the spec and fail if the committed generated code is stale.
    Check,
    /// Report the differences between two specs (file paths or git revisions).
    Diff(diff::DiffArgs),
    /// Import actions from Alibaba Cloud's ApiDocs metadata into the spec.
    Import(import::ImportArgs),
    /// Benchmarks: per-call overhead, HTTP throughput, generator, build, memory.
    Bench(bench::BenchArgs),
}

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Gen => codegen::generate(&project_root()),
        Command::Check => codegen::check(&project_root()),
        Command::Diff(args) => diff::run(&project_root(), &args),
        Command::Import(args) => import::run(&project_root(), &args),
        Command::Bench(args) => bench::run(&project_root(), &args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
