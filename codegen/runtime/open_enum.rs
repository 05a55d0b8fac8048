//! Decoding open enums: a value the crate does not know is kept, never an error.

use serde::de::{Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;

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
