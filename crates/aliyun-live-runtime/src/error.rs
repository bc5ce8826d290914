//! The error type of every SDK call.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

/// Longest body excerpt kept in [`DecodeError`] and shown for non-JSON
/// service error bodies, in bytes (cut at a character boundary).
pub const EXCERPT_LEN: usize = 200;

/// Largest raw body kept in [`ServiceError::body`], in bytes.
const MAX_KEPT_BODY: usize = 8 * 1024;

/// Everything that can go wrong in a call. Match on the variant, or use the
/// accessors ([`code`](Error::code), [`request_id`](Error::request_id),
/// [`http_status`](Error::http_status), [`is_retryable`](Error::is_retryable)).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error (HTTP 4xx/5xx).
    #[error(transparent)]
    Service(Box<ServiceError>),
    /// The request could not be sent or the response not received
    /// (connection refused, DNS, TLS, reset...).
    #[error(transparent)]
    Transport(TransportError),
    /// An attempt or the whole call took too long.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// A successful response whose body does not have the expected shape.
    #[error(transparent)]
    Decode(DecodeError),
    /// A request parameter is missing or invalid; nothing was sent.
    #[error(transparent)]
    Validation(ValidationError),
    /// No usable credentials.
    #[error(transparent)]
    Credentials(CredentialsError),
    /// The client is misconfigured (bad endpoint, unusable TLS setup...).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// Whether retrying the same request may succeed: throttling,
    /// `ServiceUnavailable`, internal errors and other 5xx, transport errors
    /// and per-attempt timeouts. Never validation, signature or other 4xx
    /// errors, nor an exhausted deadline.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retryable(),
            Error::Transport(_) => true,
            Error::Timeout(t) => t.kind == TimeoutKind::Attempt,
            _ => false,
        }
    }

    /// The service's error code (e.g. `Throttling`, `InvalidDomain.NotFound`).
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// The request id reported by the service, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the response, if one was received.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode(e) => e.status,
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Error::Service(Box::new(e))
    }
}
impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}
impl From<TimeoutError> for Error {
    fn from(e: TimeoutError) -> Self {
        Error::Timeout(e)
    }
}
impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}
impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}
impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(e)
    }
}

/// An error response from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// HTTP status code.
    pub status: u16,
    /// Error code from the body (`Code`), if the body had one.
    pub code: Option<String>,
    /// Error message from the body (`Message`).
    pub message: Option<String>,
    /// `RequestId` from the body (or the `x-acs-request-id` header).
    pub request_id: Option<String>,
    /// `HostId` from the body.
    pub host_id: Option<String>,
    /// `Recommend` (a diagnosis link) from the body.
    pub recommend: Option<String>,
    /// The raw body (first 8 KiB, lossily decoded as UTF-8), for debugging.
    pub body: String,
}

impl ServiceError {
    /// Builds a service error from an HTTP status and the raw response body.
    /// Never fails: bodies that are not a JSON error object (HTML pages,
    /// empty or truncated bodies) give an error with no `code`.
    pub fn from_response(status: u16, body: &[u8], header_request_id: Option<&str>) -> Self {
        #[derive(serde::Deserialize, Default)]
        struct Wire {
            #[serde(
                default,
                rename = "Code",
                alias = "code",
                deserialize_with = "crate::de::string"
            )]
            code: Option<String>,
            #[serde(
                default,
                rename = "Message",
                alias = "message",
                deserialize_with = "crate::de::string"
            )]
            message: Option<String>,
            #[serde(
                default,
                rename = "RequestId",
                alias = "requestId",
                deserialize_with = "crate::de::string"
            )]
            request_id: Option<String>,
            #[serde(
                default,
                rename = "HostId",
                alias = "hostId",
                deserialize_with = "crate::de::string"
            )]
            host_id: Option<String>,
            #[serde(
                default,
                rename = "Recommend",
                alias = "recommend",
                deserialize_with = "crate::de::string"
            )]
            recommend: Option<String>,
        }
        // Only a JSON object is an error document (a derived struct would
        // also accept an array).
        let is_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let wire: Wire = if is_object {
            serde_json::from_slice(body).unwrap_or_default()
        } else {
            Wire::default()
        };
        let kept = &body[..body.len().min(MAX_KEPT_BODY)];
        let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
        ServiceError {
            status,
            code: nonempty(wire.code),
            message: nonempty(wire.message),
            request_id: nonempty(wire.request_id).or_else(|| header_request_id.map(str::to_owned)),
            host_id: nonempty(wire.host_id),
            recommend: nonempty(wire.recommend),
            body: String::from_utf8_lossy(kept).into_owned(),
        }
    }

    /// Replaces `secret` in the message, recommendation and body by `***`:
    /// as is, percent-encoded once, and twice (the service's
    /// `SignatureDoesNotMatch` message echoes the StringToSign, which holds
    /// the request's `SecurityToken` encoded twice).
    pub(crate) fn redact(&mut self, secret: &str) {
        let texts = [
            self.message.as_mut(),
            self.recommend.as_mut(),
            Some(&mut self.body),
        ];
        redact(texts.into_iter().flatten(), secret);
    }

    /// Whether the code or status says a retry may succeed.
    pub fn is_retryable(&self) -> bool {
        if let Some(code) = &self.code {
            if is_retryable_code(code) {
                return true;
            }
        }
        self.status >= 500
    }
}

