//! `dixa::Client` on the wire, against a scripted local server: auth, encoding, bodies, errors,
//! retries, timeouts, pagination, and no token anywhere it should not be.

use dixa::types::{ClaimConversationInput, CreateConversationInput, Email, Inbound, Text, TransferConversationInput};
use dixa::{Client, Error, RetryPolicy};
use dixa_tests::child;
use dixa_tests::server::{MockServer, Recorded, Reply};
use serde_json::json;
use std::time::Duration;

const TOKEN: &str = "secret-token-4b1d";
const AGENT_ID: &str = "1b9adc49-7e1a-4a3b-b2a9-3d8d2d4c6e01";

fn client(server: &MockServer) -> Client {
    Client::builder(TOKEN)
        .base_url(server.url())
        .retry(fast_retries(2))
        .build()
        .unwrap()
}

/// Retries without real waiting, so the tests stay fast.
fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn agent(n: u32) -> serde_json::Value {
    json!({"id": format!("1b9adc49-7e1a-4a3b-b2a9-{n:012}"), "createdAt": "2020-12-16T09:41:43Z", "displayName": format!("Agent {n}"), "email": format!("a{n}@example.com")})
}

#[tokio::test]
async fn sends_the_raw_token_and_typed_path_ids() {
    let server = MockServer::always(Reply::json(200, json!({"data": agent(1)}))).await;
    let got = client(&server)
        .agents()
        .get(AGENT_ID.parse::<dixa::uuid::Uuid>().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(got.data.display_name, "Agent 1");
    let request = &server.requests()[0];
    assert_eq!(request.request_line, format!("GET /v1/agents/{AGENT_ID} HTTP/1.1"));
    assert_eq!(request.header("authorization"), Some(TOKEN), "the raw token, no Bearer");
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(request.header("user-agent").unwrap().starts_with("dixa-rust/"));
}

#[tokio::test]
async fn hostile_path_and_query_values_cannot_change_the_request() {
    let server = MockServer::always(Reply::json(200, json!({"data": []}))).await;
    let client = client(&server);
    client
        .analytics()
        .list_filter_values("a/b?c=1#d e%2F\r\nX-Injected: 1 ünï€/../..")
        .send()
        .await
        .unwrap();
    client
        .agents()
        .list()
        .email("x@y.z&pageKey=evil#frag ü/..\r\n")
        .page_limit(5)
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].target,
        "/v1/analytics/filter/a%2Fb%3Fc%3D1%23d%20e%252F%0D%0AX-Injected%3A%201%20%C3%BCn%C3%AF%E2%82%AC%2F..%2F.."
    );
    assert!(requests[0].header("x-injected").is_none());
    assert_eq!(
        requests[1].target,
        "/v1/agents?pageLimit=5&email=x%40y.z%26pageKey%3Devil%23frag%20%C3%BC%2F..%0D%0A"
    );
    for dots in ["..", ".", ""] {
        let error = client.analytics().list_filter_values(dots).send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { .. }), "{dots:?}: {error}");
    }
    assert_eq!(server.requests().len(), 2, "refused requests are never sent");
}

#[tokio::test]
async fn union_bodies_carry_their_tag() {
    let server = MockServer::always(Reply::json(201, json!({"data": {"id": 100}}))).await;
    let message = Inbound::new(Text::new("Hello"));
    let email = Email::new(
        AGENT_ID.parse::<dixa::uuid::Uuid>().unwrap(),
        "support@example.com",
        "Hi",
        message,
    );
    let created = client(&server)
        .conversations()
        .create(CreateConversationInput::from(email))
        .send()
        .await
        .unwrap();
    assert_eq!(created.data.id.get(), 100);
    let request = &server.requests()[0];
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"_type": "Email", "requesterId": AGENT_ID, "emailIntegrationId": "support@example.com", "subject": "Hi",
               "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "Hello"}}})
    );
}

#[tokio::test]
async fn no_content_is_unit_and_keeps_status_and_headers() {
    let server = MockServer::always(Reply::status(204).with_header("X-Request-Id", "r-1")).await;
    let response = client(&server)
        .conversations()
        .close(42)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status, 204);
    assert_eq!(response.headers["x-request-id"], "r-1");
    assert_eq!(
        server.requests()[0].request_line,
        "PUT /v1/conversations/42/close HTTP/1.1"
    );
}

