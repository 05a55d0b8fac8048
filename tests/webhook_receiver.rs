//! The receiver example (`generated-client/examples/webhook_receiver.rs`) answers real requests:
//! a signed delivery is accepted, its repeat is recognised, a forged one is refused.

#[allow(dead_code)] // The example's `main` is not called here.
#[rustfmt::skip] // Formatted as part of the `dixa` crate (edition 2024).
#[path = "../generated-client/examples/webhook_receiver.rs"]
mod receiver;

use dixa::reqwest;
use std::time::SystemTime;

const SECRET: &str = "7d2f6c0a9b1e4d3f8a5c2e1b0f9d8c7a";

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, receiver::app(SECRET.into())).await });
    format!("http://{address}/dixa/webhooks")
}

async fn post(url: &str, signature: &str, body: &[u8]) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(url)
        .header(dixa::webhooks::SIGNATURE_HEADER, signature)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_example_receiver_accepts_a_signed_delivery_once_and_refuses_a_forged_one() {
    let url = serve().await;
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/webhooks/conversation-tag-added.pipedream.json"),
    )
    .unwrap();
    let body = dixa_tests::jackson::pretty(&serde_json::from_str(&sample).unwrap());
    let signature = dixa::webhooks::sign(SECRET, &body, SystemTime::now()).unwrap();

    assert_eq!(post(&url, &signature, &body).await, (200, "ok".into()));
    // Dixa delivers at least once: the same event again is acknowledged, not handled twice.
    assert_eq!(post(&url, &signature, &body).await, (200, "duplicate".into()));

    let forged = dixa::webhooks::sign("00112233445566778899aabbccddeeff", &body, SystemTime::now()).unwrap();
    let (status, message) = post(&url, &forged, &body).await;
    assert_eq!(status, 401, "{message}");
    assert!(message.contains("does not match"), "{message}");
    let (status, _) = post(&url, "", &body).await;
    assert_eq!(status, 401);
}
