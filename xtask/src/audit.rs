//! `cargo xtask audit`: the supply chain of the generated crate, checked by cargo-deny against
//! `xtask/deny.toml`: the licence of every dependency (allowed list, offline), that every crate
//! comes from crates.io (offline), and known advisories (RustSec database; skipped, with a
//! notice, where it cannot be fetched). Not part of `cargo xtask test`: installing cargo-deny
//! builds it from source (several minutes on 2 cores); it is installed once into
//! `target/tools`, never globally.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The pinned cargo-deny release (needs Rust 1.88).
const CARGO_DENY_VERSION: &str = "0.20.2";

#[derive(clap::Args)]
pub struct Args {
    /// The generated crate to audit.
    #[arg(long, default_value = "generated-client")]
    krate: PathBuf,
}

pub fn run(args: &Args) -> Result<(), String> {
    let root = crate::workspace_root();
    let deny = install_cargo_deny(&root)?;
    let audit = Audit {
        deny,
        manifest: root.join(&args.krate).join("Cargo.toml"),
        config: root.join("xtask/deny.toml"),
    };
    println!("==> licences and sources (crates.io only, no advisory database)");
    audit.check(&["licenses", "sources"], false)?;
    let listing = root.join("target/licenses.txt");
    let list = audit.output(&["list", "--layout", "crate"], false, true)?;
    std::fs::write(&listing, &list.stdout).map_err(|e| format!("cannot write {}: {e}", listing.display()))?;
    print!("{}", String::from_utf8_lossy(&list.stdout));
    println!("(written to {})", listing.display());
    println!("==> known advisories (RustSec database)");
    let fetched = audit.output(&["fetch", "db"], false, false)?;
    if !fetched.status.success() {
        let reason = String::from_utf8_lossy(&fetched.stderr);
        let reason = reason
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no reason given");
        println!("SKIPPED: the advisory database cannot be fetched from here ({reason}).");
        println!("Run `cargo xtask audit` where github.com is reachable to check advisories.");
        return Ok(());
    }
    audit.check(&["advisories"], false)?;
    println!("No known advisories.");
    Ok(())
}

struct Audit {
    deny: PathBuf,
    manifest: PathBuf,
    config: PathBuf,
}

impl Audit {
    fn command(&self, subcommand: &[&str], offline: bool) -> Command {
        let mut command = Command::new(&self.deny);
        command
            .arg("--manifest-path")
            .arg(&self.manifest)
            .args(["--all-features", "--exclude-dev"])
            .arg("--config")
            .arg(&self.config)
            .args(offline.then_some("--offline"))
            .args(subcommand);
        command
    }

    fn check(&self, which: &[&str], offline: bool) -> Result<(), String> {
        let mut command = self.command(&["check"], offline);
        command.args(which);
        let status = command.status().map_err(|e| format!("cannot run cargo-deny: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "cargo deny check {} failed (see above; policy in xtask/deny.toml)",
                which.join(" ")
            ))
        }
    }

    fn output(&self, subcommand: &[&str], offline: bool, must_succeed: bool) -> Result<Output, String> {
        let output = self
            .command(subcommand, offline)
            .output()
            .map_err(|e| format!("cannot run cargo-deny: {e}"))?;
        if must_succeed && !output.status.success() {
            return Err(format!(
                "cargo deny {} failed: {}",
                subcommand.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(output)
    }
}

/// cargo-deny in `target/tools`, built from crates.io with its own lock file unless the pinned
/// version is there already.
fn install_cargo_deny(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target/tools");
    let deny = tools.join("bin/cargo-deny");
    let installed = Command::new(&deny)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_DENY_VERSION));
    if installed {
        return Ok(deny);
    }
    println!("==> installing cargo-deny {CARGO_DENY_VERSION} into target/tools (once; several minutes)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "install",
            "cargo-deny",
            "--locked",
            "--version",
            CARGO_DENY_VERSION,
            "--root",
        ])
        .arg(&tools)
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if !status.success() {
        return Err("cargo install cargo-deny failed (see above)".into());
    }
    Ok(deny)
}
