//! The generator on mutated documents: never a panic, every rejection located by a JSON
//! pointer, and every accepted document generates code that parses.
//!
//! CI runs a bounded number of cases; for a long run: `PROPTEST_CASES=20000 cargo test --release
//! -p dixa-tests --test fuzz_generator`.

use dixa_codegen::load::{self, Corrections};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Dixa's document, and every pointer in it (the places a mutation can hit).
fn base() -> &'static (Value, Vec<String>) {
    static BASE: OnceLock<(Value, Vec<String>)> = OnceLock::new();
    BASE.get_or_init(|| {
        let tree = load::read_tree(&root().join("spec/dixa.yaml")).unwrap();
        let mut pointers = Vec::new();
        collect(&tree, String::new(), &mut pointers);
        (tree, pointers)
    })
}

fn corrections() -> &'static Corrections {
    static CORRECTIONS: OnceLock<Corrections> = OnceLock::new();
    CORRECTIONS.get_or_init(|| {
        let path = root().join("spec/corrections.yaml");
        Corrections::parse(&load::read_tree(&path).unwrap(), "corrections.yaml").unwrap()
    })
}

fn collect(node: &Value, at: String, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| collect(v, format!("{at}/{}", load::escape_token(k)), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| collect(v, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

/// One way to break a document.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Replace(usize, Value),
    DanglingRef(usize),
    SelfRef(usize),
    RenameSchema(usize, String),
    HugeString(usize),
    UnknownFormat(usize),
    DropOperationIds,
    Version(&'static str),
}

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("type".to_owned()),
        Just("Self".to_owned()),
        Just("Agent".to_owned()),
        Just("Ägent_ñ".to_owned()),
        Just("1st".to_owned()),
        Just("a b/c~d".to_owned()),
        "[a-zA-Z_ ]{1,12}",
    ]
}

fn values() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(42)),
        Just(json!("text")),
        Just(json!([])),
        Just(json!({})),
        Just(json!(true)),
        Just(json!({"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Agent"}}})),
        Just(json!({"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Tag"}]})),
        Just(json!({"allOf": [{"$ref": "#/components/schemas/Agent"}, {"$ref": "#/components/schemas/Tag"}]})),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = base().1.len();
    prop_oneof![
        (0..n).prop_map(Mutation::Delete),
        (0..n, values()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        (0..n).prop_map(Mutation::DanglingRef),
        (0..n).prop_map(Mutation::SelfRef),
        (0..299usize, names()).prop_map(|(i, name)| Mutation::RenameSchema(i, name)),
        (0..n).prop_map(Mutation::HugeString),
        (0..n).prop_map(Mutation::UnknownFormat),
        Just(Mutation::DropOperationIds),
        prop_oneof![Just("3.1.0"), Just("2.0"), Just("3.0.0")].prop_map(Mutation::Version),
    ]
}

