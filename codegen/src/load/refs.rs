//! Every `$ref` must point inside the document: a dangling one is reported where it stands.
//! Only the places where OpenAPI 3.0 allows a Reference Object are read as references.

use super::error::{escape_token, SpecError};
use serde_json::Value;

pub fn check(document: &Value, file: &str) -> Result<(), Vec<SpecError>> {
    let mut errors = Vec::new();
    let mut walker = Walker {
        document,
        file,
        at: String::new(),
        errors: &mut errors,
    };
    walker.walk(Kind::Document, document);
    if errors.is_empty() {
        errors.extend(reference_cycles(document, file));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What an OpenAPI 3.0 object is, by where it stands: it says where a Reference Object may be
/// and which members hold further objects. Everything else (example values, defaults, enums,
/// extensions) is data, where a `$ref` key is just a key, and so is a property named `$ref`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Components,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Encoding,
    Header,
    Schema,
    Example,
    Link,
    Callback,
    SecurityScheme,
}

/// How a member of an object holds the objects below it.
enum Holds {
    One(Kind),
    /// A list of them (`allOf`, `parameters`).
    List(Kind),
    /// A map of names to them (`properties`, `content`, `responses`).
    Map(Kind),
}

impl Kind {
    /// Whether a Reference Object may stand here.
    fn may_be_reference(self) -> bool {
        !matches!(
            self,
            Kind::Document | Kind::Components | Kind::Paths | Kind::Operation | Kind::Responses
        )
    }

    /// What the member `key` of an object of this kind holds.
    fn member(self, key: &str) -> Option<Holds> {
        use Holds::{List, Map, One};
        const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
        Some(match (self, key) {
            (Kind::Document, "paths") => One(Kind::Paths),
            (Kind::Document, "components") => One(Kind::Components),
            (Kind::Components, "schemas") => Map(Kind::Schema),
            (Kind::Components, "responses") => Map(Kind::Response),
            (Kind::Components, "parameters") => Map(Kind::Parameter),
            (Kind::Components, "examples") => Map(Kind::Example),
            (Kind::Components, "requestBodies") => Map(Kind::RequestBody),
            (Kind::Components, "headers") => Map(Kind::Header),
            (Kind::Components, "securitySchemes") => Map(Kind::SecurityScheme),
            (Kind::Components, "links") => Map(Kind::Link),
            (Kind::Components, "callbacks") => Map(Kind::Callback),
            (Kind::Paths, key) if !key.starts_with("x-") => One(Kind::PathItem),
            (Kind::PathItem, "parameters") | (Kind::Operation, "parameters") => List(Kind::Parameter),
            (Kind::PathItem, method) if METHODS.contains(&method) => One(Kind::Operation),
            (Kind::Operation, "requestBody") => One(Kind::RequestBody),
            (Kind::Operation, "responses") => One(Kind::Responses),
            (Kind::Operation, "callbacks") => Map(Kind::Callback),
            (Kind::Callback, key) if !key.starts_with("x-") => One(Kind::PathItem),
            (Kind::Responses, key) if !key.starts_with("x-") => One(Kind::Response),
            (Kind::Response, "headers") | (Kind::Encoding, "headers") => Map(Kind::Header),
            (Kind::Response, "content") | (Kind::RequestBody, "content") => Map(Kind::MediaType),
            (Kind::Response, "links") => Map(Kind::Link),
            (Kind::Parameter | Kind::Header, "content") => Map(Kind::MediaType),
            (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => One(Kind::Schema),
            (Kind::Parameter | Kind::Header | Kind::MediaType, "examples") => Map(Kind::Example),
            (Kind::MediaType, "encoding") => Map(Kind::Encoding),
            (Kind::Schema, "properties") => Map(Kind::Schema),
            (Kind::Schema, "items" | "not" | "additionalProperties") => One(Kind::Schema),
            (Kind::Schema, "allOf" | "oneOf" | "anyOf") => List(Kind::Schema),
            _ => return None,
        })
    }
}

struct Walker<'a> {
    document: &'a Value,
    file: &'a str,
    /// The pointer of the node being walked.
    at: String,
    errors: &'a mut Vec<SpecError>,
}

impl Walker<'_> {
    fn walk(&mut self, kind: Kind, node: &Value) {
        let Value::Object(map) = node else { return };
        if kind.may_be_reference() {
            if let Some(target) = map.get("$ref") {
                if let Some(problem) = problem_with(self.document, target) {
                    self.errors
                        .push(SpecError::new(self.file, format!("{}/$ref", self.at), problem));
                }
                // In OpenAPI 3.0 the members beside a `$ref` are ignored.
                return;
            }
        }
        for (key, value) in map {
            match kind.member(key) {
                Some(Holds::One(inner)) => self.enter(key, |w| w.walk(inner, value)),
                Some(Holds::List(inner)) => self.enter(key, |w| {
                    for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                        w.enter(&i.to_string(), |w| w.walk(inner, item));
                    }
                }),
                Some(Holds::Map(inner)) => self.enter(key, |w| {
                    for (name, item) in value.as_object().into_iter().flatten() {
                        w.enter(name, |w| w.walk(inner, item));
                    }
                }),
                None => {}
            }
        }
    }

    /// Runs `f` with the pointer one step deeper.
    fn enter(&mut self, token: &str, f: impl FnOnce(&mut Self)) {
        let len = self.at.len();
        self.at.push('/');
        self.at.push_str(&escape_token(token));
        f(self);
        self.at.truncate(len);
    }
}

