//! The webhooks model → the `webhooks` module of the generated crate: `src/webhooks/mod.rs`
//! (the event types, the envelope's decoding, the links to the API's types), the signature check
//! copied from `codegen/runtime/webhooks.rs`, and the receiver example.
//!
//! Unlike the API's types, where `null` and absent both decode as `None`, a webhook field keeps
//! the difference, so that a decoded event re-encodes to the JSON it came from:
//!
//! | document says | Rust | absent | `null` |
//! |---|---|---|---|
//! | required | `T` | error | error |
//! | required, nullable | `Option<T>` | `None` (encodes `null`) | `None` |
//! | optional | `Option<T>` | `None` (omitted) | `None` |
//! | optional, nullable | `Option<Option<T>>` | `None` (omitted) | `Some(None)` |

use super::decode::{object_impls, Absent, ObjectField};
use super::docs::{doc_attrs, inner_doc, lines_to_attrs};
use super::text::{code_span, inline_text, one_doc_line};
use super::types::type_def;
use super::{argument_ty, field_init, ident, ty_tokens, File, Setters, GENERATED_MARKER};
use crate::load::webhooks::SignatureScheme;
use crate::model::names::UNKNOWN;
use crate::model::webhooks::{exact_ty, presence, Embedded, Presence, SubscriptionNames, Webhooks};
use crate::model::{Api, Field, Ty, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

const SIGNATURE: &str = include_str!("../../runtime/webhooks.rs");
const RECEIVER_EXAMPLE: &str = include_str!("../../runtime/examples/webhook_receiver.rs");

/// The module's files (none when the API has no webhooks document).
pub fn files(api: &Api, crate_name: &str) -> Result<Vec<File>, String> {
    let Some(webhooks) = &api.webhooks else {
        return Ok(Vec::new());
    };
    let mut files = vec![super::rust_file(
        "src/webhooks/mod.rs",
        module(api, webhooks, crate_name),
    )?];
    if webhooks.signature.is_some() {
        files.push(File {
            path: "src/webhooks/signature.rs".into(),
            contents: format!(
                "// {GENERATED_MARKER}: copied from codegen/runtime/webhooks.rs. Edit it there.\n\n{SIGNATURE}"
            ),
        });
        files.push(File {
            path: "examples/webhook_receiver.rs".into(),
            contents: format!(
                "// {GENERATED_MARKER}: copied from codegen/runtime/examples/webhook_receiver.rs. Edit it there.\n\n{}",
                RECEIVER_EXAMPLE.replace("dixa::", &format!("{crate_name}::"))
            ),
        });
    }
    Ok(files)
}

/// Whether the crate has a `webhooks` module that verifies signatures (it then needs `ring`).
pub fn verifies_signatures(api: &Api) -> bool {
    api.webhooks.as_ref().is_some_and(|w| w.signature.is_some())
}

fn module(api: &Api, webhooks: &Webhooks, crate_name: &str) -> TokenStream {
    let doc = module_doc(webhooks, crate_name).into_iter().map(|line| {
        if line.is_empty() {
            quote! { #![doc = ""] }
        } else {
            inner_doc(&line)
        }
    });
    let signature = signature_items(webhooks);
    let decode = decode_fn(webhooks);
    let items = webhooks.types.iter().map(|def| item(api, webhooks, def));
    let envelope = webhooks.types.iter().find(|t| t.name == webhooks.envelope);
    let present = if envelope.is_some_and(has_optional_nullable) {
        quote! {
            /// Keeps `null` apart from absent: a field that is present decodes to `Some`, even `null`.
            fn present<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
                T::deserialize(deserializer).map(Some)
            }
        }
    } else {
        TokenStream::new()
    };
    let names = webhooks
        .subscription_names
        .as_ref()
        .map(|s| subscription_links(api, webhooks, s));
    let embedded = webhooks.embedded.iter().map(|e| embedded_method(webhooks, e));
    quote! {
        #(#doc)*
        #signature
        #decode
        #(#items)*
        #present
        #names
        #(#embedded)*
    }
}

fn module_doc(webhooks: &Webhooks, crate_name: &str) -> Vec<String> {
    let mut lines = vec![if webhooks.signature.is_some() {
        format!(
            "The {}: verified, then decoded into types.",
            inline_text(&webhooks.title)
        )
    } else {
        format!("The {}, decoded into types.", inline_text(&webhooks.title))
    }];
    if let Some(description) = &webhooks.description {
        lines.push(String::new());
        lines.extend(super::docs::markdown(description));
    }
    let (envelope, tag, payload) = (&webhooks.envelope, &webhooks.tag_field, &webhooks.payload_field);
    lines.push(String::new());
    if webhooks.signature.is_some() {
        lines.extend([
            "Verify the body's raw bytes, exactly as received, then decode them; a receiver calls".to_owned(),
            "[`verify_and_decode`]:".to_owned(),
            String::new(),
            "```no_run".to_owned(),
            format!("fn receive(secret: &str, signature_header: &str, body: &[u8]) -> Result<(), {crate_name}::webhooks::WebhookError> {{"),
            format!("    let event = {crate_name}::webhooks::verify_and_decode(secret, signature_header, body)?;"),
            format!("    println!(\"{{}}: {{:?}}\", event.{tag}, event.{payload});"),
            "    Ok(())".to_owned(),
            "}".to_owned(),
            "```".to_owned(),
        ]);
    } else {
        lines.push("Decode a delivery's body with [`decode`].".to_owned());
    }
    lines.extend([
        String::new(),
        format!(
            "[`{envelope}`] decodes every delivery: `{payload}` is typed for the events this version knows, and an"
        ),
        format!(
            "event it does not know keeps its JSON (`{}::{UNKNOWN}`). Every type re-encodes to the JSON it came",
            webhooks.union
        ),
        "from: `null` stays `null`, an absent field stays absent.".to_owned(),
    ]);
    lines
}

/// The signature check and the one-call form, where the document declares a signature.
fn signature_items(webhooks: &Webhooks) -> TokenStream {
    let Some(signature) = &webhooks.signature else {
        return TokenStream::new();
    };
    let SignatureScheme::TimestampedHmacSha256 = signature.scheme;
    let header = &signature.header;
    let header_doc =
        " The header that carries a delivery's signature (`t=…,v1=…`); HTTP header names are case-insensitive.";
    let envelope = format_ident!("{}", webhooks.envelope);
    quote! {
        mod signature;

        pub use signature::{sign, verify, SignatureError, WebhookError, DEFAULT_TOLERANCE};

        #[doc = #header_doc]
        pub const SIGNATURE_HEADER: &str = #header;

        /// Verifies a delivery against the subscription's `secret` (hex, as shown) with the
        /// [`DEFAULT_TOLERANCE`], then decodes it: what a receiver calls, with the body's raw bytes.
        ///
        /// Deliveries arrive at least once, sometimes several times at once: deduplicate on the
        /// event's id before acting on it.
        #[inline]
        pub fn verify_and_decode(secret: &str, signature_header: &str, body: &[u8]) -> Result<#envelope, WebhookError> {
            verify(secret, signature_header, body, std::time::SystemTime::now(), DEFAULT_TOLERANCE).map_err(WebhookError::Signature)?;
            decode(body).map_err(WebhookError::Decode)
        }
    }
}

