//! The webhooks document → the `webhooks` module: its types, built by the same rules as the API's
//! own (`types.rs`), the envelope and the union its payload is, and the links to the API's types.
//!
//! The payload union is *adjacent*: its tag is an envelope property beside the payload (Dixa's
//! `event_fqn` beside `data`), so each event name of the discriminator's `mapping` is a variant,
//! and several names may share one data type.

use super::builder::Builder;
use super::enums::Enums;
use super::names::variant_name;
use super::types::variant_names;
use super::{Field, Ty, TypeDef, TypeKind, Union, UnionVariant, Warning};
use crate::config::Config;
use crate::load::webhooks::{embedded_parts, Signature, WebhooksSpec};
use openapiv3::{ReferenceOr, SchemaKind};
use serde_json::Value;

/// Everything the `webhooks` module needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    pub title: String,
    pub description: Option<String>,
    /// Every type of the module, sorted by name.
    pub types: Vec<TypeDef>,
    /// The envelope struct.
    pub envelope: String,
    /// The envelope field (Rust name) carrying the event name.
    pub tag_field: String,
    /// The envelope field (Rust name) carrying the event's data.
    pub payload_field: String,
    /// The payload union; its variants are `events`.
    pub union: String,
    /// One per mapped event name, in the document's order: the name is the variant's `tag`.
    pub events: Vec<UnionVariant>,
    pub signature: Option<Signature>,
    pub subscription_names: Option<SubscriptionNames>,
    /// API types with a property carrying a delivered body.
    pub embedded: Vec<Embedded>,
}

/// How a webhook field keeps presence and `null` apart, so that a decoded event re-encodes to the
/// JSON it came from (the API's own types decode both as `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never `null`: `T`.
    Required,
    /// Always present, may be `null`: `Option<T>`, `None` encodes `null`.
    RequiredNullable,
    /// May be absent, never `null`: `Option<T>`, `None` is omitted.
    Optional,
    /// May be absent or `null`: `Option<Option<T>>` (`Option<Value>` for any JSON, which holds
    /// `null` itself).
    OptionalNullable,
}

/// The field's type without its `Option`s (boxed where recursive), and its presence.
pub fn presence(field: &Field) -> (Ty, Presence) {
    let (ty, nullable) = match &field.ty {
        Ty::Option(inner) => ((**inner).clone(), true),
        ty => (ty.clone(), field.nullable),
    };
    let ty = if field.boxed { Ty::Box(Box::new(ty)) } else { ty };
    let presence = match (field.required, nullable && ty != Ty::Json) {
        (true, false) => Presence::Required,
        (true, true) => Presence::RequiredNullable,
        (false, _) if ty == Ty::Json => Presence::OptionalNullable,
        (false, false) => Presence::Optional,
        (false, true) => Presence::OptionalNullable,
    };
    (ty, presence)
}

/// The field's Rust type in the `webhooks` module.
pub fn exact_ty(field: &Field) -> Ty {
    let (ty, presence) = presence(field);
    let option = |ty: Ty| Ty::Option(Box::new(ty));
    match presence {
        Presence::Required => ty,
        Presence::OptionalNullable if ty != Ty::Json => option(option(ty)),
        _ => option(ty),
    }
}

/// The link between the API's subscription names and the envelope's event names.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriptionNames {
    /// The API's enum of subscription names (in `types`).
    pub api_enum: String,
    /// The envelope's enum of event names (in `webhooks`).
    pub event_enum: String,
    /// (subscription name, event name) for every pair that spells the same words.
    pub pairs: Vec<(String, String)>,
}

/// A string property of an API type that carries a delivered body.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded {
    /// The API type (in `types`).
    pub owner: String,
    /// Its field (Rust name).
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// Builds the module from the webhooks document; `api` is the API document's builder (for its
/// enums and types). Warnings point into the webhooks document.
pub(super) fn build(spec: &WebhooksSpec, api_document: &Value, api: &Builder) -> (Webhooks, Vec<Warning>) {
    let openapi = &spec.openapi;
    let config = &spec.config;
    let no_config = Config::default();
    let mut builder = Builder::new(openapi, &spec.document, &no_config);
    builder.component_types();
    let rust_name = |schema: &str| {
        builder
            .component_names
            .get(schema)
            .cloned()
            .unwrap_or_else(|| schema.to_owned())
    };
    let envelope = rust_name(&config.envelope);
    let union_schema = payload_union(spec).unwrap_or_default();
    let union = rust_name(&union_schema);
    let (tag, mapping) = discriminator(spec, &union_schema);
    let names = variant_names(&union, mapping.iter().map(|(name, _)| name.as_str()));
    let events: Vec<UnionVariant> = mapping
        .iter()
        .zip(names)
        .map(|((event, target), name)| UnionVariant {
            name,
            tag: event.clone(),
            ty: Some(rust_name(target.rsplit('/').next().unwrap_or(target))),
            doc: None,
        })
        .collect();
    let (mut types, own_warnings) = builder.finish(Vec::new());
    for def in &mut types {
        // Users build events in their tests: every struct gets `new` and setters.
        def.input = true;
        if def.name == union {
            def.kind = TypeKind::Union(Union {
                tag: tag.clone(),
                variants: events.clone(),
                outcome: None,
                shared: Vec::new(),
            });
        }
    }
    let mut warnings: Vec<Warning> = own_warnings
        .into_iter()
        .map(|w| Warning {
            pointer: format!("{}#{}", spec.file, w.pointer),
            message: w.message,
        })
        .collect();
    let field_named = |wire: &str| {
        envelope_fields(&types, &envelope)
            .iter()
            .find(|f| f.wire_name == wire)
            .map(|f| f.name.clone())
            .unwrap_or_else(|| wire.to_owned())
    };
    let (tag_field, payload_field) = (field_named(&tag), field_named(&config.payload));
    let subscription_names = config.subscription_names.as_ref().and_then(|pointer| {
        subscription_names(
            pointer,
            api_document,
            &api.enums,
            &types,
            &envelope,
            &tag,
            &mut warnings,
        )
    });
    let api_types: Vec<&TypeDef> = api.types.values().collect();
    let embedded = config
        .embedded
        .iter()
        .filter_map(|pointer| embedded(pointer, &api_types, &mut warnings))
        .collect();
    let webhooks = Webhooks {
        title: openapi.info.title.clone(),
        description: openapi.info.description.clone(),
        types,
        envelope,
        tag_field,
        payload_field,
        union,
        events,
        signature: config.signature.clone(),
        subscription_names,
        embedded,
    };
    (webhooks, warnings)
}

