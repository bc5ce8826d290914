//! `cargo xtask diff`. (Being written.)

use std::path::Path;

#[derive(clap::Args)]
pub struct DiffArgs {
    /// Old spec: a file path or a git revision (e.g. `main`, `HEAD~1`).
    pub old: String,
    /// New spec: a file path or a git revision; the working tree if absent.
    pub new: Option<String>,
}

pub fn run(_root: &Path, _args: &DiffArgs) -> Result<(), String> {
    Err("xtask diff: not implemented yet".into())
}
