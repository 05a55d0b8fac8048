//! What a hostile or broken server cannot do to the client: exhaust its memory, hang it, leave a
//! half-read body unreported, or learn the token through a redirect.

use dixa::{Client, Error, RetryPolicy};
use dixa_tests::server::{MockServer, Reply};
use serde_json::json;
use std::time::Duration;

const TOKEN: &str = "secret-token-4b1d";

fn client(url: String) -> dixa::ClientBuilder {
    Client::builder(TOKEN).base_url(url).retry(RetryPolicy::none())
}

#[tokio::test]
async fn a_body_over_the_limit_fails_cleanly() {
    let big = json!({"data": [{"id": "1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01", "name": "x".repeat(4096)}]});
    let server = MockServer::always(Reply::json(200, big)).await;
    let client = client(server.url()).max_response_bytes(1024).build().unwrap();
    let error = client.tags().list().send().await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit: 1024, .. }), "{error:?}");
}

#[tokio::test]
async fn a_body_without_length_over_the_limit_fails_while_streaming() {
    // Declares a small length but the limit is smaller still: the stream is cut as it arrives.
    let server = MockServer::always(Reply::CloseMidBody {
        declared: 100_000,
        sent: vec![b' '; 60_000],
    })
    .await;
    let client = client(server.url()).max_response_bytes(50_000).build().unwrap();
    let error = client.tags().list().send().await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn a_server_closing_mid_body_is_a_transport_error() {
    let server = MockServer::always(Reply::CloseMidBody {
        declared: 1000,
        sent: br#"{"data": [{"id"#.to_vec(),
    })
    .await;
    let error = client(server.url())
        .build()
        .unwrap()
        .tags()
        .list()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.to_string().starts_with("Tags_list: connection failed"), "{error}");
}

#[tokio::test]
async fn a_slow_loris_hits_the_timeout() {
    // The head at once, then one byte every 100 ms: each read succeeds, the whole never ends.
    let stall = MockServer::always(Reply::Drip {
        declared: 1_000,
        interval: Duration::from_millis(100),
    })
    .await;
    let client = client(stall.url())
        .timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = client.tags().list().send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_token() {
    let elsewhere = MockServer::always(Reply::json(200, json!({"data": []}))).await;
    // `localhost` and `127.0.0.1` are different hosts to the client, as any other host would be.
    let target = elsewhere.url().replace("127.0.0.1", "localhost") + "/v1/tags";
    let redirecting = MockServer::always(Reply::status(302).with_header("Location", &target)).await;
    client(redirecting.url())
        .build()
        .unwrap()
        .tags()
        .list()
        .send()
        .await
        .unwrap();
    let followed = &elsewhere.requests()[0];
    assert_eq!(followed.target, "/v1/tags");
    assert_eq!(
        followed.header("authorization"),
        None,
        "the token must not follow a redirect to another host"
    );
    assert_eq!(redirecting.requests()[0].header("authorization"), Some(TOKEN));
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_unsent() {
    let server = MockServer::always(Reply::json(200, json!({"data": []}))).await;
    let client = client(server.url()).build().unwrap();
    for value in ["a\r\nX-Injected: 1", "a\nb", "a\rb"] {
        let error = client.tags().list().header("X-Trace", value).send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    }
    assert!(server.requests().is_empty());
}

#[test]
fn a_panic_message_never_shows_the_token() {
    let token = "abc\ndef-secret";
    let panic = std::panic::catch_unwind(|| Client::new(token)).unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("cannot create the Dixa client"), "{message}");
    assert!(!message.contains("def-secret"), "{message}");
}
