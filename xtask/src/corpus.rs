//! `cargo xtask test --corpus`: other teams' OpenAPI documents (`../shared/external-specs/`),
//! each generated into a crate of one scratch workspace (`target/corpus/`) that shares the
//! repository's target directory, then linted with clippy, warnings counted. The table goes to
//! `docs/breadth.md`. `cargo xtask test` runs the same on a representative subset.

use dixa_codegen::load::walk::operations as document_operations;
use dixa_codegen::model::{Api, Ty, TypeKind};
use dixa_codegen::{load, write, Config};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The documents `cargo xtask test` checks: together they cover untagged unions as path and query
/// parameters (nexus, buildomat), non-JSON bodies, object query parameters and enums
/// (swagger-petstore3), and a document with nothing but plain shapes (oai-petstore-expanded).
pub const CI_SUBSET: &[&str] = &[
    "oai-petstore-expanded",
    "progenitor-buildomat",
    "progenitor-nexus",
    "swagger-petstore3",
];

/// Where the documents are: `../shared/external-specs/` beside the repository.
pub fn default_dir(root: &Path) -> PathBuf {
    root.join("../shared/external-specs")
}

/// One document to generate a crate from.
pub struct Document {
    /// The file name without its extension: the row's name and (made a package name) the crate's.
    pub name: String,
    spec: PathBuf,
    corrections: Option<PathBuf>,
    config: Option<PathBuf>,
    /// Also compile the crate's documentation examples (README, methods): for the document whose
    /// hand-written examples depend on its corrections.
    doctests: bool,
}

/// One document's row of the table.
struct Row {
    document: String,
    outcome: Outcome,
}

enum Outcome {
    /// The generator refused the document (the first located error).
    Refused(String),
    Panicked(String),
    Generated(Generated),
}

struct Generated {
    crate_name: String,
    operations: usize,
    types: usize,
    /// Places typed as `serde_json::Value` (fields, aliases, union members, parameters, bodies,
    /// success responses); a union's `Unknown` member is by design and not counted.
    json_places: usize,
    /// Operations whose request body the document declares but the client cannot send.
    bodies_dropped: usize,
    warnings: usize,
    /// The generator's loud warnings: what the crate cannot serve, with where and why.
    not_served: Vec<String>,
    generation: Timing,
    lint: Option<Lint>,
}

/// How long generation took: on the clock, and on the processor (this thread's user and system
/// time, from `/proc/thread-self/stat` where there is one), which other processes on a shared
/// machine do not inflate.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
}

impl Timing {
    fn measure(f: impl FnOnce()) -> Timing {
        let (cpu, started) = (thread_cpu_time(), Instant::now());
        f();
        let wall = started.elapsed();
        let cpu = cpu
            .zip(thread_cpu_time())
            .map(|(before, after)| after.saturating_sub(before));
        Timing { wall, cpu }
    }

    fn best(self, other: Timing) -> Timing {
        Timing {
            wall: self.wall.min(other.wall),
            cpu: match (self.cpu, other.cpu) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// This thread's processor time so far (Linux: user + system ticks, 100 per second).
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// What `cargo clippy` said about one crate.
struct Lint {
    errors: usize,
    warnings: usize,
    first: Option<String>,
    time: Duration,
}

impl Generated {
    fn clean(&self) -> bool {
        self.lint.as_ref().is_some_and(|l| l.errors == 0 && l.warnings == 0) && self.bodies_dropped == 0
    }
}

/// Generates, lints and tabulates `documents`. Writes the table to `doc` when given. Fails unless
/// every row is clean.
pub fn run(root: &Path, documents: &[Document], doc: Option<&Path>) -> Result<(), String> {
    let workspace = root.join("target/corpus");
    std::fs::create_dir_all(&workspace).map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    let mut rows: Vec<Row> = documents
        .iter()
        .map(|document| generate(document, &workspace))
        .collect();
    let members: Vec<&str> = rows
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Generated(g) => Some(g.crate_name.as_str()),
            _ => None,
        })
        .collect();
    write_workspace(root, &workspace, &members)?;
    for (row, document) in rows.iter_mut().zip(documents) {
        if let Outcome::Generated(generated) = &mut row.outcome {
            println!("==> clippy on the crate of {}", row.document);
            let mut lint = lint(root, &workspace, &generated.crate_name)?;
            if document.doctests && lint.errors == 0 && !doctests_pass(root, &workspace, &generated.crate_name)? {
                lint.errors += 1;
            }
            generated.lint = Some(lint);
        }
    }
    let mut table = table(&rows);
    table.push_str(&not_served(&rows));
    println!("\n{table}");
    if let Some(doc) = doc {
        std::fs::write(doc, page(&table)).map_err(|e| format!("cannot write {}: {e}", doc.display()))?;
        println!("Written to {}.", doc.display());
    }
    let unclean: Vec<&str> = rows
        .iter()
        .filter(|r| !matches!(&r.outcome, Outcome::Generated(g) if g.clean()))
        .map(|r| r.document.as_str())
        .collect();
    if unclean.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "documents that do not generate a clean crate: {} (crates in {})",
            unclean.join(", "),
            workspace.display()
        ))
    }
}

