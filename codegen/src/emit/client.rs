//! Operations → the `api` module: one file per group (tag) with a handle reached from `Client`
//! (`client.agents()`) and one request builder per operation (`.list()`, setters, `.send()`).

use super::docs::{inner_doc, lines_to_attrs, markdown};
use super::text::code_span;
use super::{argument_ty, deprecated, field_init, ident, ty_tokens_in, File, Setters};
use crate::model::names::{needs_raw, unique};
use crate::model::{Api, Body, Encoding, Operation, Pagination, Param, PathPart, Style, Ty};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

pub fn files(api: &Api, crate_name: &str) -> Result<Vec<File>, String> {
    let mut groups: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        groups.entry(op.group.as_str()).or_default().push(op);
    }
    let mut files = Vec::new();
    let modules = groups.keys().map(|g| ident(g));
    let mod_doc = inner_doc("Every operation of the API, grouped as in its documentation (by tag).");
    files.push(super::rust_file(
        "src/api/mod.rs",
        quote! { #mod_doc #(pub mod #modules;)* },
    )?);
    for (group, operations) in groups {
        files.push(super::rust_file(
            &format!("src/api/{group}.rs"),
            group_module(group, &operations, crate_name),
        )?);
    }
    Ok(files)
}

fn types_prefix() -> TokenStream {
    quote! { crate::types:: }
}

fn rust_ty(ty: &Ty) -> TokenStream {
    ty_tokens_in(ty, &types_prefix())
}

fn group_module(group: &str, operations: &[&Operation], crate_name: &str) -> TokenStream {
    let title = &operations[0].group_title;
    let handle = format_ident!("{}", operations[0].handle);
    let accessor = ident(group);
    let module_doc = format!("Operations tagged {}.", code_span(title));
    let accessor_doc = lines_to_attrs(&[format!(
        "Operations tagged {}: {}.",
        code_span(title),
        operations
            .iter()
            .map(|o| format!("[`{}`]({handle}::{})", o.name, o.name))
            .collect::<Vec<_>>()
            .join(", ")
    )]);
    let handle_doc = lines_to_attrs(std::slice::from_ref(&module_doc));
    let module_doc = inner_doc(&module_doc);
    let constructors = operations.iter().map(|op| constructor(op, crate_name));
    let builders = operations.iter().map(|op| builder(op));
    quote! {
        #module_doc

        #handle_doc
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: crate::Client,
        }

        impl crate::Client {
            #accessor_doc
            pub fn #accessor(&self) -> #handle {
                #handle { client: self.clone() }
            }
        }

        impl #handle {
            #(#constructors)*
        }

        #(#builders)*
    }
}

fn builder_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.builder)
}

/// The method of the group's handle that starts a request: it takes the arguments.
fn constructor(op: &Operation, crate_name: &str) -> TokenStream {
    let name = ident(&op.name);
    let builder = builder_name(op);
    let params = op.arguments().map(|p| {
        let n = ident(&p.name);
        let ty = argument_ty(&p.ty, &types_prefix());
        quote! { #n: #ty }
    });
    let body_param = op.body.as_ref().filter(|b| b.required).map(|b| {
        let ty = argument_ty(&b.ty, &types_prefix());
        quote! { body: #ty }
    });
    let inits = op.params().map(|p| {
        let n = ident(&p.name);
        if op.is_argument(p) {
            field_init(&n, &p.ty)
        } else {
            quote! { #n: None }
        }
    });
    let body_init = op.body.as_ref().map(|b| {
        if b.required {
            let init = field_init(&format_ident!("body"), &b.ty);
            quote! { #init, }
        } else {
            quote! { body: None, }
        }
    });
    let docs = lines_to_attrs(&operation_doc(op, crate_name));
    let deprecated = deprecated(op.deprecated);
    let all_params = params.chain(body_param);
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#all_params),*) -> #builder {
            #builder {
                client: self.client.clone(),
                #(#inits,)*
                #body_init
                options: crate::runtime::RequestOptions::default(),
            }
        }
    }
}

fn operation_doc(op: &Operation, crate_name: &str) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(summary) = &op.summary {
        lines.extend(markdown(summary));
    }
    if let Some(description) = &op.description {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(markdown(description));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "{} (operation {})",
        code_span(&format!("{} {}", op.method, op.path)),
        code_span(&op.operation_id)
    ));
    let documented: Vec<&Param> = op.params().filter(|p| p.doc.is_some()).collect();
    if !documented.is_empty() {
        lines.push(String::new());
        lines.push("# Parameters".into());
        for p in documented {
            let doc = markdown(p.doc.as_deref().unwrap_or_default()).join(" ");
            let how = if op.is_argument(p) { "argument" } else { "setter" };
            lines.push(format!(
                "- `{}` ({how}, {} on the wire): {doc}",
                p.name,
                code_span(&p.wire_name)
            ));
        }
    }
    if let Some(body) = &op.body {
        lines.extend(body_doc(body));
    }
    if op.upgrades_connection() {
        lines.push(String::new());
        lines.push("**Not served:** the API answers this operation by upgrading the connection (status 101, such as a WebSocket), which this client does not do: the call sends the request and fails with the 101.".into());
    }
    if !op.errors.is_empty() {
        lines.push(String::new());
        lines.push("# Errors".into());
        lines.push("[`crate::Error::Api`] with the status, among them:".into());
        for e in &op.errors {
            let status = e.status.map_or("other".to_owned(), |s| s.to_string());
            let description = markdown(&e.description).join(" ");
            lines.push(format!(
                "- `{status}`{}",
                if description.is_empty() {
                    String::new()
                } else {
                    format!(": {description}")
                }
            ));
        }
    }
    lines.extend(retries_doc(op));
    lines.push(String::new());
    lines.extend(example(op, crate_name));
    lines
}

