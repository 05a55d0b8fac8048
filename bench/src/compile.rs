//! Part 2: build time of the generated crate (clean debug, clean release, rebuild after touching
//! its types) next to the crate progenitor generates from the same document, built the same way.

use crate::util::{self, Result, Table};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A crate to build: where its sources are and which file holds its types.
pub struct Subject {
    pub label: String,
    pub source: PathBuf,
    pub types_file: &'static str,
}

struct Times {
    debug: Duration,
    release: Duration,
    debug_touch: Duration,
    release_touch: Duration,
    lines: usize,
}

pub fn run(subjects: &[Subject]) -> Result<Vec<Table>> {
    let mut table = Table::new(
        "Generated crate build time (cargo build, own target dir per row, dependencies fetched beforehand)",
        &[
            "crate",
            "generated lines",
            "clean debug",
            "clean release",
            "debug after touching types",
            "release after touching types",
            "load avg (1 min) after",
        ],
    );
    let mut all = Vec::new();
    for subject in subjects {
        eprintln!("building {} ...", subject.label);
        let times = measure(subject)?;
        table.row(vec![
            subject.label.clone(),
            times.lines.to_string(),
            util::secs(times.debug),
            util::secs(times.release),
            util::secs(times.debug_touch),
            util::secs(times.release_touch),
            util::load_average(),
        ]);
        all.push(times);
    }
    if let [dixa, other] = &all[..] {
        let r = |a: Duration, b: Duration| util::ratio(a.as_secs_f64(), b.as_secs_f64());
        table.row(vec![
            "ratio dixa / progenitor".into(),
            util::ratio(dixa.lines as f64, other.lines as f64),
            r(dixa.debug, other.debug),
            r(dixa.release, other.release),
            r(dixa.debug_touch, other.debug_touch),
            r(dixa.release_touch, other.release_touch),
            String::new(),
        ]);
    }
    table.note(
        "Clean builds include the dependencies (reqwest, tokio, rustls, serde ...), which both crates \
         mostly share; the rebuild after touching the types file is the crate's own compile time. \
         Each crate is a copy under target/bench-build/ with an empty `[workspace]` table and the \
         workspace's Cargo.lock, so the shared dependencies resolve to the same versions.",
    );
    Ok(vec![table])
}

fn measure(subject: &Subject) -> Result<Times> {
    let base = util::target().join("bench-build");
    let dir = base.join(&subject.label);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    copy_dir(&subject.source, &dir)?;
    let manifest = dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest)?;
    if !toml.contains("[workspace]") {
        toml.push_str("\n[workspace]\n");
        std::fs::write(&manifest, toml)?;
    }
    std::fs::copy(util::root().join("Cargo.lock"), dir.join("Cargo.lock"))?;
    let logs = base.join("logs");
    util::timed(
        Command::new("cargo").arg("fetch").current_dir(&dir),
        &logs.join(format!("{}-fetch.log", subject.label)),
    )?;

    let build = |profile: &str, step: &str| -> Result<Duration> {
        let target_dir = base.join(format!("target-{}-{profile}", subject.label));
        if step == "clean" && target_dir.exists() {
            std::fs::remove_dir_all(&target_dir)?;
        }
        let mut command = Command::new("cargo");
        command
            .arg("build")
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target_dir);
        if profile == "release" {
            command.arg("--release");
        }
        util::timed(
            &mut command,
            &logs.join(format!("{}-{profile}-{step}.log", subject.label)),
        )
    };
    let debug = build("debug", "clean")?;
    let release = build("release", "clean")?;
    touch(&dir.join(subject.types_file))?;
    let debug_touch = build("debug", "touch")?;
    let release_touch = build("release", "touch")?;
    Ok(Times {
        debug,
        release,
        debug_touch,
        release_touch,
        lines: rust_lines(&dir.join("src"))?,
    })
}

fn touch(path: &Path) -> Result<()> {
    let file = std::fs::File::options().append(true).open(path)?;
    file.set_modified(std::time::SystemTime::now())?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target)?;
            }
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Lines of Rust under `dir`.
pub fn rust_lines(dir: &Path) -> Result<usize> {
    let mut lines = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            lines += rust_lines(&path)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            lines += std::fs::read_to_string(&path)?.lines().count();
        }
    }
    Ok(lines)
}