/// The OpenAPI documents of `dir` (only those named in `only`, if given), sorted.
pub fn documents(dir: &Path, only: Option<&[&str]>) -> Result<Vec<Document>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "cannot read the external documents in {}: {e} (the repository expects ../shared/external-specs beside it)",
            dir.display()
        )
    })?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"))
        .filter(|p| only.map_or(true, |names| names.contains(&stem(p).as_str())))
        .collect();
    paths.sort();
    if let Some(names) = only {
        if paths.len() != names.len() {
            return Err(format!(
                "{} does not hold every one of {}",
                dir.display(),
                names.join(", ")
            ));
        }
    }
    Ok(paths
        .into_iter()
        .map(|spec| Document {
            name: stem(&spec),
            spec,
            corrections: None,
            config: None,
            doctests: false,
        })
        .collect())
}

/// The snapshot fixtures (`tests/fixtures/shapes/`), each with its corrections file if it has
/// one: their snapshots show the generated code, this compiles it.
pub fn shape_fixtures(root: &Path) -> Result<Vec<Document>, String> {
    let dir = root.join("tests/fixtures/shapes");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut documents: Vec<Document> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && !stem(p).ends_with(".corrections"))
        .map(|spec| {
            let corrections = spec.with_extension("corrections.yaml");
            Document {
                name: format!("shape-{}", stem(&spec)),
                corrections: corrections.exists().then_some(corrections),
                config: None,
                doctests: false,
                spec,
            }
        })
        .collect();
    documents.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(documents)
}

