//! Schema → Rust type, as methods of the model's `Builder`. The decision order for a schema,
//! first match wins (`schema_ty`):
//!
//! 1. `$ref` → the referenced component's type.
//! 2. string with `enum` → the shared open enum for that value set (`enums.rs`).
//! 3. string / integer / number / boolean → the primitive for its `format` (`binary` → bytes).
//! 4. array → `Vec` of its items.
//! 5. `oneOf` (or `anyOf`) → a tagged or untagged enum (`types/union.rs`).
//! 6. `allOf` of one schema → that schema (`nullable` makes it an `Option`); of several → one
//!    struct with every member's properties.
//! 7. object with `properties` → a struct; with only `additionalProperties` → a `BTreeMap` keyed
//!    by its `x-map-key` (from the corrections) or `String`; with neither → an empty struct for a
//!    component, any JSON inline.
//! 8. anything else → any JSON (`serde_json::Value`), with a warning.
//!
//! A component schema marked `x-id` (the corrections' `id-types`) is an identifier newtype over
//! its primitive ([`TypeKind::Id`]); the places that refer to it get the newtype through step 1.
//!
//! Component schemas become types first (`component_types`); inline schemas that need a name
//! (objects, unions) become types as they are met (`inline`), named from where they appear.
//! `finish` then marks the types requests send and boxes recursive fields.

mod conversions;
mod union;

pub(super) use union::variant_names;

use super::api::{Field, Role, Ty, TypeDef, TypeKind, Warning};
use super::builder::Builder;
use super::enums::enum_values;
use super::names::{setter_names, snake_name, type_name, unique, STRUCT_METHODS};
use crate::load::escape_token;
use crate::load::walk::{self, map_key};
use heck::ToUpperCamelCase;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

impl<'a> Builder<'a> {
    /// Builds a type for every component schema and every generated enum.
    pub fn component_types(&mut self) {
        // By name, so that the output does not depend on the document's order.
        let schemas: BTreeMap<&'a String, &'a ReferenceOr<Schema>> = match &self.openapi.components {
            Some(components) => components.schemas.iter().collect(),
            None => BTreeMap::new(),
        };
        // Schemas already named in UpperCamelCase keep their name; the others yield on a
        // collision (`Queue1` stays `Queue1`, `Queue_1` becomes `Queue1V2`).
        let (exact, converted): (Vec<&String>, Vec<&String>) =
            schemas.keys().copied().partition(|name| type_name(name) == **name);
        for name in exact.into_iter().chain(converted) {
            let rust = unique(&type_name(name), |n| self.taken.contains(n));
            self.taken.insert(rust.clone());
            self.component_names.insert(name.clone(), rust);
        }
        for schema in schemas.values() {
            if let ReferenceOr::Item(schema) = schema {
                self.note_tag_properties(schema);
            }
        }
        let enums: Vec<TypeDef> = self.enums.generated().map(|set| set.type_def()).collect();
        for def in enums {
            self.types.insert(def.name.clone(), def);
        }
        for (name, schema) in schemas {
            let pointer = format!("/components/schemas/{}", escape_token(name));
            let rust = self.component_names[name].clone();
            let def = self.component(&rust, name, schema, &pointer);
            self.types.insert(rust, def);
        }
    }

    /// The Rust name and schema of the component schema a `$ref` points at.
    pub(super) fn component_schema(&self, reference: &str) -> Option<(&str, &'a Schema)> {
        let (name, schema) = walk::component_schema(self.openapi, reference)?;
        Some((self.component_names.get(name)?.as_str(), schema))
    }

