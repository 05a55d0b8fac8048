//! `oneOf` / `anyOf` → a Rust enum.
//!
//! - With a `discriminator` (the corrections give Dixa's unions one on `_type`): a tagged enum,
//!   one variant per member, the tag value from the discriminator's `mapping` (else the member's
//!   schema name), a unit variant for a member without properties, and an `Unknown` variant that
//!   keeps any other tag's JSON.
//! - Without one: an untagged enum (`string | string[]`), tried in the document's order.
//!
//! Variant names drop the words they share with the union's name:
//! `Conversation` + `ChatConversation` → `Chat`, `BulkActionOutcome…` + `BulkActionSuccess` → `Success`.

use super::doc_of;
use crate::load::walk;
use crate::model::api::{Field, SharedField, Ty, TypeKind, Union, UnionVariant, UntaggedVariant};
use crate::model::builder::Builder;
use crate::model::names::{camel_words, type_name, unique, variant_name, UNKNOWN};
use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

impl Builder<'_> {
    /// The enum for a `oneOf` / `anyOf` schema named `name` at `pointer`.
    pub(super) fn union(&mut self, name: &str, schema: &Schema, pointer: &str) -> TypeKind {
        let members = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            _ => unreachable!("union is only called for oneOf and anyOf"),
        };
        match &schema.schema_data.discriminator {
            Some(d) if members.iter().all(|m| matches!(m, ReferenceOr::Reference { .. })) => {
                TypeKind::Union(self.tagged(name, d, members, pointer))
            }
            discriminator => {
                if discriminator.is_some() {
                    self.warn(
                        pointer,
                        "a discriminator needs every member to be a `$ref`; generated as an untagged union",
                    );
                }
                TypeKind::Untagged(self.untagged(name, members, pointer))
            }
        }
    }

    /// Remembers the tag property of a tagged union for each of its members: a member's struct
    /// leaves it out (the enum writes it).
    pub(super) fn note_tag_properties(&mut self, schema: &Schema) {
        if let Some(d) = &schema.schema_data.discriminator {
            for member in walk::union_members(schema) {
                self.tag_properties
                    .entry(member.to_owned())
                    .or_default()
                    .insert(d.property_name.clone());
            }
        }
    }

    fn tagged(
        &mut self,
        name: &str,
        discriminator: &Discriminator,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Union {
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let ReferenceOr::Reference { reference } = member else {
                continue;
            };
            let schema_name = reference.rsplit('/').next().unwrap_or(reference);
            let tag_value = discriminator
                .mapping
                .iter()
                .find(|(_, target)| *target == reference || target.as_str() == schema_name)
                .map(|(tag, _)| tag.clone())
                .unwrap_or_else(|| schema_name.to_owned());
            let Some((rust, member_schema)) = self.component_schema(reference) else {
                self.warn(
                    format!("{pointer}/oneOf/{i}"),
                    format!("`{reference}` is not a component schema"),
                );
                continue;
            };
            let ty = (!is_empty_object(member_schema)).then(|| rust.to_owned());
            variants.push(UnionVariant {
                name: String::new(),
                tag: tag_value,
                ty,
                doc: doc_of(member_schema),
            });
        }
        let names = variant_names(name, variants.iter().map(|v| v.tag.as_str()));
        for (variant, name) in variants.iter_mut().zip(names) {
            variant.name = name;
        }
        Union {
            outcome: None,
            tag: discriminator.property_name.clone(),
            variants,
            shared: Vec::new(),
        }
    }

    fn untagged(&mut self, name: &str, members: &[ReferenceOr<Schema>], pointer: &str) -> Vec<UntaggedVariant> {
        let mut variants: Vec<UntaggedVariant> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let ty = self.resolve(member, &format!("{name}Variant{i}"), &format!("{pointer}/oneOf/{i}"));
            let base = label(&ty);
            let variant = unique(&base, |n| variants.iter().any(|v| v.name == n));
            variants.push(UntaggedVariant { name: variant, ty });
        }
        variants
    }

    /// Marks the unions whose two members are a bulk call's success and failure (as configured).
    pub(super) fn mark_outcomes(&mut self) {
        let Some(tags) = &self.config.bulk_outcomes else {
            return;
        };
        for def in self.types.values_mut() {
            let TypeKind::Union(union) = &mut def.kind else {
                continue;
            };
            let position = |tag: &str| union.variants.iter().position(|v| v.tag == tag && v.ty.is_some());
            if let (Some(success), Some(failure), 2) = (
                position(&tags.success_tag),
                position(&tags.failure_tag),
                union.variants.len(),
            ) {
                union.outcome = Some((success, failure));
            }
        }
    }
}

