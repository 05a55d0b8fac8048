//! Decoding an event envelope whose payload's type is named by a field beside it (`event_fqn`
//! beside `data`): the payload is held until the whole envelope is read, then the member the
//! name selects is decoded from it.
//!
//! As for tagged unions (`tagged.rs`), the payload is held as raw text inside the crate's own
//! decoding (`from_json`) and as a `serde_json::Value` under any other deserializer.

use super::field_paths::{FROM_TEXT, PATH_MARK, TRACKING};
use serde::de::{Deserializer, Error};
use serde_json::value::RawValue;

/// An envelope's payload, not decoded yet.
pub(crate) enum Payload {
    Text(Box<RawValue>),
    Tree(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Payload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if FROM_TEXT.get() {
            Box::<RawValue>::deserialize(deserializer).map(Payload::Text)
        } else {
            serde_json::Value::deserialize(deserializer).map(Payload::Tree)
        }
    }
}

impl Payload {
    /// Decodes the member a known name selects. A mismatch is an error located inside `field`
    /// (`data.conversation.csid`), never a fallback to `Unknown`.
    pub(crate) fn member<T: serde::de::DeserializeOwned, E: Error>(self, field: &str) -> Result<T, E> {
        let tracked = match (self, TRACKING.get()) {
            (Payload::Text(text), false) => {
                return serde_json::from_str(text.get()).map_err(|e| E::custom(without_position(&e)));
            }
            (Payload::Tree(value), false) => return T::deserialize(value).map_err(E::custom),
            (Payload::Text(text), true) => {
                let mut deserializer = serde_json::Deserializer::from_str(text.get());
                serde_path_to_error::deserialize(&mut deserializer)
                    .map_err(|e| (e.path().to_string(), without_position(e.inner())))
            }
            (Payload::Tree(value), true) => {
                serde_path_to_error::deserialize(value).map_err(|e| (e.path().to_string(), e.inner().to_string()))
            }
        };
        tracked.map_err(|(path, message)| {
            let inner = if path == "." {
                String::new()
            } else {
                format!("{PATH_MARK}{path}{PATH_MARK}")
            };
            E::custom(format!("{PATH_MARK}{field}{PATH_MARK}{inner}{message}"))
        })
    }

    /// The payload as received, for an event this version does not type.
    pub(crate) fn into_value<E: Error>(self) -> Result<serde_json::Value, E> {
        match self {
            Payload::Text(text) => serde_json::from_str(text.get()).map_err(E::custom),
            Payload::Tree(value) => Ok(value),
        }
    }
}

/// serde_json's message without "at line 1 column 17", which would point into the payload's text,
/// not the body.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) if error.line() > 0 => text[..at].to_owned(),
        _ => text,
    }
}