#[tokio::test]
async fn api_errors_keep_status_headers_body_and_message() {
    let body = json!({"message": "The requested resource could not be found"});
    let server = MockServer::always(Reply::json(404, body.clone()).with_header("X-Trace", "t-9")).await;
    let error = client(&server)
        .tags()
        .get(AGENT_ID.parse::<dixa::uuid::Uuid>().unwrap())
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.status, 404);
    assert_eq!(
        api.message.as_deref(),
        Some("The requested resource could not be found")
    );
    assert_eq!(api.headers["x-trace"], "t-9");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&api.body).unwrap(), body);
    assert_eq!(
        error.to_string(),
        "Tags_getById: the server answered 404 Not Found: The requested resource could not be found"
    );
    assert_eq!(server.requests().len(), 1, "404 is not retried");
}

#[tokio::test]
async fn a_body_that_does_not_fit_names_the_field() {
    let body = json!({"data": [agent(1), agent(2), agent(3), {"id": AGENT_ID, "createdAt": "soon", "displayName": "X", "email": "x@y.z"}]});
    let server = MockServer::always(Reply::json(200, body.clone())).await;
    let error = client(&server).agents().list().send().await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path, "data[3].createdAt");
    assert_eq!(decode.status, Some(reqwest_status(200)));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&decode.body).unwrap(), body);
}

fn reqwest_status(code: u16) -> dixa::reqwest::StatusCode {
    dixa::reqwest::StatusCode::from_u16(code).unwrap()
}

fn ok_tags() -> Reply {
    Reply::json(200, json!({"data": []}))
}

#[tokio::test]
async fn retries_429_honouring_retry_after_and_without_it() {
    let server = MockServer::start(|_, n| match n {
        0 => Reply::json(429, json!({"message": "slow down"})).with_header("Retry-After", "0"),
        1 => Reply::status(429),
        _ => ok_tags(),
    })
    .await;
    client(&server).tags().list().send().await.unwrap();
    assert_eq!(server.requests().len(), 3);

    let server = MockServer::always(Reply::status(429).with_header("Retry-After", "1")).await;
    let started = std::time::Instant::now();
    let error = client(&server)
        .tags()
        .list()
        .retry(fast_retries(1))
        .send()
        .await
        .unwrap_err();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited as Retry-After said"
    );
    assert_eq!(error.status(), Some(reqwest_status(429)));
    assert_eq!(error.as_api().unwrap().retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(server.requests().len(), 2, "one retry, then the 429 is returned");
}

