//! Creates an email conversation with a first message, adds a reply, tags it and closes it.
//!
//! `DIXA_API_TOKEN=… cargo run -p dixa --example conversation_lifecycle -- <requester-uuid> <tag-uuid>`

use dixa::types::{CreateConversationInput, CreateMessageInput, Email, Inbound, Outbound, Text};

#[tokio::main]
async fn main() -> Result<(), dixa::Error> {
    let mut args = std::env::args().skip(1);
    let requester = parse_uuid(args.next(), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
    let tag = parse_uuid(args.next(), "6b0f7e4c-1b2d-4c8e-9f3a-2d5e8c7b1a90");
    let client = dixa::Client::from_env()?;

    let first = Inbound::new(Text::new("My order has not arrived."));
    let email = Email::new(requester, "support@example.dixa.io", "Where is my order?", first);
    let created = client
        .conversations()
        .create(CreateConversationInput::from(email))
        .send()
        .await?;
    let id = created.data.id;
    println!("created conversation {id}");

    let reply = Outbound::new(Text::new("Sorry about that: it ships today."), requester);
    let message = client
        .conversations()
        .add_message(id, CreateMessageInput::from(reply))
        .send()
        .await?;
    println!("added message {:?}", message.data);

    client.conversations().tag(id, tag).send().await?;
    client.conversations().close(id).send().await?;
    println!("tagged and closed conversation {id}");
    Ok(())
}

fn parse_uuid(arg: Option<String>, default: &str) -> dixa::uuid::Uuid {
    arg.as_deref().unwrap_or(default).parse().expect("a UUID")
}
