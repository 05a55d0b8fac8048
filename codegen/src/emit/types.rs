//! The model's types → the `types` module of the generated crate.

use super::decode::{object_impls, Absent, ObjectField};
use super::docs::{doc_attrs, lines_to_attrs, markdown};
use super::text::code_span;
use super::{argument_ty, argument_value, deprecated, field_init, ident, rust_file_chunked, ty_tokens, File, Setters};
use crate::model::names::type_name;
use crate::model::names::UNKNOWN;
use crate::model::{Api, EnumValue, Field, Role, Ty, TypeDef, TypeKind, Union, UntaggedVariant};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/types.rs`: every type of the model, formatted `TYPES_PER_CHUNK` types at a time.
pub fn file(api: &Api) -> Result<File, String> {
    let items = api.types.iter().map(|def| type_def(api, def));
    rust_file_chunked("src/types.rs", module_head(), items, TYPES_PER_CHUNK)
}

/// Small enough that a chunk's syntax tree stays small (and is made of memory the allocator
/// reuses), large enough that the per-chunk overhead does not show: at 100x Dixa's document,
/// 16 took 11.2-11.7 s, 64 took 11.9 s and 256 took 13.6-13.9 s (docs/performance.md).
const TYPES_PER_CHUNK: usize = 16;

fn module_head() -> TokenStream {
    quote! {
        //! Every schema of the API document as a Rust type.
        //!
        //! Unions and enums are open: a tag or value this version does not know decodes to
        //! `Unknown`, keeping the JSON, and encodes back unchanged.
        // Deprecated types are still used by the types that contain them.
        #![allow(deprecated)]
    }
}

pub(crate) fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = type_docs(def);
    let deprecated = deprecated(def.deprecated);
    let name = format_ident!("{}", def.name);
    let conversions = conversions(def, &name);
    let body = match &def.kind {
        TypeKind::Struct(fields) => {
            let iteration = iteration(&name, def.iterates.as_deref(), fields);
            let def = struct_def(&name, fields);
            quote! { #def #iteration }
        }
        TypeKind::Union(union) => union_def(api, &name, union),
        TypeKind::Untagged(variants) => untagged_def(&name, variants),
        TypeKind::Enum(values) => enum_def(&name, values),
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(ty);
            quote! { pub type #name = #ty; }
        }
        TypeKind::Id(wire) => id_def(&name, wire),
    };
    quote! { #docs #deprecated #body #conversions }
}

/// What the type is: the document's description, then where the type is used, and the schema's
/// name where the Rust name differs.
fn type_docs(def: &TypeDef) -> TokenStream {
    let mut lines: Vec<String> = def.doc.as_deref().map(markdown).unwrap_or_default();
    let mut about = Vec::new();
    if let (TypeKind::Union(union), true) = (&def.kind, lines.is_empty()) {
        let kinds: Vec<String> = union
            .variants
            .iter()
            .map(|v| match &v.ty {
                Some(ty) => format!("[`{ty}`]"),
                None => code_span(&v.tag),
            })
            .collect();
        about.push(format!(
            "One of these, told apart by `{}`: {}.",
            union.tag,
            kinds.join(", ")
        ));
    }
    if let Some(role) = &def.role {
        about.push(role_text(role));
    }
    let schema = def
        .origin
        .strip_prefix("/components/schemas/")
        .filter(|name| !name.contains('/'))
        .map(unescape_token);
    if let Some(schema) = schema.filter(|s| *s != def.name) {
        about.push(format!("{} in the API document.", code_span(&schema)));
    }
    if lines.is_empty() && about.is_empty() {
        about.push(format!("`{}` of the API document; no operation uses it.", def.name));
    }
    if !about.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(about.join(" "));
    }
    lines_to_attrs(&lines)
}

fn role_text(role: &Role) -> String {
    let operations = |ops: &[(String, String)]| {
        let links: Vec<String> = ops
            .iter()
            .take(4)
            .map(|(group, method)| {
                let handle = type_name(group);
                format!("[`{handle}::{method}`](crate::api::{group}::{handle}::{method})")
            })
            .collect();
        let more = ops.len().saturating_sub(links.len());
        match (links.as_slice(), more) {
            ([one], 0) => one.clone(),
            (_, 0) => format!("{} and {}", links[..links.len() - 1].join(", "), links[links.len() - 1]),
            _ => format!("{} and {more} more", links.join(", ")),
        }
    };
    match role {
        Role::Member { union, property, tag } => {
            format!(
                "A kind of [`{union}`] ({}).",
                code_span(&format!("\"{property}\": \"{tag}\""))
            )
        }
        Role::RequestBody(ops) => format!("The body of {}.", operations(ops)),
        Role::Response(ops) if ops.len() == 1 => format!("What {} answers.", operations(ops)),
        Role::Response(ops) => format!("What {} answer.", operations(ops)),
        Role::Error(statuses) => {
            let statuses: Vec<String> = statuses
                .iter()
                .map(|s| s.map_or("other".to_owned(), |s| format!("`{s}`")))
                .collect();
            format!("The body of an error answer ({}).", statuses.join(", "))
        }
        Role::Field { owner, field } => format!("The {} field of [`{owner}`].", code_span(field)),
        Role::Within(owner) => format!("What [`{owner}`] holds."),
    }
}

/// A JSON pointer token as the name it stands for (`~1` → `/`, `~0` → `~`).
fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The `From` conversions the model decided: a union from a member, a one-field struct from its
/// value, and chains of these.
fn conversions(def: &TypeDef, name: &proc_macro2::Ident) -> TokenStream {
    let impls = def.conversions.iter().map(|conversion| {
        let from = ty_tokens(&conversion.from);
        let body = match conversion.through.first() {
            Some(_) => {
                let mut value = quote! { value };
                for wrapper in conversion.through.iter().rev() {
                    let wrapper = format_ident!("{}", wrapper);
                    value = quote! { #wrapper::from(#value) };
                }
                quote! { Self::from(#value) }
            }
            None => direct_conversion(&def.kind, &conversion.from),
        };
        quote! {
            impl From<#from> for #name {
                fn from(value: #from) -> Self {
                    #body
                }
            }
        }
    });
    quote! { #(#impls)* }
}

/// A union's member variant, or a one-field struct, holding `value`.
fn direct_conversion(kind: &TypeKind, from: &Ty) -> TokenStream {
    match kind {
        TypeKind::Union(union) => {
            let variant = union
                .variants
                .iter()
                .find(|v| v.ty.as_ref().is_some_and(|t| Ty::Named(t.clone()) == *from))
                .expect("the model converts from a member");
            let variant = format_ident!("{}", variant.name);
            quote! { Self::#variant(value) }
        }
        TypeKind::Struct(fields) => {
            let field = ident(&fields[0].name);
            if fields[0].name == "value" {
                quote! { Self { value } }
            } else {
                quote! { Self { #field: value } }
            }
        }
        _ => unreachable!("the model converts only into unions and structs"),
    }
}

fn struct_def(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let all_optional = fields.iter().all(|f| !f.required);
    let default = if all_optional {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let field_defs = fields.iter().map(field_def);
    let constructor = constructor(name, fields);
    let setters = fields.iter().filter(|f| !f.required).map(setter);
    let decoding = object_impls(name, &fields.iter().map(object_field).collect::<Vec<_>>());
    // Non-exhaustive, built with `new` and setters: a field the API adds later breaks no code
    // (a struct literal or a full pattern would), unless it is required (then `new` changes).
    quote! {
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_defs,)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        #decoding
    }
}

/// How the struct's decoding reads `field`: absent is an error only for a required field that
/// has no default (`[]`) and is not an `Option` (nullable).
pub(crate) fn object_field(field: &Field) -> ObjectField<'_> {
    let defaults = field.empty_when_absent || matches!(field.rust_ty(), Ty::Option(_));
    let absent = if field.required && !defaults {
        Absent::Error
    } else {
        Absent::Default
    };
    ObjectField {
        name: &field.name,
        wire: &field.wire_name,
        absent,
    }
}

/// `IntoIterator` (owned and borrowed) for a response that wraps one list.
fn iteration(name: &proc_macro2::Ident, list: Option<&str>, fields: &[Field]) -> TokenStream {
    let Some(field) = list.and_then(|list| fields.iter().find(|f| f.name == list)) else {
        return TokenStream::new();
    };
    let Ty::Vec(item) = field.rust_ty() else {
        unreachable!("the model marks only lists")
    };
    let item = ty_tokens(&item);
    let list = ident(&field.name);
    quote! {
        impl IntoIterator for #name {
            type Item = #item;
            type IntoIter = std::vec::IntoIter<#item>;
            fn into_iter(self) -> Self::IntoIter {
                self.#list.into_iter()
            }
        }

        impl<'a> IntoIterator for &'a #name {
            type Item = &'a #item;
            type IntoIter = std::slice::Iter<'a, #item>;
            fn into_iter(self) -> Self::IntoIter {
                self.#list.iter()
            }
        }
    }
}

fn field_def(field: &Field) -> TokenStream {
    let mut lines = match field.doc.as_deref() {
        Some(text) => markdown(text),
        None => {
            let presence = if field.required { "required" } else { "optional" };
            vec![format!("{} in the JSON ({presence}).", code_span(&field.wire_name))]
        }
    };
    if let Some(notes) = &field.notes {
        lines.push(String::new());
        lines.extend(markdown(notes));
    }
    let docs = lines_to_attrs(&lines);
    let name = ident(&field.name);
    let ty = ty_tokens(&field.rust_ty());
    let mut serde_args = Vec::new();
    if field.wire_name != field.name {
        let wire = &field.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    if !field.required && !field.empty_when_absent {
        serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
    }
    let serde_attr = if serde_args.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[serde(#(#serde_args),*)] }
    };
    let deprecated = deprecated(field.deprecated);
    quote! { #docs #deprecated #serde_attr pub #name: #ty }
}

/// `new` with the required fields (none where every field is optional). With the setters,
/// adding an optional field in a later spec version does not break code that builds the type.
fn constructor(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let n = ident(&f.name);
        let ty = argument_ty(&f.rust_ty(), &TokenStream::new());
        quote! { #n: #ty }
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.required {
            field_init(&n, &f.rust_ty())
        } else if f.empty_when_absent {
            quote! { #n: Vec::new() }
        } else {
            quote! { #n: None }
        }
    });
    let doc = lines_to_attrs(&[format!("A new `{name}` from its required fields.")]);
    quote! {
        #doc
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// The chained setters of an optional field.
fn setter(field: &Field) -> TokenStream {
    let inner = match field.rust_ty() {
        Ty::Option(inner) => *inner,
        list => return list_setter(field, &list),
    };
    Setters {
        field: &field.name,
        method: &field.setter,
        ty: &inner,
        prefix: TokenStream::new(),
        doc: vec![format!("Sets {}.", code_span(&field.wire_name))],
        set_doc: vec![format!(
            "Sets {}, or clears it with `None`.",
            code_span(&field.wire_name)
        )],
        deprecated: field.deprecated,
    }
    .tokens()
}

/// The setter of a list that is empty when absent (not an `Option`).
fn list_setter(field: &Field, list: &Ty) -> TokenStream {
    let n = ident(&field.name);
    let method = ident(&field.setter);
    let param = argument_ty(list, &TokenStream::new());
    let value = argument_value(list, quote! { value });
    let doc = lines_to_attrs(&[format!("Sets {}.", code_span(&field.wire_name))]);
    let deprecated = deprecated(field.deprecated);
    quote! {
        #doc
        #deprecated
        #[inline]
        pub fn #method(mut self, value: #param) -> Self {
            self.#n = #value;
            self
        }
    }
}

fn union_def(api: &Api, name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let tag = &union.tag;
    let variants = union.variants.iter().map(|v| {
        let vname = format_ident!("{}", v.name);
        let wire = &v.tag;
        let rename = if v.name == v.tag {
            TokenStream::new()
        } else {
            quote! { #[serde(rename = #wire)] }
        };
        let docs = match v.doc.as_deref() {
            Some(text) => doc_attrs(Some(text)),
            None => lines_to_attrs(&[format!("{}.", code_span(&format!("\"{tag}\": \"{}\"", v.tag)))]),
        };
        match &v.ty {
            Some(ty) => {
                let ty = format_ident!("{}", ty);
                quote! { #docs #rename #vname(#ty) }
            }
            None => quote! { #docs #rename #vname },
        }
    });
    let outcome = outcome_impl(name, union);
    let accessors = accessors(api, name, union);
    let unknown = format_ident!("{}", UNKNOWN);
    let unknown_doc = lines_to_attrs(&[format!(
        "A {} this version of the crate does not know (or none). The JSON is kept as received.",
        code_span(tag)
    )]);
    let arms = union.variants.iter().map(|v| {
        let vname = format_ident!("{}", v.name);
        let wire = &v.tag;
        match &v.ty {
            Some(_) => quote! { Some(#wire) => Self::#vname(tagged.member()?), },
            None => quote! { Some(#wire) => Self::#vname, },
        }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(tag = #tag)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #unknown_doc
            #[serde(untagged)]
            #unknown(serde_json::Value),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let tagged = crate::runtime::Tagged::deserialize(deserializer, #tag)?;
                Ok(match tagged.tag() {
                    #(#arms)*
                    _ => Self::#unknown(tagged.into_value()?),
                })
            }
        }

        #outcome
        #accessors
    }
}

/// One accessor per field every member shares; an `Unknown` member answers from its JSON.
fn accessors(api: &Api, name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    if union.shared.is_empty() {
        return TokenStream::new();
    }
    let unknown = format_ident!("{}", UNKNOWN);
    let methods = union.shared.iter().map(|field| {
        let method = ident(&field.name);
        let ty = ty_tokens(&field.ty);
        let wire = &field.wire_name;
        let copy = is_copy(api, &field.ty);
        let arms = union.variants.iter().zip(&field.optional).map(|(v, optional)| {
            let variant = format_ident!("{}", v.name);
            let value = match (optional, copy) {
                (true, true) => quote! { member.#method },
                (true, false) => quote! { member.#method.clone() },
                (false, true) => quote! { Some(member.#method) },
                (false, false) => quote! { Some(member.#method.clone()) },
            };
            quote! { Self::#variant(member) => #value, }
        });
        let doc = lines_to_attrs(&[
            format!("{}, which every member has; for an `Unknown` member, read from its JSON.", code_span(wire)),
            String::new(),
            format!(
                "`None` where the member leaves it out (or an unknown member's {} is missing or not readable).",
                code_span(wire)
            ),
        ]);
        // `#[inline]`: the `Unknown` arm decodes the field's type from a JSON tree, which is
        // then compiled in the program that calls the accessor, not in every build of the crate.
        quote! {
            #doc
            #[inline]
            pub fn #method(&self) -> Option<#ty> {
                match self {
                    #(#arms)*
                    Self::#unknown(json) => json.get(#wire).and_then(|value| <#ty as serde::Deserialize>::deserialize(value).ok()),
                }
            }
        }
    });
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

