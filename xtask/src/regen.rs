//! `cargo xtask regen`: spec → generated crate, writing only what changed.

use dixa_codegen::emit::crate_files::SURFACE_FILE;
use dixa_codegen::emit::GENERATED_MARKER;
use dixa_codegen::{load, surface, Config, File};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// The OpenAPI 3.0 document (YAML or JSON).
    #[arg(long, default_value = "spec/dixa.yaml")]
    spec: PathBuf,
    /// The corrections file; default `corrections.yaml` beside the spec, if it exists.
    #[arg(long)]
    corrections: Option<PathBuf>,
    /// The client configuration; default `client.yaml` beside the spec, if it exists.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Where the crate goes.
    #[arg(long, default_value = "generated-client")]
    out: PathBuf,
    /// The generated crate's package name.
    #[arg(long, default_value = "dixa")]
    crate_name: String,
    /// Write nothing; fail if the crate on disk differs from what the spec produces.
    #[arg(long)]
    check: bool,
    /// Print only errors.
    #[arg(long, short)]
    quiet: bool,
    /// Also list every file and every correction.
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let root = crate::workspace_root();
    let spec = root.join(&args.spec);
    let beside = |name: &str| spec.parent().map(|dir| dir.join(name)).filter(|p| p.exists());
    let corrections = args
        .corrections
        .as_ref()
        .map(|p| root.join(p))
        .or_else(|| beside("corrections.yaml"));
    let config_path = args
        .config
        .as_ref()
        .map(|p| root.join(p))
        .or_else(|| beside("client.yaml"));
    let config = match &config_path {
        Some(path) => Config::from_file(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let loaded =
        load::load_files(&spec, corrections.as_deref()).map_err(|e| format!("the spec cannot be loaded:\n{e}"))?;
    let generated = dixa_codegen::generate(&loaded, &config, &args.crate_name).map_err(|e| e.to_string())?;
    let out = root.join(&args.out);
    let plan = plan(&out, &generated.files)?;
    let changes = api_changes(&out, &generated.api);
    if args.check {
        return check(&plan, &out, &changes);
    }
    apply(&plan, &out)?;
    if !args.quiet {
        print_summary(args, &generated, &plan, started);
    }
    if !changes.is_empty() {
        let report = surface::report(&changes, &crate_version(&generated));
        let path = root.join("target/api-changes.md");
        std::fs::create_dir_all(root.join("target")).map_err(|e| e.to_string())?;
        std::fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if !args.quiet {
            println!("\n{report}\n(Also written to {}, ready for a changelog.)", path.display());
        }
    }
    Ok(())
}

/// What changed for users since the crate on disk was generated (nothing if it never was).
fn api_changes(out: &Path, api: &dixa_codegen::Api) -> Vec<surface::Change> {
    let Ok(text) = std::fs::read_to_string(out.join(SURFACE_FILE)) else { return Vec::new() };
    let Ok(old) = serde_json::from_str::<surface::Surface>(&text) else { return Vec::new() };
    surface::diff(&old, &surface::surface(api))
}

/// The generated crate's version, from its `Cargo.toml`.
fn crate_version(generated: &dixa_codegen::Generated) -> String {
    generated
        .files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .and_then(|f| f.contents.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .unwrap_or_else(|| "0.1.0".into())
}

/// What writing the crate would change.
struct Plan<'a> {
    write: Vec<&'a File>,
    unchanged: usize,
    remove: Vec<PathBuf>,
}

fn plan<'a>(out: &Path, files: &'a [File]) -> Result<Plan<'a>, String> {
    let mut write = Vec::new();
    let mut unchanged = 0;
    for file in files {
        match std::fs::read_to_string(out.join(&file.path)) {
            Ok(existing) if existing == file.contents => unchanged += 1,
            _ => write.push(file),
        }
    }
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
    let remove = generated_files_on_disk(out)?
        .into_iter()
        .filter(|p| !wanted.contains(p))
        .collect();
    Ok(Plan {
        write,
        unchanged,
        remove,
    })
}

/// Files under `out` that carry the generated marker: the only ones regen may delete.
fn generated_files_on_disk(out: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else if std::fs::read_to_string(&path)
                .is_ok_and(|text| text.lines().next().is_some_and(|l| l.contains(GENERATED_MARKER)))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn apply(plan: &Plan, out: &Path) -> Result<(), String> {
    for file in &plan.write {
        let path = out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for path in &plan.remove {
        std::fs::remove_file(path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    Ok(())
}

fn check(plan: &Plan, out: &Path, changes: &[surface::Change]) -> Result<(), String> {
    if plan.write.is_empty() && plan.remove.is_empty() {
        println!("{} is up to date ({} files).", out.display(), plan.unchanged);
        return Ok(());
    }
    let mut message = format!("{} is not what the spec produces:\n", out.display());
    for file in &plan.write {
        let path = out.join(&file.path);
        let detail = match std::fs::read_to_string(&path) {
            Ok(existing) => first_difference(&existing, &file.contents),
            Err(_) => "missing".into(),
        };
        message.push_str(&format!("  changed  {} ({detail})\n", file.path));
    }
    for path in &plan.remove {
        message.push_str(&format!(
            "  stale    {}\n",
            path.strip_prefix(out).unwrap_or(path).display()
        ));
    }
    if !changes.is_empty() {
        message.push_str(&format!("API changes the spec brings ({}):\n", changes.len()));
        for change in changes.iter().take(20) {
            message.push_str(&format!("  {change}\n"));
        }
    }
    message.push_str("Run `cargo xtask regen` and commit the result (never edit generated files by hand).");
    Err(message)
}

fn first_difference(old: &str, new: &str) -> String {
    let line = old
        .lines()
        .zip(new.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| old.lines().count().min(new.lines().count()));
    format!("first difference at line {}", line + 1)
}

fn print_summary(args: &Args, generated: &dixa_codegen::Generated, plan: &Plan, started: Instant) {
    let counts = dixa_codegen::model::counts(&generated.api);
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    println!(
        "Generated `{}` from {}: {} operations, {} types ({} structs, {} unions, {} enums, {} aliases).",
        args.crate_name,
        args.spec.display(),
        count("operations"),
        count("types"),
        count("structs"),
        count("unions"),
        count("enums"),
        count("aliases"),
    );
    let places: usize = generated.corrections.iter().map(|c| c.places).sum();
    println!(
        "Corrections: {} applied, {places} places changed.",
        generated.corrections.len()
    );
    if args.verbose {
        for c in &generated.corrections {
            println!("  {:<45} {} places", c.id, c.places);
        }
        for file in &plan.write {
            println!("  wrote    {}", file.path);
        }
    }
    println!(
        "Files: {} written, {} unchanged, {} removed, in {}.",
        plan.write.len(),
        plan.unchanged,
        plan.remove.len(),
        args.out.display()
    );
    for w in &generated.warnings {
        println!("warning: at {}: {}", w.pointer, w.message);
    }
    println!("Done in {:.2} s.", started.elapsed().as_secs_f64());
}
