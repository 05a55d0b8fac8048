//! The Dixa client generator: load the OpenAPI document and its corrections → build the model →
//! emit Rust tokens → format files. Each stage is a plain function of its input:
//!
//! - [`load`]: file → JSON tree → corrections → checked `$ref`s → typed `openapiv3` document
//! - [`model`]: document → types and operations, every decision made (names, unions, enums)
//! - [`emit`]: model → formatted files of the generated crate
//!
//! `cargo xtask regen` drives it; [`generate`] is the whole pipeline in one call.

pub mod config;
pub mod emit;
pub mod load;
pub mod model;
pub mod surface;
pub mod write;

pub use config::Config;
pub use emit::File;
pub use load::{LoadError, LoadedSpec, SpecError};
pub use model::{Api, Warning};

/// The result of a generation run.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file of the crate, sorted by path.
    pub files: Vec<File>,
    pub api: Api,
    pub warnings: Vec<Warning>,
    pub corrections: Vec<load::AppliedCorrection>,
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    Load(LoadError),
    /// The generator produced code that does not parse: a generator bug.
    Emit(String),
    /// The crate name is not one the generated code can use as a path (`my_client`).
    CrateName(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Load(e) => e.fmt(f),
            Error::Emit(e) => write!(f, "generator bug: {e}"),
            Error::CrateName(name) => write!(
                f,
                "`{name}` cannot be the crate's name: use ASCII letters, digits, `_` and `-`, not starting with a digit"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        Error::Load(e)
    }
}

/// Builds the model and every file of the crate from a loaded document.
pub fn generate(spec: &LoadedSpec, config: &Config, crate_name: &str) -> Result<Generated, Error> {
    if !is_crate_name(crate_name) {
        return Err(Error::CrateName(crate_name.to_owned()));
    }
    let (api, warnings) = model::build(spec, config);
    let files = emit_crate(&api, crate_name).map_err(Error::Emit)?;
    Ok(Generated {
        files,
        api,
        warnings,
        corrections: spec.applied.clone(),
    })
}

/// The name is written into `Cargo.toml`, and into code as a path with `-` read as `_`
/// (`my-api` → `my_api::Client`), as Cargo does.
fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !model::names::is_keyword(&name.replace('-', "_"))
}

/// Every file of the generated crate, sorted by path.
pub fn emit_crate(api: &Api, crate_name: &str) -> Result<Vec<File>, String> {
    use emit::{client, crate_files, types};
    // Code names the crate by its library name: `my-api` is `my_api::Client`.
    let lib_name = crate_name.replace('-', "_");
    let mut files = vec![
        crate_files::cargo_toml(api, crate_name),
        crate_files::readme(api, crate_name, &lib_name),
        crate_files::lib_rs(api, crate_name),
        types::file(api)?,
        crate_files::surface_json(api),
    ];
    files.extend(client::files(api, &lib_name)?);
    files.extend(crate_files::runtime_files(api));
    files.extend(crate_files::examples(api, crate_name, &lib_name));
    files.extend(emit::webhooks::files(api, &lib_name)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
