//! What a hostile or broken server cannot do to the client: exhaust its memory, hang it, leave a
//! half-read body unreported, or learn the token through a redirect.

use dixa::{Client, Error, RetryPolicy};
use dixa_tests::child;
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

/// A server that answers every request with a redirect to `location`.
async fn redirecting_to(location: &str) -> MockServer {
    MockServer::always(Reply::status(302).with_header("Location", location)).await
}

#[tokio::test]
async fn a_redirect_to_another_host_is_refused_and_nothing_reaches_it() {
    let elsewhere = MockServer::always(Reply::json(200, json!({"data": []}))).await;
    // `localhost` and `127.0.0.1` are different hosts to the client, as any other host would be.
    let target = elsewhere.url().replace("127.0.0.1", "localhost") + "/v1/agents";
    let redirecting = redirecting_to(&target).await;
    let error = client(redirecting.url())
        .build()
        .unwrap()
        .agents()
        .list()
        .email("ada@example.com")
        .header("X-Custom", "per-call")
        .send()
        .await
        .unwrap_err();
    assert!(elsewhere.requests().is_empty(), "followed: {:?}", elsewhere.requests());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("not followed"), "{text}");
    assert_eq!(redirecting.requests()[0].header("authorization"), Some(TOKEN));
}

#[tokio::test]
async fn a_redirect_that_changes_the_scheme_is_refused() {
    // The same host and port, but `https`: a downgrade (`https` → `http`) is refused the same way.
    let server = MockServer::start(|request, _| {
        let location = format!("https://{}/v1/tags", request.header("host").unwrap_or_default());
        Reply::status(302).with_header("Location", &location)
    })
    .await;
    let error = client(server.url())
        .timeout(Some(Duration::from_secs(2)))
        .build()
        .unwrap()
        .tags()
        .list()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_redirect_on_the_same_origin_is_followed_without_a_referer() {
    let server = MockServer::start(|request, _| {
        if request.target.starts_with("/v1/agents") {
            Reply::status(307).with_header("Location", "/v1/moved-agents")
        } else {
            Reply::json(200, json!({"data": []}))
        }
    })
    .await;
    client(server.url())
        .build()
        .unwrap()
        .agents()
        .list()
        .email("ada@example.com")
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].target, "/v1/moved-agents");
    assert_eq!(
        requests[1].header("referer"),
        None,
        "the first URL (with the e-mail) leaked as Referer"
    );
    assert_eq!(requests[1].header("authorization"), Some(TOKEN));
}

/// The child half of `proxies_from_the_environment_are_not_used`: run in a process whose
/// environment names a proxy.
#[tokio::test]
#[ignore = "run by proxies_from_the_environment_are_not_used in a child process"]
async fn environment_proxy_child() {
    if !child::is_child("environment_proxy_child") {
        return;
    }
    let server = MockServer::always(Reply::json(200, json!({"data": []}))).await;
    let result = client(server.url()).build().unwrap().tags().list().send().await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(server.requests().len(), 1, "the request went around the server");
}

// Multi-threaded: the child process is awaited on this thread while the proxy could answer it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxies_from_the_environment_are_not_used() {
    let proxy = MockServer::always(Reply::json(200, json!({"data": []}))).await;
    let url = proxy.url();
    let set = [
        ("HTTP_PROXY", url.as_str()),
        ("http_proxy", url.as_str()),
        ("ALL_PROXY", url.as_str()),
    ];
    child::run("environment_proxy_child", &set, &["NO_PROXY", "no_proxy"]);
    assert!(proxy.requests().is_empty(), "the proxy received {:?}", proxy.requests());
}

#[tokio::test]
async fn an_explicit_proxy_is_used() {
    let proxy = MockServer::always(Reply::json(200, json!({"data": []}))).await;
    // The target does not exist: only the proxy can answer.
    let client = client("http://api.example.invalid".into())
        .proxy(&proxy.url())
        .build()
        .unwrap();
    client.tags().list().send().await.unwrap();
    let requests = proxy.requests();
    assert_eq!(
        requests[0].request_line,
        "GET http://api.example.invalid/v1/tags HTTP/1.1"
    );
}

#[tokio::test]
async fn a_huge_error_message_is_capped_and_escaped_in_display_but_kept_whole() {
    let message = "bad value\n\u{1b}[31mred\r\n".repeat(500);
    let server = MockServer::always(Reply::json(400, json!({ "message": message }))).await;
    let error = client(server.url())
        .build()
        .unwrap()
        .tags()
        .list()
        .send()
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(text.len() < 1_000, "{} bytes", text.len());
    assert!(
        !text.contains('\n') && !text.contains('\r') && !text.contains('\u{1b}'),
        "{text:?}"
    );
    assert!(text.contains("bad value\\n\\u{1b}[31mred"), "{text:?}");
    let api = error.as_api().unwrap();
    assert_eq!(api.message.as_deref(), Some(message.as_str()));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&api.body).unwrap()["message"],
        message
    );
}

#[tokio::test]
async fn credentials_in_the_base_url_are_never_printed() {
    let url = "http://user:hunter2@127.0.0.1:9";
    let builder = Client::builder(TOKEN).base_url(url);
    assert!(!format!("{builder:?}").contains("hunter2"), "{builder:?}");
    let client = builder.build().unwrap();
    let text = format!("{client:?}");
    assert!(!text.contains("hunter2") && !text.contains("user:"), "{text}");
    assert!(text.contains("127.0.0.1:9"), "{text}");
    let error = Client::builder(TOKEN)
        .base_url("http://user:hunter2@bad host")
        .build()
        .unwrap_err();
    assert!(!format!("{error} {error:?}").contains("hunter2"), "{error}");
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
    assert!(message.contains("cannot create the client"), "{message}");
    assert!(!message.contains("def-secret"), "{message}");
}
