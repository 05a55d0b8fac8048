//! The tools the end-to-end checks need beyond Rust, installed into the work tree (never
//! globally), and Prism, the mock server, started on a free loopback port and always stopped.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Installs Prism (pinned by `tests/prism/package-lock.json`) unless it is there already.
pub fn install_prism(root: &Path) -> Result<PathBuf, String> {
    let prism = root.join("tests/prism/node_modules/.bin/prism");
    if prism.exists() {
        return Ok(prism);
    }
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Err(format!("`{tool}` is not installed: the end-to-end tests need Node.js and npm to run Prism (https://nodejs.org, or `apt-get install nodejs npm`)"));
        }
    }
    println!("==> installing Prism: npm ci --prefix tests/prism");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(root.join("tests/prism")))?;
    Ok(prism)
}

/// A Python with `openapi-spec-validator` (pinned in `tests/prism/requirements.txt`) in `target/pyenv`.
pub fn install_validator(root: &Path) -> Result<PathBuf, String> {
    let python = root.join("target/pyenv/bin/python");
    let marker = root.join("target/pyenv/.installed");
    let requirements = root.join("tests/prism/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).map_err(|e| e.to_string())?;
    if std::fs::read_to_string(&marker).is_ok_and(|done| done == wanted) {
        return Ok(python);
    }
    println!("==> installing the OpenAPI validator into target/pyenv");
    run(Command::new("python3")
        .args(["-m", "venv"])
        .arg(root.join("target/pyenv")))
    .map_err(|e| format!("{e}\n(the document check needs Python 3 with venv: `apt-get install python3-venv`)"))?;
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "-r"])
        .arg(&requirements))?;
    std::fs::write(marker, wanted).map_err(|e| e.to_string())?;
    Ok(python)
}

/// The cargo-semver-checks the change report is checked against; its rustdoc JSON reader must
/// know the toolchain's format (bump it with the toolchain).
pub const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// cargo-semver-checks in `target/tools`, built on first use (about 5 minutes on 2 cores, once
/// per clone: later runs find it). Built without link-time optimisation, which would double
/// the build for no gain on crates this small.
pub fn install_semver_checks(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target/tools");
    let binary = tools.join("bin/cargo-semver-checks");
    let installed = Command::new(&binary).arg("--version").output().is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout).trim() == format!("cargo-semver-checks {SEMVER_CHECKS_VERSION}")
    });
    if installed {
        return Ok(binary);
    }
    println!("==> installing cargo-semver-checks {SEMVER_CHECKS_VERSION} into target/tools (once per clone)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo)
        .args([
            "install",
            "--locked",
            "--force",
            "--version",
            SEMVER_CHECKS_VERSION,
            "--root",
        ])
        .arg(&tools)
        .arg("cargo-semver-checks")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1"))?;
    Ok(binary)
}

fn run(command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

/// A running Prism; stopped when dropped, whatever happened in between.
pub struct Prism {
    child: Child,
    pub url: String,
}

impl Prism {
    /// Starts `prism mock` on `document` and waits until it answers.
    pub fn start(prism: &Path, document: &Path, log: &Path) -> Result<Prism, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let log_file = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(document)
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Prism: {e}"))?;
        let mut prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = prism.child.try_wait() {
                let output = std::fs::read_to_string(log).unwrap_or_default();
                return Err(format!("Prism exited ({status}) before listening:\n{output}"));
            }
            if started.elapsed() > Duration::from_secs(120) {
                return Err(format!("Prism did not listen within 120 s; see {}", log.display()));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        println!(
            "<== Prism listens on {} (after {:.1} s)",
            prism.url,
            started.elapsed().as_secs_f64()
        );
        Ok(prism)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
