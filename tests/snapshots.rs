//! Snapshots of the generated `types` module for one small spec per shape the generator handles
//! (`tests/fixtures/shapes/*.yaml`, each with its corrections file if it has one). A change in
//! the generated code shows here as a diff to review: `cargo insta review`.

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && !p.to_string_lossy().ends_with(".corrections.yaml"))
        .collect();
    specs.sort();
    specs
}

fn generated_types(spec: &Path) -> String {
    let corrections = spec.with_extension("corrections.yaml");
    let corrections = corrections.exists().then_some(corrections.as_path());
    let loaded = dixa_codegen::load::load_files(spec, corrections).unwrap_or_else(|e| panic!("{e}"));
    let generated = dixa_codegen::generate(&loaded, &dixa_codegen::Config::default(), "shapes").unwrap();
    assert!(
        generated.warnings.is_empty(),
        "{}: {:?}",
        spec.display(),
        generated.warnings
    );
    let types = generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("a types module");
    types.contents.clone()
}

#[test]
fn every_shape_snapshot() {
    let specs = fixtures();
    assert!(specs.len() >= 12, "one fixture per shape");
    for spec in specs {
        let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, generated_types(&spec));
    }
}
