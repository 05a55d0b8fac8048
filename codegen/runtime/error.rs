//! One error type for every way a call can fail, keeping what a person debugging needs.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status that is not a success.
    Api(Box<ApiError>),
    /// The call took longer than its timeout.
    Timeout {
        /// The operation id, e.g. `Agents_list`.
        operation: &'static str,
        /// The timeout that was hit.
        after: Option<Duration>,
    },
    /// No connection could be made (DNS, refused, TLS): the request never reached the server.
    Connect {
        /// The operation id.
        operation: &'static str,
        /// The host (and port, if the URL gives one) that could not be reached.
        host: String,
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

    /// The API error, if the server answered with a failure status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    // @part operations
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
        }
    }
    // @end
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Timeout {
                operation,
                after: Some(after),
            } => write!(f, "{operation}: timed out after {after:?}"),
            Error::Timeout { operation, after: None } => write!(f, "{operation}: timed out"),
            // The cause is `source()`, not repeated here: error reporters print the chain.
            Error::Connect { operation, host, .. } => write!(f, "{operation}: cannot connect to {host}"),
            Error::Transport { operation, .. } => write!(f, "{operation}: connection failed"),
            Error::Decode(e) => e.fmt(f),
            Error::BodyTooLarge { operation, limit } => {
                write!(f, "{operation}: response body exceeds the limit of {limit} bytes")
            }
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

/// A failure status from the server, with everything it sent.
#[derive(Clone)]
pub struct ApiError {
    /// The operation id, e.g. `Tags_getById`.
    pub operation: &'static str,
    /// The status the server answered with.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Vec<u8>,
    /// The `message` of a JSON body `{"message": "…", …}`, the usual shape of an error.
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
        ApiError {
            operation,
            status,
            headers,
            body,
            message,
        }
    }
    // @end

    /// The body as text (lossy for invalid UTF-8).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// What the server said: its `message` when the body has one, else the whole body as text.
    pub fn message_or_body(&self) -> std::borrow::Cow<'_, str> {
        match &self.message {
            Some(message) => message.as_str().into(),
            None => String::from_utf8_lossy(&self.body),
        }
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
        write!(f, "{}: the server answered {}", self.operation, self.status)?;
        // @part operations
        if self.status.is_redirection() {
            let location = self
                .headers
                .get(reqwest::header::LOCATION)
                .map(|l| String::from_utf8_lossy(l.as_bytes()));
            let location = location
                .as_deref()
                .map_or("".into(), super::client::without_credentials);
            return write!(
                f,
                ": redirect to `{}` not followed (only redirects to the same scheme, host and port are)",
                printable(&location, MAX_SHOWN)
            );
        }
        // @end
        match &self.message {
            Some(message) => write!(f, ": {}", printable(message, MAX_SHOWN)),
            None if !self.body.is_empty() => write!(f, ": {}", printable(&self.body_text(), MAX_SHOWN)),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("message", &self.message.as_deref().map(|m| shortened(m, MAX_DEBUG)))
            .field("headers", &self.headers)
            .field("body", &shortened(&String::from_utf8_lossy(&self.body), MAX_DEBUG))
            .finish()
    }
}

/// A body that does not match its type: where, why, and the body itself.
#[derive(Clone)]
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
            (Some(operation), Some(status)) => write!(
                f,
                "{operation}: cannot decode the {status} response at `{}`: {}",
                printable(&self.path, MAX_SHOWN),
                printable(&self.message, MAX_SHOWN)
            ),
            _ => write!(
                f,
                "cannot decode JSON at `{}`: {}",
                printable(&self.path, MAX_SHOWN),
                printable(&self.message, MAX_SHOWN)
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("body", &shortened(&String::from_utf8_lossy(&self.body), MAX_DEBUG))
            .finish()
    }
}

/// The most characters of server-sent text (messages, bodies, paths) that `Display` shows; the
/// error keeps the whole text.
const MAX_SHOWN: usize = 300;

/// The most characters of a body or message that `Debug` shows (as a quoted, escaped string).
const MAX_DEBUG: usize = 1_000;

/// The text cut after `max` characters, with `…` where it was cut.
fn shortened(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

/// Server-sent text made safe to print on one line: control characters (line breaks, terminal
/// escape sequences) escaped as in Rust strings, cut after `max` characters with `…`.
pub(crate) fn printable(text: &str, max: usize) -> String {
    let mut shown = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == max {
            shown.push('…');
            break;
        }
        if c.is_control() {
            shown.extend(c.escape_debug());
        } else if is_invisible_format(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Characters that change how the text around them is shown (bidirectional overrides, zero-width
/// marks) without being control characters.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn server_text_is_escaped_and_capped() {
        assert_eq!(printable("a\nb\u{1b}[31mc\td", 100), "a\\nb\\u{1b}[31mc\\td");
        assert_eq!(printable("évil\u{202e}txt", 100), "évil\\u{202e}txt");
        assert_eq!(printable(&"x".repeat(10), 4), "xxxx…");
        assert_eq!(printable("ünï", 3), "ünï");
    }
}
