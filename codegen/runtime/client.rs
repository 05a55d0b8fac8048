//! `Client`: the token, the base URL, timeouts, retries and the HTTP connection pool.

use super::rate_limit::RateLimiter;
use super::{Error, RetryPolicy};
use reqwest::header::HeaderValue;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The default base URL: the first server of the API document.
pub(crate) const DEFAULT_BASE_URL: &str = crate::DEFAULT_BASE_URL;
/// The environment variable `Client::from_env` reads.
pub const TOKEN_VARIABLE: &str = "DIXA_API_TOKEN";
/// The environment variable that overrides the base URL in `Client::from_env`.
pub const BASE_URL_VARIABLE: &str = "DIXA_BASE_URL";
const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The entry point: one per API token, cheap to clone (clones share the connection pool).
///
/// Operations are grouped as in Dixa's documentation: `client.agents().list()`,
/// `client.conversations().get(id)`, …; each returns a request to configure and `send()`.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) authorization: HeaderValue,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_response_bytes: usize,
    pub(crate) rate_limiter: Option<RateLimiter>,
}

impl Client {
    /// A client with the default settings for an API token.
    ///
    /// # Panics
    /// If the token cannot be sent as a header value (it contains a line break or another
    /// control character), or the TLS backend cannot start. [`Client::builder`] reports both as
    /// an error instead.
    pub fn new(token: impl Into<String>) -> Self {
        match Self::builder(token).build() {
            Ok(client) => client,
            Err(e) => panic!("cannot create the Dixa client: {e}"),
        }
    }

    /// A client for the token in the `DIXA_API_TOKEN` environment variable, sending requests to
    /// `DIXA_BASE_URL` if that is set (a mock server, a proxy) and to Dixa otherwise.
    pub fn from_env() -> Result<Self, Error> {
        let token = std::env::var(TOKEN_VARIABLE).map_err(|_| Error::invalid(format!("the environment variable {TOKEN_VARIABLE} is not set")))?;
        let builder = Self::builder(token);
        match std::env::var(BASE_URL_VARIABLE) {
            Ok(url) if !url.is_empty() => builder.base_url(url).build(),
            _ => builder.build(),
        }
    }

    /// Configures a client: base URL, timeouts, retries, rate limit, user agent.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            token: Token(token.into()),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("dixa-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            rate_limit: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &"<redacted>")
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

/// The API token; never printed.
struct Token(String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Settings for a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    token: Token,
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
    http: Option<reqwest::Client>,
    rate_limit: Option<(u32, u32)>,
    max_response_bytes: usize,
}

impl ClientBuilder {
    /// Where requests go; default: the API document's server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The limit for a whole call attempt, body included (default 30 s); `None` waits forever.
    /// Each request can override it.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit for opening a connection (default 10 s). Ignored with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed calls are retried (default: 2 retries). Each request can override it.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header. Ignored with [`ClientBuilder::http_client`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends at most `per_second` requests per second on average, `burst` at once. Dixa allows
    /// 10 per second with bursts of 4 per token: `.rate_limit(10, 4)`.
    pub fn rate_limit(mut self, per_second: u32, burst: u32) -> Self {
        self.rate_limit = Some((per_second, burst));
        self
    }

    /// The largest response body accepted (default 64 MiB); a larger one fails the call.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Uses this `reqwest::Client` (proxies, certificates, …) instead of building one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The client; fails on a token that cannot be sent as a header or a base URL that is not one.
    pub fn build(self) -> Result<Client, Error> {
        let mut authorization = HeaderValue::from_str(&self.token.0)
            .map_err(|_| Error::invalid("the API token contains characters that cannot be sent in a header"))?;
        authorization.set_sensitive(true);
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        reqwest::Url::parse(&base_url).map_err(|e| Error::invalid(format!("base URL `{base_url}`: {e}")))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                .build()
                .map_err(|e| Error::invalid(format!("cannot start the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                retry: self.retry,
                timeout: self.timeout,
                max_response_bytes: self.max_response_bytes,
                rate_limiter: self.rate_limit.map(|(rate, burst)| RateLimiter::new(rate, burst)),
            }),
        })
    }
}
