//! Rust SDK for the Alibaba Cloud ApsaraVideo Live API (视频直播, version
//! 2016-11-01), generated from `spec/live-2016-11-01.json`.
//!
//! Create a [`Client`], then call one method per API action. Each returns a
//! fluent builder: set parameters, then `send().await`. Parameters are
//! checked against every constraint of the spec before anything is sent.
//!
//! ```no_run
//! # #[cfg(feature = "record")]
//! # async fn example() -> Result<(), aliyun_live::Error> {
//! use aliyun_live::Client;
//! use aliyun_live::runtime::credentials::StaticCredentials;
//!
//! let client = Client::builder()
//!     .credentials(StaticCredentials::new("access-key-id", "access-key-secret"))
//!     .build()?;
//! let config = client
//!     .describe_live_record_config()
//!     .domain_name("live.example.com")
//!     .send()
//!     .await?;
//! println!("{config:?}");
//! # Ok(())
//! # }
//! ```
//!
//! Modules: one per action group (with one submodule per action holding its
//! `…Input`, `…Output`, fluent builder and, for paginated actions, paginator),
//! [`types`] for shared types, [`callbacks`] for what the service sends to
//! your own servers.
//!
//! Cargo features: one per action group (`record`, `domain`, …), `full` (the
//! default) for all; see the `[features]` table of the crate's manifest.

#![deny(missing_docs)]

mod client;
mod error;
#[rustfmt::skip]
mod generated;
mod support;

pub use client::Client;
pub use error::CallbackError;
#[doc(inline)]
pub use generated::*;

/// The runtime this SDK is built on (signing, credentials, retries, errors).
pub use aliyun_live_runtime as runtime;
pub use aliyun_live_runtime::{Error, Timestamp, ValidationError};

// The README's Rust examples compile as doc tests, so they cannot rot.
#[cfg(all(doctest, feature = "full"))]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
