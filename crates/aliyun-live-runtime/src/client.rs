//! The HTTP client: common parameters, signing, transport, retries, decoding.

use std::cell::Cell;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::credentials::{Credentials, DefaultCredentialsChain, ProvideCredentials};
use crate::error::{
    DecodeError, Error, ServiceError, TimeoutError, TimeoutKind, TransportError, ValidationError,
};
use crate::params::Params;
use crate::retry::RetryConfig;
use crate::signing;
use crate::timestamp::Timestamp;

/// The API version this runtime speaks.
pub const API_VERSION: &str = "2016-11-01";
/// The public endpoint of the service.
pub const DEFAULT_ENDPOINT: &str = "live.aliyuncs.com";
/// Default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time allowed for one attempt (send + receive the whole response).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole call, retries and backoff included.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);

/// Largest response body accepted (64 MiB); larger ones give [`Error::Decode`].
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Parameter names the client sets itself; action parameters may not use them.
const RESERVED_PARAMS: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// How requests are sent. The signature covers the method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HttpMethod {
    /// Parameters in the query string (the default).
    #[default]
    Get,
    /// Parameters in an `application/x-www-form-urlencoded` body (for long
    /// parameter lists).
    Post,
}

impl HttpMethod {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A client for the ApsaraVideo Live API.
///
/// Cheap to clone: clones share one connection pool and configuration.
///
/// ```no_run
/// # async fn demo() -> Result<(), aliyun_live_runtime::Error> {
/// use aliyun_live_runtime::{Client, Params, credentials::StaticCredentials};
/// let client = Client::builder()
///     .region_id("cn-shanghai")
///     .credentials(StaticCredentials::new("id", "secret"))
///     .build()?;
/// let mut params = Params::new();
/// params.push("DomainName", "example.com");
/// let out: serde_json::Value = client.call("DescribeLiveSnapshotConfig", params).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Normalized endpoint URL ending in `/`, e.g. `https://live.aliyuncs.com/`.
    base_url: Arc<str>,
    region_id: Option<String>,
    credentials: Arc<dyn ProvideCredentials>,
    method: HttpMethod,
    retry: RetryConfig,
    read_timeout: Duration,
    deadline: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("endpoint", &i.base_url)
            .field("region_id", &i.region_id)
            .field("method", &i.method)
            .field("retry", &i.retry)
            .field("read_timeout", &i.read_timeout)
            .field("deadline", &i.deadline)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Obtain with [`Client::builder`].
pub struct ClientBuilder {
    endpoint: String,
    region_id: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    method: HttpMethod,
    retry: RetryConfig,
    connect_timeout: Duration,
    read_timeout: Duration,
    deadline: Duration,
    user_agent_suffix: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("region_id", &self.region_id)
            .field("method", &self.method)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            region_id: None,
            credentials: None,
            method: HttpMethod::Get,
            retry: RetryConfig::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            user_agent_suffix: None,
        }
    }
}

impl ClientBuilder {
    /// The service endpoint: a host name (`live.aliyuncs.com`, HTTPS is
    /// used) or a full URL (`http://127.0.0.1:8080`). Default: `live.aliyuncs.com`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// The `RegionId` sent with every request (e.g. `cn-shanghai`). Not sent
    /// by default. An action's own `RegionId` parameter takes precedence.
    pub fn region_id(mut self, region_id: impl Into<String>) -> Self {
        self.region_id = Some(region_id.into());
        self
    }

