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

/// Wall and CPU time of each build of one crate (the crate-alone builds: medians).
struct Times {
    program_debug: Sample,
    program_release: Sample,
    crate_debug: Sample,
    crate_release: Sample,
    lines: usize,
}

/// Rebuilds of the crate alone per profile, round-robin over the crates: a single build varied
/// by 5-20% between runs (5.6 to 7.1 s for one crate), which is the size of the differences
/// this table is read for.
const CRATE_ROUNDS: usize = 5;

pub fn run(subjects: &[Subject]) -> Result<Vec<Table>> {
    let mut table = Table::new(
        "Generated crate build time (wall / CPU user+sys; own target directory per crate and profile)",
        &[
            "crate",
            "generated lines",
            "small program, clean debug",
            "small program, clean release",
            "crate alone, debug (median of 5)",
            "crate alone, release (median of 5)",
            "load avg (1 min) after",
        ],
    );
    let mut prepared = Vec::new();
    for subject in subjects {
        eprintln!("building {} from scratch ...", subject.label);
        prepared.push(Prepared::new(subject)?);
    }
    let mut alone: Vec<[Vec<Sample>; 2]> = prepared.iter().map(|_| [Vec::new(), Vec::new()]).collect();
    for round in 1..=CRATE_ROUNDS {
        eprintln!("rebuilding each crate alone, round {round} of {CRATE_ROUNDS} ...");
        for (i, profile) in ["debug", "release"].into_iter().enumerate() {
            for (crate_, samples) in prepared.iter().zip(&mut alone) {
                samples[i].push(crate_.build(profile, Step::CrateAlone)?);
            }
        }
    }
    let mut all = Vec::new();
    for (crate_, [debug, release]) in prepared.iter().zip(alone) {
        let times = Times {
            program_debug: crate_.program_debug,
            program_release: crate_.program_release,
            crate_debug: median(&debug),
            crate_release: median(&release),
            lines: crate_.lines,
        };
        table.row(vec![
            crate_.label.clone(),
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
         its dependencies — reqwest, tokio, serde, rustls for dixa ... — and the program), once. \"Crate \
         alone\": `cargo clean -p <crate>` and `cargo build` again in the same target directory, so only \
         the generated crate (and the program's link) is rebuilt; 5 rounds, each rebuilding every crate \
         in turn, and the median wall and the median CPU time of each. Each copy under \
         target/bench-build/ has an empty `[workspace]` table and the workspace's Cargo.lock, so shared \
         dependencies resolve to the same versions; sources were fetched beforehand. CPU is user + \
         system time of cargo and rustc, which load from other processes disturbs less than wall time.",
    );
    Ok(vec![table])
}

fn both(sample: Sample) -> String {
    format!("{} / {}", util::secs(sample.wall), util::secs(sample.cpu))
}

/// The median wall time and the median CPU time (each on its own) of an odd number of samples.
fn median(samples: &[Sample]) -> Sample {
    let mut wall: Vec<_> = samples.iter().map(|s| s.wall).collect();
    let mut cpu: Vec<_> = samples.iter().map(|s| s.cpu).collect();
    wall.sort();
    cpu.sort();
    Sample {
        wall: wall[wall.len() / 2],
        cpu: cpu[cpu.len() / 2],
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    /// From an empty target directory.
    Clean,
    /// `cargo clean -p <crate>` first: the crate alone.
    CrateAlone,
}

/// A crate copied under target/bench-build/ with a small program on it, built once from scratch
/// in each profile.
struct Prepared {
    label: String,
    base: PathBuf,
    app: PathBuf,
    lines: usize,
    program_debug: Sample,
    program_release: Sample,
}

impl Prepared {
    fn new(subject: &Subject) -> Result<Self> {
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
        util::timed(
            Command::new("cargo").arg("fetch").current_dir(&app),
            &base.join("logs").join(format!("{}-fetch.log", subject.label)),
        )?;
        let mut prepared = Prepared {
            label: subject.label.clone(),
            base,
            app,
            lines: rust_lines(&dir.join("src"))?,
            program_debug: Sample::default(),
            program_release: Sample::default(),
        };
        prepared.program_debug = prepared.build("debug", Step::Clean)?;
        prepared.program_release = prepared.build("release", Step::Clean)?;
        Ok(prepared)
    }

    fn build(&self, profile: &str, step: Step) -> Result<Sample> {
        let target_dir = self.base.join(format!("target-{}-{profile}", self.label));
        let step_name = if step == Step::Clean { "clean" } else { "crate" };
        let logs = self.base.join("logs");
        let cargo = |args: &[&str]| {
            let mut command = Command::new("cargo");
            command
                .args(args)
                .current_dir(&self.app)
                .env("CARGO_TARGET_DIR", &target_dir);
            if profile == "release" {
                command.arg("--release");
            }
            command
        };
        match step {
            Step::Clean if target_dir.exists() => std::fs::remove_dir_all(&target_dir)?,
            Step::Clean => {}
            Step::CrateAlone => {
                util::timed(
                    &mut cargo(&["clean", "-p", &self.label]),
                    &logs.join(format!("{}-{profile}-{step_name}.log", self.label)),
                )?;
            }
        }
        let log = logs.join(format!("{}-{profile}-{step_name}-build.log", self.label));
        util::measure(&mut cargo(&["build"]), &log)
    }
}

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
