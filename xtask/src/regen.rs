//! `cargo xtask regen`: spec → generated crate, writing only what changed, with a summary and a
//! report of what changed for the crate's users.

use dixa_codegen::emit::crate_files::SURFACE_FILE;
use dixa_codegen::{load, surface, write, Config, Generated};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// One OpenAPI 3.0 document (YAML or JSON) to generate from; without it, every crate the
    /// project keeps (the Dixa client and the test fixtures' clients).
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// The corrections file; default `corrections.yaml` beside the spec, if there is one.
    #[arg(long)]
    corrections: Option<PathBuf>,
    /// The client configuration; default `client.yaml` beside the spec, if there is one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The webhooks document (event shapes); default `webhooks.yaml` beside the spec, if there is one.
    #[arg(long)]
    webhooks: Option<PathBuf>,
    /// Where the crate goes (with --spec).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The generated crate's package name (with --spec).
    #[arg(long, default_value = "dixa")]
    crate_name: String,
    /// Write nothing; fail if a crate on disk differs from what its spec produces.
    #[arg(long)]
    check: bool,
    /// Print only errors.
    #[arg(long, short)]
    quiet: bool,
    /// Also list every correction and every file written.
    #[arg(long, short)]
    verbose: bool,
}

/// One crate to generate.
struct Target {
    /// Where the corrected document goes, if anywhere (beside the spec).
    corrected: Option<PathBuf>,
    spec: PathBuf,
    corrections: Option<PathBuf>,
    config: Option<PathBuf>,
    webhooks: Option<PathBuf>,
    out: PathBuf,
    crate_name: String,
}

/// The crates the project keeps: the Dixa client, clients of three other API shapes (Petstore
/// with `allOf`, pets with a real `discriminator`, breadth with other teams' parameter styles and
/// non-JSON bodies) that prove the generator is general, and one of a hostile document.
const DEFAULT_TARGETS: &[(&str, &str, &str)] = &[
    ("spec/dixa.yaml", "generated-client", "dixa"),
    (
        "tests/fixtures/petstore/petstore.yaml",
        "tests/generated/petstore",
        "petstore",
    ),
    ("tests/fixtures/pets/pets.yaml", "tests/generated/pets", "pets"),
    // Text that tries to become code: the crate's only doctests must be the generator's.
    (
        "tests/fixtures/hostile/hostile.yaml",
        "tests/generated/hostile",
        "hostile",
    ),
    (
        "tests/fixtures/breadth/breadth.yaml",
        "tests/generated/breadth",
        "breadth",
    ),
];

pub fn run(args: &Args) -> Result<(), String> {
    let root = crate::workspace_root();
    let targets: Vec<Target> = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => vec![target(&root, spec, out, &args.crate_name, args)],
        _ => DEFAULT_TARGETS
            .iter()
            .map(|(spec, out, name)| target(&root, Path::new(spec), Path::new(out), name, args))
            .collect(),
    };
    let mut stale = Vec::new();
    for target in &targets {
        if let Err(message) = regen(&root, target, args) {
            stale.push(message);
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(stale.join("\n"))
    }
}

fn target(root: &Path, spec: &Path, out: &Path, crate_name: &str, args: &Args) -> Target {
    let spec = root.join(spec);
    let beside = |name: &str| spec.parent().map(|dir| dir.join(name)).filter(|p| p.exists());
    let corrections = args
        .corrections
        .as_ref()
        .map(|p| root.join(p))
        .or_else(|| beside("corrections.yaml"));
    Target {
        // A corrected document is only worth keeping where there are corrections.
        corrected: corrections.as_ref().map(|_| spec.with_extension("corrected.json")),
        corrections,
        config: args
            .config
            .as_ref()
            .map(|p| root.join(p))
            .or_else(|| beside("client.yaml")),
        webhooks: args
            .webhooks
            .as_ref()
            .map(|p| root.join(p))
            .or_else(|| beside("webhooks.yaml")),
        spec,
        out: root.join(out),
        crate_name: crate_name.to_owned(),
    }
}

