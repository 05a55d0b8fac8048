//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

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
        args: &["doc", "--workspace", "--no-deps"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
];

pub fn run(_: &Args) -> Result<(), String> {
    let root = crate::workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    for step in STEPS {
        let step_started = Instant::now();
        println!("==> {}: cargo {}", step.name, step.args.join(" "));
        let status = Command::new(&cargo)
            .args(step.args)
            .envs(step.env.iter().copied())
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("{} failed (cargo {})", step.name, step.args.join(" ")));
        }
        println!("<== {}: ok in {:.1} s", step.name, step_started.elapsed().as_secs_f64());
    }
    pending_snapshots(&root)?;
    println!("All checks passed in {:.1} s.", started.elapsed().as_secs_f64());
    Ok(())
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