/// Whether values of `ty` are `Copy` in the generated crate (accessors copy instead of cloning).
fn is_copy(api: &Api, ty: &Ty) -> bool {
    match ty {
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Uuid => true,
        Ty::Named(name) => {
            matches!(api.type_def(name).map(|d| &d.kind), Some(TypeKind::Id(wire)) if is_copy(api, wire))
        }
        _ => false,
    }
}

/// `dixa::BulkOutcome` for a bulk result's union of a success and a failure.
fn outcome_impl(name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let Some((success, failure)) = union.outcome else {
        return TokenStream::new();
    };
    let (success, failure) = (&union.variants[success], &union.variants[failure]);
    let (success_variant, failure_variant) = (format_ident!("{}", success.name), format_ident!("{}", failure.name));
    let success_ty = format_ident!("{}", success.ty.as_deref().unwrap_or_default());
    let failure_ty = format_ident!("{}", failure.ty.as_deref().unwrap_or_default());
    let unknown = format_ident!("{}", UNKNOWN);
    quote! {
        impl crate::BulkOutcome for #name {
            type Success = #success_ty;
            type Failure = #failure_ty;
            fn into_outcome(self) -> Result<Result<#success_ty, #failure_ty>, serde_json::Value> {
                match self {
                    Self::#success_variant(success) => Ok(Ok(success)),
                    Self::#failure_variant(failure) => Ok(Err(failure)),
                    Self::#unknown(json) => Err(json),
                }
            }
        }
    }
}

