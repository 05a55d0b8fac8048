//! Schemas that mix keywords `openapiv3` cannot type are rewritten to the equivalent shape it
//! can, before typing; `openapiv3` would read them as "any" and the model could only give
//! `serde_json::Value`. What each rule does keeps the meaning of the schema:
//!
//! - `properties` or `additionalProperties` without `type` → `type: object`; `items` without
//!   `type` → `type: array`; an `enum` of strings without `type` → `type: string`.
//! - a primitive or array `type` with keywords of another type (`additionalProperties` on a
//!   string, `minItems` on a string) → those keywords dropped: they cannot apply.
//! - `oneOf` / `anyOf` / `allOf` members that only constrain (`{required: [a]}`, `{}`) → dropped:
//!   they add no shape (a type's own `required` list still says what is required).
//! - `type: object` with `allOf` → the object's own properties (and `required`) become one more
//!   `allOf` member (and `$ref`s into them follow);
//!   with `oneOf` / `anyOf` and no properties of its own → the union alone.

use super::objects::{self, Kind};
use serde_json::{Map, Value};

const STRING: &[&str] = &["format", "pattern", "minLength", "maxLength", "enum"];
const NUMBER: &[&str] = &[
    "format",
    "multipleOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "enum",
];
const BOOLEAN: &[&str] = &["enum"];
const ARRAY: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];
const COMPOSITION: &[&str] = &["oneOf", "anyOf", "allOf", "not"];
/// The keywords that list member schemas.
const MEMBER_LISTS: [&str; 3] = ["oneOf", "anyOf", "allOf"];
/// Every keyword that decides which kind `openapiv3` reads.
const SHAPE: &[&[&str]] = &[STRING, NUMBER, ARRAY, OBJECT, COMPOSITION];

/// Rewrites every schema of the document that mixes kinds.
pub fn schemas(document: &mut Value) {
    let mut pointers = Vec::new();
    objects::visit(document, &mut |kind, at, object| {
        if kind == Kind::Schema && !object.contains_key("$ref") && may_change(object) {
            pointers.push(at.to_owned());
        }
    });
    // Children first: a parent's rewrite may move them.
    let mut moves = Vec::new();
    for pointer in pointers.iter().rev() {
        if let Some(Value::Object(schema)) = document.pointer_mut(pointer) {
            if let Some(index) = normalize(schema) {
                for keyword in OBJECT {
                    moves.push((
                        format!("{pointer}/{keyword}"),
                        format!("{pointer}/allOf/{index}/{keyword}"),
                    ));
                }
            }
        }
    }
    if !moves.is_empty() {
        follow_moves(document, &moves);
    }
}

/// Points the `$ref`s into moved properties at where they are now.
fn follow_moves(document: &mut Value, moves: &[(String, String)]) {
    let mut references = Vec::new();
    objects::visit(document, &mut |kind, at, object| {
        if let Some(target) = object
            .get("$ref")
            .filter(|_| kind.may_be_reference())
            .and_then(Value::as_str)
        {
            references.push((at.to_owned(), target.to_owned()));
        }
    });
    for (at, target) in references {
        let Some(mut pointer) = super::refs::pointer_of(&target) else {
            continue;
        };
        for (from, to) in moves {
            if pointer == *from || pointer.starts_with(&format!("{from}/")) {
                pointer = format!("{to}{}", &pointer[from.len()..]);
            }
        }
        if let Some(Value::Object(reference)) = document.pointer_mut(&at) {
            reference.insert("$ref".into(), format!("#{}", pointer.replace('%', "%25")).into());
        }
    }
}

/// Rewrites one schema; where its own properties moved into a new `allOf` member, that
/// member's index.
fn normalize(schema: &mut Map<String, Value>) -> Option<usize> {
    for keyword in MEMBER_LISTS {
        drop_constraint_only_members(schema, keyword);
    }
    for keyword in ["oneOf", "anyOf"] {
        drop_refinements(schema, keyword);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") | None => return object_or_composition(schema),
        Some(kind) => {
            if let Some(own) = own_keywords(kind) {
                keep_only(schema, own);
            }
        }
    }
    None
}

