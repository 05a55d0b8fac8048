//! The spec's descriptions → rustdoc that renders as the author meant and never trips rustdoc:
//! square brackets that are not links are escaped, HTML-ish `<word>` is escaped, bare URLs are
//! made links, indentation that Markdown would read as a (doctested) code block is removed.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => lines_to_attrs(&markdown(text)),
        None => TokenStream::new(),
    }
}

/// Doc attributes for lines already in Markdown (written by the generator, not the spec).
pub fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// A `//!` line of the generator's own text (`#![doc = " …"]`, with the space rustdoc expects).
pub fn inner_doc(line: &str) -> TokenStream {
    let line = format!(" {line}");
    quote! { #![doc = #line] }
}

/// Rewrites a spec description as safe rustdoc Markdown lines.
pub fn markdown(text: &str) -> Vec<String> {
    let text = text.replace("<br/>", "\n").replace("<br>", "\n");
    let mut lines = Vec::new();
    let mut in_fence = false;
    // A list item with its continuation lines, joined: rustdoc wants them indented, and a link
    // may be split across them.
    let mut item: Option<String> = None;
    for raw in text.trim().lines() {
        let line = raw.trim();
        if !in_fence && !line.is_empty() && !is_block_start(line) {
            if let Some(item) = &mut item {
                item.push(' ');
                item.push_str(line);
                continue;
            }
        }
        if let Some(item) = item.take() {
            lines.push(escape_line(&item));
        }
        if line.starts_with("```") {
            lines.push(if in_fence || line.len() > 3 {
                line.to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(raw.to_owned());
        } else if is_list_item(line) {
            item = Some(line.to_owned());
        } else {
            lines.push(escape_line(line));
        }
    }
    if let Some(item) = item {
        lines.push(escape_line(&item));
    }
    if in_fence {
        lines.push("```".into());
    }
    lines
}

/// `* a`, `- a`, `+ a`, `1. a`, `1) a`.
fn is_list_item(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &line[digits..];
    if digits > 0 {
        rest.starts_with(". ") || rest.starts_with(") ")
    } else {
        ["* ", "- ", "+ "].iter().any(|m| line.starts_with(m))
    }
}

/// A line that starts a block of its own rather than continuing a list item.
fn is_block_start(line: &str) -> bool {
    is_list_item(line) || line.starts_with(['#', '|', '>']) || line.starts_with("```")
}

fn escape_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        let escaped = i > 0 && chars[i - 1] == '\\';
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            _ if in_code => out.push(c),
            '[' if !escaped && !is_link(&chars, i) => out.push_str("\\["),
            ']' if !escaped && !closes_link(&chars, i) => out.push_str("\\]"),
            '<' if !escaped => out.push_str("\\<"),
            '>' if !escaped => out.push_str("\\>"),
            'h' if starts_url(&chars, i) && !(i > 0 && matches!(chars[i - 1], '(' | '<')) => {
                let end = (i..chars.len())
                    .find(|&j| chars[j].is_whitespace() || matches!(chars[j], ')' | '"' | '\''))
                    .unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let trailing: String = if url.ends_with(['.', ',', ';']) {
                    url.pop().map(String::from).unwrap_or_default()
                } else {
                    String::new()
                };
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    rest.starts_with("http://") || rest.starts_with("https://")
}

/// `[text](target)`: an opening bracket whose matching `]` is followed by `(`.
fn is_link(chars: &[char], open: usize) -> bool {
    let mut depth = 0;
    for j in open..chars.len() {
        match chars[j] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return chars.get(j + 1) == Some(&'(');
                }
            }
            _ => {}
        }
    }
    false
}

fn closes_link(chars: &[char], close: usize) -> bool {
    chars.get(close + 1) == Some(&'(')
        && (0..close)
            .rev()
            .find(|&j| chars[j] == '[')
            .is_some_and(|open| is_link(chars, open))
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn list_items_keep_their_continuation_lines() {
        assert_eq!(
            markdown("**Note**:\n*   Up to 1,000 files. Use the [Git Trees\nAPI](https://x.example/t).\n*   Small files.\n\nAfter."),
            [
                "**Note**:",
                "*   Up to 1,000 files. Use the [Git Trees API](https://x.example/t).",
                "*   Small files.",
                "",
                "After."
            ]
        );
    }

    #[test]
    fn rustdoc_hazards_are_escaped() {
        assert_eq!(markdown("values: [A, B]"), ["values: \\[A, B\\]"]);
        assert_eq!(markdown("see [docs](https://x.io/a)"), ["see [docs](https://x.io/a)"]);
        assert_eq!(markdown("wrapped in \\<em\\> tags"), ["wrapped in \\<em\\> tags"]);
        assert_eq!(markdown("a <b> c"), ["a \\<b\\> c"]);
        assert_eq!(markdown("go to https://dixa.io."), ["go to <https://dixa.io>."]);
        assert_eq!(markdown("one<br/>two"), ["one", "two"]);
        assert_eq!(markdown("    indented"), ["indented"]);
        assert_eq!(markdown("```\n{\"a\": 1}\n```"), ["```text", "{\"a\": 1}", "```"]);
        assert_eq!(markdown("`[x]` stays"), ["`[x]` stays"]);
    }
}
