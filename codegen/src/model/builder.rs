//! The one context of the model stage: the document, the configuration, the types built so far
//! and the warnings. `types.rs` (schemas), `types/union.rs` (`oneOf`) and `operations.rs`
//! (paths) each add their methods to it.

use super::api::{Ty, TypeDef, Warning};
use super::enums::{self, Enums};
use super::names::Published;
use crate::config::Config;
use openapiv3::OpenAPI;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub struct Builder<'a> {
    pub(super) openapi: &'a OpenAPI,
    /// The same document as a JSON tree, where a `$ref` into any part of it is resolved.
    pub(super) document: &'a serde_json::Value,
    pub(super) config: &'a Config,
    /// Every string enum of the document, named.
    pub(super) enums: Enums,
    /// Component schema name → Rust type name.
    pub(super) component_names: BTreeMap<String, String>,
    /// Every type name given out so far.
    pub(super) taken: BTreeSet<String>,
    /// The names an earlier generation gave types whose places are still in the document.
    pub(super) published: Published,
    /// The types built so far, by name.
    pub(super) types: BTreeMap<String, TypeDef>,
    /// The type of each schema met so far that is not a component, by its pointer: a schema
    /// reached both in place and by a `$ref` into it is one type.
    pub(super) by_pointer: HashMap<String, Ty>,
    /// The pointers of the schemas whose `$ref`s are being resolved (a guard against a cycle).
    pub(super) resolving: HashSet<String>,
    /// Member schema → the tag properties of the unions it belongs to (not emitted as fields).
    pub(super) tag_properties: HashMap<String, BTreeSet<String>>,
    pub(super) warnings: Vec<Warning>,
}

impl<'a> Builder<'a> {
    /// A builder for `openapi`, with its enums found and named.
    pub fn new(openapi: &'a OpenAPI, document: &'a serde_json::Value, config: &'a Config) -> Self {
        let published = Published::new(&config.published_names, document);
        let enums = enums::collect(openapi, &config.type_names, &published);
        Builder {
            openapi,
            document,
            config,
            taken: enums.generated().map(|e| e.name.clone()).collect(),
            enums,
            published,
            component_names: BTreeMap::new(),
            types: BTreeMap::new(),
            by_pointer: HashMap::new(),
            resolving: HashSet::new(),
            tag_properties: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Records a problem at `pointer`; generation goes on.
    pub(super) fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.into(),
            message: message.into(),
        });
    }
}
