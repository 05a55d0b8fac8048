//! Text from the document never becomes code. The sanitisers (`dixa_codegen::emit::text`) are
//! checked against pulldown-cmark, the Markdown parser rustdoc collects doctests with, on random
//! hostile text; the crate generated from `tests/fixtures/hostile/hostile.yaml` (committed in
//! `tests/generated/hostile`) is checked to carry that text, and, by `cargo xtask test`, to run
//! only the generator's own doctests.

use dixa_codegen::emit::text::{code_span, doc_lines, inline_text, one_doc_line, toml_string};
use dixa_codegen::load;
use proptest::prelude::*;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every code block rustdoc would see in a doc comment made of these lines: (info string, text).
fn code_blocks(lines: &[String]) -> Vec<(String, String)> {
    // As rustdoc writes a doc comment: one line per attribute, a leading space stripped.
    let doc: String = lines.iter().map(|l| one_doc_line(l) + "\n").collect();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(&doc, options) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "(indented)".into(),
                };
                current = Some((info, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = &mut current {
                    body.push_str(&text);
                }
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// Text made of the pieces that build code blocks, line breaks of every kind, and characters
/// that end literals and comments.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("```"),
        Just("````"),
        Just("~~~"),
        Just("~~~~"),
        Just("rust"),
        Just("rust,should_panic"),
        Just("compile_fail"),
        Just("\n"),
        Just("\n\n"),
        Just("\r"),
        Just("\r\n"),
        Just("\u{2028}"),
        Just("<br/>"),
        Just("    "),
        Just("\t"),
        Just(" "),
        Just("- "),
        Just("1. "),
        Just("2) "),
        Just("* "),
        Just("> "),
        Just("`"),
        Just("\\"),
        Just("\""),
        Just("*/"),
        Just("<pre>"),
        Just("[x](y)"),
        Just("https://x.io"),
        Just("\u{202E}"),
        Just("\u{0}"),
        Just("run()"),
        Just("text"),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// The generator's own example, as it ends an operation's doc comment.
fn generator_example() -> Vec<String> {
    ["# Example", "", "```no_run", "fn generated() {}", "```"]
        .map(String::from)
        .to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: dixa_tests::cases(256), ..ProptestConfig::default() })]

    /// A description can hold fenced blocks, but only as `text`, and cannot change how the
    /// generator's example after it is read.
    #[test]
    fn prose_keeps_code_only_as_text(text in hostile_text()) {
        let mut lines = doc_lines(&text);
        lines.push(String::new());
        lines.extend(generator_example());
        let blocks = code_blocks(&lines);
        let (last, before) = blocks.split_last().expect("the generator's example is a code block");
        prop_assert_eq!(last, &("no_run".to_owned(), "fn generated() {}\n".to_owned()), "{:?}", lines);
        for (info, _) in before {
            prop_assert_eq!(info, "text", "{:?}", lines);
        }
    }

    /// Names, values and titles inside a generated line make no code block, wherever they stand.
    #[test]
    fn spans_and_titles_stay_inline(text in hostile_text()) {
        for line in [
            code_span(&text),
            format!("{} in the JSON.", code_span(&text)),
            format!("- `name` ({} on the wire)", code_span(&text)),
            inline_text(&text),
            format!("The base URL of the {}.", inline_text(&text)),
        ] {
            prop_assert!(code_blocks(std::slice::from_ref(&line)).is_empty(), "{:?}", line);
            prop_assert!(!line.contains(['\n', '\r', '\u{202E}', '\0']), "{:?}", line);
        }
    }

    /// TOML strings read back as the exact text (checked with the TOML reader Cargo uses).
    #[test]
    fn toml_strings_hold_exactly_the_text(text in hostile_text()) {
        let document = format!("value = {}\n", toml_string(&text));
        let parsed: toml::Table = toml::from_str(&document).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed["value"].as_str(), Some(text.as_str()));
    }
}

fn hostile_files() -> Vec<(String, String)> {
    let dir = root().join("tests/generated/hostile");
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(&dir).unwrap().display().to_string();
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files
}