/// The component schema the envelope's payload property refers to (the loader checked it).
fn payload_union(spec: &WebhooksSpec) -> Option<String> {
    let envelope = spec.openapi.components.as_ref()?.schemas.get(&spec.config.envelope)?;
    let ReferenceOr::Item(envelope) = envelope else {
        return None;
    };
    let SchemaKind::Type(openapiv3::Type::Object(object)) = &envelope.schema_kind else {
        return None;
    };
    match object.properties.get(&spec.config.payload)? {
        ReferenceOr::Reference { reference } => Some(reference.rsplit('/').next()?.to_owned()),
        ReferenceOr::Item(_) => None,
    }
}

/// The union's tag property and its (event name, target) mapping, in the document's order.
fn discriminator(spec: &WebhooksSpec, union: &str) -> (String, Vec<(String, String)>) {
    let schema = spec.openapi.components.as_ref().and_then(|c| c.schemas.get(union));
    match schema {
        Some(ReferenceOr::Item(schema)) => match &schema.schema_data.discriminator {
            Some(d) => (
                d.property_name.clone(),
                d.mapping.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            ),
            None => (String::new(), Vec::new()),
        },
        _ => (String::new(), Vec::new()),
    }
}

fn envelope_fields<'a>(types: &'a [TypeDef], envelope: &str) -> &'a [Field] {
    match types.iter().find(|t| t.name == envelope).map(|t| &t.kind) {
        Some(TypeKind::Struct(fields)) => fields,
        _ => &[],
    }
}

/// Pairs every subscription name with the event name that spells the same words, ignoring case
/// and underscores (`ConversationCreated` ~ `CONVERSATION_CREATED`).
fn subscription_names(
    pointer: &str,
    api_document: &Value,
    api_enums: &Enums,
    types: &[TypeDef],
    envelope: &str,
    tag: &str,
    warnings: &mut Vec<Warning>,
) -> Option<SubscriptionNames> {
    let api_values: Vec<String> = api_document
        .pointer(pointer.strip_prefix('#')?)?
        .get("enum")?
        .as_array()?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let api_enum = api_enums.name_for(&api_values)?.to_owned();
    let event_enum = match envelope_fields(types, envelope).iter().find(|f| f.wire_name == tag)?.ty {
        Ty::Named(ref name) => name.clone(),
        _ => return None,
    };
    let event_values: Vec<&str> = match types.iter().find(|t| t.name == event_enum).map(|t| &t.kind) {
        Some(TypeKind::Enum(values)) => values.iter().map(|v| v.wire.as_str()).collect(),
        _ => return None,
    };
    let words = |name: &str| variant_name(name).to_ascii_lowercase();
    let mut pairs = Vec::new();
    for api_value in &api_values {
        match event_values.iter().find(|e| words(e) == words(api_value)) {
            Some(event) => pairs.push((api_value.clone(), (*event).to_owned())),
            None => warnings.push(Warning {
                pointer: format!("{pointer}/enum"),
                message: format!(
                    "subscription name `{api_value}` has no event name in the webhooks document; it is converted by rule (SCREAMING_SNAKE_CASE)"
                ),
            }),
        }
    }
    Some(SubscriptionNames {
        api_enum,
        event_enum,
        pairs,
    })
}

fn embedded(pointer: &str, api_types: &[&TypeDef], warnings: &mut Vec<Warning>) -> Option<Embedded> {
    let (schema, property) = embedded_parts(pointer)?;
    let origin = format!("/components/schemas/{}", crate::load::escape_token(&schema));
    let found = api_types
        .iter()
        .find(|t| t.origin == origin)
        .and_then(|t| match &t.kind {
            TypeKind::Struct(fields) => {
                let field = fields.iter().find(|f| f.wire_name == property)?;
                (field.ty == Ty::String).then(|| Embedded {
                    owner: t.name.clone(),
                    field: field.name.clone(),
                    optional: !field.required || field.nullable,
                })
            }
            _ => None,
        });
    if found.is_none() {
        warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: "not a string field of a generated struct; no decoding method for it".into(),
        });
    }
    found
}
