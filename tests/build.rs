//! Generates the table of every example in `spec/dixa.yaml` with the Rust type it must decode
//! into, so that a spec update brings its examples into `examples_round_trip.rs` by itself.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace");
    let spec = root.join("spec/dixa.yaml");
    let corrections = root.join("spec/corrections.yaml");
    let config = root.join("spec/client.yaml");
    for path in [&spec, &corrections, &config] {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let loaded = dixa_codegen::load::load_files(&spec, Some(&corrections)).unwrap_or_else(|e| panic!("{e}"));
    let config = dixa_codegen::Config::from_file(&config).unwrap_or_else(|e| panic!("{e}"));
    let generated = dixa_codegen::generate(&loaded, &config, "dixa").unwrap_or_else(|e| panic!("{e}"));
    let type_of_schema: BTreeMap<String, String> = generated
        .api
        .types
        .iter()
        .filter_map(|t| {
            Some((
                t.origin.strip_prefix("/components/schemas/")?.to_owned(),
                t.name.clone(),
            ))
        })
        .collect();

    let mut examples = Vec::new();
    collect_examples(&loaded.document, &mut examples);
    let mut out = String::from("/// (JSON pointer of the example, schema name, example JSON)\npub const EXAMPLES: &[(&str, &str, &str)] = &[\n");
    let mut used = BTreeMap::new();
    for (pointer, schema, example) in &examples {
        writeln!(out, "    ({pointer:?}, {schema:?}, {:?}),", example.to_string()).unwrap();
        if let Some(name) = type_of_schema.get(schema) {
            used.insert(schema.clone(), name.clone());
        }
    }
    out.push_str("];\n\n/// Decodes `json` as the type of `schema` and encodes it again.\npub fn round_trip(schema: &str, json: &str) -> Result<serde_json::Value, String> {\n    match schema {\n");
    for (schema, name) in &used {
        writeln!(out, "        {schema:?} => decode_encode::<dixa::types::{name}>(json),").unwrap();
    }
    out.push_str("        other => Err(format!(\"no generated type for schema `{other}`\")),\n    }\n}\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

/// Every `example` and `examples.*.value` of a JSON media type whose schema is a `$ref`.
fn collect_examples(document: &Value, out: &mut Vec<(String, String, Value)>) {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item {
            let base = format!("/paths/{}/{method}", path.replace('~', "~0").replace('/', "~1"));
            let mut media = Vec::new();
            if let Some(content) = operation.pointer("/requestBody/content/application~1json") {
                media.push((format!("{base}/requestBody/content/application~1json"), content));
            }
            if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
                for (status, response) in responses {
                    if let Some(content) = response.pointer("/content/application~1json") {
                        media.push((format!("{base}/responses/{status}/content/application~1json"), content));
                    }
                }
            }
            for (pointer, content) in media {
                let Some(schema) = content
                    .pointer("/schema/$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                else {
                    continue;
                };
                if let Some(example) = content.get("example") {
                    out.push((format!("{pointer}/example"), schema.to_owned(), example.clone()));
                }
                for (name, example) in content.get("examples").and_then(Value::as_object).into_iter().flatten() {
                    if let Some(value) = example.get("value") {
                        out.push((
                            format!("{pointer}/examples/{name}/value"),
                            schema.to_owned(),
                            value.clone(),
                        ));
                    }
                }
            }
        }
    }
}
