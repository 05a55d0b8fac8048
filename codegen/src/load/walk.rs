//! Reading the typed document: its operations in document order, and what its local `$ref`s
//! point at. The loader has checked every `$ref`; these return `None` where one still does not
//! resolve to the kind of object expected, and the model reports that with its pointer.

use openapiv3::{OpenAPI, Operation, Parameter, ReferenceOr, RequestBody, Response, Schema};

/// Every operation of the document in document order: (path, lower-case method, operation).
pub fn operations(openapi: &OpenAPI) -> impl Iterator<Item = (&str, &'static str, &Operation)> {
    openapi.paths.paths.iter().flat_map(|(path, item)| {
        let ops: Vec<(&str, &'static str, &Operation)> = match item {
            ReferenceOr::Item(item) => [
                ("get", &item.get),
                ("put", &item.put),
                ("post", &item.post),
                ("delete", &item.delete),
                ("options", &item.options),
                ("head", &item.head),
                ("patch", &item.patch),
                ("trace", &item.trace),
            ]
            .into_iter()
            .filter_map(|(m, op)| op.as_ref().map(|op| (path.as_str(), m, op)))
            .collect(),
            ReferenceOr::Reference { .. } => Vec::new(),
        };
        ops
    })
}

/// The parameters declared on a path for all of its operations.
pub fn path_parameters<'a>(openapi: &'a OpenAPI, path: &str) -> &'a [ReferenceOr<Parameter>] {
    match openapi.paths.paths.get(path) {
        Some(ReferenceOr::Item(item)) => &item.parameters,
        _ => &[],
    }
}

/// A parameter, or the one `#/components/parameters/…` it refers to.
pub fn parameter<'a>(openapi: &'a OpenAPI, parameter: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    local(parameter, "#/components/parameters/", |name| {
        openapi.components.as_ref()?.parameters.get(name)
    })
}

/// A request body, or the one `#/components/requestBodies/…` it refers to.
pub fn request_body<'a>(openapi: &'a OpenAPI, body: &'a ReferenceOr<RequestBody>) -> Option<&'a RequestBody> {
    local(body, "#/components/requestBodies/", |name| {
        openapi.components.as_ref()?.request_bodies.get(name)
    })
}

/// A response, or the one `#/components/responses/…` it refers to.
pub fn response<'a>(openapi: &'a OpenAPI, response: &'a ReferenceOr<Response>) -> Option<&'a Response> {
    local(response, "#/components/responses/", |name| {
        openapi.components.as_ref()?.responses.get(name)
    })
}

/// The component schema a `$ref` points at, as (component name, schema), following a chain of
/// references (the loader has refused cycles; the bound is a backstop).
pub fn component_schema<'a>(openapi: &'a OpenAPI, reference: &str) -> Option<(&'a str, &'a Schema)> {
    let schemas = &openapi.components.as_ref()?.schemas;
    let mut reference = reference;
    for _ in 0..64 {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let (name, schema) = schemas.get_key_value(name)?;
        match schema {
            ReferenceOr::Item(schema) => return Some((name.as_str(), schema)),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}

/// The component names of the `$ref` members of a `oneOf` or `anyOf` (none for other schemas).
pub fn union_members(schema: &Schema) -> Vec<&str> {
    let members = match &schema.schema_kind {
        openapiv3::SchemaKind::OneOf { one_of } => one_of,
        openapiv3::SchemaKind::AnyOf { any_of } => any_of,
        _ => return Vec::new(),
    };
    members
        .iter()
        .filter_map(|m| match m {
            ReferenceOr::Reference { reference } => reference.strip_prefix("#/components/schemas/"),
            ReferenceOr::Item(_) => None,
        })
        .collect()
}

/// An object, or the one a `$ref` with `prefix` names (one level: a reference to a reference
/// does not resolve).
fn local<'a, T>(
    item: &'a ReferenceOr<T>,
    prefix: &str,
    lookup: impl FnOnce(&str) -> Option<&'a ReferenceOr<T>>,
) -> Option<&'a T> {
    match item {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => match lookup(reference.strip_prefix(prefix)?)? {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { .. } => None,
        },
    }
}

/// The key schema that the corrections put on a map (`x-map-key`): a schema or a `$ref`.
pub fn map_key(schema: &Schema) -> Option<ReferenceOr<Schema>> {
    let value = schema.schema_data.extensions.get("x-map-key")?;
    serde_json::from_value(value.clone()).ok()
}
