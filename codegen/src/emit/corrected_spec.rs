//! The document as the generator understands it, for other tools (mock servers, validators,
//! other-language generators): the corrections applied, and each tagged union's members
//! declaring their tag, so that a JSON Schema validator can tell the members apart.
//!
//! The vendor's members do not declare `_type`, and some are identical (`Text` and `Html`), so
//! without this a strict validator rejects every correct union value ("matches more than one").
//! A member that is also used outside its unions (Dixa's `ErrorResponse` carries no `_type` in a
//! bulk failure) declares the tag without requiring it.
//!
//! Timestamps are described as what the client accepts rather than as RFC 3339 `date-time`,
//! which Dixa's `2021-12-01T12:46:36.581Z[GMT]` and `2021-12-01T12:46:35.935` are not: a
//! `pattern`, with `x-format: date-time` kept for tools that want the meaning.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The grammar `dixa::DateTime` accepts (see `runtime/datetime.rs`).
pub const DATE_TIME_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?([Zz]|[+-]\d{2}(:?\d{2})?)?(\[[A-Za-z0-9/_+-]+\])?$";

/// The corrected document with tag properties added to union members.
pub fn document(corrected: &Value) -> Value {
    let mut document = corrected.clone();
    describe_timestamps(&mut document);
    let tags = member_tags(&document);
    let standalone = referenced_outside_unions(&document);
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return document;
    };
    for ((member, property), values) in tags {
        let Some(schema) = schemas.get_mut(&member).and_then(Value::as_object_mut) else {
            continue;
        };
        let properties = schema.entry("properties").or_insert_with(|| json!({}));
        if let Some(properties) = properties.as_object_mut() {
            properties.insert(
                property.clone(),
                json!({ "type": "string", "enum": values.into_iter().collect::<Vec<_>>() }),
            );
        }
        if !standalone.contains(&member) {
            let required = schema.entry("required").or_insert_with(|| json!([]));
            if let Some(required) = required.as_array_mut() {
                if !required.iter().any(|r| r.as_str() == Some(property.as_str())) {
                    required.push(Value::String(property));
                }
            }
        }
    }
    document
}

/// (member schema, tag property) → the tag values its unions give it.
fn member_tags(document: &Value) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut tags: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let empty = Map::new();
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for schema in schemas.values() {
        let Some(discriminator) = schema.get("discriminator") else {
            continue;
        };
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            continue;
        };
        let mapping = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for member in schema.get("oneOf").and_then(Value::as_array).into_iter().flatten() {
            let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            let name = reference.rsplit('/').next().unwrap_or(reference).to_owned();
            let mapped: Vec<String> = mapping
                .iter()
                .filter(|(_, target)| target.as_str() == Some(reference) || target.as_str() == Some(name.as_str()))
                .map(|(tag, _)| tag.clone())
                .collect();
            let values = if mapped.is_empty() { vec![name.clone()] } else { mapped };
            tags.entry((name, property.to_owned())).or_default().extend(values);
        }
    }
    tags
}

/// Component schemas referenced anywhere but as a member of a `oneOf`.
fn referenced_outside_unions(document: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    collect_references(document, false, &mut found);
    found
}

fn collect_references(node: &Value, in_one_of: bool, found: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            if let (false, Some(reference)) = (in_one_of, map.get("$ref").and_then(Value::as_str)) {
                if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                    found.insert(name.to_owned());
                }
            }
            for (key, value) in map {
                if key != "example" && key != "examples" && key != "discriminator" {
                    collect_references(value, key == "oneOf", found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_references(item, in_one_of, found)),
        _ => {}
    }
}

/// `format: date-time` → the pattern of what Dixa really sends.
fn describe_timestamps(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("string")
                && map.get("format").and_then(Value::as_str) == Some("date-time")
            {
                map.remove("format");
                map.insert("pattern".into(), Value::String(DATE_TIME_PATTERN.into()));
                map.insert("x-format".into(), Value::String("date-time".into()));
            }
            for (key, value) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    describe_timestamps(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(describe_timestamps),
        _ => {}
    }
}
