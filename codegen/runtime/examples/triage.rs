//! Triage: finds the open conversations that mention a word, tags them, leaves an internal note,
//! and moves them to a queue (claiming each for an agent when one is given).
//!
//! `DIXA_API_TOKEN=… cargo run -p dixa --example triage -- [word] [queue name] [agent-uuid]`

use dixa::types::{
    AgentId, ClaimConversationInput, ConversationState, CreateInternalNoteInput, CreateTagInput, SearchHit,
    TransferConversationInput,
};

#[tokio::main]
async fn main() -> Result<(), dixa::Error> {
    let mut args = std::env::args().skip(1);
    let word = args.next().unwrap_or_else(|| "refund".into());
    let queue_name = args.next().unwrap_or_else(|| "Billing".into());
    let agent: Option<AgentId> = args.next().map(|a| a.parse().expect("an agent id (a UUID)"));
    let client = dixa::Client::from_env()?;

    // The tag is found by name, else created (Dixa answers the existing tag for a taken name).
    let existing = client
        .tags()
        .list()
        .send()
        .await?
        .into_iter()
        .find(|tag| tag.name == word);
    let tag = match existing {
        Some(tag) => tag,
        None => {
            client
                .tags()
                .create(CreateTagInput::new(&word).color("#d93f0b"))
                .send()
                .await?
                .data
        }
    };
    // The queue is found by name, else the organization's default queue.
    let queues = client.queues().list().send().await?.data;
    let Some(queue) = queues
        .iter()
        .find(|q| q.name == queue_name)
        .or_else(|| queues.iter().find(|q| q.is_default))
    else {
        println!("no queue named {queue_name} and no default queue");
        return Ok(());
    };

    let mut hits = client.search().conversations(&word).page_limit(25).into_stream();
    let mut moved = 0;
    while let Some(hit) = hits.next().await {
        let SearchHit::Conversation(hit) = hit? else { continue };
        let conversation = client.conversations().get(hit.id).send().await?.data;
        if conversation.state() == Some(ConversationState::Closed) {
            continue;
        }
        client.conversations().tag(hit.id, tag.id).send().await?;
        let note = format!("Triage: mentions \"{word}\"; moved to {}.", queue.name);
        let note = CreateInternalNoteInput::new(note).set_agent_id(agent);
        client.conversations().add_internal_note(hit.id, note).send().await?;
        let transfer = TransferConversationInput::new(queue.id).set_user_id(agent);
        client.conversations().transfer_queue(hit.id, transfer).send().await?;
        if let Some(agent) = agent {
            client
                .conversations()
                .claim(hit.id, ClaimConversationInput::new(agent))
                .send()
                .await?;
        }
        moved += 1;
        println!("#{}: tagged {}, moved to {}", hit.id, tag.name, queue.name);
    }
    println!("{moved} conversations triaged");
    Ok(())
}
