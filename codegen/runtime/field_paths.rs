//! Field paths in decode errors. Tracking paths costs about a third of decoding speed, so a body
//! is decoded without it first, and only a body that fails is decoded again with paths tracked.
//!
//! A union decodes its member on its own, so the member's path is carried in the error message
//! and joined to the path of the union here.

use std::cell::Cell;

thread_local! {
    /// Whether the decoding running on this thread tracks field paths (a union then tracks its
    /// member's too).
    pub(crate) static TRACKING: Cell<bool> = const { Cell::new(false) };
    /// Whether the decoding running on this thread reads JSON text with serde_json, so that a
    /// union may hold its JSON as raw text instead of a tree (see `tagged.rs`).
    pub(crate) static FROM_TEXT: Cell<bool> = const { Cell::new(false) };
}

/// Decodes a whole body: fast, and on failure again with the field path (joined through unions).
///
/// JSON is UTF-8 (RFC 8259): the body is checked once and then read as text, which serde_json
/// parses without checking each string again. Union members are read the same way, so each
/// type's decoding is compiled once for the text reader (and once with paths tracked).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<T, (String, String)> {
    let json = std::str::from_utf8(json).map_err(|e| (".".to_owned(), format!("the body is not UTF-8 text: {e}")))?;
    let from_text = FROM_TEXT.replace(true);
    let quick = serde_json::from_str(json).map_err(|error| error.to_string());
    let result = quick.map_err(|quick| {
        let tracking = TRACKING.replace(true);
        let located = decode_with_paths::<T>(json);
        TRACKING.set(tracking);
        located.unwrap_or_else(|| (".".into(), quick))
    });
    FROM_TEXT.set(from_text);
    result
}

/// The path and reason of the failure, or `None` should the tracked decoding succeed after all.
fn decode_with_paths<T: serde::de::DeserializeOwned>(json: &str) -> Option<(String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => deserializer
            .end()
            .err()
            .map(|trailing| (".".into(), trailing.to_string())),
        Err(error) => {
            let outer = error.path().to_string();
            Some(join_path(&outer, &error.into_inner().to_string()))
        }
    }
}

/// Marks a member's own field path inside an error message, so that the path of a field inside
/// a union member joins the path to the union (`data[3]` + `createdAt` → `data[3].createdAt`).
pub(crate) const PATH_MARK: char = '\u{1f}';

/// Splits a decode error's message into the path inside unions and the message proper.
pub(crate) fn join_path(outer: &str, message: &str) -> (String, String) {
    let mut path = if outer == "." { String::new() } else { outer.to_owned() };
    let mut rest = message;
    while let Some(marked) = rest.strip_prefix(PATH_MARK) {
        let Some((inner, tail)) = marked.split_once(PATH_MARK) else {
            break;
        };
        if !path.is_empty() && !inner.starts_with('[') {
            path.push('.');
        }
        path.push_str(inner);
        rest = tail;
    }
    if path.is_empty() {
        path.push('.');
    }
    (path, rest.to_owned())
}
// @part members

/// Decodes a member from its JSON text, read as a whole body is read (as text, with paths
/// tracked when the body's are): each member type's decoding is compiled once, not once per way
/// its JSON may be held. A failure gives the member's own field path when paths are tracked.
pub(crate) fn member_from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (Option<String>, String)> {
    if !TRACKING.get() {
        return serde_json::from_str(text).map_err(|e| (None, without_position(&e)));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| (Some(e.path().to_string()), without_position(e.inner())))
}

/// serde_json's message without "at line 1 column 17", which would point into the member's text,
/// not the body.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) if error.line() > 0 => text[..at].to_owned(),
        _ => text,
    }
}
// @end
