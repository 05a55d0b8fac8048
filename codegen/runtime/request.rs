//! Sending one operation: URL encoding, auth, retries, timeouts, body limits, tracing, decoding.

// @part bodies
use super::body::Body;
// @end
use super::client::Inner;
use super::error::ApiError;
use super::retry::retryable_status;
use super::{Client, Error, RetryPolicy};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use std::time::{Duration, Instant};
use tracing::Instrument;

/// Everything but RFC 3986 unreserved characters is percent-encoded, so a value can never add a
/// path segment, a query parameter or a fragment.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A successful response: the decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The success status (2xx).
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// The body alone.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// The limit for this call's attempts; `None` waits forever.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// An extra header for this call (a value with a line break fails the call, unsent).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// One request, built by the generated code and sent by `send`.
pub(crate) struct Request {
    operation: &'static str,
    method: Method,
    path_template: &'static str,
    path: String,
    /// Query parameters, in order (`params.rs` lays them out).
    pub(crate) query: Vec<(String, String)>,
    /// Header parameters (`params.rs`).
    pub(crate) headers: Vec<(&'static str, String)>,
    // @part bodies
    /// The body (`body.rs`).
    pub(crate) body: Option<Body>,
    // @end
    /// Whether sending it twice does what sending it once does, so that an attempt that may have
    /// reached the server can be repeated.
    repeatable: bool,
}

impl Request {
    pub(crate) fn new(operation: &'static str, method: Method, path_template: &'static str, path: String) -> Self {
        let repeatable = matches!(
            method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        Request {
            operation,
            method,
            path_template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            // @part bodies
            body: None,
            // @end
            repeatable,
        }
    }

    // @part not_repeatable
    /// Marks a PUT or DELETE whose repeat the API may answer with an error although the first
    /// attempt took effect (the client configuration says which): it is then retried only when
    /// the request never reached the server.
    pub(crate) fn not_repeatable(&mut self) {
        self.repeatable = false;
    }
    // @end

    // @part json_response
    /// Sends and decodes a JSON body.
    pub(crate) async fn send_json<T: serde::de::DeserializeOwned>(
        self,
        client: &Client,
        options: &RequestOptions,
    ) -> Result<Response<T>, Error> {
        let operation = self.operation;
        let (status, headers, body) = self.send(client, options).await?;
        match super::field_paths::decode(&body) {
            Ok(decoded) => Ok(Response {
                status,
                headers,
                body: decoded,
            }),
            Err((path, message)) => Err(Error::Decode(Box::new(super::DecodeError {
                operation: Some(operation),
                status: Some(status),
                path,
                message,
                body,
            }))),
        }
    }

    // @end

    // @part empty_response
    /// Sends a request whose success has no body worth decoding.
    pub(crate) async fn send_empty(self, client: &Client, options: &RequestOptions) -> Result<Response<()>, Error> {
        let (status, headers, _) = self.send(client, options).await?;
        Ok(Response {
            status,
            headers,
            body: (),
        })
    }
    // @end

    // @part text_response
    /// Sends a request whose success is text (`text/plain` and the like), asking for `accept`;
    /// text that is not UTF-8 is an error.
    pub(crate) async fn send_text(
        mut self,
        accept: &'static str,
        client: &Client,
        options: &RequestOptions,
    ) -> Result<Response<String>, Error> {
        self.headers.push(("accept", accept.to_owned()));
        let operation = self.operation;
        let (status, headers, body) = self.send(client, options).await?;
        match String::from_utf8(body) {
            Ok(text) => Ok(Response {
                status,
                headers,
                body: text,
            }),
            Err(e) => Err(Error::Decode(Box::new(super::DecodeError {
                operation: Some(operation),
                status: Some(status),
                path: ".".into(),
                message: format!("the body is not UTF-8 text: {e}"),
                body: e.into_bytes(),
            }))),
        }
    }
    // @end

    // @part bytes_response
    /// Sends a request whose success is raw bytes (a file, an image), asking for `accept`.
    pub(crate) async fn send_bytes(
        mut self,
        accept: &'static str,
        client: &Client,
        options: &RequestOptions,
    ) -> Result<Response<Vec<u8>>, Error> {
        self.headers.push(("accept", accept.to_owned()));
        let (status, headers, body) = self.send(client, options).await?;
        Ok(Response { status, headers, body })
    }
    // @end

    /// Sends with retries; a non-success status becomes `Error::Api`.
    async fn send(self, client: &Client, options: &RequestOptions) -> Result<(StatusCode, HeaderMap, Vec<u8>), Error> {
        let inner = &*client.inner;
        let url = self.url(&inner.base_url)?;
        let headers = self.extra_headers(&options.headers)?;
        let policy = options.retry.as_ref().unwrap_or(&inner.retry);
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let mut attempt = 0;
        loop {
            if let Some(limiter) = &inner.rate_limiter {
                limiter.acquire().await;
            }
            let span = tracing::debug_span!(
                concat!(env!("CARGO_PKG_NAME"), ".request"),
                operation = self.operation,
                method = %self.method,
                path = self.path_template,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let outcome = self
                .attempt(inner, &url, &headers, timeout)
                .instrument(span.clone())
                .await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            if let Ok((status, _, _)) = &outcome {
                span.record("status", status.as_u16());
            }
            let wait = match &outcome {
                Ok((status, headers, _)) if self.repeatable && retryable_status(*status) => {
                    Some(policy.delay(attempt, Some(headers)))
                }
                Err(Error::Connect { .. }) => Some(policy.delay(attempt, None)),
                Err(Error::Timeout { .. } | Error::Transport { .. }) if self.repeatable => {
                    Some(policy.delay(attempt, None))
                }
                _ => None,
            };
            match wait {
                Some(wait) if attempt < policy.max_retries => {
                    span.in_scope(|| tracing::debug!(wait_ms = wait.as_millis() as u64, "retrying"));
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => {
                    let (status, headers, body) = outcome?;
                    if status.is_success() {
                        return Ok((status, headers, body));
                    }
                    return Err(Error::Api(Box::new(ApiError::new(
                        self.operation,
                        status,
                        headers,
                        body,
                    ))));
                }
            }
        }
    }

    async fn attempt(
        &self,
        inner: &Inner,
        url: &str,
        headers: &HeaderMap,
        timeout: Option<Duration>,
    ) -> Result<(StatusCode, HeaderMap, Vec<u8>), Error> {
        let mut request = inner
            .http
            .request(self.method.clone(), url)
            .header(AUTHORIZATION, inner.authorization.clone())
            .header(ACCEPT, "application/json");
        // @part bodies
        if let Some(body) = &self.body {
            request = body.attach(request);
        }
        // @end
        // After the body, so that a header given for the call replaces its `Content-Type`.
        request = request.headers(headers.clone());
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let transport = |error: reqwest::Error| self.transport_error(error, timeout);
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = inner.max_response_bytes;
        if response.content_length().is_some_and(|len| len > limit as u64) {
            return Err(Error::BodyTooLarge {
                operation: self.operation,
                limit,
            });
        }
        let mut body = Vec::with_capacity(response.content_length().map_or(0, |len| len as usize));
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge {
                    operation: self.operation,
                    limit,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, body))
    }

    fn transport_error(&self, error: reqwest::Error, timeout: Option<Duration>) -> Error {
        let operation = self.operation;
        if error.is_timeout() {
            Error::Timeout {
                operation,
                after: timeout,
            }
        } else if error.is_connect() {
            // The host is named in the message; the URL (with its query values) is dropped.
            let host = error.url().map_or_else(|| "the server".to_owned(), host_and_port);
            Error::Connect {
                operation,
                host,
                source: error.without_url(),
            }
        } else {
            Error::Transport {
                operation,
                source: error.without_url(),
            }
        }
    }

    fn url(&self, base_url: &str) -> Result<String, Error> {
        let mut url = format!("{base_url}{}", self.path);
        for (i, (name, value)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.extend(utf8_percent_encode(name, COMPONENT));
            url.push('=');
            url.extend(utf8_percent_encode(value, COMPONENT));
        }
        reqwest::Url::parse(&url)
            .map_err(|e| Error::invalid(format!("cannot build the URL for {}: {e}", self.path_template)))?;
        Ok(url)
    }

    /// The operation's header parameters and the call's extra headers, checked.
    fn extra_headers(&self, extra: &[(String, String)]) -> Result<HeaderMap, Error> {
        let mut map = HeaderMap::new();
        let parameters = self.headers.iter().map(|(name, value)| (*name, value.as_str()));
        for (name, value) in parameters.chain(extra.iter().map(|(n, v)| (n.as_str(), v.as_str()))) {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid(format!(
                    "header `{name}` contains characters that cannot be sent (such as a line break)"
                ))
            })?;
            map.append(header, value);
        }
        Ok(map)
    }
}

/// `host` or `host:port` of a URL, without user name or password.
fn host_and_port(url: &reqwest::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => "the server".to_owned(),
    }
}
