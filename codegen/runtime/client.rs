//! `Client`: the token, the base URL, timeouts, retries and the HTTP connection pool.

use super::rate_limit::RateLimiter;
use super::{Error, RetryPolicy};
use reqwest::header::HeaderValue;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::VERSION_PREFIX;
use crate::{BASE_URL_VARIABLE, DEFAULT_BASE_URL, TOKEN_VARIABLE};

const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The entry point: one per API token, cheap to clone (clones share the connection pool).
///
/// Operations are grouped by the tags of the API's document (`client.<group>().<operation>(…)`);
/// each returns a request to configure and `send()`.
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
    /// If [`ClientBuilder::build`] fails: an empty token, one with a `Bearer ` prefix or a
    /// character that cannot be sent in a header, or a TLS backend that cannot start.
    /// [`Client::builder`] reports these as an error instead.
    pub fn new(token: impl Into<String>) -> Self {
        match Self::builder(token).build() {
            Ok(client) => client,
            Err(e) => panic!("cannot create the client: {e}"),
        }
    }

    /// A client for the token in the environment variable [`TOKEN_VARIABLE`], sending requests
    /// to [`BASE_URL_VARIABLE`] if that is set (a mock server, a gateway) and to
    /// [`DEFAULT_BASE_URL`] otherwise. [`Client::builder_from_env`] allows more settings.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder_from_env()?.build()
    }

    /// A builder with the token and base URL of [`Client::from_env`], for more settings:
    /// `Client::builder_from_env()?.rate_limit(10, 4).build()?`.
    pub fn builder_from_env() -> Result<ClientBuilder, Error> {
        let token = std::env::var(TOKEN_VARIABLE)
            .map_err(|_| Error::invalid(format!("the environment variable {TOKEN_VARIABLE} is not set")))?;
        let builder = Self::builder(token);
        Ok(match std::env::var(BASE_URL_VARIABLE) {
            Ok(url) if !url.is_empty() => builder.base_url(url),
            _ => builder,
        })
    }

    /// Configures a client: base URL, timeouts, retries, rate limit, user agent.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            token: Token(token.into()),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            proxy: None,
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
            .field("base_url", &without_credentials(&self.inner.base_url))
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
pub struct ClientBuilder {
    token: Token,
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
    http: Option<reqwest::Client>,
    proxy: Option<String>,
    rate_limit: Option<(u32, u32)>,
    max_response_bytes: usize,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &without_credentials(&self.base_url))
            .field("token", &self.token)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http.is_some())
            .field("proxy", &self.proxy.as_deref().map(without_credentials))
            .field("rate_limit", &self.rate_limit)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl ClientBuilder {
    /// Where requests go (`https://host`, or with a path prefix); default: [`DEFAULT_BASE_URL`].
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

    /// Sends at most `per_second` requests per second on average, `burst` at once: for an API
    /// that allows 10 requests per second in bursts of 4, `.rate_limit(10, 4)`.
    pub fn rate_limit(mut self, per_second: u32, burst: u32) -> Self {
        self.rate_limit = Some((per_second, burst));
        self
    }

    /// The largest response body accepted (default 64 MiB); a larger one fails the call.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Sends every request through this HTTP proxy (`http://host:port`, with credentials
    /// `http://user:password@host:port`). Without it no proxy is used: `HTTP_PROXY`,
    /// `HTTPS_PROXY` and the like are not read. `build()` fails on a URL that is not one.
    /// Ignored with [`ClientBuilder::http_client`].
    pub fn proxy(mut self, url: &str) -> Self {
        self.proxy = Some(url.to_owned());
        self
    }

    /// Uses this `reqwest::Client` (certificates, DNS, …) instead of building one. The client's
    /// own settings then apply instead of this crate's: its proxies (reqwest reads `HTTP_PROXY`
    /// by default), redirect policy (reqwest follows up to 10 redirects to any host) and
    /// `Referer`. Build it with `.no_proxy()`, `.referer(false)` and a redirect policy of your
    /// own to keep the guarantees of the default client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The client. Fails, saying why, on an empty token, a token with a `Bearer ` prefix or a
    /// character that cannot be sent in a header, and on a base URL that is not `http://` or
    /// `https://`. A base URL that ends in the version segment every path of the API starts with
    /// (`…/v1`, copied from the API's documentation) has it removed, with a warning logged:
    /// the paths add it again.
    pub fn build(self) -> Result<Client, Error> {
        let authorization = authorization(&self.token.0)?;
        let base_url = checked_base_url(&self.base_url)?;
        let http = match self.http {
            Some(http) => http,
            None => http_client(self.connect_timeout, self.user_agent, self.proxy.as_deref())?,
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

/// The `Authorization` value: the token as given, refused where it cannot work.
fn authorization(token: &str) -> Result<HeaderValue, Error> {
    if token.trim().is_empty() {
        return Err(Error::invalid(format!(
            "the API token is empty (with `Client::from_env`: {TOKEN_VARIABLE} is set but empty)"
        )));
    }
    if token
        .get(..7)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("bearer "))
    {
        return Err(Error::invalid(
            "the API token starts with `Bearer `: the client sends the token as the whole \
             `Authorization` header, so pass the token without `Bearer `",
        ));
    }
    let mut value = HeaderValue::from_str(token)
        .map_err(|_| Error::invalid("the API token contains characters that cannot be sent in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// The base URL without a trailing `/` or a doubled version segment, if it is `http(s)://`.
fn checked_base_url(url: &str) -> Result<String, Error> {
    let shown = without_credentials(url);
    let mut parsed = reqwest::Url::parse(url).map_err(|e| {
        Error::invalid(format!(
            "base URL `{shown}`: {e} (expected `https://host` or `http://host`)"
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid(format!(
            "base URL `{shown}`: only `http://` and `https://` are supported"
        )));
    }
    let path = parsed.path().trim_end_matches('/').to_owned();
    if let Some(kept) = without_suffix(&path, VERSION_PREFIX) {
        tracing::warn!(
            "base URL `{shown}` ends in `{VERSION_PREFIX}`, which every path of the API starts with; using it without"
        );
        parsed.set_path(kept);
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// `text` without `suffix`, if it ends in a non-empty one.
fn without_suffix<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    if suffix.is_empty() {
        None
    } else {
        text.strip_suffix(suffix)
    }
}

/// The HTTP client this crate builds: no proxy but the one configured, no `Referer`, and
/// redirects followed only where they keep the scheme, host and port.
fn http_client(connect_timeout: Duration, user_agent: String, proxy: Option<&str>) -> Result<reqwest::Client, Error> {
    let builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .user_agent(user_agent)
        .referer(false)
        .redirect(redirect_policy());
    let builder = match proxy {
        Some(url) => builder.proxy(
            reqwest::Proxy::all(url)
                .map_err(|_| Error::invalid(format!("proxy URL `{}` is not valid", without_credentials(url))))?,
        ),
        None => builder.no_proxy(),
    };
    builder
        .build()
        .map_err(|e| Error::invalid(format!("cannot start the HTTP client: {e}")))
}

/// The most redirects followed for one call.
const MAX_REDIRECTS: usize = 10;

/// Follows a redirect only to the origin (scheme, host, port) the call was sent to: the API has
/// no reason to send a client elsewhere, and a redirect to another host or from `https` to
/// `http` would carry the request's headers and data there. A redirect that is not followed is
/// returned as the call's answer ([`Error::Api`] with the 3xx status).
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let previous = attempt.previous();
        let same_origin = previous
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && previous.len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// A URL with any user name and password replaced by `***`, for messages and `Debug`; works on
/// text that does not parse as a URL too.
pub(crate) fn without_credentials(url: &str) -> std::borrow::Cow<'_, str> {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    match url[authority_start..authority_end].rfind('@') {
        Some(at) => format!("{}***@{}", &url[..authority_start], &url[authority_start + at + 1..]).into(),
        None => url.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_credentials;

    #[test]
    fn credentials_are_removed_from_urls() {
        assert_eq!(
            without_credentials("https://user:pa:ss@host:1/v1?a=b@c"),
            "https://***@host:1/v1?a=b@c"
        );
        assert_eq!(without_credentials("http://token@host"), "http://***@host");
        assert_eq!(without_credentials("user:pass@bad host/x"), "***@bad host/x");
        assert_eq!(without_credentials("https://host/path@x"), "https://host/path@x");
    }
}