/// The check below can fail only if the hostile text reaches the crate: every kind of field
/// the fixture fills does, as text.
#[test]
fn the_hostile_text_reaches_the_generated_crate() {
    let files = hostile_files();
    let holding = |marker: &str| -> BTreeSet<&str> {
        files
            .iter()
            .filter(|(_, text)| text.contains(marker))
            .map(|(path, _)| path.as_str())
            .collect()
    };
    for (marker, file) in [
        ("HOSTILE: title\\\");", "Cargo.toml"),
        ("HOSTILE: version", "Cargo.toml"),
        ("HOSTILE: title\");", "README.md"),
        ("HOSTILE: title\");", "src/lib.rs"),
        ("HOSTILE: url", "src/lib.rs"),
        ("HOSTILE: operationId", "src/api/things_x_rust.rs"),
        ("HOSTILE: summary with CR line breaks", "src/api/things_x_rust.rs"),
        ("HOSTILE: parameter name", "src/api/things_x_rust.rs"),
        ("HOSTILE: br line breaks", "src/api/things_x_rust.rs"),
        ("HOSTILE: a ```rust fence", "src/api/things_x_rust.rs"),
        ("HOSTILE: a four-backtick fence", "src/types.rs"),
        ("HOSTILE: a tilde fence", "src/types.rs"),
        ("HOSTILE: a should_panic fence", "src/types.rs"),
        ("HOSTILE: an ignore fence", "src/types.rs"),
        ("HOSTILE: indented code became", "src/types.rs"),
        ("HOSTILE: a fence in a block quote", "src/types.rs"),
        ("HOSTILE: a fence in a list item", "src/types.rs"),
        ("HOSTILE: indented code in a list item", "src/types.rs"),
        ("HOSTILE: an unclosed fence", "src/types.rs"),
        ("HOSTILE: property name", "src/types.rs"),
        ("HOSTILE: enum value", "src/types.rs"),
        ("HOSTILE: tag value", "src/types.rs"),
        ("HOSTILE: schema name", "src/types.rs"),
        ("HOSTILE: title of an inline object", "src/types.rs"),
    ] {
        assert!(
            holding(marker).contains(file),
            "`{marker}` should reach {file}; found in {:?}",
            holding(marker)
        );
    }
}

/// `Cargo.toml` holds the document's title and version exactly (as Cargo reads it), on one line.
#[test]
fn the_manifest_holds_the_title_as_text() {
    let manifest = root().join("tests/generated/hostile/Cargo.toml");
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    let description = table["package"]["description"].as_str().unwrap();
    assert!(
        description.starts_with("Typed async client for the Hostile \"API\" */ [link](crate::Client) <b> ```rust compile_error!(\"HOSTILE: title\"); ``` desrever é 🦀 (version 1.0\" ```rust"),
        "{description}"
    );
    assert!(!description.contains(['\n', '\u{7}', '\u{202E}']), "{description}");
}

/// Runs `cargo test --doc` on the hostile crate: the doctests are exactly the README's example
/// and one example per operation, and they pass. (`cargo xtask test` runs this.)
#[test]
#[ignore = "builds the hostile crate's doctests: run through `cargo xtask test`"]
fn the_hostile_crate_runs_only_the_generators_doctests() {
    let fixture = root().join("tests/fixtures/hostile/hostile.yaml");
    let loaded = load::load_files(&fixture, None).unwrap();
    let api = dixa_codegen::generate(&loaded, &dixa_codegen::Config::default(), "hostile")
        .unwrap()
        .api;
    let mut expected: Vec<String> = api
        .operations
        .iter()
        .map(|op| format!("api::{}::{}::{}", op.group, op.handle, op.name))
        .collect();
    expected.push("README.md".into());
    expected.sort();

    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "-p", "hostile", "--doc"])
        .current_dir(root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // `test src/api/x.rs - api::x::X::get (line 80) - compile ... ok`
    // One test per example: a second code block in an operation's docs shows as a duplicate.
    let mut ran: Vec<String> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test ").filter(|t| t.contains(" ... ")))
        .map(|test| {
            let (file, rest) = test.split_once(" - ").unwrap_or((test, ""));
            let item = rest.split("(line").next().unwrap_or_default().trim();
            if item.is_empty() {
                Path::new(file).file_name().unwrap().to_string_lossy().into_owned()
            } else {
                item.to_owned()
            }
        })
        .collect();
    ran.sort();
    assert_eq!(ran, expected, "{stdout}");
}
