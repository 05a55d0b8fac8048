//! Decoding tagged unions: the tag is read first, then the member it names is decoded.
//!
//! The tag may come after the fields it selects (servers often write it last), so the union's JSON
//! is held first. Inside the crate's own decoding (`from_json`, every response) it is held as raw
//! text: the tag is found by skipping over the top-level values, and the member is parsed from
//! the text, with no tree built. Under any other deserializer it is held as a `serde_json::Value`.

use super::field_paths::{FROM_TEXT, PATH_MARK, TRACKING};
use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// A union's JSON with its tag read.
pub(crate) struct Tagged {
    tag: Option<String>,
    json: Held,
}

enum Held {
    Text(Box<RawValue>),
    Tree(serde_json::Value),
}

impl Tagged {
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D, tag: &str) -> Result<Self, D::Error> {
        if FROM_TEXT.get() {
            let text: Box<RawValue> = serde::Deserialize::deserialize(deserializer)?;
            let found = find_tag(text.get(), tag).map_err(D::Error::custom)?;
            return Ok(Tagged {
                tag: found,
                json: Held::Text(text),
            });
        }
        let value: serde_json::Value = serde::Deserialize::deserialize(deserializer)?;
        let found = value.get(tag).and_then(serde_json::Value::as_str).map(str::to_owned);
        Ok(Tagged {
            tag: found,
            json: Held::Tree(value),
        })
    }

    pub(crate) fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// Decodes the member a known tag selects; a mismatch is an error with the member's field path,
    /// never a silent fallback to `Unknown`.
    pub(crate) fn member<T: serde::de::DeserializeOwned, E: Error>(self) -> Result<T, E> {
        match (self.json, TRACKING.get()) {
            (Held::Text(text), false) => serde_json::from_str(text.get()).map_err(|e| E::custom(without_position(&e))),
            (Held::Tree(value), false) => T::deserialize(value).map_err(E::custom),
            (Held::Text(text), true) => {
                let mut deserializer = serde_json::Deserializer::from_str(text.get());
                serde_path_to_error::deserialize(&mut deserializer)
                    .map_err(|e| located(e.path(), &without_position(e.inner())))
            }
            (Held::Tree(value), true) => {
                serde_path_to_error::deserialize(value).map_err(|e| located(e.path(), &e.inner().to_string()))
            }
        }
    }

    /// The JSON as received, for a member this version does not know.
    pub(crate) fn into_value<E: Error>(self) -> Result<serde_json::Value, E> {
        match self.json {
            Held::Text(text) => serde_json::from_str(text.get()).map_err(E::custom),
            Held::Tree(value) => Ok(value),
        }
    }
}

/// An error inside a member, carrying the member's own path for `field_paths::join_path`.
fn located<E: Error>(path: &serde_path_to_error::Path, message: &str) -> E {
    let path = path.to_string();
    if path == "." {
        E::custom(message)
    } else {
        E::custom(format!("{PATH_MARK}{path}{PATH_MARK}{message}"))
    }
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

/// The string value of the top-level key `name` in a JSON object, skipping every other value
/// without building anything.
fn find_tag(text: &str, name: &str) -> Result<Option<String>, serde_json::Error> {
    struct TagOf<'a>(&'a str);
    impl<'de> Visitor<'de> for TagOf<'_> {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(is_tag) = map.next_key_seed(KeyIs(self.0))? {
                if is_tag {
                    found = map.next_value::<serde_json::Value>()?.as_str().map(str::to_owned);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
        // Not an object: no tag, so the union keeps it as `Unknown`.
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_str<E: Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    /// A key compared with the tag's name without being copied.
    struct KeyIs<'a>(&'a str);
    impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
            deserializer.deserialize_str(self)
        }
    }
    impl Visitor<'_> for KeyIs<'_> {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a key")
        }
        fn visit_str<E: Error>(self, key: &str) -> Result<bool, E> {
            Ok(key == self.0)
        }
    }

    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.deserialize_any(TagOf(name))
}
