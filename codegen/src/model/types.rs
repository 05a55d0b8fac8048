//! Schema → Rust type. The decision order for a schema, first match wins:
//!
//! 1. `$ref` → the referenced component's type.
//! 2. string with `enum` → the shared open enum for that value set (`enums.rs`).
//! 3. string / integer / number / boolean → the primitive for its `format`.
//! 4. array → `Vec` of its items.
//! 5. `oneOf` (or `anyOf`) → a tagged or untagged enum (`union.rs`).
//! 6. `allOf` of one schema → that schema (`nullable` makes it an `Option`); of several → one
//!    struct with every member's properties.
//! 7. object with `properties` → a struct; with only `additionalProperties` → a `BTreeMap` keyed
//!    by its `x-map-key` (from the corrections) or `String`; with neither → an empty struct for a
//!    component, any JSON inline.
//! 8. anything else → any JSON (`serde_json::Value`), with a warning.

use super::enums::{map_key, Enums};
use super::names::{snake_name, type_name, unique};
use super::operations::Operation;
use super::{union, Field, Ty, TypeDef, TypeKind, Warning};
use heck::ToUpperCamelCase;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Builds types while operations are modelled, then finishes them (`finish`).
pub struct Types<'a> {
    pub(super) openapi: &'a OpenAPI,
    enums: &'a Enums,
    /// Component schema name → Rust type name.
    names: BTreeMap<String, String>,
    taken: BTreeSet<String>,
    defs: BTreeMap<String, TypeDef>,
    /// Member schema → the tag properties of the unions it belongs to (not emitted as fields).
    tag_properties: HashMap<String, BTreeSet<String>>,
}

