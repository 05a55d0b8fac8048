//! The one error type of the loading stage: where in the document, and what is wrong there.

use std::fmt;

/// A problem with the input document or the corrections, located by a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The file the problem is in (the spec or the corrections file).
    pub file: String,
    /// A JSON pointer (RFC 6901) into that file, `""` for the whole document.
    pub pointer: String,
    /// What is wrong there, written for a person.
    pub message: String,
}

impl SpecError {
    pub fn new(file: impl Into<String>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        SpecError {
            file: file.into(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "{}: at {}: {}", self.file, at, self.message)
    }
}

impl std::error::Error for SpecError {}

/// Escapes one JSON pointer reference token (RFC 6901 section 4).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Joins reference tokens into a JSON pointer.
pub fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    tokens
        .into_iter()
        .map(|t| format!("/{}", escape_token(t.as_ref())))
        .collect()
}