#[tokio::test]
async fn retries_503_and_dropped_connections_for_idempotent_calls() {
    let server = MockServer::start(|_, n| if n == 0 { Reply::status(503) } else { ok_tags() }).await;
    client(&server).tags().list().send().await.unwrap();
    assert_eq!(server.requests().len(), 2);

    let server = MockServer::start(|_, n| if n == 0 { Reply::Close } else { ok_tags() }).await;
    client(&server).tags().list().send().await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_post_that_reached_the_server_is_not_retried() {
    for reply in [Reply::status(503), Reply::Close, Reply::status(429)] {
        let server = MockServer::always(reply.clone()).await;
        let error = client(&server)
            .tags()
            .create(dixa::types::CreateTagInput::new("vip"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(server.requests().len(), 1, "{reply:?} gave {error}");
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder(TOKEN)
        .base_url(url)
        .retry(fast_retries(1))
        .build()
        .unwrap();
    let error = client
        .tags()
        .create(dixa::types::CreateTagInput::new("vip"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connect { .. }), "{error:?}");
    assert!(!format!("{error:?} {error}").contains(TOKEN));
}

#[tokio::test]
async fn a_slow_server_hits_the_timeout() {
    let server = MockServer::always(Reply::After(Duration::from_secs(5), Box::new(ok_tags()))).await;
    let error = client(&server)
        .tags()
        .list()
        .timeout(Some(Duration::from_millis(200)))
        .retry(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { after: Some(_), .. }), "{error:?}");
}

#[tokio::test]
async fn into_stream_walks_every_page_by_root_relative_next_links() {
    let server = MockServer::start(|request: &Recorded, _| {
        let page = if request.target.contains("pageKey=cGFnZTM%3D") {
            json!({"data": [agent(5)]})
        } else if request.target.contains("pageKey=cGFnZTI%3D") {
            json!({"data": [agent(3), agent(4)], "meta": {"next": "/v1/agents?pageLimit=2&pageKey=cGFnZTM%3D", "previous": "/v1/agents?pageKey=x"}})
        } else {
            json!({"data": [agent(1), agent(2)], "meta": {"next": "/v1/agents?pageLimit=2&pageKey=cGFnZTI%3D"}})
        };
        Reply::json(200, page)
    })
    .await;
    let agents = client(&server)
        .agents()
        .list()
        .page_limit(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = agents.iter().map(|a| a.display_name.as_str()).collect();
    assert_eq!(names, ["Agent 1", "Agent 2", "Agent 3", "Agent 4", "Agent 5"]);
    let targets: Vec<_> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/agents?pageLimit=2",
            "/v1/agents?pageLimit=2&pageKey=cGFnZTI%3D",
            "/v1/agents?pageLimit=2&pageKey=cGFnZTM%3D"
        ]
    );
}

#[tokio::test]
async fn a_next_link_that_repeats_stops_with_an_error() {
    let server = MockServer::always(Reply::json(
        200,
        json!({"data": [agent(1)], "meta": {"next": "/v1/agents?pageKey=same"}}),
    ))
    .await;
    use futures_util::StreamExt;
    let results: Vec<_> = client(&server).agents().list().into_stream().collect().await;
    assert_eq!(results.len(), 3, "two agents, then the error");
    assert!(matches!(results[2], Err(Error::Pagination { .. })));
}

#[tokio::test]
async fn absolute_next_links_give_only_their_cursor_even_to_another_host() {
    // Links in the wild are root-relative or absolute; an absolute one may name another host.
    // Only `pageKey` is taken: every page is fetched from the client's own base URL.
    let server = MockServer::start(|request: &Recorded, _| {
        let page = if request.target.contains("pageKey=p3") {
            json!({"data": [agent(3)]})
        } else if request.target.contains("pageKey=p2") {
            json!({"data": [agent(2)], "meta": {"next": "https://elsewhere.example.com/v1/agents?pageKey=p3&pageLimit=99"}})
        } else {
            json!({"data": [agent(1)], "meta": {"next": "http://127.0.0.1:1/v1/agents?pageLimit=1&pageKey=p2"}})
        };
        Reply::json(200, page)
    })
    .await;
    let agents = client(&server)
        .agents()
        .list()
        .page_limit(1)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(agents.len(), 3);
    let targets: Vec<_> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/agents?pageLimit=1",
            "/v1/agents?pageLimit=1&pageKey=p2",
            "/v1/agents?pageLimit=1&pageKey=p3"
        ]
    );
}

/// A server whose every page is empty but links a fresh next page.
async fn endless_empty_pages() -> MockServer {
    MockServer::start(|_, n| {
        Reply::json(
            200,
            json!({"data": [], "meta": {"next": format!("/v1/agents?pageKey=k{n}")}}),
        )
    })
    .await
}

#[tokio::test]
async fn endless_empty_pages_end_with_an_error() {
    let server = endless_empty_pages().await;
    let all = tokio::time::timeout(
        Duration::from_secs(20),
        client(&server).agents().list().into_stream().try_collect(),
    )
    .await
    .expect("the stream ended");
    let error = all.unwrap_err();
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert!(error.to_string().contains("empty"), "{error}");
    assert_eq!(
        server.requests().len(),
        11,
        "the default follows 10 empty pages in a row, not 11"
    );
}

