//! Runtime for the `aliyun-live` SDK (ApsaraVideo Live API, version
//! 2016-11-01): request signing, credentials, HTTP transport, retries,
//! errors, and lenient JSON decoding helpers for generated code.
//!
//! Most users use the generated `aliyun-live` crate; this crate holds what
//! it is built on:
//!
//! - [`Client`] / [`ClientBuilder`]: endpoint, region, credentials, GET or
//!   POST, timeouts (connect, per attempt, overall deadline) and retries.
//!   [`Client::call`] performs one action: it adds the common parameters
//!   (`Action`, `Format=JSON`, `Version`, `AccessKeyId`, `SignatureMethod`,
//!   `SignatureVersion`, a fresh `SignatureNonce` and `Timestamp` per attempt,
//!   `SecurityToken`, `RegionId`), signs, sends, retries and decodes.
//!   [`Client::prepare`] and [`Client::decode`] are the same signing and
//!   decoding steps without I/O (for tools and benchmarks).
//! - [`signing`]: the signature algorithm (also used by the emulator to
//!   verify requests).
//! - [`credentials`]: static keys, environment variables, the
//!   `~/.alibabacloud/credentials` profile file, and the default chain.
//! - [`Error`]: one error type; see [`Error::code`], [`Error::request_id`],
//!   [`Error::http_status`], [`Error::is_retryable`].
//! - [`de`]: lenient `serde` helpers for response fields.
//!
//! ```no_run
//! use aliyun_live_runtime::{Client, Error, Params, credentials::StaticCredentials};
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Output {
//!     #[serde(rename = "RequestId")]
//!     request_id: String,
//! }
//!
//! # async fn demo() -> Result<(), Error> {
//! let client = Client::builder()
//!     .region_id("cn-shanghai")
//!     .credentials(StaticCredentials::new("my-key-id", "my-key-secret"))
//!     .build()?;
//! let mut params = Params::new();
//! params.push("DomainName", "live.example.com");
//! match client.call::<Output>("DescribeLiveDomainDetail", params).await {
//!     Ok(out) => println!("request {}", out.request_id),
//!     Err(e) if e.code() == Some("InvalidDomain.NotFound") => println!("no such domain"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! Secrets (access key secret, security token) never appear in `Debug`
//! output, error messages or `tracing` records; neither does the request
//! signature.

#![warn(missing_docs)]

pub mod client;
pub mod credentials;
pub mod de;
pub mod error;
pub mod params;
pub mod retry;
pub mod signing;
pub mod timestamp;

pub use client::{API_VERSION, Client, ClientBuilder, HttpMethod, PreparedRequest};
pub use error::{
    CredentialsError, DecodeError, Error, ServiceError, TimeoutError, TimeoutKind, TransportError,
    ValidationError,
};
pub use params::Params;
pub use retry::RetryConfig;
pub use timestamp::Timestamp;
