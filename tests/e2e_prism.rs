//! Every operation through `dixa::Client` against Prism, an independent mock server that reads
//! the corrected document (`spec/dixa.corrected.json`) on its own, validates each request
//! against it and answers with the document's examples. `cargo xtask test` starts Prism and
//! runs this with `DIXA_PRISM_URL` set; a plain `cargo test` skips it.

use dixa::{Client, Error};

include!(concat!(env!("OUT_DIR"), "/e2e_calls.rs"));

/// Prism's verdict on a request it found invalid (`sl-violations`), if any.
fn violations(headers: &dixa::reqwest::header::HeaderMap) -> Option<String> {
    let text = headers
        .get("sl-violations")?
        .to_str()
        .unwrap_or("(unreadable)")
        .to_owned();
    text.contains("\"Error\"").then_some(text)
}

#[tokio::test]
#[ignore = "needs Prism: run through `cargo xtask test`"]
async fn every_operation_passes_prism_and_decodes() {
    let url =
        std::env::var("DIXA_PRISM_URL").expect("DIXA_PRISM_URL: run through `cargo xtask test`, which starts Prism");
    let client = Client::builder("prism-test-token").base_url(url).build().unwrap();
    let (mut failures, mut calls) = (Vec::new(), 0);
    for (operation, examples, errors) in OPERATIONS {
        // The default answer, then each named example of the success response.
        let mut prefer: Vec<Option<String>> = vec![None];
        prefer.extend(examples.iter().map(|name| Some(format!("example={name}"))));
        for choice in prefer {
            calls += 1;
            match call(&client, operation, choice.clone()).await {
                Ok((_, headers)) => {
                    if let Some(complaint) = violations(&headers) {
                        failures.push(format!(
                            "{operation} {choice:?}: Prism says the request is invalid: {complaint}"
                        ));
                    }
                }
                Err(Error::Api(e)) => failures.push(format!(
                    "{operation} {choice:?}: {} {}",
                    e.status,
                    violations(&e.headers).unwrap_or_else(|| e.body_text())
                )),
                Err(e) => failures.push(format!("{operation} {choice:?}: {e}")),
            }
        }
        // Each declared error status: the typed error carries the status and Dixa's message.
        for (status, has_body) in errors.iter() {
            calls += 1;
            match call(&client, operation, Some(format!("code={status}"))).await {
                Err(Error::Api(e)) if e.status == *status => {
                    if *has_body && e.message.is_none() {
                        failures.push(format!(
                            "{operation} {status}: no message parsed from {}",
                            e.body_text()
                        ));
                    }
                }
                other => failures.push(format!("{operation} {status}: expected an API error, got {other:?}")),
            }
        }
    }
    println!(
        "{} operations, {calls} calls, {} failures",
        OPERATIONS.len(),
        failures.len()
    );
    assert_eq!(OPERATIONS.len(), 84);
    assert!(
        failures.is_empty(),
        "{} of {calls} calls failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