#[tokio::test]
async fn pagination_bounds_are_configurable() {
    let server = endless_empty_pages().await;
    let error = client(&server)
        .agents()
        .list()
        .into_stream()
        .max_empty_pages(3)
        .try_collect()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 4, "3 empty pages followed, the 4th stops");

    // Pages with items and fresh cursors, forever: the total is bounded too.
    let server = MockServer::start(|_, n| {
        Reply::json(
            200,
            json!({"data": [agent(n as u32)], "meta": {"next": format!("/v1/agents?pageKey=k{n}")}}),
        )
    })
    .await;
    let mut pages = client(&server).agents().list().into_stream().max_pages(4);
    let mut items = 0;
    let error = loop {
        match pages.next().await {
            Some(Ok(_)) => items += 1,
            Some(Err(error)) => break error,
            None => panic!("ended without an error"),
        }
    };
    assert_eq!(items, 4);
    assert!(error.to_string().contains("4 pages"), "{error}");
    assert!(pages.next().await.is_none(), "nothing after the error");
    // An empty page between full ones does not count as a run of empty pages.
    let server = MockServer::start(|_, n| {
        let data = if n % 2 == 0 {
            json!([])
        } else {
            json!([agent(n as u32)])
        };
        let meta = if n < 9 {
            json!({"next": format!("/v1/agents?pageKey=k{n}")})
        } else {
            json!({})
        };
        Reply::json(200, json!({"data": data, "meta": meta}))
    })
    .await;
    let agents = client(&server)
        .agents()
        .list()
        .into_stream()
        .max_empty_pages(1)
        .try_collect()
        .await;
    assert_eq!(agents.unwrap().len(), 5);
}

/// The operations whose repeat Dixa may answer with a 4xx although the first attempt took effect
/// (`spec/client.yaml`, `not-repeatable`): after a cut connection they fail instead of repeating.
#[tokio::test]
async fn put_and_delete_calls_that_cannot_be_repeated_are_not_retried_once_sent() {
    let agent_id: dixa::uuid::Uuid = AGENT_ID.parse().unwrap();
    let cut_then_ok = || MockServer::start(|_, n| if n == 0 { Reply::Close } else { Reply::status(204) });

    let server = cut_then_ok().await;
    let error = client(&server)
        .conversations()
        .claim(42, ClaimConversationInput::new(agent_id))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 1, "claim was repeated");

    let server = cut_then_ok().await;
    client(&server).conversations().close(42).send().await.unwrap_err();
    assert_eq!(server.requests().len(), 1, "close was repeated");

    let server = cut_then_ok().await;
    client(&server).teams().delete(agent_id).send().await.unwrap_err();
    assert_eq!(server.requests().len(), 1, "DELETE /teams/{{id}} was repeated");

    // A timeout is the same: the first attempt may have reached the server.
    let server = MockServer::start(|_, n| {
        if n == 0 {
            Reply::After(Duration::from_secs(5), Box::new(Reply::status(204)))
        } else {
            Reply::status(204)
        }
    })
    .await;
    let error = client(&server)
        .conversations()
        .transfer_queue(42, TransferConversationInput::new(agent_id))
        .timeout(Some(Duration::from_millis(200)))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 1, "transfer was repeated");

    // Those whose repeat is harmless are still retried.
    let server = cut_then_ok().await;
    client(&server).conversations().tag(42, agent_id).send().await.unwrap();
    assert_eq!(server.requests().len(), 2);

    // A refused connection never reached the server: retried for every operation.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder(TOKEN)
        .base_url(url)
        .retry(fast_retries(1))
        .build()
        .unwrap();
    let logs = capture_logs(async {
        client
            .conversations()
            .claim(42, ClaimConversationInput::new(agent_id))
            .send()
            .await
            .unwrap_err();
    })
    .await;
    assert!(logs.contains("retrying"), "{logs}");
}

#[tokio::test]
async fn the_token_is_never_printed() {
    let server = MockServer::always(Reply::json(401, json!({"message": "User is unauthorized"}))).await;
    let client = client(&server);
    let logs = capture_logs(async {
        let error = client.agents().list().send().await.unwrap_err();
        assert_eq!(error.status(), Some(reqwest_status(401)));
        for text in [
            format!("{error}"),
            format!("{error:?}"),
            format!("{client:?}"),
            format!("{:?}", Client::builder(TOKEN)),
        ] {
            assert!(!text.contains(TOKEN), "token in {text}");
        }
    })
    .await;
    assert!(
        logs.contains("dixa.request") && logs.contains("Agents_list"),
        "spans are logged: {logs}"
    );
    assert!(!logs.contains(TOKEN), "token in logs: {logs}");
    assert!(server.requests()[0].header("authorization") == Some(TOKEN));
}

