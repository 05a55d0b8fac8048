//! YAML tree → JSON tree. Done by hand rather than by serde so that YAML-only constructs
//! (non-string keys such as unquoted `200:`, tags, NaN) are converted or reported with a pointer.

use super::error::{escape_token, SpecError};
use serde_json::{Map, Number, Value};
use serde_yaml::Value as Yaml;

pub fn yaml_to_json(yaml: Yaml, file: &str) -> Result<Value, SpecError> {
    convert(yaml, file, &mut String::new())
}

fn convert(yaml: Yaml, file: &str, at: &mut String) -> Result<Value, SpecError> {
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => number(&n).ok_or_else(|| {
            SpecError::new(
                file,
                at.clone(),
                format!("the number {n} cannot be represented in JSON"),
            )
        })?,
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                out.push(convert(item, file, at)?);
                at.truncate(len);
            }
            Value::Array(out)
        }
        Yaml::Mapping(entries) => {
            let mut out = Map::with_capacity(entries.len());
            for (key, value) in entries {
                let key = key_text(key).ok_or_else(|| {
                    SpecError::new(file, at.clone(), "a mapping key must be a string, number or boolean")
                })?;
                let len = at.len();
                at.push_str(&format!("/{}", escape_token(&key)));
                let value = convert(value, file, at)?;
                at.truncate(len);
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Yaml::Tagged(tagged) => {
            return Err(SpecError::new(
                file,
                at.clone(),
                format!("YAML tag {} is not allowed in an OpenAPI document", tagged.tag),
            ))
        }
    })
}

fn number(n: &serde_yaml::Number) -> Option<Value> {
    if let Some(i) = n.as_i64() {
        Some(Value::Number(i.into()))
    } else if let Some(u) = n.as_u64() {
        Some(Value::Number(u.into()))
    } else {
        n.as_f64().and_then(Number::from_f64).map(Value::Number)
    }
}

fn key_text(key: Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(s),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
