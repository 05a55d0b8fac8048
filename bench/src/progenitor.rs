//! The comparison crate: `cargo-progenitor` installed from crates.io into target/bench-tools
//! (not a dependency of this workspace), run on the same corrected document with the one edit it
//! needs, and a throwaway crate that decodes the benchmark bodies with its types.

use crate::util::{self, Result, Table};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

pub const NAME: &str = "dixa-progenitor";

pub struct Progenitor {
    /// The generated crate.
    pub crate_dir: PathBuf,
    pub version: String,
    pub generate: Duration,
    pub install: Option<Duration>,
    pub edits: usize,
}

/// The document progenitor is given: the corrected document with [`adapt`]'s edit.
pub struct Input {
    pub path: PathBuf,
    pub edits: usize,
}

/// Writes progenitor's input to target/bench-progenitor/input.json.
pub fn input() -> Result<Input> {
    let dir = util::target().join("bench-progenitor");
    std::fs::create_dir_all(&dir)?;
    let mut document: Value = serde_json::from_slice(&std::fs::read(util::root().join("spec/dixa.corrected.json"))?)?;
    let edits = adapt(&mut document);
    let path = dir.join("input.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&document)?)?;
    Ok(Input { path, edits })
}

/// Installs cargo-progenitor into target/bench-tools (once): its `bin` folder, its version and
/// how long installing took if this call installed it.
pub fn install() -> Result<(PathBuf, String, Option<Duration>)> {
    let tools = util::target().join("bench-tools");
    let binary = tools.join("bin/cargo-progenitor");
    let install = if binary.exists() {
        None
    } else {
        eprintln!("installing cargo-progenitor into {} ...", tools.display());
        Some(util::timed(
            Command::new("cargo")
                .args(["install", "cargo-progenitor", "--root"])
                .arg(&tools)
                .env("CARGO_TARGET_DIR", tools.join("build")),
            &tools.join("install.log"),
        )?)
    };
    // `cargo install` records what it installed; the binary itself has no `--version`.
    let version = std::fs::read_to_string(tools.join(".crates.toml"))
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("\"cargo-progenitor ")
                    .and_then(|r| r.split(' ').next())
                    .map(str::to_owned)
            })
        })
        .map_or_else(
            || "cargo-progenitor (version unknown)".into(),
            |v| format!("cargo-progenitor {v} (crates.io)"),
        );
    Ok((tools.join("bin"), version, install))
}

/// Installs cargo-progenitor (once) and generates its crate from the corrected document.
pub fn generate() -> Result<Progenitor> {
    let (bin, version, install) = install()?;
    let Input { path: input, edits } = input()?;
    let dir = util::target().join("bench-progenitor");
    let crate_dir = dir.join("out");
    if crate_dir.exists() {
        std::fs::remove_dir_all(&crate_dir)?;
    }
    let generate = util::timed(
        Command::new(bin.join("cargo-progenitor"))
            .arg("progenitor")
            .arg("-i")
            .arg(&input)
            .arg("-o")
            .arg(&crate_dir)
            .args(["-n", NAME, "-v", "0.1.0"]),
        &dir.join("generate.log"),
    )?;
    Ok(Progenitor {
        crate_dir,
        version,
        generate,
        install,
        edits,
    })
}

/// The edit progenitor needs: it requires every error response of an operation to have the same
/// body type (it asserts `response_types.len() <= 1`), and Dixa's have `BadRequest`,
/// `Unauthorized`, `ServerError` or none. The bodies of non-2xx responses are removed; success
/// responses and every schema stay as they are. Returns how many responses were changed.
pub fn adapt(document: &mut Value) -> usize {
    let mut edits = 0;
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return 0;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in item.values_mut().filter_map(Value::as_object_mut) {
            let Some(Value::Object(responses)) = operation.get_mut("responses") else {
                continue;
            };
            for (status, response) in responses.iter_mut() {
                if !status.starts_with('2') {
                    if let Some(response) = response.as_object_mut() {
                        edits += usize::from(response.remove("content").is_some());
                    }
                }
            }
        }
    }
    edits
}

