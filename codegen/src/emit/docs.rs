//! Doc attributes: every line of rustdoc the generator writes goes through [`lines_to_attrs`]
//! or [`inner_doc`]; what the document says comes in already made safe by [`super::text`].

use super::text;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for a description from the document, one per line.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => lines_to_attrs(&markdown(text)),
        None => TokenStream::new(),
    }
}

/// Doc attributes for lines of Markdown, one attribute per line. A line never holds a line break
/// or a control character (they would start a new Markdown line or break a `///` comment).
pub fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = text::one_doc_line(line);
        let line = if line.is_empty() { line } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// A `//!` line of the generator's own text (`#![doc = " …"]`, with the space rustdoc expects).
pub fn inner_doc(line: &str) -> TokenStream {
    let line = format!(" {}", text::one_doc_line(line));
    quote! { #![doc = #line] }
}

/// A description from the document as safe rustdoc Markdown lines.
pub fn markdown(description: &str) -> Vec<String> {
    text::doc_lines(description)
}