/// Replaces `secret` in `texts` by `***`: as is, percent-encoded once, and
/// twice (how a StringToSign holds parameter values).
fn redact<'a>(texts: impl Iterator<Item = &'a mut String>, secret: &str) {
    if secret.is_empty() {
        return;
    }
    let once = crate::signing::percent_encode(secret);
    let twice = crate::signing::percent_encode(&once).into_owned();
    let forms = [secret, once.as_ref(), twice.as_str()];
    for text in texts {
        for form in forms {
            if text.contains(form) {
                *text = text.replace(form, "***");
            }
        }
    }
}

/// Error codes that a retry may cure: `Throttling` and any `Throttling.*`,
/// `ServiceUnavailable`, `InternalError`, `InternalServerError`, and
/// `SignatureNonceUsed` (each attempt is re-signed with a fresh nonce).
pub fn is_retryable_code(code: &str) -> bool {
    code == "Throttling"
        || code.starts_with("Throttling.")
        || code == "ServiceUnavailable"
        || code == "InternalError"
        || code == "InternalServerError"
        || code == "SignatureNonceUsed"
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "service error {code} (HTTP {})", self.status)?,
            None => write!(f, "service error: HTTP {}", self.status)?,
        }
        match &self.message {
            Some(m) => write!(f, ": {m}")?,
            None if self.code.is_none() => {
                let ex = excerpt(self.body.as_bytes());
                if ex.is_empty() {
                    f.write_str(" with an empty body")?;
                } else {
                    write!(f, " with a body that is not a JSON error: {ex:?}")?;
                }
            }
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if let Some(r) = &self.recommend {
            write!(f, " (see {r})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// A failure to send the request or receive the response.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct TransportError {
    message: String,
    connect: bool,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// A transport error with a message and an optional cause. The cause must
    /// not carry secrets (e.g. a URL with a security token).
    pub fn new(
        message: impl Into<String>,
        connect: bool,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            connect,
            source,
        }
    }

    /// Whether the connection could not be established (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.connect
    }
}

/// Which time limit was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One attempt exceeded the per-attempt (read) timeout; retryable.
    Attempt,
    /// The overall deadline across all attempts was reached.
    Deadline,
}

/// A call or attempt took too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    /// Attempt timeout or overall deadline.
    pub kind: TimeoutKind,
    /// The limit that was exceeded.
    pub after: Duration,
    /// Attempts made so far, including the one that timed out.
    pub attempts: u32,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TimeoutKind::Attempt => write!(
                f,
                "attempt {} timed out after {:?} (per-attempt read timeout)",
                self.attempts, self.after
            ),
            TimeoutKind::Deadline => write!(
                f,
                "call did not complete within its {:?} deadline ({} attempt(s) made)",
                self.after, self.attempts
            ),
        }
    }
}

impl std::error::Error for TimeoutError {}

