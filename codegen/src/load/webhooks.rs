//! The webhooks document: the shapes of the events an API POSTs to its subscribers, which its own
//! document does not describe, as a supplementary OpenAPI 3.0 document of schemas (no paths).
//!
//! Its root carries `x-webhooks`:
//!
//! ```yaml
//! x-webhooks:
//!   envelope: Event            # the body's schema
//!   payload: data              # the envelope property holding the event-specific part: a `$ref`
//!                              # to a `oneOf` whose discriminator names an envelope property
//!   signature: {scheme: timestamped-hmac-sha256, header: X-DIXA-SIGNATURE}   # optional
//!   subscription-names: '#/...'   # optional: the API document's enum of subscription names
//!   embedded: ['#/...']           # optional: API properties that carry a body as a JSON string
//! ```
//!
//! Every schema and property states where it was seen (`x-evidence`, with `x-inference` where it
//! was concluded), as every correction does. References into the API document are checked
//! against the corrected document, so a renamed schema stops `regen` with a located error.

use super::{LoadError, SpecError};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// A loaded, checked webhooks document.
#[derive(Debug, Clone)]
pub struct WebhooksSpec {
    /// The file it was read from, for messages.
    pub file: String,
    pub document: Value,
    pub openapi: openapiv3::OpenAPI,
    pub config: WebhooksConfig,
}

/// The document's `x-webhooks`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WebhooksConfig {
    /// The component schema of a whole delivery.
    pub envelope: String,
    /// The envelope property holding the event-specific part.
    pub payload: String,
    #[serde(default)]
    pub signature: Option<Signature>,
    /// A JSON pointer (`#/...`) into the API document to its enum of subscription event names.
    #[serde(default)]
    pub subscription_names: Option<String>,
    /// JSON pointers (`#/components/schemas/X/properties/y`) into the API document to string
    /// properties that carry a delivered body.
    #[serde(default)]
    pub embedded: Vec<String>,
}

/// How deliveries are signed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Signature {
    pub scheme: SignatureScheme,
    /// The HTTP header that carries the signature.
    pub header: String,
}

/// The signature schemes the generated crate can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureScheme {
    /// `t=<unix milliseconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed by the hex-decoded
    /// secret (Dixa's scheme).
    TimestampedHmacSha256,
}

/// Reads the webhooks document at `path` and checks it, and its references into `api` (the
/// corrected API document).
pub fn load_file(path: &Path, api: &Value) -> Result<WebhooksSpec, LoadError> {
    let file = path.display().to_string();
    let tree = super::read_tree(path)?;
    load(tree, &file, api)
}

/// Checks a webhooks document tree and its references into `api`.
pub fn load(tree: Value, file: &str, api: &Value) -> Result<WebhooksSpec, LoadError> {
    let config = config(&tree, file)?;
    let loaded = super::load(tree, &super::Corrections::default(), file)?;
    let mut errors = Vec::new();
    check_envelope(&loaded.document, &config, file, &mut errors);
    check_evidence(&loaded.document, file, &mut errors);
    check_api_references(api, &config, file, &mut errors);
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    Ok(WebhooksSpec {
        file: file.to_owned(),
        document: loaded.document,
        openapi: loaded.openapi,
        config,
    })
}

fn config(tree: &Value, file: &str) -> Result<WebhooksConfig, SpecError> {
    let Some(config) = tree.get("x-webhooks") else {
        return Err(SpecError::new(
            file,
            "",
            "missing `x-webhooks` (which schema is the envelope, which property its payload)",
        ));
    };
    serde_path_to_error::deserialize(config).map_err(|e| {
        SpecError::new(
            file,
            format!("/x-webhooks{}", super::path_to_pointer(e.path())),
            e.inner().to_string(),
        )
    })
}

fn schema_pointer(name: &str) -> String {
    format!("/components/schemas/{}", super::escape_token(name))
}

