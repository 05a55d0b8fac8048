//! `cargo xtask regen [--check]`, `cargo xtask test` and `cargo xtask audit`.

mod audit;
mod corpus;
mod mock;
mod regen;
mod test;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Developer commands for the Dixa client generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate from the OpenAPI document.
    Regen(regen::Args),
    /// Run every check CI runs: regen --check, formatting, clippy, all tests, docs, a subset of
    /// other teams' documents. With `--corpus`: all of those documents, table in docs/breadth.md.
    Test(test::Args),
    /// Check the generated crate's dependencies: licences, sources, known advisories (cargo-deny).
    Audit(audit::Args),
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regen(args) => regen::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Audit(args) => audit::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}
