//! A local emulator of the Alibaba Cloud ApsaraVideo Live API (2016-11-01),
//! driven by the same spec as the SDK (`spec/live-2016-11-01.json`).
//!
//! It authenticates requests as the service does (HMAC-SHA1 signature,
//! timestamp window, nonce replay protection), validates parameters from the
//! spec, keeps per-process state (domains, recording and snapshot configurations, index
//! files, ...), returns deterministic synthetic monitoring data, and answers
//! in exactly the JSON shapes the spec declares. Faults (throttling, server
//! errors, delays, dropped connections, truncated or non-JSON bodies) can be
//! injected to test clients.
//!
//! ```no_run
//! # async fn demo() -> Result<(), aliyun_live_emulator::StartError> {
//! use aliyun_live_emulator::{Emulator, FaultKind, FaultRule};
//!
//! let emu = Emulator::builder().credential("testid", "testsecret").start().await?;
//! println!("endpoint: {}", emu.endpoint()); // http://127.0.0.1:PORT
//! // The next two API requests get HTTP 503 `Throttling`.
//! emu.faults().add(FaultRule::times(FaultKind::Throttling, 2)).expect("valid rule");
//! // ... point a client at emu.endpoint(), then inspect what it sent:
//! for r in emu.requests().records() {
//!     println!("{} {:?} nonce={:?} -> {} {:?}", r.method, r.action, r.nonce, r.status, r.code);
//! }
//! emu.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Responses are always JSON: a request asking for `Format=XML` gets JSON
//! too (the SDK always asks for JSON; answering JSON keeps one code path).
//!
//! # Errors it answers
//!
//! Status and message come from the spec wherever it documents the code
//! (action `errors`, then `service.common_errors`); otherwise:
//!
//! | when | code | status |
//! |---|---|---|
//! | a parameter given twice | `InvalidParameter` | 400 |
//! | no `Action` / `Version` / signing parameter | `Missing<Name>` (`MissingSignature`, `MissingTimestamp`, ...) | 400 |
//! | `Version` is not 2016-11-01 | `InvalidVersion` | 400 |
//! | unknown action (aliases accepted), other path | `InvalidAction.NotFound` | 404 |
//! | `SignatureMethod` not HMAC-SHA1 / `SignatureVersion` not 1.0 | `InvalidSignatureMethod` / `UnsupportedSignatureVersion` | 400 |
//! | `Timestamp` malformed / over 15 min off | `InvalidTimeStamp.Format` / `InvalidTimeStamp.Expired` | 400 |
//! | unknown AccessKeyId | `InvalidAccessKeyId.NotFound` | 404 |
//! | wrong signature (message has the server's StringToSign) | `SignatureDoesNotMatch` | 400 |
//! | nonce reused within 15 min (per AccessKeyId) | `SignatureNonceUsed` | 400 |
//! | required parameter missing or empty | `Missing<Name>` | 400 |
//! | value does not parse as its type | `Invalid<Name>.Malformed` | 400 |
//! | constraint or enum broken | `Invalid<Name>` (or the documented `.Malformed`) | 400 |
//! | end not after start / span too long / before `not_before` | `Invalid<End>.Mismatch` / `InvalidTimeSpan` / `Invalid<Start>.ValueNotSupported` | 400 |
//! | unknown domain | `InvalidDomain.NotFound` | 404 |
//! | duplicate / missing configuration | `ConfigAlreadyExists` 400 / `InvalidConfig.NotFound` 404 |
//! | existing domain | `DomainAlreadyExist` | 400 |
//! | unknown RecordId | `InvalidRecordId.NotFound` | 404 |
//! | body over 64 KiB | `RequestTooLarge` | 413 |
//! | method other than GET/POST | `UnsupportedHTTPMethod` | 405 |
//!
//! Struct fields of repeat lists use the field's name in codes
//! (`InvalidOssObjectPrefix.Malformed` for `RecordFormat.1.OssObjectPrefix`)
//! and the exact wire key in messages. `RealTimeRecordCommand stop` on a
//! stream that is not recording succeeds (so retried stops succeed).
//!
//! Admin endpoints (not part of the API, never faulted, not logged):
//! `GET|POST|DELETE /_emulator/faults` (list, add a rule or an array of
//! rules as JSON, clear) and `GET|DELETE /_emulator/requests` (the request
//! log, clear it).
//!
//! # Memory in long runs
//!
//! The request log keeps the last [`REQUEST_LOG_CAPACITY`] requests
//! ([`EmulatorBuilder::request_log_capacity`]). Nonces are remembered for
//! 15 minutes, at most [`MAX_NONCES`] of them
//! ([`EmulatorBuilder::max_remembered_nonces`]); checking one is O(1)
//! amortized, so throughput does not fall as a run goes on.

#![warn(missing_docs)]

mod auth;
mod caster;
pub mod conformance;
pub mod error;
mod families;
pub mod faults;
mod params;
mod render;
mod server;
mod service;
mod state;
mod synthetic;
pub mod timefmt;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use aliyun_live_codegen::{Spec, SpecError};
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use crate::auth::MAX_NONCES;
pub use crate::error::ApiError;
pub use crate::faults::{
    FaultKind, FaultRule, Faults, REQUEST_LOG_CAPACITY, RequestLog, RequestRecord,
};
pub use crate::server::MAX_BODY_BYTES;
pub use crate::timefmt::Clock;

/// The spec, embedded at build time.
pub const SPEC_TEXT: &str = include_str!("../../../spec/live-2016-11-01.json");

