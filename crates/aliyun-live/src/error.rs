//! Errors of callback payload decoding.

use std::borrow::Cow;
use std::fmt;

/// A callback payload (query string or JSON body) could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// The input is not valid (bad percent-encoding, bad JSON, a value of
    /// the wrong type).
    Malformed(String),
    /// A member the service always sends is absent.
    Missing(Cow<'static, str>),
}

impl CallbackError {
    pub(crate) fn missing(name: &'static str) -> Self {
        Self::Missing(Cow::Borrowed(name))
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(m) => write!(f, "malformed callback payload: {m}"),
            Self::Missing(n) => write!(f, "callback payload lacks required member `{n}`"),
        }
    }
}

impl std::error::Error for CallbackError {}
