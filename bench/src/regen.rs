//! Part 1b: `cargo xtask regen` as a user types it, next to `cargo progenitor` on the same
//! document, both through cargo (warm, median of N, round-robin); and the first run on a fresh
//! clone, which compiles the generator.

use crate::progenitor;
use crate::util::{self, measure, Result, Sample, Table};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Rounds of the warm commands (one run of each per round).
const ROUNDS: usize = 9;

struct Runner {
    label: &'static str,
    command: Box<dyn Fn() -> Command>,
    samples: Vec<Sample>,
}

pub fn run() -> Result<Vec<Table>> {
    let root = util::root();
    let dir = util::target().join("bench-regen");
    std::fs::create_dir_all(&dir)?;
    let input = progenitor::input()?;
    let tools_bin = progenitor::install()?.0;

    let xtask_root = root.clone();
    let same_doc = input.path.clone();
    let dixa_out = dir.join("dixa-same-document");
    let progenitor_out = dir.join("progenitor-out");
    let path = format!("{}:{}", tools_bin.display(), std::env::var("PATH").unwrap_or_default());
    let debug_xtask = util::target().join("debug/xtask");
    let mut runners = vec![
        Runner {
            label: "`cargo xtask regen` (as typed: dixa + the 2 test fixtures' crates, nothing to write)",
            command: Box::new({
                let root = xtask_root.clone();
                move || {
                    let mut c = Command::new("cargo");
                    c.args(["xtask", "regen"]).current_dir(&root);
                    c
                }
            }),
            samples: Vec::new(),
        },
        Runner {
            label: "`cargo xtask regen --spec <progenitor's input> --config spec/client.yaml --out …` (the same document only)",
            command: Box::new({
                let root = xtask_root.clone();
                move || {
                    let mut c = Command::new("cargo");
                    c.args(["xtask", "regen", "--spec"])
                        .arg(&same_doc)
                        .args(["--config", "spec/client.yaml", "--out"])
                        .arg(&dixa_out)
                        .current_dir(&root);
                    c
                }
            }),
            samples: Vec::new(),
        },
        Runner {
            label: "target/debug/xtask regen (as typed, without cargo: the generator's own share)",
            command: Box::new({
                let root = xtask_root.clone();
                move || {
                    let mut c = Command::new(&debug_xtask);
                    c.arg("regen").current_dir(&root);
                    c
                }
            }),
            samples: Vec::new(),
        },
        Runner {
            label: "`cargo progenitor -i <input> -o … -n dixa-progenitor -v 0.1.0`",
            command: Box::new({
                let input = input.path.clone();
                move || {
                    let mut c = Command::new("cargo");
                    c.arg("progenitor")
                        .arg("-i")
                        .arg(&input)
                        .arg("-o")
                        .arg(&progenitor_out)
                        .args(["-n", progenitor::NAME, "-v", "0.1.0"])
                        .env("PATH", &path);
                    c
                }
            }),
            samples: Vec::new(),
        },
    ];
    let log = dir.join("warm.log");
    // One untimed run each: builds xtask if needed and writes both outputs once.
    for runner in &runners {
        measure(&mut (runner.command)(), &log)?;
    }
    for _ in 0..ROUNDS {
        for runner in &mut runners {
            let sample = measure(&mut (runner.command)(), &log)?;
            runner.samples.push(sample);
        }
    }

    let mut warm = Table::new(
        &format!("Regeneration as typed, warm (wall and CPU time, median of {ROUNDS}, round-robin)"),
        &[
            "command",
            "wall (median)",
            "wall (min)",
            "CPU user+sys (median)",
            "wall vs `cargo progenitor`",
        ],
    );
    let progenitor_wall = median(&runners[3].samples, |s| s.wall);
    for runner in &runners {
        let wall = median(&runner.samples, |s| s.wall);
        let min = runner.samples.iter().map(|s| s.wall).min().unwrap_or_default();
        warm.row(vec![
            runner.label.into(),
            util::ms(wall),
            util::ms(min),
            util::ms(median(&runner.samples, |s| s.cpu)),
            util::ratio(wall.as_secs_f64(), progenitor_wall.as_secs_f64()),
        ]);
    }
    warm.note(format!(
        "Both generators read {} ({} non-2xx response bodies removed so that progenitor accepts it; \
         see \"Comparison crate\"). `cargo xtask regen` as typed also regenerates the two test fixtures' \
         crates (Petstore and pets) and checks the Dixa document's corrections and API surface; it writes \
         only files that changed, progenitor rewrites its crate. Both go through cargo (`cargo xtask` is an \
         alias for `cargo run --quiet --package xtask --`; `cargo progenitor` finds `cargo-progenitor` on \
         `PATH`). CPU is user + system time of the command and its children (`getrusage`, \
         to the microsecond), which other processes on the machine disturb less than wall time. Load average (1 min) \
         at the end: {}.",
        input.path.strip_prefix(&root).unwrap_or(&input.path).display(),
        input.edits,
        util::load_average()
    ));
    Ok(vec![warm, fresh_clone(&root, &dir)?])
}

/// `cargo xtask regen` in a fresh clone of the committed tree: compiles xtask and its
/// dependencies (dev profile, from sources already downloaded) and regenerates.
fn fresh_clone(root: &Path, dir: &Path) -> Result<Table> {
    let clone = dir.join("fresh-clone");
    if clone.exists() {
        std::fs::remove_dir_all(&clone)?;
    }
    let status = Command::new("git")
        .args(["clone", "--quiet", "--no-hardlinks"])
        .arg(root)
        .arg(&clone)
        .status()?;
    if !status.success() {
        return Err(format!("git clone {} failed", root.display()).into());
    }
    eprintln!("cargo xtask regen in a fresh clone (compiles the generator) ...");
    let mut command = Command::new("cargo");
    command
        .args(["xtask", "regen"])
        .current_dir(&clone)
        .env("CARGO_TARGET_DIR", clone.join("target"));
    let first = measure(&mut command, &dir.join("fresh-clone.log"))?;
    let mut table = Table::new(
        "First `cargo xtask regen` on a fresh clone",
        &["run", "wall", "CPU user+sys", "load avg (1 min) after"],
    );
    table.row(vec![
        "first run (compiles xtask, dixa-codegen and their dependencies in the dev profile)".into(),
        util::secs(first.wall),
        util::secs(first.cpu),
        util::load_average(),
    ]);
    table.note(
        "`git clone` of the committed tree into target/bench-regen/fresh-clone with its own target \
         directory; crates.io sources were already downloaded (no network time). For comparison, \
         `cargo install cargo-progenitor` (a release build) is shown under \"Comparison crate\" when this \
         run installed it.",
    );
    Ok(table)
}

fn median(samples: &[Sample], key: impl Fn(&Sample) -> Duration) -> Duration {
    let mut values: Vec<Duration> = samples.iter().map(key).collect();
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}
