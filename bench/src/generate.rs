//! Part 1: wall time and peak memory of loading + generating, on Dixa's document and on
//! synthetic documents 10x and 100x its size. Each size runs in a child process, so its
//! `VmHWM` is that size's peak alone.

use crate::util::{self, Result, Table};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SCHEMA_REF: &str = "#/components/schemas/";

struct Case {
    label: String,
    spec: PathBuf,
    corrections: Option<PathBuf>,
    /// The client configuration (`spec/client.yaml` for Dixa's document and its copies).
    config: Option<PathBuf>,
    runs: usize,
}

pub fn run() -> Result<Vec<Table>> {
    let root = util::root();
    let dir = util::target().join("bench-gen");
    std::fs::create_dir_all(&dir)?;
    let spec = root.join("spec/dixa.yaml");
    let corrections = root.join("spec/corrections.yaml");

    // The synthetic documents replicate the corrected document, so they load without corrections
    // (the corrections address pointers of the original only).
    let corrected = dixa_codegen::load::load_files(&spec, Some(&corrections))?.document;
    let mut cases = vec![Case {
        label: "spec/dixa.yaml + corrections.yaml".into(),
        spec: spec.clone(),
        corrections: Some(corrections),
        config: Some(root.join("spec/client.yaml")),
        runs: 15,
    }];
    for (copies, runs) in [(1, 15), (10, 5), (100, 3)] {
        let path = dir.join(format!("synthetic-{copies}x.json"));
        // Compact, so that 100x stays under the loader's size limit (`load::MAX_DOCUMENT_BYTES`).
        std::fs::write(&path, serde_json::to_vec(&replicate(&corrected, copies))?)?;
        cases.push(Case {
            label: format!("synthetic {copies}x (corrected document, replicated)"),
            spec: path,
            corrections: None,
            config: Some(root.join("spec/client.yaml")),
            runs,
        });
    }
    // The largest real document at hand, with the default configuration.
    let github = root.join("../shared/external-specs/progenitor-api.github.com.json");
    if github.exists() {
        cases.push(Case {
            label: "GitHub's API (shared/external-specs/progenitor-api.github.com.json)".into(),
            spec: github,
            corrections: None,
            config: None,
            runs: 3,
        });
    }

    let mut table = Table::new(
        "Generation (load + generate, release, best of N, child process per row)",
        &[
            "document",
            "size",
            "operations",
            "N",
            "load",
            "generate",
            "total (best)",
            "vs 1x",
            "total (median)",
            "vs 1x",
            "CPU of the best run (user + system)",
            "CPU vs 1x",
            "peak memory (VmHWM)",
            "first run of a process (best of N processes)",
            "vs 1x",
        ],
    );
    let mut base: Option<f64> = None;
    let mut base_median: Option<f64> = None;
    let mut base_cpu: Option<f64> = None;
    let mut base_first: Option<f64> = None;
    for case in &cases {
        let spec = case.spec.display().to_string();
        let corr = case
            .corrections
            .as_ref()
            .map_or("-".to_string(), |p| p.display().to_string());
        let runs = case.runs.to_string();
        let config = case
            .config
            .as_ref()
            .map_or("-".to_string(), |p| p.display().to_string());
        let out = match util::run_self(&["gen-child", &spec, &corr, &runs, &config]) {
            Ok(out) => out,
            Err(e) => {
                let first = e.to_string().lines().take(2).collect::<Vec<_>>().join(" ");
                table.row(vec![case.label.clone(), format!("fails: {first}")]);
                continue;
            }
        };
        let load: f64 = util::field(&out, "load_ms")?.parse()?;
        let generate: f64 = util::field(&out, "generate_ms")?.parse()?;
        let total: f64 = util::field(&out, "total_ms")?.parse()?;
        let median: f64 = util::field(&out, "median_ms")?.parse()?;
        let system: f64 = util::field(&out, "system_ms")?.parse()?;
        let peak: u64 = util::field(&out, "peak_kib")?.parse()?;
        let cpu: f64 = util::field(&out, "cpu_ms")?.parse()?;
        let operations = util::field(&out, "operations")?;
        let size = std::fs::metadata(&case.spec)?.len();
        let first = first_run(&[&spec, &corr, "1", &config], case.runs)?;
        if case.label.starts_with("synthetic 1x") {
            base = Some(total);
            base_median = Some(median);
            base_cpu = Some(cpu);
            base_first = Some(first);
        }
        let vs = |value: f64, base: Option<f64>| match base {
            Some(b) if case.label.starts_with("synthetic") => util::ratio(value, b),
            _ => String::new(),
        };
        table.row(vec![
            case.label.clone(),
            format!("{:.1} MB", size as f64 / 1e6),
            operations,
            runs,
            format!("{load:.0} ms"),
            format!("{generate:.0} ms"),
            format!("{total:.0} ms"),
            vs(total, base),
            format!("{median:.0} ms"),
            vs(median, base_median),
            format!("{:.0} + {system:.0} ms", cpu - system),
            vs(cpu, base_cpu),
            util::mib(peak),
            format!("{first:.0} ms"),
            vs(first, base_first),
        ]);
    }
    table.note(
        "Synthetic documents: the corrected document with every component schema and path copied N-1 times \
         (schema `Foo` -> `FooCopyK`, every `#/components/schemas/` reference inside a copy rewritten, paths \
         prefixed with `/copyK`, tags `Tag CopyK`, operationIds `TagCopyK_verb`), written as JSON (read by \
         the loader's JSON path). `load` is reading + parsing + checking + typing the document, \
         `generate` is model + emit (formatted sources in memory, nothing written). CPU is the \
         process's user + system time for the best run (`getrusage`, to the microsecond), less disturbed by other load than wall time; \
         system time is mostly the kernel handing out fresh memory. \
         The N runs of a row share one process, so every run after the first reuses memory the allocator \
         already has. The best of N favours short runs: a 1x run is over in 0.1 s and some are lucky, while a \
         100x run lasts long enough to average its own ups and downs; the median compares like with like. `first run of a process` is what one `cargo xtask regen` does: N processes of one run \
         each, the best total; each run pays for touching fresh memory, which is what grows at 100x.",
    );
    Ok(vec![table])
}