/// Whether [`normalize`] could rewrite the schema, by its own keywords alone (most schemas are
/// left as they are, and finding one again by its pointer costs more than this test).
fn may_change(schema: &Map<String, Value>) -> bool {
    if MEMBER_LISTS.iter().any(|k| schema.contains_key(*k)) {
        return true;
    }
    match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("object") => false,
        Some(kind) => own_keywords(kind).is_some_and(|own| schema.keys().any(|key| foreign(own, key))),
    }
}

/// The keywords that a schema of primitive or array `type` keeps.
fn own_keywords(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "string" => Some(STRING),
        "number" | "integer" => Some(NUMBER),
        "boolean" => Some(BOOLEAN),
        "array" => Some(ARRAY),
        _ => None,
    }
}

/// A keyword that decides a kind other than the one whose keywords are `own`.
fn foreign(own: &[&str], key: &str) -> bool {
    !own.contains(&key) && SHAPE.iter().any(|kind| kind.contains(&key))
}

/// Drops the keywords of other kinds from a schema of a primitive or array `type`.
fn keep_only(schema: &mut Map<String, Value>, own: &[&str]) {
    schema.retain(|key, _| !foreign(own, key));
}

fn object_or_composition(schema: &mut Map<String, Value>) -> Option<usize> {
    let has = |schema: &Map<String, Value>, keywords: &[&str]| keywords.iter().any(|k| schema.contains_key(*k));
    let own_properties = has(schema, &["properties", "additionalProperties"]);
    if schema.contains_key("allOf") {
        if has(schema, OBJECT) || schema.contains_key("type") {
            let mut own = Map::new();
            for keyword in OBJECT {
                if let Some(value) = schema.remove(*keyword) {
                    own.insert((*keyword).to_owned(), value);
                }
            }
            schema.remove("type");
            if !own.is_empty() {
                own.insert("type".into(), "object".into());
                if let Some(Value::Array(members)) = schema.get_mut("allOf") {
                    members.push(Value::Object(own));
                    return Some(members.len() - 1);
                }
            }
        }
    } else if has(schema, &["oneOf", "anyOf"]) {
        if !own_properties && schema.get("type").and_then(Value::as_str) == Some("object") {
            schema.remove("type");
            schema.remove("required");
        }
    } else if !schema.contains_key("type") {
        let strings = schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(|v| v.is_string() || v.is_null()));
        if own_properties {
            schema.insert("type".into(), "object".into());
        } else if schema.contains_key("items") {
            schema.insert("type".into(), "array".into());
        } else if strings {
            schema.insert("type".into(), "string".into());
        }
    }
    None
}

/// Drops a `oneOf` / `anyOf` of an object with properties whose members only refine those
/// properties (GitHub: "`status` is `completed` and then `conclusion` is required"): written
/// inline, adding no property, no items and no composition of their own.
fn drop_refinements(schema: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Object(own)) = schema.get("properties") else {
        return;
    };
    let Some(Value::Array(members)) = schema.get(keyword) else {
        return;
    };
    let refines = |member: &Value| {
        member.as_object().is_some_and(|m| {
            !["$ref", "items", "oneOf", "anyOf", "allOf"]
                .iter()
                .any(|k| m.contains_key(*k))
                && m.get("type").map_or(true, |t| t == "object")
                && m.get("properties")
                    .and_then(Value::as_object)
                    .map_or(true, |p| p.keys().all(|k| own.contains_key(k)))
        })
    };
    if members.iter().all(refines) {
        schema.remove(keyword);
    }
}

/// Drops the members of a composition that give no shape: neither a reference nor a type, nor
/// properties, items, values or a composition of their own. The keyword goes when none is left.
fn drop_constraint_only_members(schema: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(members)) = schema.get_mut(keyword) else {
        return;
    };
    let shaped = |member: &Value| {
        member.as_object().is_some_and(|m| {
            [
                "$ref",
                "type",
                "properties",
                "additionalProperties",
                "items",
                "enum",
                "oneOf",
                "anyOf",
                "allOf",
            ]
            .iter()
            .any(|k| m.contains_key(*k))
        })
    };
    let before = members.len();
    members.retain(shaped);
    if members.is_empty() && before > 0 {
        schema.remove(keyword);
    }
}

