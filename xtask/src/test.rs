//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use std::process::Command;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_: &Args) -> Result<(), String> {
    let root = crate::workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let steps: &[(&str, &[&str])] = &[
        (
            "generated crate is current",
            &["run", "--quiet", "-p", "xtask", "--", "regen", "--check"],
        ),
        ("formatting", &["fmt", "--all", "--check"]),
        (
            "clippy, warnings denied",
            &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
        ),
        ("tests", &["test", "--workspace"]),
    ];
    for (name, args) in steps {
        let started = Instant::now();
        println!("==> {name}: cargo {}", args.join(" "));
        let status = Command::new(&cargo)
            .args(*args)
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("{name} failed (cargo {})", args.join(" ")));
        }
        println!("<== {name}: ok in {:.1} s", started.elapsed().as_secs_f64());
    }
    let started = Instant::now();
    println!("==> docs: cargo doc -p dixa --no-deps (warnings denied)");
    let status = Command::new(&cargo)
        .args(["doc", "-p", "dixa", "--no-deps"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("docs failed (cargo doc -p dixa with RUSTDOCFLAGS=-D warnings)".into());
    }
    println!("<== docs: ok in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
