//! Text from the document → the places it lands in the generated crate. The document is
//! untrusted: none of its text may become code that compiles or runs, or break the file it lands
//! in. Every string from it passes through the one function for its destination:
//!
//! | destination | function |
//! |---|---|
//! | rustdoc prose (descriptions, summaries) | [`doc_lines`] |
//! | a name, value or path shown as code in a doc line | [`code_span`] |
//! | a title or note inside a doc line, a deprecation note, the README | [`inline_text`] |
//! | a Rust string literal written as text (tokens from `quote` escape their own) | [`rust_string`] |
//! | a TOML string (`Cargo.toml`) | [`toml_string`] |
//!
//! Rustdoc runs every code block of a doc comment that is not marked as another language, fenced
//! or indented, also inside quotes and list items; so prose keeps its fenced blocks only as
//! `text` blocks, and nothing else in it may start a code block.

/// Characters that never reach generated files: controls (a bare CR is an error in a doc comment,
/// a NUL in a TOML file), and the bidirectional overrides that rustc refuses in comments and
/// literals (they make code read differently from how it compiles).
fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Line breaks as `\n` (CR, CRLF, NEL and the Unicode separators too), tabs as spaces, every other
/// hazard removed.
fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if is_hazard(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// One line of plain text: breaks become spaces, runs of spaces one, hazards removed.
pub fn single_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A doc line the generator composed, as one attribute: line breaks become spaces and hazards
/// are removed, so no text it holds can start a new Markdown line.
pub fn one_doc_line(line: &str) -> String {
    let line: String = line
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .filter(|&c| !is_hazard(c))
        .collect();
    line.trim_end().to_owned()
}

/// A prose description → rustdoc Markdown lines, one `#[doc]` attribute each. Fenced blocks of
/// any fence (backticks or tildes, any length, any info string) become `text` blocks; lines are
/// unindented (a list item's continuation lines are indented to the item's content, no further),
/// so nothing is an indented code block, also not inside a list item; `>` never
/// starts a quote; square brackets that are not web links, and `<`, `>` are
/// escaped; bare URLs become links.
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = clean(
        &text
            .replace("<br/>", "\n")
            .replace("<br />", "\n")
            .replace("<br>", "\n"),
    );
    let mut lines = Vec::new();
    let mut fence: Option<Fence> = None;
    // The content column of the list item the previous line belongs to.
    let mut item_column: Option<usize> = None;
    for raw in text.trim().lines() {
        match &mut fence {
            Some(open) if open.closed_by(raw) => {
                lines.extend(open.text_block());
                fence = None;
            }
            Some(open) => open.body.push(raw.trim_end().to_owned()),
            None => {
                // A fence that opens a list item becomes a text block after the item's markers.
                let (markers, rest) = list_markers(raw.trim());
                match Fence::opened_by(rest) {
                    Some(open) => {
                        if !markers.is_empty() {
                            lines.push(markers.trim_end().to_owned());
                        }
                        fence = Some(open);
                        item_column = None;
                    }
                    None => {
                        let line = escape_line(&format!("{markers}{rest}"));
                        lines.push(continued(line, &markers, &mut item_column));
                    }
                }
            }
        }
    }
    if let Some(open) = fence {
        lines.extend(open.text_block());
    }
    lines
}

/// A line as it continues the list item before it: a line that continues an item's text without
/// its indentation (a "lazy" continuation, which renders the same) is indented to the item's
/// content column, as rustdoc's lints ask; a blank line ends the item.
fn continued(line: String, markers: &str, item_column: &mut Option<usize>) -> String {
    if !markers.is_empty() {
        *item_column = Some(markers.chars().count());
        return line;
    }
    match *item_column {
        _ if line.is_empty() => {
            *item_column = None;
            line
        }
        Some(column) => format!("{}{line}", " ".repeat(column)),
        None => line,
    }
}

/// A fenced code block of the document, being read.
struct Fence {
    marker: char,
    len: usize,
    body: Vec<String>,
}

impl Fence {
    /// CommonMark's opening fence: three or more backticks or tildes (after at most three spaces,
    /// which the caller has trimmed); a backtick fence's info string has no backtick.
    fn opened_by(line: &str) -> Option<Fence> {
        let marker = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
        let len = line.chars().take_while(|&c| c == marker).count();
        let info = &line[len..];
        (len >= 3 && !(marker == '`' && info.contains('`'))).then(|| Fence {
            marker,
            len,
            body: Vec::new(),
        })
    }