    fn component(&mut self, rust: &str, name: &str, schema: &ReferenceOr<Schema>, pointer: &str) -> TypeDef {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.reference(reference, pointer);
                return TypeDef {
                    name: rust.into(),
                    origin: pointer.into(),
                    doc: None,
                    deprecated: false,
                    input: false,
                    kind: TypeKind::Alias(ty),
                    iterates: None,
                    conversions: Vec::new(),
                    role: None,
                };
            }
            ReferenceOr::Item(schema) => schema,
        };
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => TypeKind::Enum(enum_values(
                &s.enumeration.iter().flatten().cloned().collect::<Vec<_>>(),
            )),
            SchemaKind::Type(Type::Object(object))
                if object.properties.is_empty() && object.additional_properties.is_none() =>
            {
                TypeKind::Struct(Vec::new())
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                TypeKind::Struct(self.fields(rust, name, schema, pointer))
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => self.union(rust, schema, pointer),
            SchemaKind::Type(_) if is_id(schema) => self.id_kind(rust, schema, pointer),
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                TypeKind::Struct(self.fields(rust, name, schema, pointer))
            }
            _ => TypeKind::Alias(self.schema_ty(schema, rust, pointer)),
        };
        TypeDef {
            name: rust.into(),
            origin: pointer.into(),
            doc: doc_of(schema),
            deprecated: schema.schema_data.deprecated,
            input: false,
            kind,
            iterates: None,
            conversions: Vec::new(),
            role: None,
        }
    }

    /// The Rust type of a schema (or `$ref`) at `pointer`; inline types it needs are named from
    /// `hint`.
    pub(super) fn resolve<S: Borrow<Schema>>(&mut self, schema: &ReferenceOr<S>, hint: &str, pointer: &str) -> Ty {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema_ty(schema.borrow(), hint, pointer),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> Ty {
        if let Some(name) = reference
            .strip_prefix("#/components/schemas/")
            .and_then(|n| self.component_names.get(n))
        {
            return Ty::Named(name.clone());
        }
        match self.schema_at(reference) {
            Some(ty) => ty,
            None => {
                self.warn(
                    pointer,
                    format!("`{reference}` is not a schema the generator can read; typed as any JSON"),
                );
                Ty::Json
            }
        }
    }

    /// The type of the schema a `$ref` points at inside another object (a property of a
    /// component schema, a response's schema), named from where it is, once for every
    /// reference to it and for the schema in place.
    fn schema_at(&mut self, reference: &str) -> Option<Ty> {
        let target = crate::load::pointer_of(reference)?;
        if let Some(ty) = self.by_pointer.get(&target) {
            return Some(ty.clone());
        }
        let schema: ReferenceOr<Schema> = serde_json::from_value(self.document.pointer(&target)?.clone()).ok()?;
        if !self.resolving.insert(target.clone()) {
            return None;
        }
        let ty = self.resolve(&schema, &hint_from_pointer(&target), &target);
        self.resolving.remove(&target);
        self.by_pointer.insert(target, ty.clone());
        Some(ty)
    }

    /// The decision order of the module documentation, for a schema written out in place.
    fn schema_ty(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Ty {
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
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Ty::Bytes,
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
                        let ty = self.resolve(items, &format!("{hint}Item"), &format!("{pointer}/items"));
                        nullable_item(items, ty)
                    }
                    None => Ty::Json,
                };
                Ty::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                self.inline(hint, pointer, schema, |builder, name| {
                    TypeKind::Struct(builder.fields(name, name, schema, pointer))
                })
            }
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    let key = self.map_key_ty(schema, hint, pointer);
                    let ty = self.resolve(
                        &**value,
                        &format!("{hint}Value"),
                        &format!("{pointer}/additionalProperties"),
                    );
                    let ty = if self.is_nullable(value) {
                        Ty::Option(Box::new(ty))
                    } else {
                        ty
                    };
                    Ty::Map(Box::new(key), Box::new(ty))
                }
                Some(AdditionalProperties::Any(true)) => {
                    Ty::Map(Box::new(self.map_key_ty(schema, hint, pointer)), Box::new(Ty::Json))
                }
                _ => Ty::Json,
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.inline(hint, pointer, schema, |builder, name| {
                    builder.union(name, schema, pointer)
                })
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let ty = self.resolve(&all_of[0], hint, &format!("{pointer}/allOf/0"));
                if schema.schema_data.nullable {
                    Ty::Option(Box::new(ty))
                } else {
                    ty
                }
            }
            SchemaKind::AllOf { .. } => self.inline(hint, pointer, schema, |builder, name| {
                TypeKind::Struct(builder.fields(name, name, schema, pointer))
            }),
            SchemaKind::Any(any) if any.typ.is_none() && any.properties.is_empty() && any.one_of.is_empty() => Ty::Json,
            _ => {
                self.warn(pointer, "schema shape not supported; typed as any JSON");
                Ty::Json
            }
        }
    }

    /// The key type of a map: its `x-map-key` schema's type (or `$ref`), else `String`.
    fn map_key_ty(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Ty {
        match map_key(schema) {
            Some(key) => self.resolve(&key, &format!("{hint}Key"), &format!("{pointer}/x-map-key")),
            None => Ty::String,
        }
    }

    /// An `x-id` component: a newtype over its UUID, integer or string.
    fn id_kind(&mut self, rust: &str, schema: &Schema, pointer: &str) -> TypeKind {
        match self.schema_ty(schema, rust, pointer) {
            ty @ (Ty::Uuid | Ty::I64 | Ty::I32 | Ty::String) => TypeKind::Id(ty),
            ty => {
                self.warn(
                    pointer,
                    "`x-id` needs a uuid, integer or string schema; generated as an alias",
                );
                TypeKind::Alias(ty)
            }
        }
    }

    /// Whether a (possibly referenced) schema allows `null`.
    fn is_nullable(&self, schema: &ReferenceOr<Schema>) -> bool {
        match schema {
            ReferenceOr::Item(s) => s.schema_data.nullable,
            ReferenceOr::Reference { reference } => self
                .component_schema(reference)
                .is_some_and(|(_, s)| s.schema_data.nullable),
        }
    }

    /// The name of a type derived at `pointer`: the one published for that place while it is
    /// free, else one from `hint` that no other place still holds.
    fn derived_name(&self, pointer: &str, hint: &str) -> String {
        match self.published.at(pointer) {
            Some(name) if !self.taken.contains(name) => name.to_owned(),
            _ => unique(&type_name(hint), |n| self.taken.contains(n) || self.published.holds(n)),
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
        if let Some(ty) = self.by_pointer.get(pointer) {
            return ty.clone();
        }
        let name = self.derived_name(pointer, hint);
        self.by_pointer.insert(pointer.to_owned(), Ty::Named(name.clone()));
        self.taken.insert(name.clone());
        let kind = kind(self, &name);
        let def = TypeDef {
            name: name.clone(),
            origin: pointer.into(),
            doc: doc_of(schema),
            deprecated: schema.schema_data.deprecated,
            input: false,
            kind,
            iterates: None,
            conversions: Vec::new(),
            role: None,
        };
        self.types.insert(name.clone(), def);
        Ty::Named(name)
    }

    /// The fields of an object schema, with the properties of every `allOf` member merged in.
    /// `schema_name` is the component name whose union tag properties are left out.
    fn fields(&mut self, owner: &str, schema_name: &str, schema: &Schema, pointer: &str) -> Vec<Field> {
        let mut properties = Vec::new();
        let mut required = BTreeSet::new();
        let mut merged = Merged::default();
        self.collect_properties(schema, pointer, &mut properties, &mut required, &mut merged);
        let skipped = self.tag_properties.get(schema_name).cloned().unwrap_or_default();
        let mut fields: Vec<Field> = Vec::new();
        for (wire, property, at) in properties {
            if skipped.contains(&wire) || fields.iter().any(|f| f.wire_name == wire) {
                continue;
            }
            let hint = format!("{owner}{}", wire.to_upper_camel_case());
            let ty = self.resolve(&property, &hint, &at);
            let schema = match &property {
                ReferenceOr::Item(s) => Some(s.as_ref()),
                ReferenceOr::Reference { .. } => None,
            };
            let name = unique(&snake_name(&wire), |n| fields.iter().any(|f| f.name == n));
            // A field only the server writes (`readOnly`) is not sent, one only the client
            // writes (`writeOnly`, a password) is not received: each is absent one way, so
            // neither can be required.
            let one_way = schema.is_some_and(|s| s.schema_data.read_only || s.schema_data.write_only);
            fields.push(Field {
                setter: String::new(),
                name,
                required: required.contains(&wire) && !one_way,
                nullable: schema.is_some_and(|s| s.schema_data.nullable),
                empty_when_absent: matches!(ty, Ty::Vec(_))
                    && schema.is_some_and(|s| s.schema_data.default == Some(serde_json::json!([]))),
                deprecated: schema.is_some_and(|s| s.schema_data.deprecated),
                doc: schema.and_then(doc_of),
                notes: schema.and_then(field_notes),
                wire_name: wire,
                ty,
                boxed: false,
            });
        }
        let setters = setter_names(fields.iter().map(|f| f.name.as_str()), STRUCT_METHODS, "field");
        for (field, setter) in fields.iter_mut().zip(setters) {
            field.setter = setter;
        }
        fields
    }

    /// Gathers the properties of `schema` and of its `allOf` members, each with its pointer.
    /// Each component is merged once however many members include it (a chain of `allOf`s
    /// that each include the next twice would otherwise merge 2ⁿ times); loading has refused
    /// an `allOf` that includes itself.
    fn collect_properties(
        &mut self,
        schema: &Schema,
        pointer: &str,
        out: &mut Vec<(String, ReferenceOr<Box<Schema>>, String)>,
        required: &mut BTreeSet<String>,
        merged: &mut Merged,
    ) {
        if merged.depth > 32 {
            self.warn(pointer, "`allOf` nests more than 32 deep; stopped merging");
            return;
        }
        merged.depth += 1;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (name, property) in &object.properties {
                    out.push((
                        name.clone(),
                        property.clone(),
                        format!("{pointer}/properties/{}", escape_token(name)),
                    ));
                }
                required.extend(object.required.iter().cloned());
            }
            SchemaKind::AllOf { all_of } => {
                for (i, member) in all_of.iter().enumerate() {
                    let at = format!("{pointer}/allOf/{i}");
                    match member {
                        ReferenceOr::Item(member) => self.collect_properties(member, &at, out, required, merged),
                        ReferenceOr::Reference { reference } if !merged.components.insert(reference.clone()) => {}
                        ReferenceOr::Reference { reference } => match self.component_schema(reference) {
                            Some((_, member)) => self.collect_properties(member, &at, out, required, merged),
                            None => self.warn(at, format!("`{reference}` cannot be merged")),
                        },
                    }
                }
            }
            _ => self.warn(pointer, "only object schemas can be merged by `allOf`"),
        }
        merged.depth -= 1;
    }

    /// Marks the types sent in requests (those named in `roots` and every type inside them),
    /// boxes recursive fields, marks bulk outcomes, and returns every type sorted by name with
    /// the warnings.
    pub fn finish(mut self, roots: Vec<String>) -> (Vec<TypeDef>, Vec<Warning>) {
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            let Some(def) = self.types.get_mut(&name) else { continue };
            if def.input {
                continue;
            }
            def.input = true;
            stack.extend(def.kind.referenced());
        }
        box_recursion(&mut self.types);
        self.mark_outcomes();
        self.mark_shared_fields();
        self.mark_conversions();
        (self.types.into_values().collect(), self.warnings)
    }
}

