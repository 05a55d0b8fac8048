//! The model's types → the `types` module of the generated crate.

use super::docs::{doc_attrs, lines_to_attrs};
use super::{argument_ty, deprecated, field_init, ident, rust_file_chunked, ty_tokens, File, Setters};
use crate::model::names::UNKNOWN;
use crate::model::{Api, EnumValue, Field, Ty, TypeDef, TypeKind, Union, UntaggedVariant};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/types.rs`: every type of the model, formatted `TYPES_PER_CHUNK` types at a time.
pub fn file(api: &Api) -> Result<File, String> {
    let items = api.types.iter().map(|def| type_def(api, def));
    rust_file_chunked("src/types.rs", module_head(), items, TYPES_PER_CHUNK)
}

/// Small enough that a chunk's syntax tree stays small, large enough that the per-chunk
/// overhead does not show.
const TYPES_PER_CHUNK: usize = 64;

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
    // Where the document says nothing, say where the type comes from.
    let docs = match def.doc.as_deref() {
        Some(text) => doc_attrs(Some(text)),
        None => lines_to_attrs(&[format!("`{}` in the API document.", def.origin)]),
    };
    let deprecated = deprecated(def.deprecated);
    let name = format_ident!("{}", def.name);
    let body = match &def.kind {
        TypeKind::Struct(fields) => struct_def(def, &name, fields),
        TypeKind::Union(union) => union_def(api, &name, union),
        TypeKind::Untagged(variants) => untagged_def(&name, variants),
        TypeKind::Enum(values) => enum_def(&name, values),
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(ty);
            quote! { pub type #name = #ty; }
        }
    };
    quote! { #docs #deprecated #body }
}

fn struct_def(def: &TypeDef, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let all_optional = fields.iter().all(|f| !f.required);
    let default = if all_optional {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let non_exhaustive = if def.input {
        quote! { #[non_exhaustive] }
    } else {
        TokenStream::new()
    };
    let field_defs = fields.iter().map(field_def);
    let builder = if def.input {
        let constructor = constructor(name, fields);
        let setters = fields.iter().filter(|f| !f.required).map(setter);
        quote! {
            impl #name {
                #constructor
                #(#setters)*
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #non_exhaustive
        pub struct #name {
            #(#field_defs,)*
        }
        #builder
    }
}

fn field_def(field: &Field) -> TokenStream {
    let docs = match field.doc.as_deref() {
        Some(text) => doc_attrs(Some(text)),
        None => {
            let presence = if field.required { "required" } else { "optional" };
            lines_to_attrs(&[format!("`{}` in the JSON ({presence}).", field.wire_name)])
        }
    };
    let name = ident(&field.name);
    let ty = ty_tokens(&field.rust_ty());
    let mut serde_args = Vec::new();
    if field.wire_name != field.name {
        let wire = &field.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    if !field.required {
        serde_args.push(quote! { default, skip_serializing_if = "Option::is_none" });
    }
    let serde_attr = if serde_args.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[serde(#(#serde_args),*)] }
    };
    let deprecated = deprecated(field.deprecated);
    quote! { #docs #deprecated #serde_attr pub #name: #ty }
}

/// `new` with the required fields (none where every field is optional: the type is `Default`).
/// With the setters, adding an optional field in a later spec version does not break code that
/// builds the type.
fn constructor(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        return TokenStream::new();
    }
    let params = required.iter().map(|f| {
        let n = ident(&f.name);
        let ty = argument_ty(&f.rust_ty(), &TokenStream::new());
        quote! { #n: #ty }
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.required {
            field_init(&n, &f.rust_ty())
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
    let Ty::Option(inner) = field.rust_ty() else {
        unreachable!("optional fields are Options")
    };
    Setters {
        field: &field.name,
        method: &field.setter,
        ty: &inner,
        prefix: TokenStream::new(),
        doc: vec![format!("Sets `{}`.", field.wire_name)],
        set_doc: vec![format!("Sets `{}`, or clears it with `None`.", field.wire_name)],
        deprecated: field.deprecated,
    }
    .tokens()
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
            None => lines_to_attrs(&[format!("`\"{tag}\": \"{}\"`.", v.tag)]),
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
    let unknown = format_ident!("{}", UNKNOWN);
    let unknown_doc = lines_to_attrs(&[format!(
        "A `{tag}` this version of the crate does not know (or none). The JSON is kept as received."
    )]);
    let arms = union.variants.iter().map(|v| {
        let vname = format_ident!("{}", v.name);
        let wire = &v.tag;
        match &v.ty {
            Some(_) => quote! { Some(#wire) => Self::#vname(tagged.member()?), },
            None => quote! { Some(#wire) => Self::#vname, },
        }
    });
    let from_impls = union.variants.iter().filter_map(|v| {
        let ty = v.ty.as_ref()?;
        let unique = union.variants.iter().filter(|o| o.ty.as_ref() == Some(ty)).count() == 1;
        let member_is_type = api.type_def(ty).is_some();
        if !unique || !member_is_type {
            return None;
        }
        let vname = format_ident!("{}", v.name);
        let ty = format_ident!("{}", ty);
        Some(quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#vname(value)
                }
            }
        })
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(tag = #tag)]
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

        #(#from_impls)*
        #outcome
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
        pub enum #name {
            #(#variants,)*
        }
    }
}

fn enum_def(name: &proc_macro2::Ident, values: &[EnumValue]) -> TokenStream {
    let unknown = format_ident!("{}", UNKNOWN);
    let variants: Vec<_> = values.iter().map(|v| format_ident!("{}", v.name)).collect();
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| {
        let doc = format!(" `{w}`");
        quote! { #[doc = #doc] }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the crate does not know, kept verbatim.
            #unknown(String),
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

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
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