fn regen(root: &Path, target: &Target, args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let mut config = match &target.config {
        Some(path) => Config::from_file(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let published = published_surface(&target.out);
    if let Some(surface) = &published {
        config.published_names = surface.published_names();
    }
    let mut loaded = load::load_files(&target.spec, target.corrections.as_deref())
        .map_err(|e| format!("{} cannot be loaded:\n{e}", target.spec.display()))?;
    if let Some(path) = &target.webhooks {
        loaded = loaded
            .with_webhooks(path)
            .map_err(|e| format!("{} cannot be loaded:\n{e}", path.display()))?;
    }
    let generated = dixa_codegen::generate(&loaded, &config, &target.crate_name).map_err(|e| e.to_string())?;
    let plan =
        write::plan(&target.out, &generated.files).map_err(|e| format!("cannot read {}: {e}", target.out.display()))?;
    let changes = published
        .map(|old| surface::diff(&old, &surface::surface(&generated.api)))
        .unwrap_or_default();
    let corrected = corrected_document(target, &loaded.document);
    let corrected_plan = match &corrected {
        Some((dir, files)) => Some((dir, write::plan(dir, files).map_err(|e| e.to_string())?)),
        None => None,
    };
    if args.check {
        if let Some((dir, plan)) = &corrected_plan {
            if !plan.is_current() {
                return Err(format!(
                    "{}Run `cargo xtask regen` and commit the result.",
                    write::differences(plan, dir)
                ));
            }
        }
        return check(&plan, target, &changes, args.quiet);
    }
    write::apply(&plan, &target.out)?;
    if let Some((dir, plan)) = &corrected_plan {
        write::apply(plan, dir)?;
    }
    if !args.quiet {
        print_summary(root, target, &generated, &plan, started, args.verbose);
    }
    if !changes.is_empty() {
        let report = surface::report(&changes, &crate_version(&generated));
        let path = root.join(format!("target/api-changes-{}.md", target.crate_name));
        std::fs::create_dir_all(root.join("target")).map_err(|e| e.to_string())?;
        std::fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if !args.quiet {
            println!(
                "\n{report}\n(Also written to {}, ready for a changelog.)\n",
                path.display()
            );
        }
    }
    Ok(())
}

/// The corrected document as a file beside the spec: (its folder, the file).
fn corrected_document(target: &Target, corrected: &serde_json::Value) -> Option<(PathBuf, Vec<dixa_codegen::File>)> {
    let path = target.corrected.as_ref()?;
    let document = dixa_codegen::emit::corrected_spec::document(corrected);
    let contents = serde_json::to_string_pretty(&document).expect("JSON serializes") + "\n";
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some((
        path.parent()?.to_path_buf(),
        vec![dixa_codegen::File { path: name, contents }],
    ))
}

/// The API of the crate on disk, as its `api-surface.json` records it (none if it never was
/// generated): what the report compares with, and the names this generation keeps.
fn published_surface(out: &Path) -> Option<surface::Surface> {
    let text = std::fs::read_to_string(out.join(SURFACE_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The generated crate's version, from its `Cargo.toml`.
fn crate_version(generated: &Generated) -> String {
    generated
        .files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .and_then(|f| f.contents.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .unwrap_or_else(|| "0.1.0".into())
}

fn check(plan: &write::Plan, target: &Target, changes: &[surface::Change], quiet: bool) -> Result<(), String> {
    if plan.is_current() {
        if !quiet {
            println!("{} is up to date ({} files).", target.out.display(), plan.unchanged);
        }
        return Ok(());
    }
    let mut message = format!(
        "{} is not what {} produces:\n",
        target.out.display(),
        target.spec.display()
    );
    message.push_str(&write::differences(plan, &target.out));
    if !changes.is_empty() {
        message.push_str(&format!("API changes the spec brings ({}):\n", changes.len()));
        for change in changes.iter().take(20) {
            message.push_str(&format!("  {change}\n"));
        }
    }
    message.push_str("Run `cargo xtask regen` and commit the result (never edit generated files by hand).");
    Err(message)
}

fn print_summary(
    root: &Path,
    target: &Target,
    generated: &Generated,
    plan: &write::Plan,
    started: Instant,
    verbose: bool,
) {
    let counts = dixa_codegen::model::counts(&generated.api);
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    println!(
        "Generated `{}` from {}: {} operations, {} types ({} structs, {} unions, {} enums, {} aliases, {} ids).",
        target.crate_name,
        relative(&target.spec),
        count("operations"),
        count("types"),
        count("structs"),
        count("unions"),
        count("enums"),
        count("aliases"),
        count("ids"),
    );
    if !generated.corrections.is_empty() {
        let places: usize = generated.corrections.iter().map(|c| c.places).sum();
        println!(
            "Corrections: {} applied, {places} places changed.",
            generated.corrections.len()
        );
    }
    if verbose {
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
        relative(&target.out)
    );
    for w in &generated.warnings {
        println!("warning: at {}: {}", w.pointer, w.message);
    }
    println!("Done in {:.2} s.", started.elapsed().as_secs_f64());
}
