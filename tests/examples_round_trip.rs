//! Every example in the spec is a real wire sample: it must decode into its generated type and
//! encode back to equivalent JSON. The table comes from the spec at build time (`build.rs`).

use dixa_tests::json::equivalent;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

#[test]
fn every_spec_example_round_trips() {
    let mut failures = Vec::new();
    for (pointer, schema, json) in EXAMPLES {
        let original: serde_json::Value = serde_json::from_str(json).expect("examples are JSON");
        let outcome = round_trip(schema, json)
            .and_then(|encoded| equivalent(&original, &encoded).map_err(|d| format!("re-encoded differently at {d}")));
        if let Err(problem) = outcome {
            failures.push(format!("{pointer} ({schema}): {problem}"));
        }
    }
    println!("{} examples checked, {} failed", EXAMPLES.len(), failures.len());
    assert!(
        EXAMPLES.len() >= 300,
        "the spec has at least 300 examples, found {}",
        EXAMPLES.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} examples do not round-trip:\n{}",
        failures.len(),
        EXAMPLES.len(),
        failures.join("\n")
    );
}