fn decode_fn(webhooks: &Webhooks) -> TokenStream {
    let envelope = format_ident!("{}", webhooks.envelope);
    let doc = if webhooks.signature.is_some() {
        " Decodes a delivery's body (after [`verify`]), with the field path of the first mismatch."
    } else {
        " Decodes a delivery's body, with the field path of the first mismatch."
    };
    // `#[inline]` on each function that decodes the envelope: the decoding of every event type
    // is then compiled in the program that calls one, not in every build of the crate.
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn decode(body: &[u8]) -> Result<#envelope, crate::DecodeError> {
            crate::from_json(body)
        }
    }
}

fn item(api: &Api, webhooks: &Webhooks, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(fields) if def.name == webhooks.envelope => struct_def(def, fields, Some(webhooks)),
        TypeKind::Struct(fields) => struct_def(def, fields, None),
        TypeKind::Union(_) if def.name == webhooks.union => union_def(def, webhooks),
        _ => {
            // Enums and aliases are emitted as the API's are; like every generated enum they may
            // gain values (the compatibility decision), whether or not `types` says so yet.
            let tokens = type_def(api, def);
            let is_enum = matches!(def.kind, TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Untagged(_));
            if is_enum && !tokens.to_string().contains("non_exhaustive") {
                quote! { #[non_exhaustive] #tokens }
            } else {
                tokens
            }
        }
    }
}

fn field_ty(field: &Field) -> TokenStream {
    ty_tokens(&exact_ty(field))
}

fn field_is_json(field: &Field) -> bool {
    presence(field).0 == Ty::Json
}