/// A response body that could not be decoded into the expected type.
#[derive(Debug, thiserror::Error)]
#[error("could not decode {expected}: {reason}{}; body starts with {excerpt:?}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
pub struct DecodeError {
    /// What was expected (e.g. the output type's name).
    pub expected: Cow<'static, str>,
    /// What went wrong (serde's message with line/column).
    pub reason: String,
    /// The first ≤ 200 bytes of the body (cut at a character boundary).
    pub excerpt: String,
    /// HTTP status of the response, if any.
    pub status: Option<u16>,
    /// The `x-acs-request-id` header, if any.
    pub request_id: Option<String>,
}

impl DecodeError {
    /// A decode error for `body`, keeping only a short excerpt of it.
    pub fn new(
        expected: impl Into<Cow<'static, str>>,
        reason: impl fmt::Display,
        body: &[u8],
    ) -> Self {
        Self {
            expected: expected.into(),
            reason: reason.to_string(),
            excerpt: excerpt(body),
            status: None,
            request_id: None,
        }
    }
}

impl DecodeError {
    /// Replaces `secret` in the excerpt and reason by `***` (see
    /// [`ServiceError`]'s redaction).
    pub(crate) fn redact(&mut self, secret: &str) {
        redact([&mut self.excerpt, &mut self.reason].into_iter(), secret);
    }
}

/// The first [`EXCERPT_LEN`] bytes of `body` as text, cut at a character
/// boundary (invalid UTF-8 replaced).
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut end = text.len().min(EXCERPT_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut s = text[..end].to_owned();
    if end < text.len() {
        s.push('…');
    }
    s
}

/// A request parameter that is missing or violates a constraint. Returned
/// before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The parameter's wire name/path, e.g. `RecordFormat.1.Format`.
    pub param: Cow<'static, str>,
    /// The offending value (`None` when missing).
    pub value: Option<String>,
    /// The rule that was violated, e.g. `must be between 5 and 30`.
    pub rule: String,
}

impl ValidationError {
    /// A required parameter was not set.
    pub fn missing(param: impl Into<Cow<'static, str>>) -> Self {
        Self {
            param: param.into(),
            value: None,
            rule: "required".to_owned(),
        }
    }

    /// A parameter violates `rule`.
    pub fn new(
        param: impl Into<Cow<'static, str>>,
        value: Option<String>,
        rule: impl Into<String>,
    ) -> Self {
        Self {
            param: param.into(),
            value,
            rule: rule.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            None if self.rule == "required" => {
                write!(f, "missing required parameter {}", self.param)
            }
            None => write!(f, "invalid parameter {}: {}", self.param, self.rule),
            Some(v) => write!(
                f,
                "invalid parameter {} = {:?}: {}",
                self.param, v, self.rule
            ),
        }
    }
}

impl std::error::Error for ValidationError {}