/// Builds a type for every component schema and every generated enum.
pub fn build<'a>(openapi: &'a OpenAPI, enums: &'a Enums, warnings: &mut Vec<Warning>) -> Types<'a> {
    let mut types = Types {
        openapi,
        enums,
        names: BTreeMap::new(),
        taken: enums.generated().map(|e| e.name.clone()).collect(),
        defs: BTreeMap::new(),
        tag_properties: HashMap::new(),
    };
    let schemas = component_schemas(openapi);
    // Schemas already named in UpperCamelCase keep their name; the others yield on a collision
    // (`Queue1` stays `Queue1`, `Queue_1` becomes `Queue1V2`).
    let (exact, converted): (Vec<&String>, Vec<&String>) = schemas.keys().partition(|name| type_name(name) == **name);
    for name in exact.into_iter().chain(converted) {
        let rust = unique(&type_name(name), |n| types.taken.contains(n));
        types.taken.insert(rust.clone());
        types.names.insert(name.clone(), rust);
    }
    for schema in schemas.values() {
        if let ReferenceOr::Item(schema) = schema {
            if let Some(d) = &schema.schema_data.discriminator {
                for member in union::ref_members(schema) {
                    types
                        .tag_properties
                        .entry(member)
                        .or_default()
                        .insert(d.property_name.clone());
                }
            }
        }
    }
    for enum_set in enums.generated() {
        let def = TypeDef {
            name: enum_set.name.clone(),
            origin: enum_set.origin.clone(),
            doc: Some(format!(
                "Values: {}.",
                enum_set
                    .values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            deprecated: false,
            input: false,
            kind: TypeKind::Enum(union::enum_values(&enum_set.values)),
        };
        types.defs.insert(def.name.clone(), def);
    }
    for (name, schema) in &schemas {
        let pointer = format!("/components/schemas/{}", crate::load::escape_token(name));
        let rust = types.names[name].clone();
        let def = types.component(&rust, name, schema, &pointer, warnings);
        types.defs.insert(rust, def);
    }
    types
}

fn component_schemas(openapi: &OpenAPI) -> BTreeMap<String, ReferenceOr<Schema>> {
    openapi
        .components
        .as_ref()
        .map(|c| c.schemas.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

impl<'a> Types<'a> {
    /// The Rust name of a component schema.
    pub fn component_name(&self, schema: &str) -> Option<&str> {
        self.names.get(schema).map(String::as_str)
    }

    /// The component schema a `$ref` points at, if it is one.
    /// Follows a chain of references (the loader has refused cycles; the bound is a backstop).
    pub fn component_schema(&self, reference: &str) -> Option<(&str, &'a Schema)> {
        let mut reference = reference;
        for _ in 0..64 {
            let name = reference.strip_prefix("#/components/schemas/")?;
            match self.openapi.components.as_ref()?.schemas.get(name)? {
                ReferenceOr::Item(schema) => return Some((self.names.get(name)?.as_str(), schema)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    fn component(
        &mut self,
        rust: &str,
        name: &str,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        warnings: &mut Vec<Warning>,
    ) -> TypeDef {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.reference(reference, pointer, warnings);
                return TypeDef {
                    name: rust.into(),
                    origin: pointer.into(),
                    doc: None,
                    deprecated: false,
                    input: false,
                    kind: TypeKind::Alias(ty),
                };
            }
            ReferenceOr::Item(schema) => schema,
        };
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => TypeKind::Enum(union::enum_values(
                &s.enumeration.iter().flatten().cloned().collect::<Vec<_>>(),
            )),
            SchemaKind::Type(Type::Object(object))
                if object.properties.is_empty() && object.additional_properties.is_none() =>
            {
                TypeKind::Struct(Vec::new())
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                TypeKind::Struct(self.fields(rust, name, &[schema], pointer, warnings))
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => union::build(self, rust, schema, pointer, warnings),
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                TypeKind::Struct(self.fields(rust, name, &[schema], pointer, warnings))
            }
            _ => TypeKind::Alias(self.resolve_item(schema, rust, pointer, warnings)),
        };
        TypeDef {
            name: rust.into(),
            origin: pointer.into(),
            doc: doc_of(schema),
            deprecated: schema.schema_data.deprecated,
            input: false,
            kind,
        }
    }

    /// The Rust type of a schema at `pointer`; inline types it needs are named from `hint`.
    pub fn resolve(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
        warnings: &mut Vec<Warning>,
    ) -> Ty {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer, warnings),
            ReferenceOr::Item(schema) => self.resolve_item(schema, hint, pointer, warnings),
        }
    }

    /// Like `resolve`, for the boxed schemas `openapiv3` uses in properties and items.
    pub fn resolve_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
        warnings: &mut Vec<Warning>,
    ) -> Ty {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer, warnings),
            ReferenceOr::Item(schema) => self.resolve_item(schema, hint, pointer, warnings),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str, warnings: &mut Vec<Warning>) -> Ty {
        match reference
            .strip_prefix("#/components/schemas/")
            .and_then(|n| self.names.get(n))
        {
            Some(name) => Ty::Named(name.clone()),
            None => {
                warnings.push(Warning {
                    pointer: pointer.into(),
                    message: format!("`{reference}` is not a component schema; typed as any JSON"),
                });
                Ty::Json
            }
        }
    }

    fn resolve_item(&mut self, schema: &Schema, hint: &str, pointer: &str, warnings: &mut Vec<Warning>) -> Ty {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                match self.enums.name_for(&values) {
                    Some(name) => Ty::Named(name.to_owned()),
                    None => Ty::String,
                }
            }
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Ty::Uuid,
                _ => Ty::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => {
                        let ty =
                            self.resolve_boxed(items, &format!("{hint}Item"), &format!("{pointer}/items"), warnings);
                        nullable_boxed(items, ty)
                    }
                    None => Ty::Json,
                };
                Ty::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                self.inline(hint, pointer, schema, |types, name| {
                    TypeKind::Struct(types.fields(name, name, &[schema], pointer, warnings))
                })
            }
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    let key = self.map_key(schema, hint, pointer, warnings);
                    let ty = self.resolve(
                        value,
                        &format!("{hint}Value"),
                        &format!("{pointer}/additionalProperties"),
                        warnings,
                    );
                    let ty = if is_nullable(value, self) {
                        Ty::Option(Box::new(ty))
                    } else {
                        ty
                    };
                    Ty::Map(Box::new(key), Box::new(ty))
                }
                Some(AdditionalProperties::Any(true)) => Ty::Map(
                    Box::new(self.map_key(schema, hint, pointer, warnings)),
                    Box::new(Ty::Json),
                ),
                _ => Ty::Json,
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => self.inline(hint, pointer, schema, |types, name| {
                union::build(types, name, schema, pointer, warnings)
            }),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let ty = self.resolve(&all_of[0], hint, &format!("{pointer}/allOf/0"), warnings);
                if schema.schema_data.nullable {
                    Ty::Option(Box::new(ty))
                } else {
                    ty
                }
            }
            SchemaKind::AllOf { .. } => self.inline(hint, pointer, schema, |types, name| {
                TypeKind::Struct(types.fields(name, name, &[schema], pointer, warnings))
            }),
            SchemaKind::Any(any) if any.typ.is_none() && any.properties.is_empty() && any.one_of.is_empty() => Ty::Json,
            _ => {
                warnings.push(Warning {
                    pointer: pointer.into(),
                    message: "schema shape not supported; typed as any JSON".into(),
                });
                Ty::Json
            }
        }
    }

    fn map_key(&mut self, schema: &Schema, hint: &str, pointer: &str, warnings: &mut Vec<Warning>) -> Ty {
        match map_key(schema) {
            Some(key) => self.resolve_item(&key, &format!("{hint}Key"), &format!("{pointer}/x-map-key"), warnings),
            None => Ty::String,
        }
    }

    /// Adds a named inline type built by `kind` and returns a reference to it.
    fn inline(
        &mut self,
        hint: &str,
        pointer: &str,
        schema: &Schema,
        kind: impl FnOnce(&mut Self, &str) -> TypeKind,
    ) -> Ty {
        let name = unique(&type_name(hint), |n| self.taken.contains(n));
        self.taken.insert(name.clone());
        let kind = kind(self, &name);
        let def = TypeDef {
            name: name.clone(),
            origin: pointer.into(),
            doc: doc_of(schema),
            deprecated: schema.schema_data.deprecated,
            input: false,
            kind,
        };
        self.defs.insert(name.clone(), def);
        Ty::Named(name)
    }

    /// The fields of an object schema, with the properties of every `allOf` member merged in.
    /// `schema_name` is the component name whose union tag properties are left out.
    fn fields(
        &mut self,
        owner: &str,
        schema_name: &str,
        schemas: &[&Schema],
        pointer: &str,
        warnings: &mut Vec<Warning>,
    ) -> Vec<Field> {
        let mut properties = Vec::new();
        let mut required = BTreeSet::new();
        for schema in schemas {
            self.collect_properties(schema, pointer, &mut properties, &mut required, warnings, 0);
        }
        let skipped = self.tag_properties.get(schema_name).cloned().unwrap_or_default();
        let mut fields: Vec<Field> = Vec::new();
        for (wire, property, at) in properties {
            if skipped.contains(&wire) || fields.iter().any(|f| f.wire_name == wire) {
                continue;
            }
            let hint = format!("{owner}{}", wire.to_upper_camel_case());
            let ty = self.resolve_boxed(&property, &hint, &at, warnings);
            let schema = match &property {
                ReferenceOr::Item(s) => Some(s.as_ref()),
                ReferenceOr::Reference { .. } => None,
            };
            let name = unique(&snake_name(&wire), |n| fields.iter().any(|f| f.name == n));
            fields.push(Field {
                name,
                required: required.contains(&wire),
                nullable: schema.is_some_and(|s| s.schema_data.nullable),
                deprecated: schema.is_some_and(|s| s.schema_data.deprecated),
                doc: schema.and_then(doc_of),
                wire_name: wire,
                ty,
                boxed: false,
            });
        }
        fields
    }

    fn collect_properties(
        &self,
        schema: &Schema,
        pointer: &str,
        out: &mut Vec<(String, ReferenceOr<Box<Schema>>, String)>,
        required: &mut BTreeSet<String>,
        warnings: &mut Vec<Warning>,
        depth: usize,
    ) {
        if depth > 32 {
            warnings.push(Warning {
                pointer: pointer.into(),
                message: "`allOf` nests too deeply (a cycle?); stopped merging".into(),
            });
            return;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (name, property) in &object.properties {
                    out.push((
                        name.clone(),
                        property.clone(),
                        format!("{pointer}/properties/{}", crate::load::escape_token(name)),
                    ));
                }
                required.extend(object.required.iter().cloned());
            }
            SchemaKind::AllOf { all_of } => {
                for (i, member) in all_of.iter().enumerate() {
                    let at = format!("{pointer}/allOf/{i}");
                    match member {
                        ReferenceOr::Item(member) => {
                            self.collect_properties(member, &at, out, required, warnings, depth + 1)
                        }
                        ReferenceOr::Reference { reference } => match self.component_schema(reference) {
                            Some((_, member)) => {
                                self.collect_properties(member, &at, out, required, warnings, depth + 1)
                            }
                            None => warnings.push(Warning {
                                pointer: at,
                                message: format!("`{reference}` cannot be merged"),
                            }),
                        },
                    }
                }
            }
            _ => warnings.push(Warning {
                pointer: pointer.into(),
                message: "only object schemas can be merged by `allOf`".into(),
            }),
        }
    }

    /// Marks request types, boxes recursive fields, and returns every type sorted by name.
    pub fn finish(mut self, operations: &[Operation]) -> Vec<TypeDef> {
        let roots: Vec<String> = operations.iter().flat_map(Operation::input_types).collect();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            let Some(def) = self.defs.get_mut(&name) else { continue };
            if def.input {
                continue;
            }
            def.input = true;
            stack.extend(referenced(&def.kind));
        }
        box_recursion(&mut self.defs);
        self.defs.into_values().collect()
    }

    /// A type built so far.
    pub fn def(&self, name: &str) -> Option<&TypeDef> {
        self.defs.get(name)
    }
}