#[cfg(test)]
mod tests {
    use super::super::objects::{self, Kind};
    use super::{may_change, normalize};
    use serde_json::{json, Map, Value};

    /// The schema normalized, checking that `may_change` did not pass over a schema that changes.
    fn normalized(schema: Value) -> Value {
        let Value::Object(mut map) = schema else {
            panic!("a schema")
        };
        let before = map.clone();
        normalize(&mut map);
        assert!(map == before || may_change(&before), "`may_change` missed {before:?}");
        Value::Object(map)
    }

    #[test]
    fn every_schema_that_changes_is_found() {
        let text = include_str!("../../../spec/dixa.yaml");
        let document = crate::load::parse_text(text, "spec/dixa.yaml").unwrap();
        let mut schemas: Vec<Map<String, Value>> = Vec::new();
        objects::visit(&document, &mut |kind, _, object| {
            if kind == Kind::Schema {
                schemas.push(object.clone());
            }
        });
        assert!(schemas.len() > 1000, "{} schemas", schemas.len());
        for schema in schemas {
            normalized(Value::Object(schema));
        }
    }

    #[test]
    fn mixed_schemas_become_one_kind() {
        // GitHub: `properties` without `type`.
        assert_eq!(
            normalized(json!({"properties": {"value": {"type": "string"}}})),
            json!({"properties": {"value": {"type": "string"}}, "type": "object"})
        );
        // GitHub: a string with `additionalProperties`; a string with `minItems`.
        assert_eq!(
            normalized(json!({"type": "string", "nullable": true, "additionalProperties": true})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            normalized(json!({"type": "string", "minItems": 1, "example": "a@b.c"})),
            json!({"type": "string", "example": "a@b.c"})
        );
        // GitHub: `type: object` with `anyOf` of references.
        assert_eq!(
            normalized(json!({"type": "object", "anyOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]})),
            json!({"anyOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]})
        );
        // GitHub: an object whose `oneOf` only says which properties are required.
        assert_eq!(
            normalized(
                json!({"type": "object", "properties": {"a": {}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]})
            ),
            json!({"type": "object", "properties": {"a": {}}})
        );
        // buildomat: a nullable `allOf` of one with a `oneOf` of "anything".
        assert_eq!(
            normalized(json!({"nullable": true, "allOf": [{"$ref": "#/Task"}], "oneOf": [{}]})),
            json!({"nullable": true, "allOf": [{"$ref": "#/Task"}]})
        );
        // `type: object` with `allOf` and properties of its own.
        assert_eq!(
            normalized(
                json!({"type": "object", "allOf": [{"$ref": "#/Base"}], "properties": {"x": {}}, "required": ["x"]})
            ),
            json!({"allOf": [{"$ref": "#/Base"}, {"properties": {"x": {}}, "required": ["x"], "type": "object"}]})
        );
        assert_eq!(
            normalized(json!({"type": "object", "allOf": [{"$ref": "#/Base"}]})),
            json!({"allOf": [{"$ref": "#/Base"}]})
        );
        // GitHub: members that only refine the object's own properties.
        assert_eq!(
            normalized(
                json!({"type": "object", "properties": {"status": {"type": "string"}}, "oneOf": [
                    {"properties": {"status": {"enum": ["completed"]}}, "required": ["status"], "additionalProperties": true},
                    {"type": "object", "maxProperties": 0}
                ]})
            ),
            json!({"type": "object", "properties": {"status": {"type": "string"}}})
        );
        // `required` beside `allOf` applies to the merged properties.
        assert_eq!(
            normalized(json!({"allOf": [{"$ref": "#/A"}, {"$ref": "#/B"}], "required": ["x"]})),
            json!({"allOf": [{"$ref": "#/A"}, {"$ref": "#/B"}, {"required": ["x"], "type": "object"}]})
        );
        assert_eq!(
            normalized(json!({"enum": ["a", "b"]})),
            json!({"enum": ["a", "b"], "type": "string"})
        );
        // Nothing to do.
        for plain in [
            json!({"type": "object", "properties": {"a": {}}, "required": ["a"]}),
            json!({"oneOf": [{"$ref": "#/a"}, {"type": "string"}]}),
            json!({}),
        ] {
            assert_eq!(normalized(plain.clone()), plain);
        }
    }
}
