//! `cargo xtask gen` and `cargo xtask check`. (Being written.)

use std::path::Path;

pub fn generate(_root: &Path) -> Result<(), String> {
    Err("xtask gen: not implemented yet".into())
}

pub fn check(_root: &Path) -> Result<(), String> {
    Err("xtask check: not implemented yet".into())
}
