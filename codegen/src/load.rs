//! Loading and validating a spec file. (Skeleton: being written.)

use std::fmt;
use std::path::Path;

use crate::model::Spec;

/// One problem found in a spec, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Where: `actions.AddLiveAppRecordConfig.params.RecordFormat.N.Format`.
    pub path: String,
    /// What: `unknown type "strng"`.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for SpecError {}

/// Parses and validates spec text, reporting every problem found.
pub fn parse(_text: &str) -> Result<Spec, Vec<SpecError>> {
    Err(vec![SpecError { path: String::new(), message: "loader not implemented yet".into() }])
}

/// Reads and parses a spec file.
pub fn load_file(path: &Path) -> Result<Spec, Vec<SpecError>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text),
        Err(e) => Err(vec![SpecError { path: path.display().to_string(), message: e.to_string() }]),
    }
}
