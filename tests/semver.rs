//! The change report against cargo-semver-checks on pairs of generated crates, so that the
//! report can never call additive a change that breaks code using the crate. `cargo xtask test`
//! installs the pinned cargo-semver-checks into `target/tools`, passes its path in
//! `CARGO_SEMVER_CHECKS`, and runs these (`--ignored`: they build crates).

use dixa_codegen::surface::{self, Change, Impact};
use dixa_codegen::{load, Api, Config, Generated};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generate(spec: &Path, corrections: Option<&Path>) -> Generated {
    generate_keeping(spec, corrections, &Config::default())
}

fn generate_keeping(spec: &Path, corrections: Option<&Path>, config: &Config) -> Generated {
    let loaded = load::load_files(spec, corrections).unwrap_or_else(|e| panic!("{e}"));
    dixa_codegen::generate(&loaded, config, "fixture").unwrap()
}

/// The report of `before` → `after`, and cargo-semver-checks' verdict on the same two crates:
/// everything cargo-semver-checks finds breaking, the report calls breaking.
fn cross_check(case: &str, before: &Generated, after: &Generated) -> (Vec<Change>, Verdict) {
    let changes = surface::diff(&surface::surface(&before.api), &surface::surface(&after.api));
    let verdict = check(case, before, after);
    let apis = [&before.api, &after.api];
    let flagged: BTreeSet<String> = verdict
        .findings
        .iter()
        .flat_map(|(_, items)| subjects_of(items, apis))
        .collect();
    let breaking = breaking_subjects(&changes);
    let report = surface::report(&changes, "0.1.0");
    assert!(
        flagged.is_subset(&breaking),
        "cargo-semver-checks finds breaking changes the report does not call breaking: {:?}\n{report}\n{}",
        flagged.difference(&breaking).collect::<Vec<_>>(),
        verdict.output
    );
    for (lint, items) in &verdict.findings {
        assert!(
            !subjects_of(items, apis).is_empty(),
            "a finding names no type or operation of the crates ({lint}: {items:?})"
        );
    }
    (changes, verdict)
}

#[test]
#[ignore = "builds crate pairs with cargo-semver-checks: run through `cargo xtask test`"]
fn additions_the_report_calls_additive_break_nothing() {
    let fixtures = root().join("tests/fixtures/change-report");
    let before = generate(&fixtures.join("before.yaml"), None);
    let after = generate(&fixtures.join("additive.yaml"), None);
    let (changes, verdict) = cross_check("additive", &before, &after);
    assert!(changes.len() >= 7, "{changes:?}");
    assert!(changes.iter().all(|c| c.impact == Impact::Additive), "{changes:?}");
    assert!(!verdict.requires_major(), "{}", verdict.output);
}

#[test]
#[ignore = "builds crate pairs with cargo-semver-checks: run through `cargo xtask test`"]
fn breaking_changes_are_called_breaking() {
    let fixtures = root().join("tests/fixtures/change-report");
    let before = generate(&fixtures.join("before.yaml"), None);
    let after = generate(&fixtures.join("after.yaml"), None);
    let (changes, verdict) = cross_check("breaking", &before, &after);
    assert!(verdict.requires_major(), "{}", verdict.output);
    // Each type and operation the report calls broken, cargo-semver-checks finds broken too
    // (it has no check for a field whose type changes alone; here `Tag` also loses a field).
    let unflagged: Vec<String> = changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .filter(|c| {
            let apis = [&before.api, &after.api];
            !verdict
                .findings
                .iter()
                .any(|(_, items)| subjects_of(items, apis).contains(&subject(c)))
        })
        .map(ToString::to_string)
        .collect();
    assert!(unflagged.is_empty(), "{unflagged:?}\n{}", verdict.output);
}

/// What cargo-semver-checks said about `after` against `before`.
#[derive(Debug)]
struct Verdict {
    /// `(lint, the items it names)`, for every failed check and every warning.
    findings: Vec<(String, Vec<String>)>,
    output: String,
}

impl Verdict {
    fn requires_major(&self) -> bool {
        !self.findings.is_empty()
    }
}

