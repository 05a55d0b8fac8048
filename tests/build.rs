//! Generates, from `spec/dixa.yaml`, what the tests run against every part of the spec, so that
//! a spec update brings its new examples and operations into the tests by itself:
//! - `examples.rs`: every example with the Rust type it must decode into (`examples_round_trip.rs`);
//! - `e2e_calls.rs`: a call of every operation through `dixa::Client` (`e2e_prism.rs`).

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
    out.push_str("];\n\n/// Decodes `json` as the type of `schema` and encodes it again.\n#[allow(dead_code)]\npub fn round_trip(schema: &str, json: &str) -> Result<serde_json::Value, String> {\n    match schema {\n");
    for (schema, name) in &used {
        writeln!(
            out,
            "        {schema:?} => dixa_tests::json::decode_encode::<dixa::types::{name}>(json),"
        )
        .unwrap();
    }
    out.push_str("        other => Err(format!(\"no generated type for schema `{other}`\")),\n    }\n}\n");
    out.push_str("\n/// Decodes `json` as the type of `schema` (`None` for a schema without a type).\n#[allow(dead_code)]\npub fn decode(schema: &str, json: &[u8]) -> Option<Result<(), dixa::DecodeError>> {\n    Some(match schema {\n");
    for (schema, name) in &used {
        writeln!(
            out,
            "        {schema:?} => dixa::from_json::<dixa::types::{name}>(json).map(drop),"
        )
        .unwrap();
    }
    out.push_str("        _ => return None,\n    })\n}\n");
    let out_dir = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    std::fs::write(out_dir.join("examples.rs"), out).expect("OUT_DIR is writable");
    std::fs::write(
        out_dir.join("e2e_calls.rs"),
        e2e::calls(&generated.api, &loaded.document),
    )
    .expect("OUT_DIR is writable");
}

mod e2e {
    //! One call per operation, with arguments of the right types, the request body from the
    //! spec's own example, and every optional parameter set.

    use dixa_codegen::emit::ident;
    use dixa_codegen::model::{Api, Operation, Param, Ty, TypeKind};
    use serde_json::Value;
    use std::fmt::Write as _;

    pub fn calls(api: &Api, document: &Value) -> String {
        let mut table = String::from(
            "/// An operation id, the success examples to ask for by name, and the declared error\n\
             /// statuses with whether they have a JSON body.\n\
             pub type Operation = (&'static str, &'static [&'static str], &'static [(u16, bool)]);\n\n\
             pub const OPERATIONS: &[Operation] = &[\n",
        );
        let mut arms = String::new();
        for op in &api.operations {
            let response = document.pointer(&format!(
                "/paths/{}/{}/responses",
                op.path.replace('~', "~0").replace('/', "~1"),
                op.method.to_lowercase()
            ));
            let examples = success_example_names(op, response);
            let errors: Vec<String> = op
                .errors
                .iter()
                .filter_map(|e| e.status)
                .map(|status| {
                    let has_body = response
                        .and_then(|r| r.pointer(&format!("/{status}/content/application~1json")))
                        .is_some();
                    format!("({status}, {has_body})")
                })
                .collect();
            writeln!(
                table,
                "    ({:?}, &{examples:?}, &[{}]),",
                op.operation_id,
                errors.join(", ")
            )
            .unwrap();
            writeln!(arms, "        {:?} => {{\n            #[allow(deprecated)]\n            let request = {};\n            let request = prefer.iter().fold(request, |r, p| r.header(\"Prefer\", p.as_str())).retry(dixa::RetryPolicy::none());\n            request.send_with_response().await.map(|r| (r.status.as_u16(), r.headers))\n        }}", op.operation_id, call(api, document, op)).unwrap();
        }
        table.push_str("];\n\n");
        format!(
            "{table}/// Calls an operation with a `Prefer` header (Prism's way to choose a response), if any.\n\
             pub async fn call(client: &dixa::Client, operation: &str, prefer: Option<String>) -> Result<(u16, dixa::reqwest::header::HeaderMap), dixa::Error> {{\n\
             \x20   match operation {{\n{arms}\n        other => panic!(\"no such operation: {{other}}\"),\n    }}\n}}\n"
        )
    }

    fn success_example_names(op: &Operation, responses: Option<&Value>) -> Vec<String> {
        let Some(status) = op.success.status else {
            return Vec::new();
        };
        responses
            .and_then(|r| r.pointer(&format!("/{status}/content/application~1json/examples")))
            .and_then(Value::as_object)
            .map(|examples| examples.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn call(api: &Api, document: &Value, op: &Operation) -> String {
        let mut args: Vec<String> = op
            .path_params
            .iter()
            .chain(op.query_params.iter().filter(|p| p.required))
            .chain(op.header_params.iter().filter(|p| p.required))
            .map(|p| value(api, &p.ty))
            .collect();
        let body = op.body.as_ref().map(|body| {
            let pointer = format!(
                "/paths/{}/{}/requestBody/content/application~1json",
                op.path.replace('~', "~0").replace('/', "~1"),
                op.method.to_lowercase()
            );
            let media = document.pointer(&pointer).expect("the body is JSON");
            let example = media
                .get("example")
                .or_else(|| {
                    media
                        .get("examples")
                        .and_then(Value::as_object)
                        .and_then(|e| e.values().next()?.get("value"))
                })
                .unwrap_or_else(|| panic!("{} has no request example", op.operation_id));
            format!(
                "dixa::from_json::<{}>({:?}.as_bytes()).expect(\"the spec's request example decodes\")",
                rust_ty(&body.ty),
                example.to_string()
            )
        });
        if let Some(body) = &body {
            if op.body.as_ref().is_some_and(|b| b.required) {
                args.push(body.clone());
            }
        }
        let mut call = format!("client.{}().{}({})", ident(&op.group), ident(&op.name), args.join(", "));
        for p in op.query_params.iter().chain(&op.header_params).filter(|p| !p.required) {
            write!(call, ".{}({})", ident(&p.name), optional_value(api, p)).unwrap();
        }
        if let (Some(body), Some(false)) = (&body, op.body.as_ref().map(|b| b.required)) {
            write!(call, ".body({body})").unwrap();
        }
        call
    }

    /// A value for an optional parameter: the page cursor stays unset (Prism has no pages).
    fn optional_value(api: &Api, p: &Param) -> String {
        value(api, &p.ty)
    }

    fn rust_ty(ty: &Ty) -> String {
        ty.outside("dixa")
    }

    fn value(api: &Api, ty: &Ty) -> String {
        match ty {
            Ty::Uuid => "\"3fa85f64-5717-4562-b3fc-2c963f66afa6\".parse::<dixa::uuid::Uuid>().unwrap()".into(),
            Ty::I32 => "1_i32".into(),
            Ty::I64 => "1_i64".into(),
            Ty::F32 | Ty::F64 => "1.5".into(),
            Ty::Bool => "true".into(),
            Ty::String => "\"dixa test\"".into(),
            Ty::DateTime => "dixa::DateTime::from_unix(1_638_362_796, 581_000_000)".into(),
            Ty::Vec(item) => format!("vec![{}]", value(api, item)),
            Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(values)) => format!("dixa::types::{name}::from({:?})", values[0].wire),
                Some(TypeKind::Alias(inner)) => value(api, inner),
                Some(TypeKind::Id(inner)) => format!("dixa::types::{name}::from({})", value(api, inner)),
                _ => panic!("no value for parameter type {name}"),
            },
            other => panic!("no value for parameter type {other:?}"),
        }
    }
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