/// The embedded spec, loaded (and validated) once per process.
pub fn embedded_spec() -> Result<Arc<Spec>, Vec<SpecError>> {
    static SPEC: OnceLock<Result<Arc<Spec>, Vec<SpecError>>> = OnceLock::new();
    SPEC.get_or_init(|| aliyun_live_codegen::parse(SPEC_TEXT).map(Arc::new))
        .clone()
}

/// Why the emulator did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The spec (embedded or given) does not load; lists every problem.
    #[error("the spec is invalid:\n{}", .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Spec(Vec<SpecError>),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A fault rule given to the builder is invalid.
    #[error("invalid fault rule: {0}")]
    Fault(String),
}

/// Entry point: `Emulator::builder()`.
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// A builder with no credentials, listening on `127.0.0.1:0`.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            credentials: Vec::new(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            clock: Clock::System,
            spec: None,
            spec_text: None,
            faults: Vec::new(),
            max_body: MAX_BODY_BYTES,
            log_capacity: REQUEST_LOG_CAPACITY,
            max_nonces: MAX_NONCES,
        }
    }
}

/// Configures and starts an emulator.
pub struct EmulatorBuilder {
    credentials: Vec<(String, String)>,
    listen: SocketAddr,
    clock: Clock,
    spec: Option<Arc<Spec>>,
    spec_text: Option<String>,
    faults: Vec<FaultRule>,
    max_body: usize,
    log_capacity: usize,
    max_nonces: usize,
}

impl std::fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print secrets.
        f.debug_struct("EmulatorBuilder")
            .field(
                "access_key_ids",
                &self
                    .credentials
                    .iter()
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("listen", &self.listen)
            .field("clock", &self.clock)
            .field("faults", &self.faults)
            .field("max_body", &self.max_body)
            .field("log_capacity", &self.log_capacity)
            .field("max_nonces", &self.max_nonces)
            .finish_non_exhaustive()
    }
}

impl EmulatorBuilder {
    /// Accepts requests signed with this key pair (repeatable). Without any,
    /// every request fails with `InvalidAccessKeyId.NotFound`.
    pub fn credential(
        mut self,
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
    ) -> Self {
        self.credentials
            .push((access_key_id.into(), access_key_secret.into()));
        self
    }

    /// Address to listen on (default `127.0.0.1:0`, an ephemeral port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Where "now" comes from (default: the system clock).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Freezes the clock at `t` (shorthand for `clock(Clock::Fixed(t))`).
    pub fn fixed_time(self, t: OffsetDateTime) -> Self {
        self.clock(Clock::Fixed(t))
    }

    /// Uses this spec instead of the embedded one.
    pub fn spec(mut self, spec: Spec) -> Self {
        self.spec = Some(Arc::new(spec));
        self
    }

    /// Uses the spec in `text` (JSON, the `spec/README.md` format) instead
    /// of the embedded one; [`EmulatorBuilder::start`] fails with
    /// [`StartError::Spec`] listing every problem if it does not load.
    pub fn spec_text(mut self, text: &str) -> Self {
        self.spec_text = Some(text.to_owned());
        self
    }

    /// Installs a fault rule from the start.
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }

    /// Largest accepted request body (default [`MAX_BODY_BYTES`]).
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.max_body = n;
        self
    }

    /// How many requests the request log keeps (default
    /// [`REQUEST_LOG_CAPACITY`]); older ones are forgotten. 0 turns the log
    /// off (e.g. for load tests).
    pub fn request_log_capacity(mut self, n: usize) -> Self {
        self.log_capacity = n;
        self
    }

    /// How many `SignatureNonce`s are remembered for replay protection
    /// (default [`MAX_NONCES`], at least 1). Nonces leave after 15 minutes;
    /// at the cap the oldest leave early, and a replay of one of those is
    /// accepted. Bounds the emulator's memory under sustained load.
    pub fn max_remembered_nonces(mut self, n: usize) -> Self {
        self.max_nonces = n;
        self
    }

    /// Loads the spec, binds, and starts serving on the current tokio runtime.
    pub async fn start(self) -> Result<RunningEmulator, StartError> {
        let spec = match (self.spec, self.spec_text) {
            (Some(s), _) => s,
            (None, Some(text)) => {
                Arc::new(aliyun_live_codegen::parse(&text).map_err(StartError::Spec)?)
            }
            (None, None) => embedded_spec().map_err(StartError::Spec)?,
        };
        let faults = Faults::default();
        for r in self.faults {
            faults.add(r).map_err(StartError::Fault)?;
        }
        let listener = TcpListener::bind(self.listen)
            .await
            .map_err(|source| StartError::Bind {
                addr: self.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: self.listen,
            source,
        })?;
        let credentials: HashMap<String, String> = self.credentials.into_iter().collect();
        let shared = Arc::new(service::Shared {
            spec,
            credentials,
            clock: self.clock,
            nonces: Mutex::new(auth::NonceStore::with_capacity(self.max_nonces)),
            state: Mutex::default(),
        });
        let log = RequestLog::with_capacity(self.log_capacity);
        let app = server::App {
            shared,
            faults: faults.clone(),
            log: log.clone(),
            max_body: self.max_body,
        };
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, app, rx));
        Ok(RunningEmulator {
            addr,
            faults,
            log,
            shutdown: tx,
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops the server (without waiting);
/// [`RunningEmulator::shutdown`] stops it and waits.
#[derive(Debug)]
pub struct RunningEmulator {
    addr: SocketAddr,
    faults: Faults,
    log: RequestLog,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl RunningEmulator {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The fault rules (add, list, clear).
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The log of the most recent API requests received (see [`RequestLog`]).
    pub fn requests(&self) -> &RequestLog {
        &self.log
    }

    /// Stops accepting, lets in-flight requests finish (up to 5 s), and waits.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