    /// The credentials source. Default: [`DefaultCredentialsChain`]
    /// (environment variables, then `~/.alibabacloud/credentials`).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// GET (default) or POST.
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.method = method;
        self
    }

    /// The retry policy. Default: [`RetryConfig::default`] (3 attempts).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Time allowed to establish a connection. Default 5 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt, from sending to the end of the body.
    /// Default 10 s.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Time allowed for a whole call, retries and backoff included. Default 30 s.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Text appended to the `User-Agent` (`aliyun-live-rust/<version> <suffix>`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Builds the client. Fails on an invalid endpoint, zero timeouts, or
    /// if the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = normalize_endpoint(&self.endpoint)?;
        for (name, d) in [
            ("connect_timeout", self.connect_timeout),
            ("read_timeout", self.read_timeout),
            ("deadline", self.deadline),
        ] {
            if d.is_zero() {
                return Err(Error::Config(format!("{name} must be greater than zero")));
            }
        }
        if let Some(r) = &self.region_id {
            if r.trim().is_empty() {
                return Err(Error::Config("region_id must not be empty".to_owned()));
            }
        }
        let mut user_agent = format!("aliyun-live-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(s) = self
            .user_agent_suffix
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            user_agent.push(' ');
            user_agent.push_str(s);
        }
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(self.connect_timeout)
            // Redirects would resend signed parameters elsewhere; the API never redirects.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                Error::Config(format!(
                    "cannot create the HTTP client: {}",
                    error_chain(&e)
                ))
            })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.into(),
                region_id: self.region_id,
                credentials: self
                    .credentials
                    .unwrap_or_else(|| Arc::new(DefaultCredentialsChain::new())),
                method: self.method,
                retry: self.retry,
                read_timeout: self.read_timeout,
                deadline: self.deadline,
            }),
        })
    }
}

fn normalize_endpoint(endpoint: &str) -> Result<String, Error> {
    let e = endpoint.trim();
    if e.is_empty() {
        return Err(Error::Config("endpoint must not be empty".to_owned()));
    }
    let full = if e.contains("://") {
        e.to_owned()
    } else {
        format!("https://{e}")
    };
    let url = reqwest::Url::parse(&full)
        .map_err(|err| Error::Config(format!("invalid endpoint {e:?}: {err}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "invalid endpoint {e:?}: scheme must be http or https"
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::Config(format!("invalid endpoint {e:?}: no host")));
    }
    if url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(Error::Config(format!(
            "invalid endpoint {e:?}: must not contain credentials, a query or a fragment"
        )));
    }
    let mut s = url.to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    Ok(s)
}

/// Refuses action parameters named like the common parameters the client sets.
fn check_reserved(params: &Params) -> Result<(), Error> {
    for (name, _) in params.iter() {
        if RESERVED_PARAMS.contains(&name) {
            return Err(ValidationError::new(
                name.to_owned(),
                None,
                "is set by the client and must not be passed as an action parameter",
            )
            .into());
        }
    }
    Ok(())
}

/// Length of a hyphenated UUID.
const NONCE_LEN: usize = 36;

thread_local! {
    /// Per-thread generator for `SignatureNonce`s, seeded once per thread
    /// from the operating system's randomness (see [`signature_nonce`]).
    static NONCE_RNG: Cell<Option<fastrand::Rng>> = const { Cell::new(None) };
}

