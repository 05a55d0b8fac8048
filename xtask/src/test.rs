//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use crate::mock;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {}

/// One `cargo` invocation of the suite.
struct Step {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const STEPS: &[Step] = &[
    Step {
        name: "generated crates are current",
        args: &["run", "--quiet", "-p", "xtask", "--", "regen", "--check"],
        env: &[],
    },
    Step {
        name: "formatting",
        args: &["fmt", "--all", "--check"],
        env: &[],
    },
    Step {
        name: "clippy, warnings denied",
        args: &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
        env: &[],
    },
    // Snapshots are never accepted silently: a changed one fails until reviewed (`cargo insta review`).
    Step {
        name: "tests",
        args: &["test", "--workspace"],
        env: &[("INSTA_UPDATE", "no")],
    },
    Step {
        name: "docs, warnings denied",
        // The benchmark binary is not documentation anyone reads.
        args: &["doc", "--workspace", "--no-deps", "--exclude", "dixa-bench"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
];

pub fn run(_: &Args) -> Result<(), String> {
    let root = crate::workspace_root();
    let started = Instant::now();
    runtime_formatting(&root)?;
    for step in STEPS {
        cargo(&root, step.name, step.args, step.env)?;
    }
    pending_snapshots(&root)?;
    cargo(
        &root,
        "a sample of fuzzed documents generates crates that compile",
        &[
            "test",
            "-p",
            "dixa-tests",
            "--test",
            "fuzz_generator",
            "--",
            "--ignored",
        ],
        &[],
    )?;
    cargo(
        &root,
        "the hostile document's crate runs only the generator's doctests",
        &["test", "-p", "dixa-tests", "--test", "hostile", "--", "--ignored"],
        &[],
    )?;
    let semver_checks = mock::install_semver_checks(&root)?;
    cargo(
        &root,
        "the change report agrees with cargo-semver-checks",
        &["test", "-p", "dixa-tests", "--test", "semver", "--", "--ignored"],
        &[("CARGO_SEMVER_CHECKS", &semver_checks.to_string_lossy())],
    )?;
    against_prism(&root)?;
    println!("All checks passed in {:.1} s.", started.elapsed().as_secs_f64());
    Ok(())
}

/// `rustfmt --check` over the hand-written runtime: it is copied into generated crates under
/// `#[rustfmt::skip]` and compiled in with `include_str!`, so `cargo fmt` never sees it.
fn runtime_formatting(root: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    for dir in ["codegen/runtime", "codegen/runtime/examples"] {
        let entries = std::fs::read_dir(root.join(dir)).map_err(|e| format!("cannot read {dir}: {e}"))?;
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs")),
        );
    }
    files.sort();
    println!("==> runtime formatting: rustfmt --check codegen/runtime/**/*.rs");
    let status = Command::new("rustfmt")
        .args(["--check", "--edition", "2024", "--config-path"])
        .arg(root.join("rustfmt.toml"))
        .args(&files)
        .status()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if !status.success() {
        return Err("codegen/runtime is not formatted: run `rustfmt --edition 2024 codegen/runtime/*.rs codegen/runtime/examples/*.rs`".into());
    }
    Ok(())
}

/// Runs one `cargo` command of the suite, timed.
fn cargo(root: &Path, name: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    println!("==> {name}: cargo {}", args.join(" "));
    let status = Command::new(&cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("{name} failed (cargo {})", args.join(" ")));
    }
    println!("<== {name}: ok in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The corrected document checked by an independent validator, then every operation and every
/// example program run through the client against Prism.
fn against_prism(root: &Path) -> Result<(), String> {
    let document = root.join("spec/dixa.corrected.json");
    let python = mock::install_validator(root)?;
    println!("==> the corrected document is valid OpenAPI and its examples fit their schemas");
    let status = Command::new(python)
        .arg(root.join("tests/prism/validate.py"))
        .arg(&document)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        return Err("spec/dixa.corrected.json failed validation (see above)".into());
    }
    let prism_bin = mock::install_prism(root)?;
    cargo(
        root,
        "building the examples",
        &["build", "--quiet", "-p", "dixa", "--examples"],
        &[],
    )?;
    let prism = mock::Prism::start(&prism_bin, &document, &root.join("target/prism.log"))?;
    let env = [("DIXA_PRISM_URL", prism.url.as_str())];
    cargo(
        root,
        "every operation against Prism",
        &["test", "-p", "dixa-tests", "--test", "e2e_prism", "--", "--ignored"],
        &env,
    )?;
    for example in example_names(root)? {
        println!("==> example {example} against Prism");
        let status = Command::new(root.join("target/debug/examples").join(&example))
            .env("DIXA_API_TOKEN", "prism-test-token")
            .env("DIXA_BASE_URL", &prism.url)
            .status()
            .map_err(|e| format!("cannot run example {example}: {e}"))?;
        if !status.success() {
            return Err(format!(
                "example {example} failed against Prism (log: target/prism.log)"
            ));
        }
    }
    drop(prism);
    Ok(())
}

/// Examples that serve rather than call the API: each has its own test (the webhook receiver:
/// `tests/webhook_receiver.rs` sends it signed requests).
const SERVERS: &[&str] = &["webhook_receiver"];

fn example_names(root: &Path) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("generated-client/examples"))
        .map_err(|e| e.to_string())?
        .flatten()
        .filter_map(|e| e.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|name| !SERVERS.contains(&name.as_str()))
        .collect();
    names.sort();
    Ok(names)
}

/// Fails on snapshot files waiting for review (`*.snap.new`, `*.pending-snap`).
fn pending_snapshots(root: &Path) -> Result<(), String> {
    let mut pending = Vec::new();
    let mut stack = vec![root.join("tests"), root.join("codegen")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for path in entries.flatten().map(|e| e.path()) {
            let name = path.to_string_lossy();
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
                pending.push(name.into_owned());
            }
        }
    }
    if pending.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "snapshots wait for review (run `cargo insta review`): {}",
            pending.join(", ")
        ))
    }
}