#[tokio::test]
async fn header_unsafe_tokens_are_refused() {
    let error = Client::builder("abc\r\nX-Evil: 1").build().unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }));
    assert!(!error.to_string().contains("X-Evil"));
}

#[tokio::test]
async fn the_rate_limiter_spaces_requests() {
    let server = MockServer::always(ok_tags()).await;
    let client = Client::builder(TOKEN)
        .base_url(server.url())
        .rate_limit(20, 1)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    for _ in 0..5 {
        client.tags().list().send().await.unwrap();
    }
    // A burst of 1 at 20/s: the 4 requests after the first wait 50 ms each.
    assert!(
        started.elapsed() >= Duration::from_millis(190),
        "{:?}",
        started.elapsed()
    );
}

/// Runs `body` with every `tracing` event and span (all levels) written to a string.
async fn capture_logs(body: impl std::future::Future<Output = ()>) -> String {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    body.await;
    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    text
}

/// The runtime is shared by every generated crate: another API's crate names neither Dixa nor
/// its environment variables, and takes its own names from its crate name.
#[test]
fn the_runtime_of_another_api_does_not_speak_of_dixa() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/petstore");
    let mut files = vec![root.join("README.md"), root.join("src/lib.rs")];
    files.extend(
        std::fs::read_dir(root.join("src/runtime"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mentions: Vec<&str> = text.lines().filter(|l| l.to_lowercase().contains("dixa")).collect();
        assert!(mentions.is_empty(), "{}: {mentions:#?}", file.display());
    }
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains(r#"pub const TOKEN_VARIABLE: &str = "PETSTORE_API_TOKEN";"#),
        "{lib}"
    );
    assert_eq!(dixa::TOKEN_VARIABLE, "DIXA_API_TOKEN");
    assert_eq!(dixa::BASE_URL_VARIABLE, "DIXA_BASE_URL");
}

#[tokio::test]
async fn pages_need_no_imports_and_no_pinning() {
    let server = MockServer::start(|request: &Recorded, _| {
        let page = if request.target.contains("pageKey=p2") {
            json!({"data": [agent(2)]})
        } else {
            json!({"data": [agent(1)], "meta": {"next": "/v1/agents?pageKey=p2"}})
        };
        Reply::json(200, page)
    })
    .await;
    let client = client(&server);
    let mut pages = client.agents().list().into_stream();
    let mut names = Vec::new();
    while let Some(agent) = pages.next().await {
        names.push(agent.unwrap().display_name);
    }
    assert_eq!(names, ["Agent 1", "Agent 2"]);
    let all: Vec<dixa::types::Agent> = client.agents().list().into_stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
}

#[test]
fn the_builder_refuses_what_cannot_work_and_says_why() {
    let refused = |builder: dixa::ClientBuilder| match builder.build() {
        Err(Error::InvalidRequest { message }) => message,
        other => panic!("built: {other:?}"),
    };
    assert!(refused(Client::builder("")).contains("empty"));
    assert!(refused(Client::builder("  ")).contains("empty"));
    let bearer = refused(Client::builder("Bearer abc123"));
    assert!(bearer.contains("without") && bearer.contains("Bearer"), "{bearer}");
    assert!(!bearer.contains("abc123"), "the token is in the message: {bearer}");
    for url in ["ftp://example.com", "file:///etc/passwd", "example.com"] {
        let message = refused(Client::builder(TOKEN).base_url(url));
        assert!(message.contains("http"), "{url}: {message}");
    }
}

#[tokio::test]
async fn a_base_url_that_ends_in_the_version_prefix_is_fixed() {
    let server = MockServer::always(ok_tags()).await;
    let client = Client::builder(TOKEN)
        .base_url(format!("{}/v1/", server.url()))
        .build()
        .unwrap();
    assert_eq!(client.base_url(), server.url());
    client.tags().list().send().await.unwrap();
    assert_eq!(server.requests()[0].target, "/v1/tags");
}

/// The child half of `builder_from_env_reads_the_environment_and_takes_more_settings`.
#[tokio::test]
#[ignore = "run by builder_from_env_reads_the_environment_and_takes_more_settings in a child process"]
async fn builder_from_env_child() {
    if !child::is_child("builder_from_env_child") {
        return;
    }
    let client = Client::builder_from_env().unwrap().rate_limit(10, 4).build().unwrap();
    assert_eq!(Some(client.base_url()), std::env::var("DIXA_BASE_URL").ok().as_deref());
    client.tags().list().send().await.unwrap();
}

/// The child half of `builder_from_env_reads_the_environment_and_takes_more_settings`, without a token.
#[test]
#[ignore = "run by builder_from_env_reads_the_environment_and_takes_more_settings in a child process"]
fn builder_from_env_without_token_child() {
    if !child::is_child("builder_from_env_without_token_child") {
        return;
    }
    let error = Client::builder_from_env().unwrap_err();
    assert!(error.to_string().contains("DIXA_API_TOKEN"), "{error}");
}

// Multi-threaded: the child process is awaited on this thread while the server answers it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn builder_from_env_reads_the_environment_and_takes_more_settings() {
    let server = MockServer::always(ok_tags()).await;
    let url = server.url();
    child::run(
        "builder_from_env_child",
        &[("DIXA_API_TOKEN", TOKEN), ("DIXA_BASE_URL", &url)],
        &[],
    );
    assert_eq!(server.requests()[0].header("authorization"), Some(TOKEN));
    child::run("builder_from_env_without_token_child", &[], &["DIXA_API_TOKEN"]);
}