/// A fresh `SignatureNonce`: a random UUID v4, hyphenated, lower case.
///
/// The service only needs nonces to be unique per AccessKeyId within 15
/// minutes; they are not secrets. So instead of asking the operating system
/// for 16 random bytes on every attempt (a `getrandom` syscall, ~0.3 µs,
/// a tenth of the signing cost), each thread seeds a `fastrand` generator
/// once from the OS (`Uuid::new_v4`) and draws from it. fastrand's own
/// default seed is *not* used: it hashes only the monotonic clock and the
/// thread id, which two processes on one host could share. The wall clock
/// in nanoseconds is mixed in, so a forked child that inherited its
/// parent's generator state still draws different nonces. The version (4)
/// and variant (RFC 4122) bits are set as in any UUID v4.
fn signature_nonce(now: SystemTime, buf: &mut [u8; NONCE_LEN]) -> &str {
    let mut rng = NONCE_RNG
        .take()
        .unwrap_or_else(|| fastrand::Rng::with_seed(uuid::Uuid::new_v4().as_u64_pair().0));
    let random = rng.u128(..);
    NONCE_RNG.set(Some(rng));
    let nanos = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let bits = ((random ^ nanos) & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    uuid::Uuid::from_u128(bits).hyphenated().encode_lower(buf)
}

/// A request signed and ready to send, from [`Client::prepare`]: what one
/// attempt of [`Client::call`] sends.
///
/// `Debug` shows the method and endpoint only: the query carries the
/// signature and any security token.
#[derive(Clone)]
pub struct PreparedRequest {
    method: HttpMethod,
    endpoint: Arc<str>,
    /// GET: endpoint, `?`, signed query; POST: the signed form body.
    text: String,
    /// Where the signed query starts in `text`.
    prefix: usize,
}

impl PreparedRequest {
    /// The HTTP method the request was signed for.
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The endpoint, e.g. `https://live.aliyuncs.com/`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The URL to send to: with the signed query for GET, the endpoint for POST.
    pub fn url(&self) -> &str {
        match self.method {
            HttpMethod::Get => &self.text,
            HttpMethod::Post => &self.endpoint,
        }
    }

    /// The signed parameters, `application/x-www-form-urlencoded`
    /// (canonical query, then `&Signature=...`): the query string of a GET,
    /// the body of a POST.
    pub fn query(&self) -> &str {
        &self.text[self.prefix..]
    }

    /// The request body: the signed query for POST, `None` for GET.
    pub fn body(&self) -> Option<&str> {
        (self.method == HttpMethod::Post).then(|| self.query())
    }

    /// [`url`](Self::url) for GET, [`body`](Self::body) for POST, without copying.
    pub fn into_text(self) -> String {
        self.text
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// The message of `e` followed by its causes, `: `-separated.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

fn transport_error(e: reqwest::Error, endpoint: &str) -> Error {
    // The URL may carry the SecurityToken and Signature: drop it.
    let e = e.without_url();
    let connect = e.is_connect();
    let what = if connect {
        format!("could not connect to {endpoint}")
    } else if e.is_timeout() {
        format!("request to {endpoint} timed out")
    } else {
        format!("request to {endpoint} failed")
    };
    let message = format!("{what}: {}", error_chain(&e));
    Error::Transport(TransportError::new(message, connect, Some(Box::new(e))))
}

impl Client {
    /// A builder with default settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The normalized endpoint URL, e.g. `https://live.aliyuncs.com/`.
    pub fn endpoint(&self) -> &str {
        &self.inner.base_url
    }

    /// Calls `action` with `params`.
    ///
    /// Adds the common parameters, signs each attempt (fresh
    /// `SignatureNonce` and `Timestamp`), sends, retries retryable failures
    /// per the [`RetryConfig`] within the deadline, and decodes a 2xx JSON
    /// body into `O`. Non-2xx responses give [`Error::Service`].
    pub async fn call<O: DeserializeOwned>(
        &self,
        action: &'static str,
        params: Params,
    ) -> Result<O, Error> {
        self.call_with_method(action, params, self.inner.method)
            .await
    }

    /// Like [`call`](Client::call) but with this HTTP method instead of the
    /// client's default (e.g. POST for requests with long parameter lists).
    pub async fn call_with_method<O: DeserializeOwned>(
        &self,
        action: &'static str,
        params: Params,
        method: HttpMethod,
    ) -> Result<O, Error> {
        let span = tracing::debug_span!(
            "aliyun_live_call",
            action,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.call_inner(action, &params, method, &span)
            .instrument(span.clone())
            .await
    }

    async fn call_inner<O: DeserializeOwned>(
        &self,
        action: &'static str,
        params: &Params,
        method: HttpMethod,
        span: &tracing::Span,
    ) -> Result<O, Error> {
        let inner = &*self.inner;
        check_reserved(params)?;
        let started = Instant::now();
        let deadline_error = |attempts| {
            Error::Timeout(TimeoutError {
                kind: TimeoutKind::Deadline,
                after: inner.deadline,
                attempts,
            })
        };
        let creds = tokio::time::timeout(inner.deadline, inner.credentials.provide_credentials())
            .await
            .map_err(|_| deadline_error(0))??;
        let max_attempts = inner.retry.attempts();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let remaining = inner.deadline.saturating_sub(started.elapsed());
            if remaining.is_zero() {
                return Err(deadline_error(attempt - 1));
            }
            let (limit, kind) = if remaining < inner.read_timeout {
                (remaining, TimeoutKind::Deadline)
            } else {
                (inner.read_timeout, TimeoutKind::Attempt)
            };
            let result = match tokio::time::timeout(
                limit,
                self.attempt::<O>(action, params, method, &creds, span),
            )
            .await
            {
                Ok(r) => r,
                Err(_) => Err(Error::Timeout(TimeoutError {
                    kind,
                    after: if kind == TimeoutKind::Deadline {
                        inner.deadline
                    } else {
                        limit
                    },
                    attempts: attempt,
                })),
            };
            let err = match result {
                Ok(out) => return Ok(out),
                Err(e) => e,
            };
            if !err.is_retryable() || attempt >= max_attempts {
                tracing::debug!(error = %err, attempt, "call failed");
                return Err(err);
            }
            let delay = inner.retry.backoff(attempt);
            if delay >= inner.deadline.saturating_sub(started.elapsed()) {
                tracing::debug!(error = %err, attempt, "call failed; no time left to retry");
                return Err(err);
            }
            tracing::debug!(error = %err, attempt, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// The credentials the next call would be signed with, from the
    /// client's provider (for [`prepare`](Client::prepare)).
    pub async fn credentials(&self) -> Result<Credentials, Error> {
        Ok(self.inner.credentials.provide_credentials().await?)
    }

    /// Prepares `action` with `params` exactly as one attempt of
    /// [`call`](Client::call) does, without any I/O: refuses reserved
    /// parameter names, adds the common parameters with a fresh
    /// `SignatureNonce` and `Timestamp`, canonicalizes and signs with
    /// `credentials`.
    ///
    /// Meant for tools that send requests themselves and for benchmarks;
    /// `call` uses the same code for every attempt.
    pub fn prepare(
        &self,
        action: &str,
        params: &Params,
        method: HttpMethod,
        credentials: &Credentials,
    ) -> Result<PreparedRequest, Error> {
        check_reserved(params)?;
        Ok(self.prepare_checked(action, params, method, credentials))
    }

    /// Decodes a response exactly as [`call`](Client::call) does: a 2xx
    /// body into `O` (a 2xx carrying an error document gives
    /// [`Error::Service`]), anything else into [`Error::Service`]. The
    /// security token of `credentials` is redacted from every error.
    /// `request_id` is the `x-acs-request-id` response header, if any.
    pub fn decode<O: DeserializeOwned>(
        action: &str,
        status: u16,
        request_id: Option<&str>,
        body: &[u8],
        credentials: &Credentials,
    ) -> Result<O, Error> {
        let token = credentials.security_token();
        if !(200..300).contains(&status) {
            let mut err = ServiceError::from_response(status, body, request_id);
            if let Some(token) = token {
                err.redact(token);
            }
            return Err(err.into());
        }
        serde_json::from_slice::<O>(body).map_err(|e| {
            // A 2xx carrying an error document (seen from some gateways)
            // is more useful reported as the service error it is.
            let mut service = ServiceError::from_response(status, body, request_id);
            if let Some(token) = token {
                service.redact(token);
            }
            if service.code.is_some() && service.message.is_some() {
                return Error::from(service);
            }
            let mut d = DecodeError::new(
                format!("{action} response ({})", std::any::type_name::<O>()),
                e,
                body,
            );
            d.status = Some(status);
            d.request_id = request_id.map(str::to_owned);
            if let Some(token) = token {
                d.redact(token);
            }
            Error::Decode(d)
        })
    }

    /// [`prepare`](Client::prepare) once the parameter names are checked
    /// (`call` checks them once per call, not per attempt).
    fn prepare_checked(
        &self,
        action: &str,
        params: &Params,
        method: HttpMethod,
        creds: &Credentials,
    ) -> PreparedRequest {
        let inner = &*self.inner;
        // One clock reading gives the Timestamp and mixes into the nonce.
        let now = SystemTime::now();
        let mut nonce_buf = [0u8; NONCE_LEN];
        let nonce = signature_nonce(now, &mut nonce_buf);
        let timestamp_text = Timestamp::from(now).to_text();
        let timestamp = std::str::from_utf8(&timestamp_text).expect("timestamps are ASCII");

        let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(params.len() + 10);
        pairs.extend(params.iter());
        pairs.extend([
            ("Action", action),
            ("Format", "JSON"),
            ("Version", API_VERSION),
            ("AccessKeyId", creds.access_key_id()),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("SignatureNonce", nonce),
            ("Timestamp", timestamp),
        ]);
        if let Some(token) = creds.security_token() {
            pairs.push(("SecurityToken", token));
        }
        if let Some(region) = &inner.region_id {
            if params.get("RegionId").is_none() {
                pairs.push(("RegionId", region));
            }
        }
        // One buffer of the exact final size holds the URL (GET) or the
        // form body (POST): endpoint, canonical query, then the signature
        // (at most 3 bytes per Base64 character once percent-encoded).
        let prefix = match method {
            HttpMethod::Get => inner.base_url.len() + 1,
            HttpMethod::Post => 0,
        };
        const SIGNATURE_PARAM: &str = "&Signature=";
        let mut text = String::with_capacity(
            prefix
                + signing::canonical_len(&pairs)
                + SIGNATURE_PARAM.len()
                + 3 * signing::SIGNATURE_LEN,
        );
        if method == HttpMethod::Get {
            text.push_str(&inner.base_url);
            text.push('?');
        }
        signing::canonical_query_into(&mut text, &mut pairs);
        let signature =
            signing::sign_canonical_with(creds.signing_key(), method.as_str(), &text[prefix..]);
        text.push_str(SIGNATURE_PARAM);
        let signature = std::str::from_utf8(&signature).expect("Base64 is ASCII");
        signing::percent_encode_into(&mut text, signature);
        PreparedRequest {
            method,
            endpoint: Arc::clone(&inner.base_url),
            text,
            prefix,
        }
    }

    /// One signed request. Signing happens here so every attempt gets a fresh
    /// nonce and timestamp.
    async fn attempt<O: DeserializeOwned>(
        &self,
        action: &'static str,
        params: &Params,
        method: HttpMethod,
        creds: &Credentials,
        span: &tracing::Span,
    ) -> Result<O, Error> {
        let inner = &*self.inner;
        let prepared = self.prepare_checked(action, params, method, creds);
        let request = match prepared.method {
            HttpMethod::Get => inner.http.get(prepared.text),
            HttpMethod::Post => inner
                .http
                .post(&*inner.base_url)
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(prepared.text),
        };
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(e, &inner.base_url))?;
        let status = response.status().as_u16();
        span.record("status", status);
        let header_request_id = response
            .headers()
            .get("x-acs-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(id) = &header_request_id {
            span.record("request_id", id.as_str());
        }
        let body = read_body(response, &inner.base_url).await?;
        let out = Self::decode(action, status, header_request_id.as_deref(), &body, creds);
        if let Err(Error::Service(e)) = &out {
            if let Some(id) = &e.request_id {
                span.record("request_id", id.as_str());
            }
        }
        out
    }
}

/// Reads the whole body, refusing more than [`MAX_BODY_BYTES`] so a broken
/// or hostile server cannot exhaust memory.
async fn read_body(mut response: reqwest::Response, endpoint: &str) -> Result<Vec<u8>, Error> {
    let status = response.status().as_u16();
    let too_large = |read: &[u8]| {
        let mut d = DecodeError::new(
            "a response body",
            format_args!("the body exceeds the limit of {MAX_BODY_BYTES} bytes"),
            read,
        );
        d.status = Some(status);
        Error::Decode(d)
    };
    let hint = response.content_length().unwrap_or(0);
    if hint > MAX_BODY_BYTES as u64 {
        return Err(too_large(&[]));
    }
    // The length is only a hint from the server: preallocate at most 1 MiB
    // so a false Content-Length cannot reserve the whole limit up front.
    let mut body = Vec::with_capacity(hint.min(1 << 20) as usize);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport_error(e, endpoint))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large(&body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(
            normalize_endpoint("live.aliyuncs.com").unwrap(),
            "https://live.aliyuncs.com/"
        );
        assert_eq!(
            normalize_endpoint("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(normalize_endpoint(" https://h/x ").unwrap(), "https://h/x/");
        for bad in [
            "",
            "ftp://h",
            "http://",
            "https://h/?a=b",
            "https://u:p@h",
            "http://[::1",
        ] {
            assert!(
                matches!(normalize_endpoint(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn builder_validates() {
        assert!(Client::builder().deadline(Duration::ZERO).build().is_err());
        assert!(Client::builder().region_id(" ").build().is_err());
        let c = Client::builder()
            .endpoint("http://127.0.0.1:1")
            .build()
            .unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.1:1/");
        assert!(format!("{c:?}").contains("127.0.0.1"));
    }
}