fn has_optional_nullable(def: &TypeDef) -> bool {
    matches!(&def.kind, TypeKind::Struct(fields) if fields.iter().any(|f| presence(f).1 == Presence::OptionalNullable))
}

/// The field's `#[serde]` attribute for the struct's derived `Serialize` or, with `decoding`, for
/// the envelope's derived `Deserialize` (every other struct's decoding is written out).
fn serde_attr(field: &Field, decoding: bool) -> TokenStream {
    let mut args = Vec::new();
    if field.wire_name != field.name {
        let wire = &field.wire_name;
        args.push(quote! { rename = #wire });
    }
    match (presence(field).1, decoding) {
        (Presence::Required, _) | (Presence::RequiredNullable, false) => {}
        (Presence::RequiredNullable, true) => args.push(quote! { default }),
        (Presence::Optional | Presence::OptionalNullable, false) => {
            args.push(quote! { skip_serializing_if = "Option::is_none" })
        }
        (Presence::Optional, true) => args.push(quote! { default }),
        (Presence::OptionalNullable, true) => args.push(quote! { default, deserialize_with = "present" }),
    }
    if args.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[serde(#(#args),*)] }
    }
}

fn field_doc(field: &Field) -> TokenStream {
    let presence = match presence(field).1 {
        Presence::Required => "required",
        Presence::RequiredNullable => "always present, may be `null`",
        Presence::Optional => "may be absent",
        Presence::OptionalNullable if field_is_json(field) => "may be absent; any JSON, `null` included",
        Presence::OptionalNullable => "absent is `None`, `null` is `Some(None)`",
    };
    let mut lines = field.doc.as_deref().map(super::docs::markdown).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("{} in the JSON ({presence}).", code_span(&field.wire_name)));
    if let Some(notes) = &field.notes {
        lines.push(String::new());
        lines.extend(super::docs::markdown(notes));
    }
    lines_to_attrs(&lines)
}

fn struct_def(def: &TypeDef, fields: &[Field], envelope: Option<&Webhooks>) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = type_doc(def);
    let default = if fields.iter().all(|f| presence(f).1 != Presence::Required) {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let field_defs = fields.iter().map(|f| {
        let (docs, serde, n, ty) = (field_doc(f), serde_attr(f, false), ident(&f.name), field_ty(f));
        quote! { #docs #serde pub #n: #ty }
    });
    let builder = builder(&name, fields);
    let decoding = match envelope {
        Some(webhooks) => envelope_deserialize(&name, fields, webhooks),
        None => object_impls(&name, &fields.iter().map(object_field).collect::<Vec<_>>()),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_defs,)*
        }
        #builder
        #decoding
    }
}

/// How the struct's decoding reads `field`: one that may be absent or `null` keeps the two apart
/// (`Option<Option<T>>`, or `Option<Value>` holding `Value::Null`).
pub(crate) fn object_field(field: &Field) -> ObjectField<'_> {
    let absent = match presence(field).1 {
        Presence::Required => Absent::Error,
        Presence::RequiredNullable | Presence::Optional => Absent::Default,
        Presence::OptionalNullable => Absent::KeptApart,
    };
    ObjectField {
        name: &field.name,
        wire: &field.wire_name,
        absent,
    }
}

fn type_doc(def: &TypeDef) -> TokenStream {
    match def.doc.as_deref() {
        Some(text) => doc_attrs(Some(text)),
        None => lines_to_attrs(&[format!("{} in the webhooks document.", code_span(&def.origin))]),
    }
}

