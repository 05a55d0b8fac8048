//! One error type for every way a call can fail, keeping what a person debugging needs.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;
use std::time::Duration;

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Dixa answered with a status that is not a success.
    Api(Box<ApiError>),
    /// The call took longer than its timeout.
    Timeout {
        /// The operation id, e.g. `Agents_list`.
        operation: &'static str,
        /// The timeout that was hit.
        after: Option<Duration>,
    },
    /// No connection could be made (DNS, refused, TLS): the request never reached Dixa.
    Connect {
        /// The operation id.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The connection failed after the request was sent, or the body could not be read.
    Transport {
        /// The operation id.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// A success response whose body does not match the expected type.
    Decode(Box<DecodeError>),
    /// The response body was larger than the client's limit.
    BodyTooLarge {
        /// The operation id.
        operation: &'static str,
        /// The limit in bytes (`ClientBuilder::max_response_bytes`).
        limit: usize,
    },
    /// The request could not be built: a value that cannot be sent as given.
    InvalidRequest {
        /// What cannot be sent, and why.
        message: String,
    },
    /// A paginated listing could not go on.
    Pagination {
        /// The operation id.
        operation: &'static str,
        /// What was wrong with the next-page link.
        message: String,
    },
}

impl Error {
    /// The HTTP status, for errors that have one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => e.status,
            _ => None,
        }
    }

    /// The API error, if Dixa answered with a failure status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    // @part operations
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidRequest { message: message.into() }
    }
    // @end
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Timeout { operation, after: Some(after) } => write!(f, "{operation}: timed out after {after:?}"),
            Error::Timeout { operation, after: None } => write!(f, "{operation}: timed out"),
            Error::Connect { operation, source } => write!(f, "{operation}: cannot connect: {}", source_chain(source)),
            Error::Transport { operation, source } => write!(f, "{operation}: connection failed: {}", source_chain(source)),
            Error::Decode(e) => e.fmt(f),
            Error::BodyTooLarge { operation, limit } => write!(f, "{operation}: response body exceeds the limit of {limit} bytes"),
            Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
            Error::Pagination { operation, message } => write!(f, "{operation}: cannot fetch the next page: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connect { source, .. } | Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn source_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// A failure status from Dixa, with everything it sent.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The operation id, e.g. `Tags_getById`.
    pub operation: &'static str,
    /// The status Dixa answered with.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Vec<u8>,
    /// Dixa's `message`, when the body is `{"message": ...}` as its errors are.
    pub message: Option<String>,
}

impl ApiError {
    // @part operations
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Self {
        #[derive(serde::Deserialize)]
        struct Message {
            message: String,
        }
        let message = serde_json::from_slice::<Message>(&body).ok().map(|m| m.message);
        ApiError { operation, status, headers, body, message }
    }
    // @end

    /// The body as text (lossy for invalid UTF-8).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    // @part operations
    /// How long the server asked to wait before retrying (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        super::retry::retry_after(&self.headers)
    }
    // @end
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: Dixa answered {}", self.operation, self.status)?;
        match &self.message {
            Some(message) => write!(f, ": {message}"),
            None if !self.body.is_empty() => write!(f, ": {}", truncate(&self.body_text(), 500)),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// A body that does not match its type: where, why, and the body itself.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The operation whose response this was (`None` for [`crate::from_json`]).
    pub operation: Option<&'static str>,
    /// The response status (`None` for [`crate::from_json`]).
    pub status: Option<StatusCode>,
    /// The field path, e.g. `data[3].createdAt` (`.` for the whole body).
    pub path: String,
    /// Why the value there does not fit.
    pub message: String,
    /// The raw body.
    pub body: Vec<u8>,
}

impl DecodeError {
    /// The body as text (lossy for invalid UTF-8).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.operation, self.status) {
            (Some(operation), Some(status)) => write!(f, "{operation}: cannot decode the {status} response at `{}`: {}", self.path, self.message),
            _ => write!(f, "cannot decode JSON at `{}`: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for DecodeError {}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