/// Gives every type its role: the union it is a member of, the operations that send or answer
/// it, or the first field that has it. The documentation says what a type is from it.
pub fn describe(types: &mut [TypeDef], operations: &[super::api::Operation]) {
    let mut roles: BTreeMap<String, Role> = BTreeMap::new();
    for def in types.iter() {
        if let TypeKind::Union(union) = &def.kind {
            for v in &union.variants {
                if let Some(member) = &v.ty {
                    roles.entry(member.clone()).or_insert_with(|| Role::Member {
                        union: def.name.clone(),
                        property: union.tag.clone(),
                        tag: v.tag.clone(),
                    });
                }
            }
        }
    }
    let bodies = operations.iter().map(|op| (op.body.as_ref().map(|b| &b.ty), op, true));
    let responses = operations.iter().map(|op| (op.success.ty.as_ref(), op, false));
    for (ty, op, sent) in bodies.chain(responses) {
        let Some(Ty::Named(name)) = ty else { continue };
        let role = roles.entry(name.clone()).or_insert_with(|| match sent {
            true => Role::RequestBody(Vec::new()),
            false => Role::Response(Vec::new()),
        });
        match (role, sent) {
            (Role::RequestBody(ops), true) | (Role::Response(ops), false) => {
                ops.push((op.group.clone(), op.name.clone()));
            }
            _ => {}
        }
    }
    for error in operations.iter().flat_map(|op| &op.errors) {
        let Some(Ty::Named(name)) = &error.ty else { continue };
        if let Role::Error(statuses) = roles.entry(name.clone()).or_insert_with(|| Role::Error(Vec::new())) {
            if !statuses.contains(&error.status) {
                statuses.push(error.status);
                statuses.sort();
            }
        }
    }
    for def in types.iter() {
        let mut held = Vec::new();
        match &def.kind {
            TypeKind::Struct(fields) => {
                for field in fields {
                    let mut named = Vec::new();
                    field.ty.named(&mut named);
                    for name in named {
                        roles.entry(name).or_insert_with(|| Role::Field {
                            owner: def.name.clone(),
                            field: field.wire_name.clone(),
                        });
                    }
                }
            }
            TypeKind::Alias(ty) => ty.named(&mut held),
            TypeKind::Untagged(variants) => variants.iter().for_each(|v| v.ty.named(&mut held)),
            _ => {}
        }
        for name in held {
            roles.entry(name).or_insert_with(|| Role::Within(def.name.clone()));
        }
    }
    for def in types.iter_mut() {
        def.role = roles.remove(&def.name);
    }
}