/// `new` with the fields that are always present and never `null`; a setter for each other one.
fn builder(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| presence(f).1 == Presence::Required).collect();
    let params = required.iter().map(|f| {
        let (n, ty) = (ident(&f.name), argument_ty(&presence(f).0, &TokenStream::new()));
        quote! { #n: #ty }
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.name);
        let (ty, presence) = presence(f);
        match presence {
            Presence::Required => field_init(&n, &ty),
            _ => quote! { #n: None },
        }
    });
    let constructor_doc = if required.len() == fields.len() {
        format!(" A new `{name}`.")
    } else {
        format!(" A new `{name}`; the fields that may be `null` or absent start as `None`.")
    };
    let setters = fields
        .iter()
        .filter(|f| presence(f).1 != Presence::Required)
        .map(setter);
    quote! {
        impl #name {
            #[doc = #constructor_doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// `x(T)` and `set_x(Option<T>)`, as on the API's types; a field that may be absent or `null`
/// takes `x(Option<T>)` (`None` writes `null`) and `set_x(Option<Option<T>>)` (`None` omits it).
fn setter(field: &Field) -> TokenStream {
    let (ty, presence) = presence(field);
    if presence != Presence::OptionalNullable || ty == Ty::Json {
        let none = if presence == Presence::RequiredNullable {
            "writes `null`"
        } else {
            "leaves it out"
        };
        return Setters {
            field: &field.name,
            method: &field.setter,
            ty: &ty,
            prefix: TokenStream::new(),
            doc: vec![format!("Sets {}.", code_span(&field.wire_name))],
            set_doc: vec![format!("Sets {}; `None` {none}.", code_span(&field.wire_name))],
            deprecated: field.deprecated,
        }
        .tokens();
    }
    let (n, method, set) = (
        ident(&field.name),
        ident(&field.setter),
        format_ident!("set_{}", field.setter),
    );
    let ty = ty_tokens(&ty);
    let doc = format!(" Sets {}; `None` writes `null`.", code_span(&field.wire_name));
    let set_doc = format!(
        " Sets {}: `None` leaves it out, `Some(None)` writes `null`.",
        code_span(&field.wire_name)
    );
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #method(mut self, value: Option<#ty>) -> Self {
            self.#n = Some(value);
            self
        }

        #[doc = #set_doc]
        #[inline]
        pub fn #set(mut self, value: Option<Option<#ty>>) -> Self {
            self.#n = value;
            self
        }
    }
}

