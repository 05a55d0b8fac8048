//! A fast path for JSON documents: serde_json reads them in a fraction of the time the YAML parser
//! takes (and without building a YAML tree first). It only decides for well-formed JSON without
//! duplicate keys; anything else goes to the YAML parser, whose tree or error stands, so a
//! document reads the same either way.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The tree of `text` if it is plain JSON (an object at the top, no duplicate keys).
pub fn tree(text: &str) -> Option<Value> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    serde_json::from_str::<Strict>(text).ok().map(|s| s.0)
}

/// A JSON value whose objects refuse a key given twice (serde_json's `Value` keeps the last).
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number JSON cannot represent"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if out.insert(key, value).is_some() {
                return Err(A::Error::custom("duplicate key"));
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::tree;

    #[test]
    fn plain_json_is_read_as_it_is() {
        let text = r#"{"b": [1, -2, 3.5, true, null, "x"], "a": {"c": "d"}}"#;
        let value = tree(text).unwrap();
        assert_eq!(value, serde_json::from_str::<serde_json::Value>(text).unwrap());
        // Key order is kept (serde_json's `preserve_order`).
        assert_eq!(value.as_object().unwrap().keys().collect::<Vec<_>>(), ["b", "a"]);
    }

    #[test]
    fn a_real_document_reads_the_same_as_through_the_yaml_parser() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/dixa.corrected.json");
        let text = std::fs::read_to_string(path).unwrap();
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let through_yaml = super::super::convert::yaml_to_json(yaml, "x").unwrap();
        assert_eq!(tree(&text).unwrap(), through_yaml);
    }

    #[test]
    fn duplicate_keys_and_non_json_are_left_to_the_yaml_parser() {
        assert_eq!(tree(r#"{"a": 1, "a": 2}"#), None);
        assert_eq!(tree(r#"{"a": {"b": 1, "b": 1}}"#), None);
        assert_eq!(tree("openapi: 3.0.0\n"), None);
        assert_eq!(tree("{a: 1}"), None);
    }
}
