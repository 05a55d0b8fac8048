//! A client of other teams' shapes (`tests/fixtures/breadth/breadth.yaml`) on the wire:
//! parameters laid out by their schema and style, bodies that are not JSON, responses that are
//! text, bytes, only `default` or only a redirect, and a tagged union inside an untagged one.

use breadth::types::{
    ListItemsOwner, ListItemsSort, NameOrId, NameOrItem, Order, Pet, SearchParameters, SendFormBody, UploadBody,
};
use breadth::Client;
use dixa_tests::server::{MockServer, Reply};
use serde_json::json;

fn client(server: &MockServer) -> Client {
    Client::builder("token").base_url(server.url()).build().unwrap()
}

fn item() -> Reply {
    Reply::json(200, json!({"name": "it"}))
}

#[tokio::test]
async fn an_untagged_union_path_parameter_is_written_as_its_member() {
    let server = MockServer::always(item()).await;
    let id: breadth::uuid::Uuid = "3f1b5a0e-0000-4000-8000-000000000000".parse().unwrap();
    client(&server).items().get(NameOrId::Uuid(id)).send().await.unwrap();
    client(&server)
        .items()
        .get(NameOrId::Name("a b/c".into()))
        .x_trace("t-1")
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].target, "/items/3f1b5a0e-0000-4000-8000-000000000000");
    assert_eq!(requests[1].target, "/items/a%20b%2Fc");
    assert_eq!(requests[1].header("X-Trace"), Some("t-1"));
}

#[tokio::test]
async fn query_parameters_are_laid_out_by_style() {
    let server = MockServer::always(Reply::json(200, json!([]))).await;
    client(&server)
        .items()
        .list()
        .tags(vec!["a".to_owned(), "b c".to_owned()])
        .ids(vec![1, 2])
        .search(SearchParameters::default().q("shoes").per_page(10))
        .sort(ListItemsSort::default().field("name").order(Order::Desc))
        .names(vec!["x".to_owned(), "y".to_owned()])
        .owner(ListItemsOwner::StringList(vec!["me".into(), "you".into()]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].target,
        // form, exploded: a list repeats its name, an object's members are parameters;
        // form, not exploded: `a,b`; deepObject: `sort[field]`; pipeDelimited: `x|y`.
        "/items?tags=a&tags=b%20c&ids=1%2C2&q=shoes&per_page=10&sort%5Bfield%5D=name&sort%5Border%5D=desc&names=x%7Cy&owner=me&owner=you"
    );
}

#[tokio::test]
async fn a_form_body_is_form_encoded() {
    let server = MockServer::always(Reply::json(201, json!({"name": "sent"}))).await;
    let body = SendFormBody::new("+4512345678", "Hi & bye").media_url(vec![
        "https://a.example/1.png".to_owned(),
        "https://a.example/2.png".to_owned(),
    ]);
    client(&server).bodies().send_form(body).send().await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "To=%2B4512345678&Body=Hi+%26+bye&MediaUrl=https%3A%2F%2Fa.example%2F1.png&MediaUrl=https%3A%2F%2Fa.example%2F2.png"
    );
}

#[tokio::test]
async fn a_multipart_body_sends_fields_and_files() {
    let server = MockServer::always(Reply::status(204)).await;
    let body = UploadBody::new(b"\x00\x01binary".to_vec())
        .title("Q3")
        .labels(vec!["x".to_owned()]);
    client(&server).bodies().upload(body).send().await.unwrap();
    let request = &server.requests()[0];
    let content_type = request.header("Content-Type").unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    let text = String::from_utf8_lossy(&request.body);
    assert!(text.contains("name=\"title\"\r\n\r\nQ3\r\n"), "{text}");
    assert!(text.contains("name=\"labels\"\r\n\r\n[\"x\"]\r\n"), "{text}");
    assert!(text.contains("name=\"file\"; filename=\"file\""), "{text}");
    let file_at = request.body.windows(8).position(|w| w == b"\x00\x01binary");
    assert!(file_at.is_some(), "the file's bytes are sent as they are");
    assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
}

#[tokio::test]
async fn bytes_and_text_go_as_they_are_and_come_back_typed() {
    let server = MockServer::always(Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "text/plain".into())],
        body: b"receipt 7".to_vec(),
    })
    .await;
    let receipt: String = client(&server)
        .bodies()
        .put_blob(7, b"\xff\x00raw".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(receipt, "receipt 7");
    let request = &server.requests()[0];
    assert_eq!(request.header("Content-Type"), Some("application/octet-stream"));
    assert_eq!(request.header("Accept"), Some("text/plain"));
    assert_eq!(request.body, b"\xff\x00raw");

    let png = vec![0x89, b'P', b'N', b'G', 0];
    let server = MockServer::always(Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "image/png".into())],
        body: png.clone(),
    })
    .await;
    let image: Vec<u8> = client(&server)
        .bodies()
        .render_note()
        .body("# Title")
        .header("content-type", "text/markdown; charset=utf-8")
        .send()
        .await
        .unwrap();
    assert_eq!(image, png);
    let request = &server.requests()[0];
    assert_eq!(request.body, b"# Title");
    assert_eq!(
        request.header("Content-Type"),
        Some("text/markdown; charset=utf-8"),
        "a header given for the call replaces the media type"
    );
    assert_eq!(request.header("Accept"), Some("image/png"));
}

#[tokio::test]
async fn default_only_and_redirect_only_responses() {
    let server = MockServer::always(item()).await;
    let echoed = client(&server).other().echo().send().await.unwrap();
    assert_eq!(echoed.name, "it");

    let server = MockServer::always(Reply::status(204)).await;
    let () = client(&server).other().login().send().await.unwrap();
}

#[tokio::test]
async fn a_tagged_union_inside_an_untagged_one_decodes_from_a_response() {
    let body = json!(["plain", {"lives": 9, "kind": "cat"}, {"kind": "dog", "good": true}, {"kind": "fish"}]);
    let server = MockServer::always(Reply::json(200, body.clone())).await;
    let items = client(&server).items().list().send().await.unwrap();
    assert_eq!(items.len(), 4);
    assert!(matches!(&items[0], NameOrItem::String(s) if s == "plain"));
    assert!(matches!(&items[1], NameOrItem::Pet(Pet::Cat(cat)) if cat.lives == 9));
    assert!(matches!(&items[2], NameOrItem::Pet(Pet::Dog(dog)) if dog.good == Some(true)));
    assert!(matches!(&items[3], NameOrItem::Pet(Pet::Unknown(_))));
    let decoded: Vec<NameOrItem> = breadth::from_json(body.to_string().as_bytes()).unwrap();
    assert_eq!(decoded, items);
}
