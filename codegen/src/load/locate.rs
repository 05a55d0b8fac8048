//! Finding where in the document a type error really is. `openapiv3` flattens extensions into
//! its structs, which hides the path below each object from serde; so, on an error, every
//! OpenAPI object under the reported pointer is checked on its own and the deepest failing one
//! is named.

use super::error::escape_token;
use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use regex::Regex;
use serde_json::Value;

type Check = fn(&Value) -> Result<(), (String, String)>;

fn check<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(|_| ())
        .map_err(|e| (super::error::path_to_pointer(e.path()), e.inner().to_string()))
}

/// Pointer patterns of the OpenAPI objects worth checking one by one, most specific first.
fn kinds() -> Vec<(Regex, Check)> {
    let method = "(get|put|post|delete|options|head|patch|trace)";
    let schema = r"(/schema|/items|/not|/additionalProperties|/properties/[^/]+|/(oneOf|allOf|anyOf)/\d+|^/components/schemas/[^/]+)$";
    vec![
        (
            Regex::new(schema).expect("constant"),
            check::<ReferenceOr<Schema>> as Check,
        ),
        (
            Regex::new(r"/parameters/(\d+|[^/]+)$").expect("constant"),
            check::<ReferenceOr<Parameter>>,
        ),
        (
            Regex::new(r"(/requestBody|^/components/requestBodies/[^/]+)$").expect("constant"),
            check::<ReferenceOr<RequestBody>>,
        ),
        (
            Regex::new(r"(/responses/[^/]+|^/components/responses/[^/]+)$").expect("constant"),
            check::<ReferenceOr<Response>>,
        ),
        (
            Regex::new(&format!("^/paths/[^/]+/{method}$")).expect("constant"),
            check::<Operation>,
        ),
        (
            Regex::new(r"^/paths/[^/]+$").expect("constant"),
            check::<ReferenceOr<PathItem>>,
        ),
    ]
}

/// The deepest OpenAPI object under `pointer` that fails on its own: its pointer (with the
/// path inside it) and the reason.
pub fn deepest(document: &Value, pointer: &str) -> Option<(String, String)> {
    let start = document.pointer(pointer)?;
    let kinds = kinds();
    let mut found = None;
    walk(start, &mut pointer.to_owned(), &kinds, &mut found);
    found
}

fn walk(node: &Value, at: &mut String, kinds: &[(Regex, Check)], found: &mut Option<(String, String)>) {
    if let Some((_, check)) = kinds.iter().find(|(pattern, _)| pattern.is_match(at)) {
        match check(node) {
            Ok(()) => return,
            Err((inner, message)) => *found = Some((format!("{at}{inner}"), message)),
        }
    }
    let children: Vec<(String, &Value)> = match node {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "example" && k.as_str() != "examples")
            .map(|(k, v)| (escape_token(k).into_owned(), v))
            .collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => return,
    };
    for (key, child) in children {
        let len = at.len();
        at.push('/');
        at.push_str(&key);
        walk(child, at, kinds, found);
        at.truncate(len);
    }
}