/// The envelope is an object; its payload property refers to a `oneOf` with a discriminator on
/// another envelope property; every mapped name is a value of that property's enum, if it has one.
fn check_envelope(document: &Value, config: &WebhooksConfig, file: &str, errors: &mut Vec<SpecError>) {
    let mut error = |pointer: String, message: String| errors.push(SpecError::new(file, pointer, message));
    let envelope_at = schema_pointer(&config.envelope);
    let Some(envelope) = document.pointer(&envelope_at) else {
        return error(
            "/x-webhooks/envelope".into(),
            format!("no component schema `{}`", config.envelope),
        );
    };
    let properties = envelope.get("properties").and_then(Value::as_object);
    let Some(payload) = properties.and_then(|p| p.get(&config.payload)) else {
        return error(
            "/x-webhooks/payload".into(),
            format!("`{}` has no property `{}`", config.envelope, config.payload),
        );
    };
    let payload_at = format!("{envelope_at}/properties/{}", super::escape_token(&config.payload));
    let Some(union_name) = component_ref(payload) else {
        return error(
            payload_at,
            "the payload must be a `$ref` to a component `oneOf` with a discriminator".into(),
        );
    };
    let union_at = schema_pointer(union_name);
    let union = document.pointer(&union_at).unwrap_or(&Value::Null);
    let Some(tag) = union.pointer("/discriminator/propertyName").and_then(Value::as_str) else {
        return error(
            union_at,
            "the payload union needs a `discriminator` whose `propertyName` is an envelope property".into(),
        );
    };
    if union.get("oneOf").is_none() {
        error(union_at.clone(), "the payload union must be a `oneOf`".into());
    }
    let Some(tag_schema) = properties.and_then(|p| p.get(tag)) else {
        return error(
            format!("{union_at}/discriminator/propertyName"),
            format!("`{tag}` is not a property of the envelope `{}`", config.envelope),
        );
    };
    let tag_schema = match component_ref(tag_schema) {
        Some(name) => document.pointer(&schema_pointer(name)).unwrap_or(&Value::Null),
        None => tag_schema,
    };
    if tag_schema.get("type").and_then(Value::as_str) != Some("string") {
        error(
            format!("{envelope_at}/properties/{}", super::escape_token(tag)),
            format!("the event name `{tag}` must be a string (or a string enum)"),
        );
    }
    let required: Vec<&str> = envelope
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for property in [tag, config.payload.as_str()] {
        let nullable = properties
            .and_then(|p| p.get(property))
            .and_then(|s| s.get("nullable"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if !required.contains(&property) || nullable {
            error(
                format!("{envelope_at}/required"),
                format!("`{property}` must be a required, non-nullable property of the envelope: every event has it"),
            );
        }
    }
    let names: Option<Vec<&str>> = tag_schema
        .get("enum")
        .and_then(Value::as_array)
        .map(|values| values.iter().filter_map(Value::as_str).collect());
    let mapping = union.pointer("/discriminator/mapping").and_then(Value::as_object);
    if !mapping.is_some_and(|m| !m.is_empty()) {
        error(
            format!("{union_at}/discriminator"),
            "the payload union needs a `mapping` from each event name to its schema".into(),
        );
    }
    for (name, _) in mapping.into_iter().flatten() {
        if names.as_ref().is_some_and(|names| !names.contains(&name.as_str())) {
            error(
                format!("{union_at}/discriminator/mapping/{}", super::escape_token(name)),
                format!("`{name}` is not one of the values of the envelope's `{tag}`"),
            );
        }
    }
}

/// The component name a `{"$ref": "#/components/schemas/X"}` points at.
fn component_ref(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")
}

/// Every component schema and every property that is not a bare `$ref` (whose target carries
/// its own) names its evidence.
fn check_evidence(document: &Value, file: &str, errors: &mut Vec<SpecError>) {
    let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) else {
        return;
    };
    for (name, schema) in schemas {
        evidence_of(schema, &schema_pointer(name), file, errors);
    }
}

fn evidence_of(schema: &Value, at: &str, file: &str, errors: &mut Vec<SpecError>) {
    if schema.get("$ref").is_some() {
        return;
    }
    let has = |key: &str| {
        schema
            .get(key)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
    };
    if !has("x-evidence") {
        errors.push(SpecError::new(
            file,
            at,
            "no `x-evidence`: say where this was seen (and `x-inference` for what was concluded)",
        ));
    }
    if let Some(inference) = schema.get("x-inference") {
        if !inference.as_str().is_some_and(|s| !s.trim().is_empty()) {
            errors.push(SpecError::new(
                file,
                format!("{at}/x-inference"),
                "`x-inference` must be a non-empty string",
            ));
        }
    }
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let property_at = format!("{at}/properties/{}", super::escape_token(name));
        evidence_of(property, &property_at, file, errors);
    }
}

/// The API document still has what the webhooks document links to.
fn check_api_references(api: &Value, config: &WebhooksConfig, file: &str, errors: &mut Vec<SpecError>) {
    if let Some(pointer) = &config.subscription_names {
        let found = local(pointer).and_then(|p| api.pointer(p));
        let is_enum = found.and_then(|s| s.get("enum")).is_some_and(Value::is_array);
        if !is_enum {
            errors.push(SpecError::new(
                file,
                "/x-webhooks/subscription-names",
                format!("`{pointer}` is not a string enum in the API document (renamed or removed?)"),
            ));
        }
    }
    for (i, pointer) in config.embedded.iter().enumerate() {
        let is_string_property = local(pointer)
            .filter(|p| embedded_parts(p).is_some())
            .and_then(|p| api.pointer(p))
            .is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("string"));
        if !is_string_property {
            errors.push(SpecError::new(
                file,
                format!("/x-webhooks/embedded/{i}"),
                format!(
                    "`{pointer}` is not a string property of a component schema in the API document (renamed or removed?)"
                ),
            ));
        }
    }
}

fn local(pointer: &str) -> Option<&str> {
    pointer.strip_prefix('#')
}

/// `/components/schemas/X/properties/y` → (`X`, `y`), unescaped.
pub fn embedded_parts(pointer: &str) -> Option<(String, String)> {
    let rest = pointer
        .strip_prefix('#')
        .unwrap_or(pointer)
        .strip_prefix("/components/schemas/")?;
    let (schema, property) = rest.split_once("/properties/")?;
    let unescape = |token: &str| token.replace("~1", "/").replace("~0", "~");
    (!property.contains('/')).then(|| (unescape(schema), unescape(property)))
}