    /// CommonMark's closing fence: at least as many of the same character, then only spaces
    /// (indented as much as a fence in a list item may be).
    fn closed_by(&self, line: &str) -> bool {
        let rest = line.trim_start();
        let run = rest.chars().take_while(|&c| c == self.marker).count();
        run >= self.len && rest[run..].trim().is_empty()
    }

    /// The block as a `text` block whose fence no line of the body can close.
    fn text_block(&self) -> Vec<String> {
        let longest = self
            .body
            .iter()
            .map(|l| l.trim_start().chars().take_while(|&c| c == '`').count())
            .max()
            .unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let mut lines = vec![format!("{fence}text")];
        lines.extend(self.body.iter().cloned());
        lines.push(fence);
        lines
    }
}

/// The list item markers (`-`, `+`, `*`, `1.`, `1)`) a line starts with, each followed by one
/// space (so nothing inside the item is indented code), and the rest of the line. Block quotes
/// need nothing: `>` is always escaped.
fn list_markers(line: &str) -> (String, &str) {
    let mut markers = String::new();
    let mut rest = line;
    while let Some(len) = list_marker(rest) {
        markers.push_str(&rest[..len]);
        markers.push(' ');
        rest = rest[len..].trim_start();
    }
    (markers, rest)
}

/// The length of a list item marker at the start of `line` (followed by a space or the end).
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let len = match line[digits..].chars().next()? {
        '-' | '+' | '*' if digits == 0 => 1,
        '.' | ')' if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    line[len..].chars().next().map_or(true, |c| c == ' ').then_some(len)
}