/// How the body goes on the wire, where it is not JSON, and the media types not sent.
fn body_doc(body: &Body) -> Vec<String> {
    let how = match body.encoding {
        Encoding::Json => None,
        Encoding::Form => Some("its fields form-encoded".to_owned()),
        Encoding::Multipart => Some("its fields as parts, bytes as files".to_owned()),
        Encoding::Text => Some("the text as given".to_owned()),
        Encoding::Bytes => Some("the bytes as given".to_owned()),
    };
    let mut lines = Vec::new();
    if let Some(how) = how {
        lines.push(format!(
            "The body is sent as `{}`: {how}; a `.header(\"content-type\", …)` replaces the media type.",
            body.media_type
        ));
    }
    if !body.alternatives.is_empty() {
        let others: Vec<String> = body.alternatives.iter().map(|m| format!("`{m}`")).collect();
        lines.push(format!(
            "The API also accepts {}, which this method does not send.",
            others.join(", ")
        ));
    }
    if !lines.is_empty() {
        lines.splice(0..0, [String::new(), "# Body".to_owned()]);
    }
    lines
}

/// What happens when a PUT or DELETE may have reached the server but its answer did not arrive:
/// HTTP allows repeating them, but some operations answer a repeat with an error.
fn retries_doc(op: &Operation) -> Vec<String> {
    let text = match (op.method.as_str(), &op.not_repeatable) {
        (_, Some(reason)) => format!(
            "Not repeated once it may have reached the server: {}. After [`crate::Error::Timeout`] or [`crate::Error::Transport`] it may or may not have taken effect; check before calling it again. Retried (per [`crate::RetryPolicy`]) only when the connection could not be made.",
            markdown(reason).join(" ").trim_end_matches('.')
        ),
        ("PUT" | "DELETE", None) => "Repeating it leaves the same state, so it is retried (per [`crate::RetryPolicy`]) after a timeout, a dropped connection, 408, 429 and 5xx, like a GET.".to_owned(),
        _ => return Vec::new(),
    };
    vec![String::new(), "# Retries".into(), text]
}

