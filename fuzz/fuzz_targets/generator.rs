//! Any bytes as an OpenAPI document: loading and generation must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(tree) = dixa_codegen::load::parse_text(text, "fuzz.yaml") else { return };
    let Ok(loaded) = dixa_codegen::load::load(tree, &Default::default(), "fuzz.yaml") else { return };
    let _ = dixa_codegen::generate(&loaded, &dixa_codegen::Config::default(), "fuzzed");
});