/// Marks the responses that wrap one list (`{data}`, or `{data, meta}` with the pagination
/// links) to be iterated over it: `for tag in client.tags().list().send().await? {…}`.
pub fn mark_list_wrappers(types: &mut [TypeDef], operations: &[super::api::Operation], config: &crate::config::Config) {
    let links = config.pagination.as_ref().map(|p| p.links.as_str());
    let responses: BTreeSet<&str> = operations
        .iter()
        .filter_map(|op| match &op.success.ty {
            Some(Ty::Named(name)) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for def in types.iter_mut().filter(|d| responses.contains(d.name.as_str())) {
        let TypeKind::Struct(fields) = &def.kind else { continue };
        let (lists, others): (Vec<&Field>, Vec<&Field>) =
            fields.iter().partition(|f| matches!(f.rust_ty(), Ty::Vec(_)));
        if let ([list], true) = (
            lists.as_slice(),
            others.iter().all(|f| Some(f.wire_name.as_str()) == links),
        ) {
            def.iterates = Some(list.name.clone());
        }
    }
}

/// Whether a component schema is marked as an identifier (`x-id: true`, from the corrections).
fn is_id(schema: &Schema) -> bool {
    schema.schema_data.extensions.get("x-id") == Some(&serde_json::Value::Bool(true))
}

/// A type name for the schema at a pointer, from the names along it:
/// `/components/schemas/Incident/properties/assignments/items` → `IncidentAssignmentsItem`.
fn hint_from_pointer(pointer: &str) -> String {
    let mut hint = String::new();
    let mut tokens = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .peekable();
    // `/components/<section>/` and `/paths/` say nothing about the schema.
    if tokens.peek().is_some_and(|t| t == "components") {
        tokens.next();
        tokens.next();
    }
    let mut after_content = false;
    for token in tokens {
        match token.as_str() {
            "items" => hint.push_str("Item"),
            "additionalProperties" => hint.push_str("Value"),
            "paths" | "properties" | "schema" | "allOf" | "oneOf" | "anyOf" | "responses" | "parameters"
            | "requestBody" | "headers" => {}
            "content" => after_content = true,
            _ if after_content => after_content = false,
            _ if token.chars().all(|c| c.is_ascii_digit()) => {}
            _ => hint.push_str(&token.to_upper_camel_case()),
        }
    }
    if hint.is_empty() {
        "Schema".into()
    } else {
        hint
    }
}

/// A list item that allows `null` is an `Option`.
fn nullable_item(schema: &ReferenceOr<Box<Schema>>, ty: Ty) -> Ty {
    match schema {
        ReferenceOr::Item(s) if s.schema_data.nullable && !matches!(ty, Ty::Option(_)) => Ty::Option(Box::new(ty)),
        _ => ty,
    }
}

/// What a field's schema says about the direction it travels and its default.
fn field_notes(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    let mut notes = Vec::new();
    if data.read_only {
        notes.push("Set by the server (`readOnly`): leave it unset in requests.".to_owned());
    }
    if data.write_only {
        notes.push("Never sent back by the server (`writeOnly`).".to_owned());
    }
    if let Some(default) = &data.default {
        notes.push(format!("Default: `{default}`."));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// A schema's documentation: its description, else its title.
pub fn doc_of(schema: &Schema) -> Option<String> {
    let text = schema
        .schema_data
        .description
        .as_deref()
        .or(schema.schema_data.title.as_deref())?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn box_recursion(defs: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<String, Vec<String>> = defs
        .iter()
        .map(|(name, def)| {
            let next = match &def.kind {
                TypeKind::Struct(fields) => fields
                    .iter()
                    .filter_map(|f| f.ty.contained_inline())
                    .map(str::to_owned)
                    .collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.clone()).collect(),
                TypeKind::Untagged(vs) => vs
                    .iter()
                    .filter_map(|v| v.ty.contained_inline())
                    .map(str::to_owned)
                    .collect(),
                TypeKind::Alias(ty) => ty.contained_inline().map(str::to_owned).into_iter().collect(),
                TypeKind::Enum(_) | TypeKind::Id(_) => Vec::new(),
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
                if let Some(target) = field.ty.contained_inline() {
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

/// What one struct's `allOf` merge has seen: the components merged so far and how deep it is.
#[derive(Default)]
struct Merged {
    components: HashSet<String>,
    depth: usize,
}
