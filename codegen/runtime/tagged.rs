//! Decoding tagged unions: the tag is read first, then the member it names is decoded.

use super::paths::{PATH_MARK, TRACKING};
use serde::de::Deserializer;

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
        if !TRACKING.get() {
            return T::deserialize(self.value).map_err(E::custom);
        }
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