/// Builds (release) and runs a throwaway crate under target/ that decodes the benchmark bodies
/// with progenitor's types; results keyed by (file, decoder), as MB/s or the error.
pub fn decode(progenitor: &Progenitor, data: &std::path::Path) -> Result<BTreeMap<(String, String), String>> {
    let dir = util::target().join("bench-progenitor/decode-cmp");
    std::fs::create_dir_all(dir.join("src"))?;
    let manifest = format!(
        "[package]\nname = \"decode-cmp\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ndixa-progenitor = {{ path = {:?} }}\n\
         serde_json = \"1\"\n\n[workspace]\n",
        progenitor.crate_dir.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src/main.rs"), decode_main())?;
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(util::root().join("Cargo.lock"), &lock)?;
    }
    let target_dir = util::target().join("bench-progenitor/decode-cmp-target");
    util::timed(
        Command::new("cargo")
            .args(["build", "--release"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target_dir),
        &dir.join("build.log"),
    )?;
    let output = Command::new(target_dir.join("release/decode-cmp")).arg(data).output()?;
    if !output.status.success() {
        return Err(format!("decode-cmp failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    let mut results = BTreeMap::new();
    for line in String::from_utf8(output.stdout)?.lines() {
        let mut parts = line.splitn(3, '\t');
        if let (Some(file), Some(decoder), Some(result)) = (parts.next(), parts.next(), parts.next()) {
            results.insert((file.to_owned(), decoder.to_owned()), result.to_owned());
        }
    }
    Ok(results)
}

fn decode_main() -> String {
    let mut cases = String::new();
    for (_, file, ty) in crate::decode::SETS {
        cases.push_str(&format!(
            "    run(&dir, {file:?}, |b| serde_json::from_slice::<dixa_progenitor::types::{ty}>(b).map(drop));\n"
        ));
    }
    format!(
        "// Written by dixa-bench; decodes its bodies with progenitor's types. Best of {runs}.\n\
         use std::time::{{Duration, Instant}};\n\n\
         fn run(dir: &std::path::Path, file: &str, f: impl Fn(&[u8]) -> Result<(), serde_json::Error>) {{\n\
         \x20   let bytes = std::fs::read(dir.join(file)).unwrap();\n\
         \x20   let value = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).map(drop);\n\
         \x20   if let Err(e) = f(&bytes) {{\n\
         \x20       println!(\"{{file}}\\tprogenitor\\t{{}}\", e.to_string().replace('\\n', \" \"));\n\
         \x20       return;\n\
         \x20   }}\n\
         \x20   let (mut best, mut best_value) = (Duration::MAX, Duration::MAX);\n\
         \x20   for _ in 0..{runs} {{\n\
         \x20       let start = Instant::now();\n\
         \x20       value(&bytes).unwrap();\n\
         \x20       best_value = best_value.min(start.elapsed());\n\
         \x20       let start = Instant::now();\n\
         \x20       f(&bytes).unwrap();\n\
         \x20       best = best.min(start.elapsed());\n\
         \x20   }}\n\
         \x20   let mbps = |d: Duration| bytes.len() as f64 / 1e6 / d.as_secs_f64();\n\
         \x20   println!(\"{{file}}\\tprogenitor\\t{{:.1}}\", mbps(best));\n\
         \x20   println!(\"{{file}}\\tvalue\\t{{:.1}}\", mbps(best_value));\n\
         }}\n\n\
         fn main() {{\n\
         \x20   let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());\n\
         {cases}}}\n",
        runs = crate::decode::RUNS
    )
}

/// What was run, for the report.
pub fn table(progenitor: &Progenitor, dixa_generate_ms: Option<f64>) -> Table {
    let mut table = Table::new("Comparison crate", &["item", "value"]);
    table.row(vec!["generator".into(), progenitor.version.clone()]);
    if let Some(install) = progenitor.install {
        table.row(vec![
            "`cargo install cargo-progenitor` (this run)".into(),
            util::secs(install),
        ]);
    }
    table.row(vec![
        "edits to the corrected document".into(),
        format!("{} non-2xx response bodies removed", progenitor.edits),
    ]);
    table.row(vec![
        "cargo-progenitor run (process, incl. writing the crate)".into(),
        util::ms(progenitor.generate),
    ]);
    if let Some(ms) = dixa_generate_ms {
        table.row(vec![
            "dixa generator on the same document (in-process, best of N)".into(),
            format!("{ms:.0} ms"),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_error_bodies_are_removed() {
        let mut doc = serde_json::json!({"paths": {"/a": {"get": {"responses": {
            "200": {"content": {"application/json": {}}},
            "400": {"content": {"application/json": {}}},
            "429": {"description": "slow down"}
        }}}}});
        assert_eq!(super::adapt(&mut doc), 1);
        assert!(doc.pointer("/paths/~1a/get/responses/200/content").is_some());
        assert!(doc.pointer("/paths/~1a/get/responses/400/content").is_none());
    }
}
