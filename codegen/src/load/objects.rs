//! Where each OpenAPI 3.0 object of a document stands, and so what it is: the walk that the
//! reference check and the schema normalization share.

use super::error::escape_token;
use serde_json::{Map, Value};

/// What an OpenAPI 3.0 object is, by where it stands: it says where a Reference Object may be
/// and which members hold further objects. Everything else (example values, defaults, enums,
/// extensions) is data, where a `$ref` key is just a key, and so is a property named `$ref`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
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
    pub(super) fn may_be_reference(self) -> bool {
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

/// What `visit` calls with each object: its kind, its pointer, its members.
pub(super) type Visitor<'a> = dyn FnMut(Kind, &str, &Map<String, Value>) + 'a;

/// Calls `visit` with every OpenAPI object of the document (its kind, its pointer, its members),
/// parents before children. A Reference Object is visited and not entered.
pub(super) fn visit(document: &Value, visit: &mut Visitor) {
    let mut walker = Walker {
        at: String::new(),
        visit,
    };
    walker.walk(Kind::Document, document);
}

struct Walker<'a> {
    /// The pointer of the node being walked.
    at: String,
    visit: &'a mut Visitor<'a>,
}

impl Walker<'_> {
    fn walk(&mut self, kind: Kind, node: &Value) {
        let Value::Object(map) = node else { return };
        (self.visit)(kind, &self.at, map);
        // In OpenAPI 3.0 the members beside a `$ref` are ignored.
        if kind.may_be_reference() && map.contains_key("$ref") {
            return;
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