/// Every cause in the chain, as `anyhow` prints it with `{:#}`: the error, then each `source()`.
fn causes(error: &dyn std::error::Error) -> Vec<String> {
    let mut causes = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        causes.push(cause.to_string());
        source = cause.source();
    }
    causes
}

#[tokio::test]
async fn connect_errors_name_the_host_and_print_each_cause_once() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder(TOKEN)
        .base_url(format!("http://{address}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.tags().list().send().await.unwrap_err();
    assert!(matches!(error, Error::Connect { .. }), "{error:?}");
    let causes = causes(&error);
    assert!(causes[0].contains(&address.to_string()), "{causes:?}");
    assert!(causes.len() > 1, "the cause is kept as source(): {causes:?}");
    for later in &causes[1..] {
        assert!(!causes[0].contains(later.as_str()), "printed twice: {causes:?}");
    }
}

#[tokio::test]
async fn debug_shows_bodies_as_text_and_one_accessor_gives_the_message_or_the_body() {
    let server = MockServer::always(Reply::json(404, json!({"message": "no such tag"}))).await;
    let error = client(&server).tags().list().send().await.unwrap_err();
    let debug = format!("{error:?}");
    assert!(debug.contains(r#"body: "{\"message\":\"no such tag\"}""#), "{debug}");
    assert!(!debug.contains("[123, 34"), "{debug}");
    assert_eq!(error.as_api().unwrap().message_or_body(), "no such tag");

    let html = format!("<html>{}</html>", "upstream gone ".repeat(1_000));
    let server = MockServer::always(Reply::Respond {
        status: 502,
        headers: vec![],
        body: html.clone().into_bytes(),
    })
    .await;
    let error = client(&server)
        .tags()
        .list()
        .retry(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.as_api().unwrap().message_or_body(), html);
    let debug = format!("{error:?}");
    assert!(debug.contains("<html>upstream gone"), "{debug}");
    assert!(debug.len() < 3_000, "{} bytes", debug.len());

    let server = MockServer::always(Reply::json(200, json!({"data": [{"id": "x"}]}))).await;
    let error = client(&server).tags().list().send().await.unwrap_err();
    let debug = format!("{error:?}");
    assert!(
        debug.contains(r#"{\"data\":"#) && !debug.contains("[123, 34"),
        "{debug}"
    );
}