/// A compiled (not run) example of the call; its arguments come in as parameters of a hidden
/// function, so the visible line is the call itself.
fn example(op: &Operation, crate_name: &str) -> Vec<String> {
    let mut params: Vec<String> = vec![format!("client: {crate_name}::Client")];
    let mut args: Vec<String> = Vec::new();
    for p in op.arguments() {
        let name = ident(&p.name).to_string();
        params.push(format!("{name}: {}", p.ty.outside(crate_name)));
        args.push(name);
    }
    // The body from the document's example where it builds, else given by the caller.
    let body = op.body.as_ref().filter(|b| b.required);
    let built = body.and_then(|b| super::examples::body_example(b.example.as_ref()?, &b.ty, crate_name));
    if let (Some(body), None) = (body, &built) {
        params.push(format!("body: {}", body.ty.outside(crate_name)));
    }
    if body.is_some() {
        args.push("body".into());
    }
    let call = format!("client.{}().{}({})", ident(&op.group), ident(&op.name), args.join(", "));
    let mut lines = vec!["# Example".to_owned(), String::new(), "```no_run".to_owned()];
    if op.deprecated {
        lines.push("# #![allow(deprecated)]".into());
    }
    let error = match &built {
        Some(built) if built.parses => "Box<dyn std::error::Error>".to_owned(),
        _ => format!("{crate_name}::Error"),
    };
    if let Some(built) = built.as_ref().filter(|b| !b.types.is_empty()) {
        let names: Vec<&str> = built.types.iter().map(String::as_str).collect();
        let names = if names.len() == 1 {
            names[0].to_owned()
        } else {
            format!("{{{}}}", names.join(", "))
        };
        lines.push(format!("use {crate_name}::types::{names};"));
        lines.push(String::new());
    }
    lines.push(format!(
        "# async fn example({}) -> Result<(), {error}> {{",
        params.join(", ")
    ));
    if let Some(built) = &built {
        lines.extend(built.lines.iter().cloned());
    }
    if op.pagination.is_some() {
        lines.push(format!("let mut items = {call}.into_stream();"));
        lines.push("while let Some(item) = items.next().await {".into());
        lines.push("    println!(\"{:?}\", item?);".into());
        lines.push("}".into());
    } else {
        lines.push(format!("let response = {call}.send().await?;"));
        lines.push("# let _ = response;".into());
    }
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    lines
}

/// The request builder of an operation: a struct holding the arguments and the optional
/// parameters, their setters, the per-call options and `send`.
fn builder(op: &Operation) -> TokenStream {
    let name = builder_name(op);
    let handle = format_ident!("{}", op.handle);
    let struct_doc = lines_to_attrs(&[format!(
        "The request built by [`{handle}::{}`]; [`send`]({name}::send) runs it.",
        op.name
    )]);
    let fields = op.params().map(|p| {
        let n = ident(&p.name);
        let ty = rust_ty(&p.ty);
        if op.is_argument(p) {
            quote! { #n: #ty }
        } else {
            quote! { #n: Option<#ty> }
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = rust_ty(&b.ty);
        if b.required {
            quote! { body: #ty, }
        } else {
            quote! { body: Option<#ty>, }
        }
    });
    let setters = setters(op);
    let send = send_methods(op);
    let stream = op.pagination.as_ref().map(|p| pagination_method(op, p));
    quote! {
        #struct_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name {
            client: crate::Client,
            #(#fields,)*
            #body_field
            options: crate::runtime::RequestOptions,
        }

        impl #name {
            #setters

            /// Overrides the client's timeout for this call; `None` waits forever.
            #[inline]
            pub fn timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
                self.options = self.options.timeout(timeout);
                self
            }

            /// Adds a header to this call (e.g. `Prefer` for a mock server, or tracing headers).
            #[inline]
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options = self.options.header(name, value);
                self
            }

            /// Overrides the client's retry policy for this call.
            #[inline]
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.options = self.options.retry(policy);
                self
            }

            #send

            #stream
        }
    }
}