/// Dixa's document without its corrections (with its client configuration): the shapes the
/// corrections give are missing, and the examples written against them must be left out.
pub fn dixa_uncorrected(root: &Path) -> Document {
    Document {
        name: "dixa-uncorrected".into(),
        spec: root.join("spec/dixa.yaml"),
        corrections: None,
        config: Some(root.join("spec/client.yaml")),
        doctests: true,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A package name from a file name: `progenitor-api.github.com` → `progenitor-api-github-com`.
fn crate_name(document: &str) -> String {
    document
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn generate(document: &Document, workspace: &Path) -> Row {
    let crate_name = crate_name(&document.name);
    println!("==> generating {}", document.name);
    let run = || {
        std::panic::catch_unwind(|| {
            let loaded = load::load_files(&document.spec, document.corrections.as_deref()).map_err(|e| refusal(&e))?;
            let config = match &document.config {
                Some(path) => Config::from_file(path).map_err(|e| e.to_string())?,
                None => Config::default(),
            };
            let generated = dixa_codegen::generate(&loaded, &config, &crate_name).map_err(|e| e.to_string())?;
            Ok::<_, String>((loaded, generated))
        })
    };
    // The best of three runs: the machine is shared, and the first run also warms the caches.
    let mut result = None;
    let mut generation = Timing::measure(|| result = Some(run()));
    for _ in 0..2 {
        generation = generation.best(Timing::measure(|| result = Some(run())));
    }
    let outcome = match result.expect("generation ran") {
        Err(panic) => Outcome::Panicked(panic_message(&panic)),
        Ok(Err(message)) => Outcome::Refused(message),
        Ok(Ok((loaded, generated))) => {
            let out = workspace.join(&crate_name);
            let written = write::plan(&out, &generated.files)
                .map_err(|e| e.to_string())
                .and_then(|plan| write::apply(&plan, &out));
            match written {
                Err(message) => Outcome::Refused(format!("cannot write the crate: {message}")),
                Ok(()) => Outcome::Generated(Generated {
                    crate_name,
                    operations: generated.api.operations.len(),
                    types: generated.api.types.len(),
                    json_places: json_places(&generated.api),
                    bodies_dropped: bodies_dropped(&loaded.openapi, &generated.api),
                    warnings: generated.warnings.len(),
                    not_served: generated
                        .warnings
                        .iter()
                        .filter(|w| w.message.starts_with("CANNOT"))
                        .map(|w| format!("`{}`: {}", w.pointer, w.message))
                        .collect(),
                    generation,
                    lint: None,
                }),
            }
        }
    };
    Row {
        document: document.name.clone(),
        outcome,
    }
}

/// The first located error, and how many more there are.
fn refusal(error: &load::LoadError) -> String {
    let Some(first) = error.0.first() else {
        return "refused without a reason".into();
    };
    let more = match error.0.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    format!("at `{}`: {}{more}", first.pointer, first.message)
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".into())
}

/// How many `serde_json::Value`s a type expression holds.
fn json_in(ty: &Ty) -> usize {
    match ty {
        Ty::Json => 1,
        Ty::Vec(t) | Ty::Option(t) | Ty::Box(t) => json_in(t),
        Ty::Map(k, v) => json_in(k) + json_in(v),
        _ => 0,
    }
}

fn json_places(api: &Api) -> usize {
    let in_types: usize = api
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(fields) => fields.iter().map(|f| json_in(&f.ty)).sum(),
            TypeKind::Untagged(variants) => variants.iter().map(|v| json_in(&v.ty)).sum(),
            TypeKind::Alias(ty) => json_in(ty),
            TypeKind::Union(_) | TypeKind::Enum(_) | TypeKind::Id(_) => 0,
        })
        .sum();
    let in_operations: usize = api
        .operations
        .iter()
        .map(|op| {
            let params: usize = op
                .path_params
                .iter()
                .chain(&op.query_params)
                .chain(&op.header_params)
                .map(|p| json_in(&p.ty))
                .sum();
            params + op.body.as_ref().map_or(0, |b| json_in(&b.ty)) + op.success.ty.as_ref().map_or(0, json_in)
        })
        .sum();
    in_types + in_operations
}

/// Operations that declare a request body the generated method does not take.
fn bodies_dropped(openapi: &openapiv3::OpenAPI, api: &Api) -> usize {
    document_operations(openapi)
        .filter(|(path, method, op)| {
            op.request_body.is_some()
                && !api
                    .operations
                    .iter()
                    .any(|o| o.path == *path && o.method.eq_ignore_ascii_case(method) && o.body.is_some())
        })
        .count()
}

/// The scratch workspace's manifest, with the repository's lock file as a start so that the
/// crates build against the versions the repository already compiled.
fn write_workspace(root: &Path, workspace: &Path, members: &[&str]) -> Result<(), String> {
    let members: Vec<String> = members.iter().map(|m| format!("    \"{m}\",\n")).collect();
    let manifest = format!(
        "# Written by `cargo xtask test --corpus`: one crate per external OpenAPI document.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members.concat()
    );
    let write = |path: PathBuf, contents: &str| {
        std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(workspace.join("Cargo.toml"), &manifest)?;
    if !workspace.join("Cargo.lock").exists() {
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| e.to_string())?;
        write(workspace.join("Cargo.lock"), &lock)?;
    }
    Ok(())
}

/// `cargo test --doc` on one crate of the scratch workspace (edition 2024 compiles its examples
/// as one program, so this is quick).
fn doctests_pass(root: &Path, workspace: &Path, crate_name: &str) -> Result<bool, String> {
    println!("==> documentation examples of {crate_name}");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["test", "--quiet", "--doc", "-p", crate_name])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(workspace)
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    Ok(status.success())
}