/// Whether a (possibly referenced) schema allows `null`.
fn is_nullable(schema: &ReferenceOr<Schema>, types: &Types) -> bool {
    match schema {
        ReferenceOr::Item(s) => s.schema_data.nullable,
        ReferenceOr::Reference { reference } => types
            .component_schema(reference)
            .is_some_and(|(_, s)| s.schema_data.nullable),
    }
}

fn nullable_boxed(schema: &ReferenceOr<Box<Schema>>, ty: Ty) -> Ty {
    match schema {
        ReferenceOr::Item(s) if s.schema_data.nullable && !matches!(ty, Ty::Option(_)) => Ty::Option(Box::new(ty)),
        _ => ty,
    }
}

pub fn doc_of(schema: &Schema) -> Option<String> {
    let text = schema
        .schema_data
        .description
        .as_deref()
        .or(schema.schema_data.title.as_deref())?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Named types a type refers to.
pub fn referenced(kind: &TypeKind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(fields) => fields.iter().for_each(|f| named_in(&f.ty, &mut out)),
        TypeKind::Union(u) => out.extend(u.variants.iter().filter_map(|v| v.ty.clone())),
        TypeKind::Untagged(variants) => variants.iter().for_each(|v| named_in(&v.ty, &mut out)),
        TypeKind::Alias(ty) => named_in(ty, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

pub fn named_in(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named(n) => out.push(n.clone()),
        Ty::Vec(t) | Ty::Option(t) | Ty::Box(t) => named_in(t, out),
        Ty::Map(k, v) => {
            named_in(k, out);
            named_in(v, out);
        }
        _ => {}
    }
}

/// Named types a value of `ty` contains inline (not behind a `Vec` or map, which already
/// allocate): a cycle of these has infinite size and must be boxed.
fn contained_inline(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Named(n) => Some(n),
        Ty::Option(t) => contained_inline(t),
        _ => None,
    }
}

fn box_recursion(defs: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<String, Vec<String>> = defs
        .iter()
        .map(|(name, def)| {
            let next = match &def.kind {
                TypeKind::Struct(fields) => fields
                    .iter()
                    .filter_map(|f| contained_inline(&f.ty))
                    .map(str::to_owned)
                    .collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.clone()).collect(),
                TypeKind::Untagged(vs) => vs
                    .iter()
                    .filter_map(|v| contained_inline(&v.ty))
                    .map(str::to_owned)
                    .collect(),
                TypeKind::Alias(ty) => contained_inline(ty).map(str::to_owned).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            (name.clone(), next)
        })
        .collect();
    // A field needs a box exactly when its type and its struct are in one strongly connected
    // component of the "contains inline" graph (each reaches the other).
    let component = strongly_connected(&edges);
    let reaches =
        |from: &str, target: &str| component.contains_key(from) && component.get(from) == component.get(target);
    for (name, def) in defs.iter_mut() {
        if let TypeKind::Struct(fields) = &mut def.kind {
            for field in fields {
                if let Some(target) = contained_inline(&field.ty) {
                    field.boxed = reaches(target, name);
                }
            }
        }
    }
}

/// Kosaraju's algorithm, iterative (the graph of a large document is deep): node → component id.
fn strongly_connected(edges: &BTreeMap<String, Vec<String>>) -> HashMap<&str, usize> {
    // First pass: nodes in order of finishing a depth-first search.
    let mut finished: Vec<&str> = Vec::with_capacity(edges.len());
    let mut visited: HashSet<&str> = HashSet::new();
    for start in edges.keys() {
        if !visited.insert(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            let targets = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            match targets.get(next) {
                Some(target) => {
                    stack.push((node, next + 1));
                    if edges.contains_key(target) && visited.insert(target) {
                        stack.push((target, 0));
                    }
                }
                None => finished.push(node),
            }
        }
    }
    // Second pass: on the reversed graph, in reverse finishing order.
    let mut reversed: HashMap<&str, Vec<&str>> = HashMap::new();
    for (from, targets) in edges {
        for target in targets.iter().filter(|t| edges.contains_key(*t)) {
            reversed.entry(target).or_default().push(from);
        }
    }
    let mut component: HashMap<&str, usize> = HashMap::new();
    for (id, root) in finished.iter().rev().enumerate() {
        if component.contains_key(root) {
            continue;
        }
        let mut stack = vec![*root];
        component.insert(root, id);
        while let Some(node) = stack.pop() {
            for source in reversed.get(node).into_iter().flatten() {
                if !component.contains_key(source) {
                    component.insert(source, id);
                    stack.push(source);
                }
            }
        }
    }
    component
}