/// A string from the document shown as inline code in a doc line the generator writes
/// (`` `agentId` in the JSON ``): one line, delimited by more backticks than it contains (so it
/// can neither end early nor, at the start of a line, open a fence: a fence's info string cannot
/// hold the closing backticks).
pub fn code_span(text: &str) -> String {
    let text = single_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let ticks = "`".repeat(longest + 1);
    if text.is_empty() {
        "` `".into()
    } else if text.starts_with('`') || text.ends_with('`') {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

/// A title or note inside a line of Markdown (doc comments, deprecation notes, the README
/// heading): one line, brackets and angle brackets escaped, bare URLs made links, and a start
/// that could open a block (a fence, a list item) escaped, so that it is text wherever it stands.
pub fn inline_text(text: &str) -> String {
    let line = escape_line(&single_line(text));
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    match line[digits..].chars().next() {
        Some(c) if digits == 0 && c.is_ascii_punctuation() && c != '\\' => format!("\\{line}"),
        Some('.' | ')') if digits > 0 => format!("{}\\{}", &line[..digits], &line[digits..]),
        _ => line,
    }
}

/// A Rust string literal holding exactly `text` (for files written as text; `quote` escapes the
/// literals of token streams the same way). `Debug` escapes quotes, backslashes, controls and
/// the bidirectional overrides rustc refuses.
pub fn rust_string(text: &str) -> String {
    format!("{text:?}")
}

/// A TOML basic string holding exactly `text`: quotes and backslashes escaped, control characters
/// as `\uXXXX` (TOML allows none of them raw).
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes one prose line for rustdoc: `[`, `]` outside web links, `<` and `>` (never HTML);
/// bare URLs become autolinks. Inline code is left as written.
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
                    .find(|&j| chars[j].is_whitespace() || matches!(chars[j], ')' | '"' | '\'' | '<' | '>' | '`'))
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

/// `[text](https://…)`: an opening bracket whose matching `]` is followed by `(` and a web
/// address. Other targets would be read by rustdoc as paths into the crate.
fn is_link(chars: &[char], open: usize) -> bool {
    let mut depth = 0;
    for j in open..chars.len() {
        match chars[j] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    let target: String = chars[j + 1..chars.len().min(j + 10)].iter().collect();
                    return target.starts_with("(http://") || target.starts_with("(https://");
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
    use super::*;

    #[test]
    fn a_list_item_continued_without_indentation_is_indented_to_its_text() {
        let text = "Note:\n1. first\nsame item\n- 2) nested\nstill nested\n\nA paragraph\nof two lines.";
        assert_eq!(
            doc_lines(text),
            [
                "Note:",
                "1. first",
                "   same item",
                "- 2) nested",
                "     still nested",
                "",
                "A paragraph",
                "of two lines."
            ]
        );
    }

    #[test]
    fn rustdoc_hazards_are_escaped() {
        assert_eq!(doc_lines("values: [A, B]"), ["values: \\[A, B\\]"]);
        assert_eq!(doc_lines("see [docs](https://x.io/a)"), ["see [docs](https://x.io/a)"]);
        assert_eq!(
            doc_lines("see [docs](crate::Client)"),
            ["see \\[docs\\](crate::Client)"]
        );
        assert_eq!(doc_lines("wrapped in \\<em\\> tags"), ["wrapped in \\<em\\> tags"]);
        assert_eq!(doc_lines("a <b> c"), ["a \\<b\\> c"]);
        assert_eq!(doc_lines("go to https://dixa.io."), ["go to <https://dixa.io>."]);
        assert_eq!(doc_lines("one<br/>two"), ["one", "two"]);
        assert_eq!(doc_lines("`[x]` stays"), ["`[x]` stays"]);
    }

    #[test]
    fn every_fence_becomes_a_text_block() {
        assert_eq!(doc_lines("```\n{\"a\": 1}\n```"), ["```text", "{\"a\": 1}", "```"]);
        assert_eq!(
            doc_lines("```rust,should_panic\npanic!()\n```"),
            ["```text", "panic!()", "```"]
        );
        assert_eq!(doc_lines("~~~\nrun()\n~~~"), ["```text", "run()", "```"]);
        // A four-backtick fence holds a three-backtick line; the text fence outgrows it.
        assert_eq!(
            doc_lines("````rust\n```\nrun()\n````\nafter"),
            ["````text", "```", "run()", "````", "after"]
        );
        // A tilde fence is not closed by backticks, nor by a shorter run.
        assert_eq!(
            doc_lines("~~~~\n```\n~~~\nrun()"),
            ["````text", "```", "~~~", "run()", "````"]
        );
        // Unclosed: the block runs to the end, and is closed.
        assert_eq!(doc_lines("```rust\nrun()"), ["```text", "run()", "```"]);
        // Backticks in a backtick fence's info string make it inline code, not a fence.
        assert_eq!(doc_lines("``` a ` b"), ["``` a ` b"]);
    }

    #[test]
    fn nothing_else_is_code() {
        assert_eq!(
            doc_lines("text\n    indented()\n\tmore()"),
            ["text", "indented()", "more()"]
        );
        assert_eq!(doc_lines("> ```rust\n> run()"), ["\\> ```rust", "\\> run()"]);
        assert_eq!(doc_lines("1.     run()"), ["1. run()"]);
        assert_eq!(
            doc_lines("- ```rust\n  run()\n  ```\n* - ~~~\nrun()"),
            ["-", "```text", "  run()", "```", "* -", "```text", "run()", "```"]
        );
        assert_eq!(doc_lines("-not a list"), ["-not a list"]);
    }

    #[test]
    fn controls_and_bidi_overrides_are_removed() {
        assert_eq!(doc_lines("a\r\nb\rc\u{2028}d"), ["a", "b", "c", "d"]);
        assert_eq!(doc_lines("a\u{0}b\u{202E}c\u{7}"), ["abc"]);
        assert_eq!(inline_text("Dixa\nAPI\u{202E}"), "Dixa API");
        assert_eq!(inline_text("```rust"), "\\```rust");
        assert_eq!(inline_text("1. x"), "1\\. x");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code_span("agentId"), "`agentId`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("``rust"), "``` ``rust ```");
        assert_eq!(code_span("two\nlines"), "`two lines`");
        assert_eq!(code_span(""), "` `");
    }

    #[test]
    fn literals_hold_exactly_the_text() {
        assert_eq!(rust_string("a\"b\\c\nd\u{202E}"), r#""a\"b\\c\nd\u{202e}""#);
        assert_eq!(toml_string("a\"b\\c\nd\u{1}é"), r#""a\"b\\c\nd\u0001é""#);
    }
}
