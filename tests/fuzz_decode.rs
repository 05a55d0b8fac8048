//! Response decoding on mutated and arbitrary bodies: never a panic, and every failure says
//! where (a field path) and keeps the raw body.
//!
//! CI runs a bounded number of cases; for a long run: `PROPTEST_CASES=100000 cargo test --release
//! -p dixa-tests --test fuzz_decode`.

use proptest::prelude::*;
use serde_json::{json, Value};

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// A JSON value to put where another was.
fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
        Just(json!("2021-13-45T99:99:99Z[Mars/Olympus]")),
        Just(json!("Telepathy")),
        Just(json!({"_type": "SomethingNew"})),
        Just(json!([])),
        Just(json!({})),
        Just(json!(u64::MAX)),
    ]
}

fn count_values(tree: &Value) -> usize {
    1 + match tree {
        Value::Object(map) => map.values().map(count_values).sum(),
        Value::Array(items) => items.iter().map(count_values).sum(),
        _ => 0,
    }
}

/// Replaces the `n`-th value (in document order) of `tree`.
fn replace_nth(tree: &mut Value, n: &mut usize, with: &Value) -> bool {
    if *n == 0 {
        *tree = with.clone();
        return true;
    }
    *n -= 1;
    match tree {
        Value::Object(map) => map.values_mut().any(|v| replace_nth(v, n, with)),
        Value::Array(items) => items.iter_mut().any(|v| replace_nth(v, n, with)),
        _ => false,
    }
}

fn check(schema: &str, body: &[u8]) -> Result<(), TestCaseError> {
    let outcome = std::panic::catch_unwind(|| decode(schema, body));
    let Ok(result) = outcome else {
        return Err(TestCaseError::fail(format!("panicked decoding {schema}")));
    };
    if let Some(Err(error)) = result {
        prop_assert!(!error.path.is_empty(), "{error}");
        prop_assert!(!error.message.is_empty(), "{error}");
        prop_assert_eq!(&error.body, &body.to_vec());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: dixa_tests::cases(512), ..ProptestConfig::default() })]

    #[test]
    fn mutated_examples_decode_or_fail_with_a_path(example in 0..EXAMPLES.len(), position in 0usize..400, with in replacement()) {
        let (_, schema, json) = EXAMPLES[example];
        let mut tree: Value = serde_json::from_str(json).unwrap();
        let mut n = position % count_values(&tree);
        replace_nth(&mut tree, &mut n, &with);
        check(schema, tree.to_string().as_bytes())?;
    }

    #[test]
    fn cut_and_garbled_bodies_fail_cleanly(example in 0..EXAMPLES.len(), cut in 0usize..2000, garbage in prop::collection::vec(any::<u8>(), 0..16)) {
        let (_, schema, json) = EXAMPLES[example];
        let mut body = json.as_bytes()[..cut.min(json.len())].to_vec();
        body.extend(garbage);
        check(schema, &body)?;
    }
}
