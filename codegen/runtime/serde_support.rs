//! Decoding helpers shared by the generated types.

use serde::de::{Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Marks a member's own field path inside an error message, so that the path of a field inside
/// a union member joins the path to the union (`data[3]` + `createdAt` → `data[3].createdAt`).
pub(crate) const PATH_MARK: char = '\u{1f}';

/// A union's JSON with its tag read: decoded first as a whole, because the tag may come after
/// the fields it selects.
pub(crate) struct Tagged {
    tag: Option<String>,
    value: serde_json::Value,
}

impl Tagged {
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D, tag: &str) -> Result<Self, D::Error> {
        let value: serde_json::Value = serde::Deserialize::deserialize(deserializer)?;
        let tag = value.get(tag).and_then(serde_json::Value::as_str).map(str::to_owned);
        Ok(Tagged { tag, value })
    }

    pub(crate) fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// Decodes the member a known tag selects; a mismatch is an error with the member's field path,
    /// never a silent fallback to `Unknown`.
    pub(crate) fn member<T: serde::de::DeserializeOwned, E: serde::de::Error>(self) -> Result<T, E> {
        serde_path_to_error::deserialize(self.value).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            if path == "." {
                E::custom(inner)
            } else {
                E::custom(format!("{PATH_MARK}{path}{PATH_MARK}{inner}"))
            }
        })
    }

    pub(crate) fn into_value(self) -> serde_json::Value {
        self.value
    }
}

/// Splits a decode error's message into the path inside unions and the message proper.
pub(crate) fn join_path(outer: &str, message: &str) -> (String, String) {
    let mut path = if outer == "." { String::new() } else { outer.to_owned() };
    let mut rest = message;
    while let Some(marked) = rest.strip_prefix(PATH_MARK) {
        let Some((inner, tail)) = marked.split_once(PATH_MARK) else { break };
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

/// Decodes an open enum from a string without allocating for the values it knows.
pub(crate) fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct OpenEnum<T>(PhantomData<T>);
    impl<T: for<'a> From<&'a str>> Visitor<'_> for OpenEnum<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(OpenEnum(PhantomData))
}