/// The best total time of `processes` child processes that each load and generate once.
fn first_run(child_args: &[&str], processes: usize) -> Result<f64> {
    let mut best = f64::INFINITY;
    for _ in 0..processes.max(1) {
        let mut args = vec!["gen-child"];
        args.extend_from_slice(child_args);
        let out = util::run_self(&args)?;
        best = best.min(util::field(&out, "total_ms")?.parse()?);
    }
    Ok(best)
}

/// `gen-child <spec> <corrections|-> <runs> <config|->`: loads and generates `runs` times; prints
/// the best times and this process's peak memory.
pub fn child(args: &[String]) -> Result<()> {
    let [spec, corrections, runs, config] = args else {
        return Err("usage: gen-child <spec> <corrections|-> <runs> <config|->".into());
    };
    let spec = Path::new(spec);
    let corrections = (corrections != "-").then(|| Path::new(corrections));
    let runs: usize = runs.parse()?;
    let config = match config.as_str() {
        "-" => dixa_codegen::Config::default(),
        path => dixa_codegen::Config::from_file(Path::new(path))?,
    };
    let mut best = (Duration::MAX, Duration::MAX, Duration::MAX);
    let mut best_cpu = (Duration::MAX, Duration::ZERO);
    let mut totals = Vec::new();
    let mut operations = 0;
    for _ in 0..runs.max(1) {
        let (user_start, system_start) = util::own_cpu_parts()?;
        let start = std::time::Instant::now();
        let loaded = dixa_codegen::load::load_files(spec, corrections)?;
        let loaded_at = start.elapsed();
        let generated = dixa_codegen::generate(&loaded, &config, "dixa")?;
        let total = start.elapsed();
        operations = generated.api.operations.len();
        assert!(!generated.files.is_empty());
        best.0 = best.0.min(loaded_at);
        best.1 = best.1.min(total - loaded_at);
        best.2 = best.2.min(total);
        totals.push(total);
        let (user, system) = util::own_cpu_parts()?;
        let system = system.saturating_sub(system_start);
        best_cpu = best_cpu.min((user.saturating_sub(user_start) + system, system));
    }
    totals.sort();
    let median = totals[totals.len() / 2];
    let peak = util::peak_rss_kib().unwrap_or(0);
    println!(
        "load_ms={:.1} generate_ms={:.1} total_ms={:.1} median_ms={:.1} cpu_ms={:.0} system_ms={:.0} peak_kib={peak} operations={operations}",
        best.0.as_secs_f64() * 1e3,
        best.1.as_secs_f64() * 1e3,
        best.2.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        best_cpu.0.as_secs_f64() * 1e3,
        best_cpu.1.as_secs_f64() * 1e3,
    );
    Ok(())
}

