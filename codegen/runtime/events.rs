//! Decoding an event envelope whose payload's type is named by a field beside it (`event_fqn`
//! beside `data`): the payload is held until the whole envelope is read, then the member the
//! name selects is decoded from it.
//!
//! As for tagged unions (`tagged.rs`), the payload is held as raw text inside the crate's own
//! decoding (`from_json`) and as a `serde_json::Value` under any other deserializer.

use super::field_paths::{FROM_TEXT, PATH_MARK, member_from_text};
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
        let decoded = match self {
            Payload::Text(text) => member_from_text(text.get()),
            Payload::Tree(value) => member_from_text(&value.to_string()),
        };
        decoded.map_err(|(path, message)| {
            let Some(path) = path else {
                return E::custom(message);
            };
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