/// `cargo clippy` on one crate of the scratch workspace, in the repository's target directory.
/// Compile errors are what `cargo check` reports; warnings are what `-D warnings` refuses.
fn lint(root: &Path, workspace: &Path, crate_name: &str) -> Result<Lint, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--quiet",
            "--all-targets",
            "--message-format=json",
            "-p",
            crate_name,
        ])
        .env("CARGO_TARGET_DIR", root.join("target"))
        // Incremental state of a crate as large as GitHub's takes gigabytes, for no gain here.
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(workspace)
        .output()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    let mut lint = Lint {
        errors: 0,
        warnings: 0,
        first: None,
        time: started.elapsed(),
    };
    // `--all-targets` checks the library twice (as itself and as its tests): count each once.
    let mut seen = std::collections::HashSet::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let diagnostic = &message["message"];
        // The summary lines ("3 warnings emitted") carry no code and no span.
        if diagnostic["spans"].as_array().map_or(true, Vec::is_empty) {
            continue;
        }
        if !seen.insert(diagnostic["rendered"].to_string()) {
            continue;
        }
        match diagnostic["level"].as_str() {
            Some("error") => lint.errors += 1,
            Some("warning") => lint.warnings += 1,
            _ => continue,
        }
        if lint.first.is_none() {
            lint.first = diagnostic["rendered"].as_str().map(str::to_owned);
        }
    }
    if !output.status.success() && lint.errors == 0 {
        return Err(format!(
            "cargo clippy failed on {crate_name} without a diagnostic:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    if let Some(first) = &lint.first {
        println!("{first}");
    }
    println!(
        "<== {crate_name}: {} errors, {} warnings, in {:.1} s",
        lint.errors,
        lint.warnings,
        lint.time.as_secs_f64()
    );
    Ok(lint)
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| document | operations | types | `Value` places | bodies dropped | warnings | generation (wall / CPU) | `cargo check` | `clippy -D warnings` | clippy time |\n|---|--:|--:|--:|--:|--:|--:|---|---|--:|\n",
    );
    for row in rows {
        let line = match &row.outcome {
            Outcome::Refused(message) => format!("| {} | refused: {} |||||||||\n", row.document, cell(message)),
            Outcome::Panicked(message) => format!("| {} | **panic**: {} |||||||||\n", row.document, cell(message)),
            Outcome::Generated(g) => {
                let (check, clippy, time) = match &g.lint {
                    Some(l) => (
                        if l.errors == 0 {
                            "ok".to_owned()
                        } else {
                            format!("{} errors", l.errors)
                        },
                        if l.errors > 0 {
                            "–".to_owned()
                        } else if l.warnings == 0 {
                            "ok".to_owned()
                        } else {
                            format!("{} warnings", l.warnings)
                        },
                        format!("{:.0} s", l.time.as_secs_f64()),
                    ),
                    None => ("–".into(), "–".into(), "–".into()),
                };
                let cpu = g
                    .generation
                    .cpu
                    .map_or("–".to_owned(), |cpu| format!("{:.2} s", cpu.as_secs_f64()));
                format!(
                    "| {} | {} | {} | {} | {} | {} | {:.2} s / {cpu} | {check} | {clippy} | {time} |\n",
                    row.document,
                    g.operations,
                    g.types,
                    g.json_places,
                    g.bodies_dropped,
                    g.warnings,
                    g.generation.wall.as_secs_f64()
                )
            }
        };
        out.push_str(&line);
    }
    out
}

/// The list of what the crates cannot serve, by document.
fn not_served(rows: &[Row]) -> String {
    let mut out = String::from("\n## Not served\n\n");
    let mut any = false;
    for row in rows {
        if let Outcome::Generated(g) = &row.outcome {
            for item in &g.not_served {
                out.push_str(&format!("- {}: {}\n", row.document, item));
                any = true;
            }
        }
    }
    if !any {
        out.push_str("Nothing: every operation sends its body and reads its responses.\n");
    }
    out
}

/// Text safe inside a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").chars().take(200).collect()
}

fn page(table: &str) -> String {
    format!(
        "# Breadth: other teams' OpenAPI documents\n\n\
         Written by `cargo xtask test --corpus` (do not edit the table by hand). Every OpenAPI\n\
         document in `../shared/external-specs/` (sources in its `SOURCES.md`) is generated, without\n\
         corrections or configuration, into a crate of one scratch workspace (`target/corpus/`) that\n\
         builds in the repository's `target/` directory, then linted with `cargo clippy --all-targets`.\n\
         `cargo xtask test` does the same for {} of them ({}), for every snapshot fixture\n\
         (`tests/fixtures/shapes/`) and for Dixa's document without its corrections.\n\n\
         - **`Value` places**: fields, aliases, untagged union members, parameters, request bodies and\n\
         \x20 success responses typed `serde_json::Value` (a tagged union's `Unknown` member is by design\n\
         \x20 and not counted). Each is either what the document says (a schema with no type, `type:\n\
         \x20 object` without properties, `type: array` without items) or named by one of the\n\
         \x20 generator's warnings.\n\
         - **warnings**: the generator's (`cargo xtask regen --spec … ` prints them with their JSON\n\
         \x20 pointers): method names that collide, responses declared nowhere, and what cannot be\n\
         \x20 served, listed below the table.\n\
         - **bodies dropped**: operations with a request body the generated method cannot send.\n\
         - **generation**: loading the document and generating the crate in memory, best of three\n\
         \x20 runs, in the build of `xtask` that ran (`--release` when run as documented): on the clock,\n\
         \x20 and on the processor (the generating thread's time, which other processes on a shared\n\
         \x20 machine do not inflate).\n\
         - **`cargo check`**: compile errors of the crate; **`clippy -D warnings`**: the warnings\n\
         \x20 (rustc's and clippy's) that `-D warnings` would turn into errors. Both come from one\n\
         \x20 `cargo clippy` run, whose time (dependencies already built) is the last column.\n\n\
         ```sh\n\
         cargo xtask test --corpus    # regenerates this table\n\
         ```\n\n\
         {table}",
        CI_SUBSET.len(),
        CI_SUBSET.join(", ")
    )
}