/// The setters of each optional parameter, and of the body where it is optional.
fn setters(op: &Operation) -> TokenStream {
    let params = op.params().filter(|p| !op.is_argument(p)).map(|p| {
        let mut doc = p.doc.as_deref().map(markdown).unwrap_or_default();
        doc.push(String::new());
        doc.push(format!("Sets the {} parameter.", code_span(&p.wire_name)));
        Setters {
            field: &p.name,
            method: &p.name,
            ty: &p.ty,
            prefix: types_prefix(),
            doc,
            set_doc: vec![format!(
                "Sets the {} parameter, or leaves it out with `None`.",
                code_span(&p.wire_name)
            )],
            deprecated: p.deprecated,
        }
        .tokens()
    });
    let body = op.body.as_ref().filter(|b| !b.required).map(|b| {
        Setters {
            field: "body",
            method: "body",
            ty: &b.ty,
            prefix: types_prefix(),
            doc: vec!["Sets the request body.".into()],
            set_doc: vec!["Sets the request body, or leaves it out with `None`.".into()],
            deprecated: false,
        }
        .tokens()
    });
    quote! { #(#params)* #body }
}

/// `send` (the body of the response) and `send_with_response` (with its status and headers).
fn send_methods(op: &Operation) -> TokenStream {
    let accept = &op.success.media_type;
    let (output, send_call) = match (&op.success.ty, op.success.encoding) {
        (None, _) => (
            quote! { () },
            quote! { request.send_empty(&self.client, &self.options).await },
        ),
        (Some(_), Encoding::Text) => (
            quote! { String },
            quote! { request.send_text(#accept, &self.client, &self.options).await },
        ),
        (Some(_), Encoding::Bytes) => (
            quote! { Vec<u8> },
            quote! { request.send_bytes(#accept, &self.client, &self.options).await },
        ),
        (Some(ty), _) => (
            rust_ty(ty),
            quote! { request.send_json(&self.client, &self.options).await },
        ),
    };
    let request = request_code(op);
    let send_doc = lines_to_attrs(&[format!(
        "Sends the request; `{}` on success.",
        op.success.status.map_or("any 2xx".to_owned(), |s| s.to_string())
    )]);
    quote! {
        #send_doc
        pub async fn send(self) -> Result<#output, crate::Error> {
            self.send_with_response().await.map(crate::runtime::Response::into_body)
        }

        /// Sends the request and keeps the response's status and headers.
        pub async fn send_with_response(self) -> Result<crate::runtime::Response<#output>, crate::Error> {
            #request
            #send_call
        }
    }
}

/// The statements that build `request` from the builder's fields.
fn request_code(op: &Operation) -> TokenStream {
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.method);
    let template = &op.path;
    let (segments, path) = path_code(op);
    let query = op.query_params.iter().map(|p| add_param(op, p));
    let headers = op.header_params.iter().map(|p| add_param(op, p));
    let body = op.body.as_ref().map(|b| {
        if b.required {
            set_body(b, quote! { &self.body })
        } else {
            let set = set_body(b, quote! { body });
            quote! {
                if let Some(body) = &self.body {
                    #set
                }
            }
        }
    });
    let not_repeatable = op.not_repeatable.as_ref().map(|_| quote! { request.not_repeatable(); });
    let mutable =
        if op.query_params.is_empty() && op.header_params.is_empty() && op.body.is_none() && not_repeatable.is_none() {
            quote! {}
        } else {
            quote! { mut }
        };
    quote! {
        #(#segments)*
        let #mutable request = crate::runtime::Request::new(#operation_id, reqwest::Method::#method, #template, #path);
        #not_repeatable
        #(#query)*
        #(#headers)*
        #body
    }
}

/// The request's path: a `let` with the encoded value of each path parameter, then
/// `format!("/v1/agents/{agent_id}")` (a plain string without parameters).
fn path_code(op: &Operation) -> (Vec<TokenStream>, TokenStream) {
    let mut format_string = String::new();
    let mut segments = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => format_string.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(index) => {
                let p = &op.path_params[*index];
                let (field, wire) = (ident(&p.name), &p.wire_name);
                // A format string names its variables without `r#`: `type` is kept in `type_`.
                let local = if needs_raw(&p.name) {
                    unique(&format!("{}_", p.name), |n| op.params().any(|q| q.name == n))
                } else {
                    p.name.clone()
                };
                format_string.push_str(&format!("{{{local}}}"));
                let local = ident(&local);
                let explode = p.explode;
                segments.push(quote! { let #local = crate::runtime::segment(#wire, &self.#field, #explode)?; });
            }
        }
    }
    let path = if segments.is_empty() {
        quote! { #format_string.to_owned() }
    } else {
        quote! { format!(#format_string) }
    };
    (segments, path)
}

/// Adds a query or header parameter, laid out by its style.
fn add_param(op: &Operation, p: &Param) -> TokenStream {
    let field = ident(&p.name);
    let wire = &p.wire_name;
    let explode = p.explode;
    let value = if op.is_argument(p) {
        quote! { &self.#field }
    } else {
        quote! { value }
    };
    let call = if op.header_params.iter().any(|h| std::ptr::eq(h, p)) {
        quote! { request.header(#wire, #value, #explode)?; }
    } else {
        match p.style {
            Style::Form | Style::Simple => quote! { request.query_form(#wire, #value, #explode)?; },
            Style::SpaceDelimited => quote! { request.query_delimited(#wire, #value, " ")?; },
            Style::PipeDelimited => quote! { request.query_delimited(#wire, #value, "|")?; },
            Style::DeepObject => quote! { request.query_deep(#wire, #value)?; },
        }
    };
    if op.is_argument(p) {
        call
    } else {
        quote! {
            if let Some(value) = &self.#field {
                #call
            }
        }
    }
}

/// Sets the request's body from `body` (a reference to the builder's value), in its encoding.
fn set_body(b: &Body, body: TokenStream) -> TokenStream {
    let media_type = &b.media_type;
    match b.encoding {
        Encoding::Json => quote! { request.json(#body)?; },
        Encoding::Form => quote! { request.form(#body)?; },
        Encoding::Text => quote! { request.text(#media_type, #body); },
        Encoding::Bytes => quote! { request.bytes(#media_type, #body); },
        Encoding::Multipart => {
            let parts = b.parts.iter().map(|part| {
                let field = ident(&part.field);
                let wire = &part.wire_name;
                let make = if part.file {
                    quote! { crate::runtime::Part::file(#wire, value) }
                } else {
                    quote! { crate::runtime::Part::text(#wire, value)? }
                };
                if part.optional {
                    quote! {
                        if let Some(value) = &fields.#field {
                            parts.push(#make);
                        }
                    }
                } else {
                    quote! {
                        let value = &fields.#field;
                        parts.push(#make);
                    }
                }
            });
            quote! {
                let fields = #body;
                let mut parts = Vec::new();
                #(#parts)*
                request.multipart(parts);
            }
        }
    }
}

fn pagination_method(op: &Operation, p: &Pagination) -> TokenStream {
    let operation_id = &op.operation_id;
    let cursor_wire = &p.cursor_wire;
    let cursor_field = ident(&p.cursor_param);
    let item = rust_ty(&p.item_ty);
    let items = ident(&p.items_field);
    let links = ident(&p.links_field);
    let next = ident(&p.next_field);
    let items_expr = if p.items_optional {
        quote! { page.#items.unwrap_or_default() }
    } else {
        quote! { page.#items }
    };
    let next_expr = match (p.links_optional, p.next_optional) {
        (true, true) => quote! { page.#links.and_then(|links| links.#next) },
        (true, false) => quote! { page.#links.map(|links| links.#next) },
        (false, true) => quote! { page.#links.#next },
        (false, false) => quote! { Some(page.#links.#next) },
    };
    let doc = lines_to_attrs(&[
        "Every item of every page, fetched lazily one page at a time.".to_owned(),
        String::new(),
        format!("Follows the {} of each page's next link until a page has none; the other settings of this request (page size, filters) apply to every page.", code_span(cursor_wire)),
    ]);
    // `#[inline]`: the boxed page fetcher would otherwise compile the decoding of the page type
    // (and every type inside it) into every build of the crate, used or not; inline, it is
    // compiled in the program that lists. Measured in docs/performance.md (goal 2).
    quote! {
        #doc
        #[inline]
        pub fn into_stream(self) -> crate::Pages<#item> {
            crate::runtime::paginate(#operation_id, #cursor_wire, self, |mut request: Self, cursor: Option<String>| async move {
                if cursor.is_some() {
                    request.#cursor_field = cursor;
                }
                let page = request.send().await?;
                Ok((#items_expr, #next_expr))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::path_code;
    use crate::model::{Encoding, Operation, Param, PathPart, Response, Style, Ty};

    fn path_param(name: &str, wire: &str) -> Param {
        Param {
            name: name.into(),
            wire_name: wire.into(),
            doc: None,
            ty: Ty::String,
            required: true,
            deprecated: false,
            style: Style::Simple,
            explode: false,
        }
    }

    #[test]
    fn path_values_are_encoded_into_locals_the_format_string_names() {
        let op = Operation {
            operation_id: "get".into(),
            method: "GET".into(),
            path: "/a/{type}/{id}/{{x}}".into(),
            path_parts: vec![
                PathPart::Literal("/a/".into()),
                PathPart::Param(0),
                PathPart::Literal("/".into()),
                PathPart::Param(1),
                PathPart::Literal("/{x}".into()),
            ],
            group: "a".into(),
            group_title: "A".into(),
            handle: "A".into(),
            name: "get".into(),
            builder: "GetRequest".into(),
            summary: None,
            description: None,
            deprecated: false,
            path_params: vec![path_param("type", "type"), path_param("id", "id")],
            query_params: Vec::new(),
            header_params: Vec::new(),
            body: None,
            success: Response {
                status: Some(200),
                description: String::new(),
                ty: None,
                encoding: Encoding::Json,
                media_type: String::new(),
            },
            errors: Vec::new(),
            upgrade: false,
            pagination: None,
            not_repeatable: None,
        };
        let (segments, path) = path_code(&op);
        let segments: Vec<String> = segments.iter().map(ToString::to_string).collect();
        assert_eq!(
            segments,
            [
                r#"let type_ = crate :: runtime :: segment ("type" , & self . r#type , false) ? ;"#,
                r#"let id = crate :: runtime :: segment ("id" , & self . id , false) ? ;"#,
            ]
        );
        assert_eq!(path.to_string(), r#"format ! ("/a/{type_}/{id}/{{x}}")"#);
    }
}