impl Builder<'_> {
    /// Finds, for every tagged union, the fields all its members share with one type (none when
    /// a member has no fields): `Conversation` members all have `id`, `channel`, `createdAt`….
    pub(super) fn mark_shared_fields(&mut self) {
        let mut found: Vec<(String, Vec<SharedField>)> = Vec::new();
        for def in self.types.values() {
            let TypeKind::Union(union) = &def.kind else { continue };
            let members: Option<Vec<&[Field]>> = union
                .variants
                .iter()
                .map(|v| match &self.types.get(v.ty.as_ref()?)?.kind {
                    TypeKind::Struct(fields) => Some(fields.as_slice()),
                    _ => None,
                })
                .collect();
            let Some(members) = members.filter(|m| !m.is_empty()) else {
                continue;
            };
            let shared: Vec<SharedField> = members[0]
                .iter()
                .filter_map(|first| {
                    let same: Vec<&Field> = members
                        .iter()
                        .map(|fields| {
                            fields.iter().find(|f| {
                                f.wire_name == first.wire_name && f.ty == first.ty && !f.deprecated && !f.boxed
                            })
                        })
                        .collect::<Option<_>>()?;
                    Some(SharedField {
                        name: first.name.clone(),
                        wire_name: first.wire_name.clone(),
                        ty: first.ty.clone(),
                        optional: same.iter().map(|f| matches!(f.rust_ty(), Ty::Option(_))).collect(),
                    })
                })
                .collect();
            if !shared.is_empty() {
                found.push((def.name.clone(), shared));
            }
        }
        for (name, shared) in found {
            if let Some(TypeKind::Union(union)) = self.types.get_mut(&name).map(|d| &mut d.kind) {
                union.shared = shared;
            }
        }
    }
}

fn is_empty_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.is_empty() && o.additional_properties.is_none(),
        _ => false,
    }
}

/// Variant names for tag values: the words shared with the union's name are dropped when every
/// shortened name stays distinct, is not empty and does not start with a digit.
pub fn variant_names<'t>(union: &str, tags: impl Iterator<Item = &'t str>) -> Vec<String> {
    let union_words = camel_words(&type_name(union));
    let full: Vec<String> = tags.map(variant_name).collect();
    let short: Vec<String> = full.iter().map(|tag| shorten(&union_words, tag)).collect();
    let distinct: BTreeSet<&String> = short.iter().collect();
    let usable = distinct.len() == short.len()
        && short
            .iter()
            .all(|s| !s.is_empty() && !s.starts_with(|c: char| c.is_ascii_digit()));
    let names = if usable { short } else { full };
    names
        .into_iter()
        .map(|n| if n == UNKNOWN { format!("{n}Member") } else { n })
        .collect()
}

fn shorten(union_words: &[String], tag: &str) -> String {
    let words = camel_words(tag);
    let lead = union_words.iter().zip(&words).take_while(|(a, b)| a == b).count();
    let rest = &words[lead..];
    let trail = union_words
        .iter()
        .rev()
        .zip(rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    rest[..rest.len() - trail].concat()
}

/// A variant name that says what the member holds: `String`, `StringList`, `Agent`.
fn label(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) => n.clone(),
        Ty::String => "String".into(),
        Ty::Bool => "Boolean".into(),
        Ty::I32 | Ty::I64 => "Integer".into(),
        Ty::F32 | Ty::F64 => "Number".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Json => "Json".into(),
        Ty::Bytes => "Bytes".into(),
        Ty::Vec(t) => format!("{}List", label(t)),
        Ty::Map(_, v) => format!("{}Map", label(v)),
        Ty::Option(t) | Ty::Box(t) => label(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_drop_shared_words() {
        let names = |union: &str, tags: &[&str]| variant_names(union, tags.iter().copied());
        assert_eq!(
            names("Conversation", &["ChatConversation", "AnonymizedConversation"]),
            ["Chat", "Anonymized"]
        );
        assert_eq!(
            names(
                "BulkActionOutcome_BulkError_Agent",
                &["BulkActionFailure", "BulkActionSuccess"]
            ),
            ["Failure", "Success"]
        );
        assert_eq!(names("Content", &["Html", "Text"]), ["Html", "Text"]);
        assert_eq!(
            names("ContactEndpoint", &["EmailEndpoint", "TelephonyEndpoint"]),
            ["Email", "Telephony"]
        );
        // Shortening would leave an empty name: every variant keeps its full name.
        assert_eq!(
            names("SearchHit", &["SearchHit", "ConversationSearchHit"]),
            ["SearchHit", "ConversationSearchHit"]
        );
        assert_eq!(names("Thing", &["Unknown"]), ["UnknownMember"]);
    }
}