/// The envelope decodes its payload by the event name beside it, once the whole envelope is read
/// (the name may come after the payload).
fn envelope_deserialize(name: &proc_macro2::Ident, fields: &[Field], webhooks: &Webhooks) -> TokenStream {
    let union = format_ident!("{}", webhooks.union);
    let (tag, payload) = (ident(&webhooks.tag_field), ident(&webhooks.payload_field));
    let payload_wire = fields
        .iter()
        .find(|f| f.name == webhooks.payload_field)
        .map_or(webhooks.payload_field.clone(), |f| f.wire_name.clone());
    let wire_fields = fields.iter().map(|f| {
        let (serde, n) = (serde_attr(f, true), ident(&f.name));
        let ty = if f.name == webhooks.payload_field {
            quote! { crate::runtime::Payload }
        } else {
            field_ty(f)
        };
        quote! { #serde #n: #ty }
    });
    let moves = fields.iter().filter(|f| f.name != webhooks.payload_field).map(|f| {
        let n = ident(&f.name);
        quote! { #n: received.#n }
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                /// The envelope as received, its payload held until the event's name is known.
                #[derive(serde::Deserialize)]
                struct Received {
                    #(#wire_fields,)*
                }
                let received = Received::deserialize(deserializer)?;
                let #payload = #union::decode(received.#tag.as_str(), #payload_wire, received.#payload)?;
                Ok(Self { #(#moves,)* #payload })
            }
        }
    }
}

fn union_def(def: &TypeDef, webhooks: &Webhooks) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = type_doc(def);
    let tag = &webhooks.tag_field;
    let variants = webhooks.events.iter().map(|v| {
        let (vname, ty) = (
            format_ident!("{}", v.name),
            format_ident!("{}", v.ty.as_deref().unwrap_or_default()),
        );
        let doc = one_doc_line(&format!(" `{tag}`: {}.", code_span(&v.tag)));
        quote! { #[doc = #doc] #vname(#ty) }
    });
    let arms = webhooks.events.iter().map(|v| {
        let (vname, wire) = (format_ident!("{}", v.name), &v.tag);
        quote! { #wire => Self::#vname(payload.member(field)?), }
    });
    let unknown = format_ident!("{UNKNOWN}");
    let unknown_doc = format!(" An event this version does not type (see `{tag}`): its JSON as received.");
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #[doc = #unknown_doc]
            #unknown(serde_json::Value),
        }

        impl #name {
            /// Decodes the payload of the event named `name`: a known name with a malformed body is
            /// an error located in `field`, an unknown one keeps the JSON.
            fn decode<E: serde::de::Error>(name: &str, field: &str, payload: crate::runtime::Payload) -> Result<Self, E> {
                Ok(match name {
                    #(#arms)*
                    _ => Self::#unknown(payload.into_value()?),
                })
            }
        }
    }
}

/// `From` both ways between the API's subscription names and the envelope's event names.
fn subscription_links(api: &Api, webhooks: &Webhooks, names: &SubscriptionNames) -> TokenStream {
    let variant = |types: &[TypeDef], enum_name: &str, wire: &str| -> Option<proc_macro2::Ident> {
        match &types.iter().find(|t| t.name == enum_name)?.kind {
            TypeKind::Enum(values) => values
                .iter()
                .find(|v| v.wire == wire)
                .map(|v| format_ident!("{}", v.name)),
            _ => None,
        }
    };
    let api_enum = format_ident!("{}", names.api_enum);
    let event_enum = format_ident!("{}", names.event_enum);
    let pairs: Vec<(proc_macro2::Ident, proc_macro2::Ident)> = names
        .pairs
        .iter()
        .filter_map(|(api_wire, event_wire)| {
            Some((
                variant(&api.types, &names.api_enum, api_wire)?,
                variant(&webhooks.types, &names.event_enum, event_wire)?,
            ))
        })
        .collect();
    let to_event = pairs
        .iter()
        .map(|(a, e)| quote! { crate::types::#api_enum::#a => Self::#e, });
    let to_api = pairs.iter().map(|(a, e)| quote! { #event_enum::#e => Self::#a, });
    let to_event_doc = format!(
        " The event name of a subscription name ({} → {}); a name this version does not know is converted by the same rule.",
        code_span(names.pairs.first().map_or("", |p| p.0.as_str())),
        code_span(names.pairs.first().map_or("", |p| p.1.as_str()))
    );
    let to_api_doc = " The subscription name of an event name, for `events` in a subscription and the delivery-status calls; a name this version does not know is converted by rule.";
    quote! {
        impl From<&crate::types::#api_enum> for #event_enum {
            #[doc = #to_event_doc]
            fn from(name: &crate::types::#api_enum) -> Self {
                match name {
                    #(#to_event)*
                    other => Self::from(screaming_snake_case(other.as_str()).as_str()),
                }
            }
        }

        impl From<crate::types::#api_enum> for #event_enum {
            fn from(name: crate::types::#api_enum) -> Self {
                Self::from(&name)
            }
        }

        impl From<&#event_enum> for crate::types::#api_enum {
            #[doc = #to_api_doc]
            fn from(name: &#event_enum) -> Self {
                match name {
                    #(#to_api)*
                    other => Self::from(pascal_case(other.as_str()).as_str()),
                }
            }
        }

        impl From<#event_enum> for crate::types::#api_enum {
            fn from(name: #event_enum) -> Self {
                Self::from(&name)
            }
        }

        /// `ConversationCreated` → `CONVERSATION_CREATED` (`SLAEvaluation` → `SLA_EVALUATION`).
        fn screaming_snake_case(name: &str) -> String {
            let chars: Vec<char> = name.chars().collect();
            let mut out = String::with_capacity(name.len() + 8);
            for (i, &c) in chars.iter().enumerate() {
                let after_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
                let ends_acronym = i > 0 && chars[i - 1].is_uppercase() && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
                if c.is_uppercase() && (after_lower || ends_acronym) {
                    out.push('_');
                }
                out.extend(c.to_uppercase());
            }
            out
        }

        /// `CONVERSATION_CREATED` → `ConversationCreated`.
        fn pascal_case(name: &str) -> String {
            name.split('_')
                .flat_map(|word| {
                    let mut chars = word.chars();
                    chars.next().into_iter().flat_map(char::to_uppercase).chain(chars.flat_map(char::to_lowercase))
                })
                .collect()
        }
    }
}

/// A method that decodes an API string property carrying a delivered body.
fn embedded_method(webhooks: &Webhooks, embedded: &Embedded) -> TokenStream {
    let owner = format_ident!("{}", embedded.owner);
    let envelope = format_ident!("{}", webhooks.envelope);
    let field = ident(&embedded.field);
    let method = format_ident!("{}_event", embedded.field.trim_start_matches("r#"));
    let doc = format!(
        " Decodes `{}`, a delivered webhook body kept as a JSON string, into [`{envelope}`].",
        embedded.field
    );
    if embedded.optional {
        quote! {
            impl crate::types::#owner {
                #[doc = #doc]
                #[inline]
                pub fn #method(&self) -> Option<Result<#envelope, crate::DecodeError>> {
                    self.#field.as_deref().map(|body| crate::from_json(body.as_bytes()))
                }
            }
        }
    } else {
        quote! {
            impl crate::types::#owner {
                #[doc = #doc]
                #[inline]
                pub fn #method(&self) -> Result<#envelope, crate::DecodeError> {
                    crate::from_json(self.#field.as_bytes())
                }
            }
        }
    }
}
