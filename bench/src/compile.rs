//! Part 2: build time of a small program on the generated crate (everything from scratch) and of
//! the crate alone (`cargo clean -p`), next to the crate progenitor generates from the same
//! document, built the same way.

use crate::util::{self, Result, Sample, Table};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A crate to build: its package name and where its sources are.
pub struct Subject {
    pub label: String,
    pub source: PathBuf,
}

/// Wall and CPU time of each build of one crate.
struct Times {
    program_debug: Sample,
    program_release: Sample,
    crate_debug: Sample,
    crate_release: Sample,
    lines: usize,
}

pub fn run(subjects: &[Subject]) -> Result<Vec<Table>> {
    let mut table = Table::new(
        "Generated crate build time (wall / CPU user+sys; own target directory per crate and profile)",
        &[
            "crate",
            "generated lines",
            "small program, clean debug",
            "small program, clean release",
            "crate alone, debug",
            "crate alone, release",
            "load avg (1 min) after",
        ],
    );
    let mut all = Vec::new();
    for subject in subjects {
        eprintln!("building {} ...", subject.label);
        let times = measure_subject(subject)?;
        table.row(vec![
            subject.label.clone(),
            times.lines.to_string(),
            both(times.program_debug),
            both(times.program_release),
            both(times.crate_debug),
            both(times.crate_release),
            util::load_average(),
        ]);
        all.push(times);
    }
    if let [dixa, other] = &all[..] {
        let r = |a: Sample, b: Sample| {
            format!(
                "{} / {}",
                util::ratio(a.wall.as_secs_f64(), b.wall.as_secs_f64()),
                util::ratio(a.cpu.as_secs_f64(), b.cpu.as_secs_f64())
            )
        };
        table.row(vec![
            "ratio dixa / progenitor".into(),
            util::ratio(dixa.lines as f64, other.lines as f64),
            r(dixa.program_debug, other.program_debug),
            r(dixa.program_release, other.program_release),
            r(dixa.crate_debug, other.crate_debug),
            r(dixa.crate_release, other.crate_release),
            String::new(),
        ]);
    }
    table.note(
        "\"Small program\": a binary crate whose `main` prints `std::any::type_name::<{crate}::Client>()`, \
         depending on a copy of the generated crate, built from an empty target directory (the crate, \
         its dependencies — reqwest, tokio, serde, rustls for dixa ... — and the program). \"Crate alone\": \
         `cargo clean -p <crate>` and `cargo build` again in the same target directory, so only the \
         generated crate (and the program's link) is rebuilt. Each copy under target/bench-build/ has an \
         empty `[workspace]` table and the workspace's Cargo.lock, so shared dependencies resolve to the \
         same versions; sources were fetched beforehand. CPU is user + system time of cargo and rustc, \
         which load from other processes disturbs less than wall time.",
    );
    Ok(vec![table])
}

fn both(sample: Sample) -> String {
    format!("{} / {}", util::secs(sample.wall), util::secs(sample.cpu))
}

fn measure_subject(subject: &Subject) -> Result<Times> {
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
    let app = base.join(format!("{}-program", subject.label));
    write_program(&app, &subject.label)?;
    let logs = base.join("logs");
    util::timed(
        Command::new("cargo").arg("fetch").current_dir(&app),
        &logs.join(format!("{}-fetch.log", subject.label)),
    )?;

    let build = |profile: &str, step: &str| -> Result<Sample> {
        let target_dir = base.join(format!("target-{}-{profile}", subject.label));
        let log = logs.join(format!("{}-{profile}-{step}.log", subject.label));
        let cargo = |args: &[&str]| {
            let mut command = Command::new("cargo");
            command
                .args(args)
                .current_dir(&app)
                .env("CARGO_TARGET_DIR", &target_dir);
            if profile == "release" {
                command.arg("--release");
            }
            command
        };
        if step == "clean" {
            if target_dir.exists() {
                std::fs::remove_dir_all(&target_dir)?;
            }
        } else {
            util::timed(&mut cargo(&["clean", "-p", &subject.label]), &log)?;
        }
        let log = logs.join(format!("{}-{profile}-{step}-build.log", subject.label));
        util::measure(&mut cargo(&["build"]), &log)
    };
    Ok(Times {
        program_debug: build("debug", "clean")?,
        program_release: build("release", "clean")?,
        crate_debug: build("debug", "crate")?,
        crate_release: build("release", "crate")?,
        lines: rust_lines(&dir.join("src"))?,
    })
}

/// A binary crate beside the copy that depends on it and names its `Client`.
fn write_program(app: &Path, package: &str) -> Result<()> {
    std::fs::create_dir_all(app.join("src"))?;
    let manifest = format!(
        "[package]\nname = \"program\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{package} = {{ path = \"../{package}\" }}\n\n[workspace]\n"
    );
    std::fs::write(app.join("Cargo.toml"), manifest)?;
    let lib = package.replace('-', "_");
    std::fs::write(
        app.join("src/main.rs"),
        format!("fn main() {{\n    println!(\"{{}}\", std::any::type_name::<{lib}::Client>());\n}}\n"),
    )?;
    std::fs::copy(util::root().join("Cargo.lock"), app.join("Cargo.lock"))?;
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
