//! `cargo xtask import`. (Being written.)

use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The vendor's ApiDocs JSON (e.g. ../shared/reference/live-2016-11-01.api-docs.json).
    #[arg(long)]
    pub from: PathBuf,
}

pub fn run(_root: &Path, _args: &ImportArgs) -> Result<(), String> {
    Err("xtask import: not implemented yet".into())
}