fn problem_with(document: &Value, target: &Value) -> Option<String> {
    let Value::String(target) = target else {
        return Some(format!(
            "`$ref` must be a string, found {}",
            super::error::kind_of(target)
        ));
    };
    let Some(pointer) = target.strip_prefix('#') else {
        return Some(format!(
            "`{target}` is not a local reference; only `#/...` references are supported"
        ));
    };
    match resolve(document, pointer) {
        Some(_) => None,
        None => Some(format!(
            "`{target}` does not resolve: nothing at that pointer in the document{}",
            suggestion(document, pointer)
                .map(|s| format!(" (did you mean `#{s}`?)"))
                .unwrap_or_default()
        )),
    }
}

/// The closest existing sibling of a missing pointer's last step, if one is close enough to be a typo.
fn suggestion(document: &Value, pointer: &str) -> Option<String> {
    let (parent, missing) = pointer.rsplit_once('/')?;
    let siblings = resolve(document, parent)?.as_object()?;
    siblings
        .keys()
        .map(|key| (strsim::levenshtein(key, missing), key))
        .filter(|(distance, key)| *distance <= 2.max(key.len() / 4))
        .min()
        .map(|(_, key)| format!("{parent}/{}", escape_token(key)))
}

/// Resolves a JSON pointer, percent-decoding it first as a URI fragment requires.
pub fn resolve<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    let decoded = percent_decode(pointer)?;
    document.pointer(&decoded)
}

fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Components that are nothing but a `$ref` leading back to themselves: they describe nothing.
/// (A cycle through properties is a recursive type, and fine.)
fn reference_cycles(document: &Value, file: &str) -> Vec<SpecError> {
    let mut errors = Vec::new();
    let Some(components) = document.get("components").and_then(Value::as_object) else {
        return errors;
    };
    for (section, entries) in components {
        for (name, entry) in entries.as_object().into_iter().flatten() {
            let start = format!("/components/{}/{}", escape_token(section), escape_token(name));
            let mut chain = vec![start.clone()];
            let mut node = entry;
            while let Some(target) = node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|t| t.strip_prefix('#'))
            {
                let target = percent_decode(target).unwrap_or_default();
                if chain.contains(&target) {
                    chain.push(target);
                    errors.push(SpecError::new(
                        file,
                        format!("{start}/$ref"),
                        format!("reference cycle with no schema in it: {}", chain.join(" → ")),
                    ));
                    break;
                }
                chain.push(target.clone());
                match document.pointer(&target) {
                    Some(next) => node = next,
                    None => break,
                }
            }
        }
    }
    errors
}
