//! Shared helpers for the end-to-end tests: an emulator on 127.0.0.1 and a
//! generated [`aliyun_live::Client`] pointed at it with static credentials.
//!
//! ```no_run
//! # async fn demo() {
//! let env = aliyun_live_e2e::Env::start().await;
//! let out = env.client.describe_live_record_config().domain_name("d.example.com").send().await;
//! # drop(out);
//! # }
//! ```

use aliyun_live::runtime::credentials::StaticCredentials;
use aliyun_live::runtime::{ClientBuilder, RetryConfig};
use aliyun_live_emulator::{Emulator, EmulatorBuilder, RunningEmulator};

/// The AccessKeyId the test emulator accepts.
pub const ACCESS_KEY_ID: &str = "e2e-access-key-id";
/// Its secret.
pub const ACCESS_KEY_SECRET: &str = "e2e-access-key-secret";

/// An emulator builder that accepts [`ACCESS_KEY_ID`]/[`ACCESS_KEY_SECRET`].
pub fn emulator_builder() -> EmulatorBuilder {
    Emulator::builder().credential(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
}

/// Starts an emulator on an ephemeral port of 127.0.0.1.
pub async fn start_emulator() -> RunningEmulator {
    emulator_builder()
        .start()
        .await
        .expect("the emulator starts")
}

/// A client for `emulator` with the test credentials; `configure` may
/// change runtime settings (retries, timeouts, method...).
pub fn client_with(
    emulator: &RunningEmulator,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> aliyun_live::Client {
    aliyun_live::Client::builder()
        .endpoint(emulator.endpoint())
        .credentials(StaticCredentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        .configure(configure)
        .build()
        .expect("the client builds")
}

/// A client for `emulator` with the test credentials and default settings.
pub fn client(emulator: &RunningEmulator) -> aliyun_live::Client {
    client_with(emulator, |b| b)
}

/// A client that never retries (to observe single failures).
pub fn client_without_retries(emulator: &RunningEmulator) -> aliyun_live::Client {
    client_with(emulator, |b| b.retry(RetryConfig::disabled()))
}

/// An emulator and a client pointed at it.
pub struct Env {
    /// The running emulator (faults, request log).
    pub emulator: RunningEmulator,
    /// The generated SDK's client.
    pub client: aliyun_live::Client,
}

impl Env {
    /// Starts an emulator and builds a client for it.
    pub async fn start() -> Env {
        let emulator = start_emulator().await;
        let client = client(&emulator);
        Env { emulator, client }
    }
}
