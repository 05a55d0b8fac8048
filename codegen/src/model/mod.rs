//! Stage 2, the model: what the generated crate contains, decided once, free of syntax.
//!
//! - `api.rs`: the model itself ([`Api`]: types and operations), what the emitters read
//! - `builder.rs`: the `Builder` that holds the document, the configuration,
//!   the types built so far and the warnings; the files below add its methods
//! - `types.rs`: schema → struct / alias / enum, the order of decisions for every schema
//! - `types/union.rs`: `oneOf` / `anyOf` → tagged or untagged enum
//! - `enums.rs`: string `enum`s → one shared open enum per value set, with its name
//! - `operations.rs`: paths → operations (parameters, body, responses, pagination, method names)
//! - `names.rs`: Rust names for everything
//!
//! A `oneOf` component schema, for example: [`build`] → `Builder::component_types` →
//! `Builder::component` → `Builder::union` (tagged with a discriminator, else untagged) →
//! a [`TypeDef`] with [`TypeKind::Union`] → `Builder::finish` → [`Api::types`].

mod api;
mod builder;
mod enums;
mod examples;
pub mod names;
mod operations;
mod types;
pub mod webhooks;

pub use api::{
    Api, Body, Construct, Conversion, Encoding, EnumValue, Field, FormPart, Operation, Pagination, Param, PathPart,
    Response, Role, SharedField, Style, Ty, TypeDef, TypeKind, Union, UnionVariant, UntaggedVariant, Warning,
};

use crate::config::Config;
use crate::load::LoadedSpec;
use builder::Builder;
use std::collections::BTreeMap;

/// Builds the model from a loaded document.
pub fn build(spec: &LoadedSpec, config: &Config) -> (Api, Vec<Warning>) {
    let openapi = &spec.openapi;
    let mut builder = Builder::new(openapi, &spec.document, config);
    builder.component_types();
    let mut operations = builder.operations();
    let roots = operations.iter().flat_map(Operation::input_types).collect();
    let webhooks = spec
        .webhooks
        .as_ref()
        .map(|w| webhooks::build(w, &spec.document, &builder));
    let (mut types, mut warnings) = builder.finish(roots);
    types::mark_list_wrappers(&mut types, &operations, config);
    examples::build_examples(&types, &mut operations);
    types::describe(&mut types, &operations);
    let webhooks = webhooks.map(|(webhooks, own_warnings)| {
        warnings.extend(own_warnings);
        webhooks
    });
    let api = Api {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        description: openapi.info.description.clone(),
        base_url: openapi.servers.first().map(|s| s.url.clone()),
        types,
        operations,
        webhooks,
    };
    (api, warnings)
}

/// Counts for the regen summary.
pub fn counts(api: &Api) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    counts.insert("operations", api.operations.len());
    counts.insert("types", api.types.len());
    for t in &api.types {
        let kind = match t.kind {
            TypeKind::Struct(_) => "structs",
            TypeKind::Union(_) | TypeKind::Untagged(_) => "unions",
            TypeKind::Enum(_) => "enums",
            TypeKind::Alias(_) => "aliases",
            TypeKind::Id(_) => "ids",
        };
        *counts.entry(kind).or_insert(0) += 1;
    }
    counts
}
