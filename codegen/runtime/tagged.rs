//! Decoding tagged unions: the tag is read first, then the member it names is decoded.
//!
//! The tag may come after the fields it selects (servers often write it last), so the union's JSON
//! is held first. Inside the crate's own decoding (`from_json`, every response) it is held as raw
//! text: the tag is found by skipping over the top-level values, and the member is parsed from
//! the text, with no tree built. Under any other deserializer, and where serde buffers the JSON
//! first (a tagged union inside an untagged one), it is held as a `serde_json::Value`.

use super::field_paths::{FROM_TEXT, PATH_MARK, member_from_text};
use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use std::fmt;

/// A union's JSON with its tag read.
pub(crate) struct Tagged {
    tag: Option<String>,
    json: Held,
}

enum Held {
    /// JSON text, as serde_json read it.
    Text(Box<str>),
    Tree(serde_json::Value),
}

impl Tagged {
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D, tag: &str) -> Result<Self, D::Error> {
        let json = if FROM_TEXT.get() {
            deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, HoldVisitor)?
        } else {
            Held::Tree(serde::Deserialize::deserialize(deserializer)?)
        };
        let found = match &json {
            Held::Text(text) => find_tag(text, tag).map_err(D::Error::custom)?,
            Held::Tree(value) => value.get(tag).and_then(serde_json::Value::as_str).map(str::to_owned),
        };
        Ok(Tagged { tag: found, json })
    }

    pub(crate) fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// Decodes the member a known tag selects; a mismatch is an error with the member's field path,
    /// never a silent fallback to `Unknown`.
    pub(crate) fn member<T: serde::de::DeserializeOwned, E: Error>(self) -> Result<T, E> {
        let text = match self.json {
            Held::Text(text) => text,
            Held::Tree(value) => value.to_string().into(),
        };
        member_from_text(&text).map_err(|(path, message)| match path {
            Some(path) => located(&path, &message),
            None => E::custom(message),
        })
    }

    /// The JSON as received, for a member this version does not know.
    pub(crate) fn into_value<E: Error>(self) -> Result<serde_json::Value, E> {
        match self.json {
            Held::Text(text) => serde_json::from_str(&text).map_err(E::custom),
            Held::Tree(value) => Ok(value),
        }
    }
}

/// The name under which `serde_json::value::RawValue` asks for raw text. serde_json's own
/// deserializer answers it with a map of one entry, this name → the text; serde's buffering
/// deserializers answer any newtype request with the buffered value itself. Should serde_json
/// ever change the name, every union is held as a tree: slower, still correct.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The JSON of a union: as text where the deserializer gives it, else as a tree.
struct HoldVisitor;

impl<'de> Visitor<'de> for HoldVisitor {
    type Value = Held;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Held, D::Error> {
        serde::Deserialize::deserialize(deserializer).map(Held::Tree)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Held, A::Error> {
        let mut object = serde_json::Map::new();
        match map.next_key::<String>()? {
            Some(key) if key == RAW_VALUE_TOKEN => return Ok(Held::Text(map.next_value::<String>()?.into())),
            Some(key) => {
                object.insert(key, map.next_value()?);
            }
            None => {}
        }
        // A deserializer that does not know the request gives the object itself.
        while let Some((key, value)) = map.next_entry()? {
            object.insert(key, value);
        }
        Ok(Held::Tree(serde_json::Value::Object(object)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Held, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Held::Tree(serde_json::Value::Array(items)))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Held, E> {
        Ok(Held::Tree(value.into()))
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<Held, E> {
        Ok(Held::Tree(value.into()))
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<Held, E> {
        Ok(Held::Tree(value.into()))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Held, E> {
        Ok(Held::Tree(value.into()))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<Held, E> {
        Ok(Held::Tree(value.into()))
    }

    fn visit_unit<E: Error>(self) -> Result<Held, E> {
        Ok(Held::Tree(serde_json::Value::Null))
    }
}

/// An error inside a member, carrying the member's own path for `field_paths::join_path`.
fn located<E: Error>(path: &str, message: &str) -> E {
    if path == "." {
        E::custom(message)
    } else {
        E::custom(format!("{PATH_MARK}{path}{PATH_MARK}{message}"))
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

#[cfg(test)]
mod tests {
    use super::Tagged;

    /// A tagged union as the generator writes one.
    #[derive(Debug, PartialEq)]
    enum Shape {
        Circle(Circle),
        Unknown(serde_json::Value),
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Circle {
        radius: f64,
    }

    impl<'de> serde::Deserialize<'de> for Shape {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let tagged = Tagged::deserialize(deserializer, "kind")?;
            Ok(match tagged.tag() {
                Some("circle") => Shape::Circle(tagged.member()?),
                _ => Shape::Unknown(tagged.into_value()?),
            })
        }
    }

    /// An untagged union with the tagged one as a member: serde buffers its JSON first.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(untagged)]
    enum NameOrShape {
        Name(String),
        Shape(Shape),
    }

    #[test]
    fn a_tagged_union_decodes_inside_an_untagged_one_through_every_path() {
        let json = br#"[{"radius": 2.5, "kind": "circle"}, "plain", {"kind": "square", "side": 1}]"#;
        let expected = vec![
            NameOrShape::Shape(Shape::Circle(Circle { radius: 2.5 })),
            NameOrShape::Name("plain".into()),
            NameOrShape::Shape(Shape::Unknown(serde_json::json!({"kind": "square", "side": 1}))),
        ];
        let from_text: Vec<NameOrShape> = super::super::field_paths::decode(json).unwrap();
        assert_eq!(from_text, expected);
        assert_eq!(serde_json::from_slice::<Vec<NameOrShape>>(json).unwrap(), expected);
        let tree: serde_json::Value = serde_json::from_slice(json).unwrap();
        assert_eq!(serde_json::from_value::<Vec<NameOrShape>>(tree).unwrap(), expected);
        // On its own, the union is still read from the text.
        let circle: Shape = super::super::field_paths::decode(br#"{"kind": "circle", "radius": 1.0}"#).unwrap();
        assert_eq!(circle, Shape::Circle(Circle { radius: 1.0 }));
    }
}