/// No usable credentials could be found or loaded. Never contains secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// A credentials error with a message (which must not contain secrets).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_display() {
        assert_eq!(
            ValidationError::missing("DomainName").to_string(),
            "missing required parameter DomainName"
        );
        assert_eq!(
            ValidationError::new("PageSize", Some("99".into()), "must be between 5 and 30")
                .to_string(),
            "invalid parameter PageSize = \"99\": must be between 5 and 30"
        );
        let e: Error = ValidationError::missing("A").into();
        assert!(!e.is_retryable());
        assert_eq!(e.to_string(), "missing required parameter A");
    }

    #[test]
    fn service_error_from_json() {
        let body = br#"{"Code":"Throttling.User","HostId":"live.aliyuncs.com","Message":"slow down","RequestId":"R1","Recommend":"https://x"}"#;
        let e = ServiceError::from_response(400, body, None);
        assert_eq!(e.code.as_deref(), Some("Throttling.User"));
        assert_eq!(e.message.as_deref(), Some("slow down"));
        assert_eq!(e.request_id.as_deref(), Some("R1"));
        assert_eq!(e.host_id.as_deref(), Some("live.aliyuncs.com"));
        assert_eq!(e.recommend.as_deref(), Some("https://x"));
        assert!(e.is_retryable());
        let err: Error = e.into();
        assert_eq!(err.code(), Some("Throttling.User"));
        assert_eq!(err.request_id(), Some("R1"));
        assert_eq!(err.http_status(), Some(400));
        let msg = err.to_string();
        assert!(
            msg.contains("Throttling.User") && msg.contains("slow down") && msg.contains("R1"),
            "{msg}"
        );
    }

    #[test]
    fn retryability() {
        let r = |status, code: &str| {
            ServiceError::from_response(status, format!(r#"{{"Code":"{code}"}}"#).as_bytes(), None)
                .is_retryable()
        };
        assert!(r(400, "Throttling"));
        assert!(r(400, "Throttling.Api"));
        assert!(r(503, "ServiceUnavailable"));
        assert!(r(500, "InternalError"));
        assert!(r(500, "InternalServerError"));
        assert!(r(502, "Whatever"));
        assert!(!r(400, "SignatureDoesNotMatch"));
        assert!(!r(400, "InvalidParameter"));
        assert!(!r(403, "Forbidden.RAM"));
        assert!(!r(400, "ThrottlingX"));
    }

    #[test]
    fn non_json_bodies_never_panic() {
        let html = b"<html><body>502 Bad Gateway</body></html>";
        let e = ServiceError::from_response(502, html, Some("HDR"));
        assert_eq!(e.code, None);
        assert_eq!(e.request_id.as_deref(), Some("HDR"));
        assert!(e.to_string().contains("502 Bad Gateway"));
        assert!(e.is_retryable());
        let e = ServiceError::from_response(404, b"", None);
        assert!(e.to_string().contains("empty body"), "{e}");
        let e = ServiceError::from_response(400, br#"{"Code":"Inval"#, None);
        assert_eq!(e.code, None);
        assert!(e.to_string().contains("HTTP 400"));
        let e = ServiceError::from_response(400, &[0xff, 0xfe, b'{'], None);
        assert_eq!(e.code, None);
        let e = ServiceError::from_response(400, b"[1,2]", None);
        assert_eq!(e.code, None);
    }

    #[test]
    fn redact_removes_every_encoding_of_the_secret() {
        let token = "CAIS+sts/Tok3n==";
        let once = crate::signing::percent_encode(token).into_owned();
        let twice = crate::signing::percent_encode(&once).into_owned();
        assert_ne!(once, twice);
        let body = format!(
            r#"{{"Code":"SignatureDoesNotMatch","Message":"string to sign is:GET&%2F&SecurityToken%3D{twice}%26X%3D{once}","Recommend":"r?t={token}"}}"#
        );
        let mut e = ServiceError::from_response(400, body.as_bytes(), None);
        e.redact(token);
        for text in [
            e.message.as_deref().unwrap_or_default(),
            e.recommend.as_deref().unwrap_or_default(),
            e.body.as_str(),
        ] {
            assert!(text.contains("***"), "{text}");
            for form in [token, once.as_str(), twice.as_str()] {
                assert!(!text.contains(form), "{form} in {text}");
            }
        }
        assert!(!e.to_string().contains(&twice));
        let before = e.clone();
        e.redact("");
        assert_eq!(e, before);
        let mut d = DecodeError::new("Out", format!("bad {token}"), body.as_bytes());
        d.redact(token);
        let shown = d.to_string();
        assert!(!shown.contains(token) && !shown.contains(&once), "{shown}");
    }

    #[test]
    fn timeout_display() {
        let t = TimeoutError {
            kind: TimeoutKind::Attempt,
            after: Duration::from_millis(200),
            attempts: 2,
        };
        assert_eq!(
            t.to_string(),
            "attempt 2 timed out after 200ms (per-attempt read timeout)"
        );
        let e = Error::from(t.clone());
        assert!(e.is_retryable());
        let d = Error::from(TimeoutError {
            kind: TimeoutKind::Deadline,
            ..t
        });
        assert_eq!(
            d.to_string(),
            "call did not complete within its 200ms deadline (2 attempt(s) made)"
        );
        assert!(!d.is_retryable());
        assert_eq!(
            (d.code(), d.request_id(), d.http_status()),
            (None, None, None)
        );
    }

    #[test]
    fn excerpt_is_char_boundary_safe() {
        let body = "é".repeat(300);
        let ex = excerpt(body.as_bytes());
        assert!(ex.len() <= EXCERPT_LEN + '…'.len_utf8());
        assert!(ex.ends_with('…'));
        assert_eq!(excerpt(b"short"), "short");
        let d = DecodeError::new("Output", "bad", body.as_bytes());
        assert!(d.to_string().contains("could not decode Output"));
    }
}
