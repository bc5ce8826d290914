//! The SDK client: a thin wrapper around the runtime's client, on which the
//! generated code adds one method per action (`generated/client.rs`).

use aliyun_live_runtime::ClientBuilder;

/// A client for the ApsaraVideo Live API.
///
/// Cheap to clone (shares the connection pool and configuration). Each API
/// action is a method returning a fluent builder, e.g.
/// [`describe_live_record_config`](Client::describe_live_record_config).
#[derive(Debug, Clone)]
pub struct Client {
    inner: aliyun_live_runtime::Client,
}

impl Client {
    /// Wraps a configured runtime client.
    pub fn new(runtime: aliyun_live_runtime::Client) -> Self {
        Self { inner: runtime }
    }

    /// A builder for the runtime client (endpoint, credentials, retries,
    /// timeouts); `build()` gives a [`Client`] of this crate.
    pub fn builder() -> Builder {
        Builder {
            inner: aliyun_live_runtime::Client::builder(),
        }
    }

    /// A client with default settings: endpoint `live.aliyuncs.com` and the
    /// runtime's default credentials chain (environment variables such as
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID`, then the CLI profile).
    pub fn from_env() -> Result<Self, aliyun_live_runtime::Error> {
        Self::builder().build()
    }

    /// The underlying runtime client (for [`call`](aliyun_live_runtime::Client::call)
    /// with hand-made parameters).
    pub fn runtime(&self) -> &aliyun_live_runtime::Client {
        &self.inner
    }

    /// Unwraps the runtime client.
    pub fn into_runtime(self) -> aliyun_live_runtime::Client {
        self.inner
    }
}

impl From<aliyun_live_runtime::Client> for Client {
    fn from(runtime: aliyun_live_runtime::Client) -> Self {
        Self::new(runtime)
    }
}

/// Configures a [`Client`]: the runtime's [`ClientBuilder`], whose
/// [`build`](Builder::build) returns this crate's client.
#[derive(Debug)]
#[must_use]
pub struct Builder {
    inner: ClientBuilder,
}

impl Builder {
    /// Changes the runtime settings: `builder.configure(|b| b.endpoint("http://127.0.0.1:8080"))`.
    pub fn configure(mut self, f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Self {
        self.inner = f(self.inner);
        self
    }

    /// The service endpoint: a host name (HTTPS) or a full URL.
    pub fn endpoint(self, endpoint: impl Into<String>) -> Self {
        self.configure(|b| b.endpoint(endpoint))
    }

    /// The region id sent as `RegionId`.
    pub fn region_id(self, region_id: impl Into<String>) -> Self {
        self.configure(|b| b.region_id(region_id))
    }

    /// Where credentials come from (default: the runtime's default chain).
    pub fn credentials(
        self,
        provider: impl aliyun_live_runtime::credentials::ProvideCredentials + 'static,
    ) -> Self {
        self.configure(|b| b.credentials(provider))
    }

    /// Retry policy.
    pub fn retry(self, retry: aliyun_live_runtime::RetryConfig) -> Self {
        self.configure(|b| b.retry(retry))
    }

    /// Builds the client; fails on an invalid configuration.
    pub fn build(self) -> Result<Client, aliyun_live_runtime::Error> {
        self.inner.build().map(Client::new)
    }
}