/// An identifier newtype: serialized as its value, shown and parsed as its value, converted from
/// and into it (ids are built from stored values and printed into logs).
fn id_def(name: &proc_macro2::Ident, wire: &Ty) -> TokenStream {
    let inner = ty_tokens(wire);
    let text = matches!(wire, Ty::String);
    let copy = if text {
        TokenStream::new()
    } else {
        quote! { Copy, }
    };
    let (access, parse_error) = match wire {
        Ty::String => (
            quote! {
                /// The id as text.
                pub fn as_str(&self) -> &str {
                    &self.0
                }
            },
            quote! { std::convert::Infallible },
        ),
        Ty::Uuid => (
            quote! {
                /// The id's UUID.
                pub const fn get(&self) -> uuid::Uuid {
                    self.0
                }
            },
            quote! { uuid::Error },
        ),
        _ => (
            quote! {
                /// The id's number.
                pub const fn get(&self) -> #inner {
                    self.0
                }
            },
            quote! { std::num::ParseIntError },
        ),
    };
    let text_impls = if text {
        quote! {
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    Self(value.to_owned())
                }
            }

            impl AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let parse = if text {
        quote! { Ok(Self(value.to_owned())) }
    } else {
        quote! { value.parse().map(Self) }
    };
    quote! {
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(#inner);

        impl #name {
            /// The id from its value on the wire.
            pub const fn new(value: #inner) -> Self {
                Self(value)
            }
            #access
        }

        impl From<#inner> for #name {
            fn from(value: #inner) -> Self {
                Self(value)
            }
        }

        impl From<#name> for #inner {
            fn from(id: #name) -> Self {
                id.0
            }
        }

        #text_impls

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for #name {
            type Err = #parse_error;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                #parse
            }
        }
    }
}

fn untagged_def(name: &proc_macro2::Ident, variants: &[UntaggedVariant]) -> TokenStream {
    let variants = variants.iter().map(|v| {
        let vname = format_ident!("{}", v.name);
        let ty = ty_tokens(&v.ty);
        let doc = lines_to_attrs(&[format!("The value as `{}`.", v.ty)]);
        quote! { #doc #vname(#ty) }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }
    }
}

fn enum_def(name: &proc_macro2::Ident, values: &[EnumValue]) -> TokenStream {
    let unknown = format_ident!("{}", UNKNOWN);
    let variants: Vec<_> = values.iter().map(|v| format_ident!("{}", v.name)).collect();
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| lines_to_attrs(&[code_span(w)]));
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the crate does not know, kept verbatim.
            #unknown(String),
        }

        impl PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        /// By wire value (a known value before an unknown one with the same text), so that the
        /// order stays the same when a later version knows more values.
        impl Ord for #name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                (self.as_str(), matches!(self, Self::#unknown(_)))
                    .cmp(&(other.as_str(), matches!(other, Self::#unknown(_))))
            }
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        /// The wire value; width, fill and alignment apply (`{:<12}`).
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::deserialize_open_enum(deserializer)
            }
        }
    }
}
