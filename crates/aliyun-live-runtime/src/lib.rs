//! Runtime for the `aliyun-live` SDK (ApsaraVideo Live API, version
//! 2016-11-01): request signing, credentials, HTTP transport, retries,
//! errors, and lenient JSON decoding helpers for generated code.
//!
//! Most users use the generated `aliyun-live` crate; this crate holds what
//! it is built on. The central type is [`Client`]; [`Client::call`] performs
//! one API action.

pub mod client;
pub mod credentials;
pub mod de;
pub mod error;
pub mod params;
pub mod retry;
pub mod signing;
pub mod timestamp;

pub use client::{API_VERSION, Client, ClientBuilder, HttpMethod};
pub use error::{
    CredentialsError, DecodeError, Error, ServiceError, TimeoutError, TimeoutKind, TransportError,
    ValidationError,
};
pub use params::Params;
pub use retry::RetryConfig;
pub use timestamp::Timestamp;
