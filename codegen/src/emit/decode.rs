//! Where a JSON object becomes a struct: each struct's `Deserialize`, written out over the
//! runtime's `object` module instead of derived.
//!
//! serde's derive gives every struct an enum of its keys with its own visitor, and a decoder
//! from arrays that JSON never uses: half of the generated crate's compile time
//! (docs/performance.md, #17). Written out, a struct's decoding is one `match` on its keys.
//! What it accepts is the derive's: unknown keys are skipped, a repeated key is an error, an
//! absent `Option` field is `None`.

use super::ident;
use crate::model::names::unique;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// A field as its struct's decoding sees it.
pub struct ObjectField<'a> {
    /// The Rust field name.
    pub name: &'a str,
    /// The key in the JSON object.
    pub wire: &'a str,
    pub absent: Absent,
}

/// What a field is when its key is absent.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// An error: the field is required and not an `Option`.
    Error,
    /// Its type's default: `None`, or an empty list.
    Default,
    /// `None`, where `null` is something else: `Some(None)` of an `Option<Option<T>>`, or
    /// `Some(Value::Null)` of an `Option<Value>`.
    KeptApart,
}

/// `Deserialize` and the runtime's `Object` for struct `name`.
pub fn object_impls(name: &Ident, fields: &[ObjectField]) -> TokenStream {
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let map = fresh("map", &names);
    let key = fresh("key", &names);
    let slots = fields.iter().map(|f| {
        let slot = ident(f.name);
        quote! { let mut #slot = None; }
    });
    let arms = fields.iter().map(|f| {
        let (slot, wire) = (ident(f.name), f.wire);
        quote! { #wire => crate::runtime::field(&mut #map, &mut #slot, #wire)?, }
    });
    let values = fields.iter().map(|f| {
        let (slot, wire) = (ident(f.name), f.wire);
        match f.absent {
            Absent::Error => quote! { #slot: crate::runtime::required(#slot, #wire)? },
            Absent::Default => quote! { #slot: #slot.unwrap_or_default() },
            Absent::KeptApart => quote! { #slot },
        }
    });
    let read_keys = if fields.is_empty() {
        quote! {
            while #map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                crate::runtime::skip(&mut #map)?;
            }
        }
    } else {
        quote! {
            while let Some(#key) = #map.next_key::<crate::runtime::Key>()? {
                match #key.as_str() {
                    #(#arms)*
                    _ => crate::runtime::skip(&mut #map)?,
                }
            }
        }
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::decode_object(deserializer)
            }
        }

        impl crate::runtime::Object for #name {
            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut #map: A) -> Result<Self, A::Error> {
                #(#slots)*
                #read_keys
                Ok(Self { #(#values,)* })
            }
        }
    }
}

/// `base`, or a numbered form of it where a field's slot already has the name.
fn fresh(base: &str, taken: &[&str]) -> Ident {
    format_ident!("{}", unique(base, |name| taken.contains(&name)))
}