fn apply(tree: &mut Value, mutation: &Mutation) {
    let pointers = &base().1;
    let parent_and_key = |i: usize| {
        let pointer = &pointers[i];
        pointer
            .rsplit_once('/')
            .map(|(parent, key)| (parent.to_owned(), key.replace("~1", "/").replace("~0", "~")))
    };
    match mutation {
        Mutation::Delete(i) => {
            if let Some((parent, key)) = parent_and_key(*i) {
                match tree.pointer_mut(&parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&key);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(index) = key.parse::<usize>() {
                            if index < items.len() {
                                items.remove(index);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::Replace(i, value) => set(tree, &pointers[*i], value.clone()),
        Mutation::DanglingRef(i) => set(
            tree,
            &pointers[*i],
            json!({"$ref": "#/components/schemas/DoesNotExist"}),
        ),
        Mutation::SelfRef(i) => {
            // A schema that is only a reference to itself: a cycle with no content.
            set(tree, &pointers[*i], json!({"$ref": "#/components/schemas/Cycle"}));
            if let Some(schemas) = tree.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
                schemas.insert("Cycle".into(), json!({"$ref": "#/components/schemas/Cycle"}));
            }
        }
        Mutation::RenameSchema(i, name) => {
            if let Some(schemas) = tree.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
                if let Some(old) = schemas.keys().nth(*i).cloned() {
                    let schema = schemas.remove(&old).unwrap();
                    schemas.insert(name.clone(), schema);
                }
            }
        }
        Mutation::HugeString(i) => set(tree, &pointers[*i], Value::String("x".repeat(100_000))),
        Mutation::UnknownFormat(i) => {
            if let Some(Value::Object(map)) = tree.pointer_mut(&pointers[*i]) {
                map.insert("format".into(), json!("telepathy"));
            }
        }
        Mutation::DropOperationIds => {
            if let Some(paths) = tree.get_mut("paths").and_then(Value::as_object_mut) {
                for item in paths.values_mut().filter_map(Value::as_object_mut) {
                    for op in item.values_mut().filter_map(Value::as_object_mut) {
                        op.remove("operationId");
                    }
                }
            }
        }
        Mutation::Version(version) => {
            if *version == "2.0" {
                tree["swagger"] = json!("2.0");
            } else {
                tree["openapi"] = json!(version);
            }
        }
    }
}

fn set(tree: &mut Value, pointer: &str, value: Value) {
    if pointer.is_empty() {
        return;
    }
    if let Some(slot) = tree.pointer_mut(pointer) {
        *slot = value;
    }
}

/// Counts of accepted and rejected documents, printed every 100 cases (`--nocapture`).
fn tally<T, E>(outcome: &std::thread::Result<Result<T, E>>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static ACCEPTED: AtomicUsize = AtomicUsize::new(0);
    static REJECTED: AtomicUsize = AtomicUsize::new(0);
    let counter = if matches!(outcome, Ok(Ok(_))) {
        &ACCEPTED
    } else {
        &REJECTED
    };
    counter.fetch_add(1, Ordering::Relaxed);
    let (accepted, rejected) = (ACCEPTED.load(Ordering::Relaxed), REJECTED.load(Ordering::Relaxed));
    if (accepted + rejected) % 100 == 0 {
        eprintln!(
            "{} documents: {accepted} accepted and generated, {rejected} rejected with a located error",
            accepted + rejected
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: dixa_tests::cases(64), ..ProptestConfig::default() })]

    #[test]
    fn mutated_documents_never_panic(mutations in prop::collection::vec(mutation(), 1..4), with_corrections in any::<bool>()) {
        let mut tree = base().0.clone();
        for m in &mutations {
            apply(&mut tree, m);
        }
        let empty = Corrections::default();
        let corrections = if with_corrections { corrections() } else { &empty };
        let outcome = std::panic::catch_unwind(|| {
            let loaded = load::load(tree, corrections, "mutated.yaml")?;
            dixa_codegen::generate(&loaded, &dixa_codegen::Config::default(), "mutated").map_err(|e| match e {
                dixa_codegen::Error::Load(e) => e,
                dixa_codegen::Error::Emit(bug) => panic!("generated code does not parse: {bug}"),
                other => panic!("{other}"),
            })
        });
        tally(&outcome);
        match outcome {
            Err(_) => prop_assert!(false, "panicked on {mutations:?}"),
            Ok(Err(error)) => {
                for e in &error.0 {
                    prop_assert!(!e.message.is_empty());
                    // Only whole-document problems sit at the root.
                    prop_assert!(!e.pointer.is_empty() || e.message.contains("mapping") || e.message.contains("openapi"), "{e}");
                }
            }
            Ok(Ok(generated)) => prop_assert!(generated.files.iter().any(|f| f.path == "src/types.rs")),
        }
    }
}

/// Renames a component schema and every reference to it.
fn rename_everywhere(tree: &mut Value, old: &str, new: &str) {
    let text = tree.to_string().replace(
        &format!("\"#/components/schemas/{old}\""),
        &format!("\"#/components/schemas/{new}\""),
    );
    *tree = serde_json::from_str(&text).unwrap();
    let schemas = tree["components"]["schemas"].as_object_mut().unwrap();
    let schema = schemas.remove(old).unwrap();
    schemas.insert(new.to_owned(), schema);
}

/// Accepted documents must give crates that compile: a sample of mutated Dixa documents is
/// generated into one scratch workspace and type-checked (`cargo xtask test` runs this).
#[test]
#[ignore = "builds the sample crates: run through `cargo xtask test`"]
fn a_sample_of_accepted_mutants_compiles() {
    type Sample = fn(&mut Value);
    let samples: [Sample; 4] = [
        // Keyword, non-ASCII and digit-first names; no operation ids. (Schemas that no
        // correction names, so that the corrections still apply.)
        |tree| {
            apply(tree, &Mutation::DropOperationIds);
            rename_everywhere(tree, "BrowserInfo", "type");
            rename_everywhere(tree, "File", "Ägent_ñ");
            rename_everywhere(tree, "EmailContact", "1st");
            rename_everywhere(tree, "Html", "Self");
        },
        // Unknown formats, merged `allOf`, and a recursive inline object.
        |tree| {
            tree["components"]["schemas"]["Agent"]["properties"]["email"]["format"] = json!("telepathy");
            tree["components"]["schemas"]["Agent"]["properties"]["displayName"] =
                json!({"allOf": [{"$ref": "#/components/schemas/Tag"}, {"$ref": "#/components/schemas/Team"}]});
            tree["components"]["schemas"]["Tag"]["properties"]["name"] =
                json!({"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Tag"}}});
        },
        // A union that lost a member, and schemas that lost their types.
        |tree| {
            tree["components"]["schemas"]["Conversation"]["oneOf"]
                .as_array_mut()
                .unwrap()
                .remove(0);
            tree["components"]["schemas"]["Agent"]["properties"]["roles"] = json!({});
            tree["components"]["schemas"]["BrowserInfo"] = json!({"description": "anything"});
        },
        // Names the crate uses itself: schemas named like the prelude's traits and types, tags
        // named like `api/mod.rs`, `Client`'s own methods and the runtime's types.
        |tree| {
            for (schema, name) in [
                ("AgentOutput", "From"),
                ("BasicAuth", "Into"),
                ("BooleanField", "Option"),
                ("Conflict", "Ord"),
            ] {
                rename_everywhere(tree, schema, name);
            }
            let paths = tree["paths"].as_object_mut().unwrap();
            for (prefix, tag) in [
                ("/v1/agents", "mod"),
                ("/v1/tags", "new"),
                ("/v1/queues", "Request"),
                ("/v1/teams", "clone"),
                ("/v1/endusers", "from_env"),
            ] {
                for (_, item) in paths.iter_mut().filter(|(p, _)| p.starts_with(prefix)) {
                    for op in item
                        .as_object_mut()
                        .unwrap()
                        .values_mut()
                        .filter_map(Value::as_object_mut)
                    {
                        op.insert("tags".into(), json!([tag]));
                    }
                }
            }
        },
    ];
    let dir = root().join("target/fuzz-sample");
    let _ = std::fs::remove_dir_all(&dir);
    let mut members = Vec::new();
    for (i, mutate) in samples.iter().enumerate() {
        let mut tree = base().0.clone();
        mutate(&mut tree);
        let loaded =
            load::load(tree, corrections(), "sample.yaml").unwrap_or_else(|e| panic!("sample {i} rejected: {e}"));
        let generated =
            dixa_codegen::generate(&loaded, &dixa_codegen::Config::default(), &format!("sample{i}")).unwrap();
        let out = dir.join(format!("sample{i}"));
        let plan = dixa_codegen::write::plan(&out, &generated.files).unwrap();
        dixa_codegen::write::apply(&plan, &out).unwrap();
        members.push(format!("\"sample{i}\""));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--workspace", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root().join("target/fuzz-sample-target"))
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .unwrap();
    assert!(
        status.success(),
        "a generated sample does not compile; see {}",
        dir.display()
    );
}
