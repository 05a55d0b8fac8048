//! Stage 2, the model: what the generated crate contains, decided once, free of syntax.
//!
//! - `types.rs`: schema → struct / alias, and the order of decisions for every schema
//! - `union.rs`: `oneOf` → tagged or untagged enum
//! - `enums.rs`: string `enum`s → one shared open enum per value set, with its name
//! - `operations.rs`: paths → operations grouped by tag
//! - `names.rs`: Rust names for everything

pub mod enums;
pub mod names;
pub mod operations;
pub mod types;
pub mod union;

use crate::load::LoadedSpec;
use std::collections::BTreeMap;

/// Everything the emitters need.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub base_url: Option<String>,
    /// Every type, sorted by name.
    pub types: Vec<TypeDef>,
    pub operations: Vec<operations::Operation>,
}

impl Api {
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.types[i])
    }
}

/// One named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// Where in the document it comes from (a JSON pointer).
    pub origin: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Used (directly or inside another type) in a request: gets a constructor and setters.
    pub input: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Vec<Field>),
    /// A `oneOf` tagged by a property (`_type` for Dixa).
    Union(Union),
    /// A `oneOf` without a tag: the first member that decodes wins.
    Untagged(Vec<UntaggedVariant>),
    /// An open string enum: unknown values are kept.
    Enum(Vec<EnumValue>),
    /// A name for another type (maps, lists, primitives).
    Alias(Ty),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    /// Boxed to break a recursive type.
    pub boxed: bool,
}

impl Field {
    /// The field's Rust type: optional and nullable fields are `Option`.
    pub fn rust_ty(&self) -> Ty {
        let inner = if self.boxed {
            Ty::Box(Box::new(self.ty.clone()))
        } else {
            self.ty.clone()
        };
        if self.required && !self.nullable {
            inner
        } else {
            Ty::Option(Box::new(inner))
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The tag property, e.g. `_type`.
    pub tag: String,
    pub variants: Vec<UnionVariant>,
    /// For a bulk result: the indexes of the success and failure variants.
    pub outcome: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub tag: String,
    /// The member type; `None` for a member with no fields (a unit variant).
    pub ty: Option<String>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    pub name: String,
    pub ty: Ty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub name: String,
    pub wire: String,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    Named(String),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Uuid,
    DateTime,
    /// Any JSON.
    Json,
    Vec(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    Option(Box<Ty>),
    Box(Box<Ty>),
}

/// A problem the model stage found: not fatal, reported by `regen` with its pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pointer: String,
    pub message: String,
}

/// Builds the model from a loaded document.
pub fn build(spec: &LoadedSpec, config: &crate::config::Config) -> (Api, Vec<Warning>) {
    let openapi = &spec.openapi;
    let mut warnings = Vec::new();
    let enums = enums::collect(openapi, &config.type_names);
    let mut types = types::build(openapi, &enums, &mut warnings);
    let operations = operations::build(openapi, &mut types, config, &mut warnings);
    let mut types = types.finish(&operations);
    if let Some(outcomes) = &config.bulk_outcomes {
        union::mark_outcomes(&mut types, outcomes);
    }
    let api = Api {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        description: openapi.info.description.clone(),
        base_url: openapi.servers.first().map(|s| s.url.clone()),
        types,
        operations,
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
        };
        *counts.entry(kind).or_insert(0) += 1;
    }
    counts
}