/// The document with every component schema and path present `copies` times (the original plus
/// renamed copies that reference only each other).
pub fn replicate(document: &Value, copies: usize) -> Value {
    let mut out = document.clone();
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let tags = document
        .get("tags")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for k in 1..copies {
        let suffix = format!("Copy{k}");
        if let Some(Value::Object(out_schemas)) = out.pointer_mut("/components/schemas") {
            for (name, schema) in &schemas {
                out_schemas.insert(format!("{name}{suffix}"), rename_refs(schema, &suffix));
            }
        }
        if let Some(Value::Object(out_paths)) = out.get_mut("paths") {
            for (path, item) in &paths {
                out_paths.insert(format!("/copy{k}{path}"), copy_path_item(item, &suffix));
            }
        }
        if let Some(Value::Array(out_tags)) = out.get_mut("tags") {
            for tag in &tags {
                let mut tag = tag.clone();
                if let Some(Value::String(name)) = tag.get_mut("name") {
                    *name = format!("{name} {suffix}");
                }
                out_tags.push(tag);
            }
        }
    }
    out
}

fn rename_refs(value: &Value, suffix: &str) -> Value {
    match value {
        Value::String(s) if s.starts_with(SCHEMA_REF) => Value::String(format!("{s}{suffix}")),
        Value::Array(items) => Value::Array(items.iter().map(|v| rename_refs(v, suffix)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), rename_refs(v, suffix))).collect()),
        other => other.clone(),
    }
}

fn copy_path_item(item: &Value, suffix: &str) -> Value {
    let mut item = rename_refs(item, suffix);
    if let Value::Object(methods) = &mut item {
        for operation in methods.values_mut().filter_map(Value::as_object_mut) {
            rename_operation(operation, suffix);
        }
    }
    item
}

fn rename_operation(operation: &mut Map<String, Value>, suffix: &str) {
    if let Some(Value::String(id)) = operation.get_mut("operationId") {
        *id = match id.split_once('_') {
            Some((group, rest)) => format!("{group}{suffix}_{rest}"),
            None => format!("{id}{suffix}"),
        };
    }
    if let Some(Value::Array(tags)) = operation.get_mut("tags") {
        for tag in tags.iter_mut() {
            if let Value::String(name) = tag {
                *name = format!("{name} {suffix}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::replicate;
    use serde_json::json;

    #[test]
    fn copies_reference_their_own_schemas() {
        let doc = json!({
            "tags": [{"name": "Agents"}],
            "paths": {"/v1/agents": {"get": {"operationId": "Agents_list", "tags": ["Agents"],
                "responses": {"200": {"$ref": "#/components/schemas/A"}}}}},
            "components": {"schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {}}}
        });
        let out = replicate(&doc, 3);
        assert_eq!(out["components"]["schemas"].as_object().unwrap().len(), 6);
        assert_eq!(
            out["components"]["schemas"]["ACopy2"]["properties"]["b"]["$ref"],
            "#/components/schemas/BCopy2"
        );
        let op = &out["paths"]["/copy1/v1/agents"]["get"];
        assert_eq!(op["operationId"], "AgentsCopy1_list");
        assert_eq!(op["tags"][0], "Agents Copy1");
        assert_eq!(op["responses"]["200"]["$ref"], "#/components/schemas/ACopy1");
        assert_eq!(out["tags"].as_array().unwrap().len(), 3);
        assert_eq!(out["paths"]["/v1/agents"], doc["paths"]["/v1/agents"]);
    }
}