/// Writes both crates into `target/semver/<case>/` (each its own workspace, with the project's
/// lock file) and runs cargo-semver-checks on them.
fn check(case: &str, before: &Generated, after: &Generated) -> Verdict {
    // cargo-semver-checks keeps its work in one folder per crate name: one pair at a time.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = root().join("target/semver").join(case);
    let _ = std::fs::remove_dir_all(&dir);
    for (name, generated) in [("before", before), ("after", after)] {
        let out = dir.join(name);
        let plan = dixa_codegen::write::plan(&out, &generated.files).unwrap();
        dixa_codegen::write::apply(&plan, &out).unwrap();
        let manifest = out.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap() + "\n[workspace]\n";
        std::fs::write(&manifest, text).unwrap();
        std::fs::copy(root().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    }
    let binary = std::env::var_os("CARGO_SEMVER_CHECKS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/tools/bin/cargo-semver-checks"));
    let output = Command::new(&binary)
        .args(["semver-checks", "--color", "never", "--manifest-path"])
        .arg(dir.join("after/Cargo.toml"))
        .arg("--baseline-root")
        .arg(dir.join("before"))
        // One build directory for every pair: the dependencies are documented once.
        .env("CARGO_TARGET_DIR", root().join("target/semver/target"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} ({e}); `cargo xtask test` installs it", binary.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("Summary"), "cargo-semver-checks did not finish:\n{text}");
    Verdict {
        findings: findings(&text),
        output: text,
    }
}

/// `--- failure <lint>: …` / `--- warning <lint>: …` blocks and the lines under `Failed in:`.
fn findings(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_items = false;
    for line in text.lines() {
        if let Some(rest) = line
            .strip_prefix("--- failure ")
            .or_else(|| line.strip_prefix("--- warning "))
        {
            out.push((rest.split(':').next().unwrap_or(rest).to_owned(), Vec::new()));
            in_items = false;
        } else if line.starts_with("Failed in:") {
            in_items = true;
        } else if in_items && line.starts_with("  ") {
            if let Some((_, items)) = out.last_mut() {
                items.push(line.trim().to_owned());
            }
        } else {
            in_items = false;
        }
    }
    out
}

/// What a report line or a finding is about: `type X` or `operation group.method`.
fn subject(change: &Change) -> String {
    let (kind, rest) = change.item.split_once(' ').unwrap_or(("", &change.item));
    match kind {
        "operation" => format!("operation {rest}"),
        "parameter" => format!("operation {}", rest.split('(').next().unwrap_or(rest)),
        _ => format!("type {}", rest.split(['.', ':']).next().unwrap_or(rest)),
    }
}

/// The subjects a finding names, among the types and operations of both crates.
fn subjects_of(items: &[String], apis: [&Api; 2]) -> BTreeSet<String> {
    let mut names: Vec<(String, String)> = Vec::new();
    for api in apis {
        for t in &api.types {
            names.push((t.name.clone(), format!("type {}", t.name)));
        }
        for op in &api.operations {
            let subject = format!("operation {}.{}", op.group, op.name);
            names.push((format!("{}::{}", op.handle, op.name), subject.clone()));
            names.push((format!("api::{}::{}", op.group, op.builder), subject));
        }
    }
    let mut found = BTreeSet::new();
    for item in items {
        // The item, without the files it names.
        let item = item.split(" in /").next().unwrap_or(item);
        let item = item.split(", previously").next().unwrap_or(item);
        for (name, subject) in &names {
            if contains_word(item, name) {
                found.insert(subject.clone());
            }
        }
    }
    found
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word)
        .any(|(i, _)| !text[..i].ends_with(is_word) && !text[i + word.len()..].starts_with(is_word))
}

/// Subjects the report calls breaking.
fn breaking_subjects(changes: &[Change]) -> BTreeSet<String> {
    changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .map(subject)
        .collect()
}

/// The maintainer's update, from `tests/fixtures/update/older.yaml` to `newer.yaml`: the stale
/// correction is named, the corrected corrections load, the report says what changed, both
/// crates compile, and cargo-semver-checks agrees with the report.
#[test]
#[ignore = "builds crate pairs with cargo-semver-checks: run through `cargo xtask test`"]
fn a_spec_update_from_stale_corrections_to_a_checked_report() {
    let fixtures = root().join("tests/fixtures/update");
    let older = generate(&fixtures.join("older.yaml"), Some(&fixtures.join("corrections.yaml")));

    // The new document with the old corrections: the stale one is named, with what is missing.
    let stale = load::load_files(&fixtures.join("newer.yaml"), Some(&fixtures.join("corrections.yaml")))
        .unwrap_err()
        .to_string();
    assert!(
        stale.contains("`chat-tag` no longer matches") && stale.contains("`ChatConv`"),
        "{stale}"
    );

    // As `cargo xtask regen` does, the names the older crate published are kept.
    let keeping = Config {
        published_names: surface::surface(&older.api).published_names(),
        ..Config::default()
    };
    let newer = generate_keeping(
        &fixtures.join("newer.yaml"),
        Some(&fixtures.join("corrections.newer.yaml")),
        &keeping,
    );
    let (changes, verdict) = cross_check("update", &older, &newer);
    let report = surface::report(&changes, "0.1.0");
    println!("{report}\n{}", verdict.output);
    std::fs::write(root().join("target/semver/update/report.md"), &report).unwrap();
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    for expected in [
        "breaking: operation agents.delete removed (DELETE /v1/agents/{agentId})",
        "breaking: field Agent.phone_number removed",
        "breaking: field CreateAgentInput.role added, required String",
        "additive: field Agent.avatar_url added, optional Option<String>",
        // A new component took the derived enum's name: one line says so, and the enum's own
        // change follows under its new name; `Agent.state` does not change because of it.
        "breaking: type AgentState renamed → AgentState2",
        "additive: value AgentState2::Away added (enums are non-exhaustive: no match breaks)",
        "additive: type AgentState added",
        "additive: member Conversation::Sms added",
        "additive: operation tags.list added (GET /v1/tags)",
    ] {
        assert!(lines.iter().any(|l| l == expected), "missing `{expected}` in\n{report}");
    }
    assert!(!report.contains("Agent.state"), "{report}");
    assert!(verdict.requires_major(), "{}", verdict.output);
    assert_compiles(&root().join("target/semver/update/after"));
}

/// `cargo check` on a crate written by `check`, with the shared build folder.
fn assert_compiles(dir: &Path) {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--quiet", "--all-features", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/semver/target"))
        .status()
        .unwrap();
    assert!(status.success(), "{} does not compile", dir.display());
}
