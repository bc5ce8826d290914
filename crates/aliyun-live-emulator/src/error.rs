//! API errors as the service reports them: an HTTP status plus a JSON body
//! `{"RequestId", "HostId", "Code", "Message"}`.

use aliyun_live_codegen::model::{Action, Spec};
use serde_json::{Value, json};

/// The host id the real service reports in error bodies.
pub const HOST_ID: &str = "live.aliyuncs.com";

/// One API error: the emulator answers it with `status` and the common
/// error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status code (4xx or 5xx).
    pub status: u16,
    /// Machine-readable code, e.g. `InvalidDomain.NotFound`.
    pub code: String,
    /// Human-readable message.
    pub message: String,
}

impl ApiError {
    /// An error with an explicit status, code and message.
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// The JSON body for this error.
    pub fn body(&self, request_id: &str) -> Value {
        json!({
            "RequestId": request_id,
            "HostId": HOST_ID,
            "Code": self.code,
            "Message": self.message,
        })
    }
}

/// Builds errors, preferring what the spec documents for a code (status and
/// message) over the emulator's built-in defaults, so the emulator answers
/// exactly as the spec says wherever the spec says something.
#[derive(Clone, Copy)]
pub struct Errors<'a> {
    /// The spec, for the service's common errors and signature settings.
    pub spec: &'a Spec,
    /// The action being served, once known (its documented errors win).
    pub action: Option<&'a Action>,
}

impl<'a> Errors<'a> {
    /// Looks `code` up in the action's errors, then the service's common
    /// errors; falls back to `status`/`message`.
    ///
    /// A documented message that is a bare placeholder (`%s`) says nothing,
    /// so the default message is used then, keeping the documented status.
    pub fn make(&self, code: &str, status: u16, message: impl Into<String>) -> ApiError {
        let documented = self
            .action
            .and_then(|a| a.errors.iter().find(|e| e.code == code))
            .or_else(|| {
                self.spec
                    .service
                    .common_errors
                    .iter()
                    .find(|e| e.code == code)
            });
        match documented {
            Some(e) => {
                let msg = if e.message.trim().is_empty() || e.message.contains("%s") {
                    message.into()
                } else {
                    e.message.clone()
                };
                ApiError::new(e.http_status, code, msg)
            }
            None => ApiError::new(status, code, message),
        }
    }

    /// Like [`Errors::make`] but keeps `message` even when the spec documents
    /// one (for messages that carry request-specific detail).
    pub fn make_detailed(&self, code: &str, status: u16, message: impl Into<String>) -> ApiError {
        let mut e = self.make(code, status, "");
        e.message = message.into();
        e
    }

    /// Whether the action itself (not the service) documents `code`.
    pub fn action_documents(&self, code: &str) -> bool {
        self.action
            .is_some_and(|a| a.errors.iter().any(|e| e.code == code))
    }

    /// Whether the action (or the service) documents `code`.
    pub fn documents(&self, code: &str) -> bool {
        self.action
            .is_some_and(|a| a.errors.iter().any(|e| e.code == code))
            || self
                .spec
                .service
                .common_errors
                .iter()
                .any(|e| e.code == code)
    }

    /// `InvalidDomain.NotFound` (404), the error for a domain the account does not own.
    pub fn domain_not_found(&self) -> ApiError {
        self.make(
            "InvalidDomain.NotFound",
            404,
            "The domain provided does not exist in our records.",
        )
    }

    /// `InternalError` (500).
    pub fn internal(&self) -> ApiError {
        self.make(
            "InternalError",
            500,
            "The request processing has failed due to some unknown error, exception or failure.",
        )
    }
}
