//! A nightly report over one end user's conversations: how many per channel and state, and the
//! newest ones with their tags and ratings.
//!
//! `DIXA_API_TOKEN=… cargo run -p dixa --example nightly_report -- [end-user-uuid]`

use dixa::types::{ConversationState, EndUserId};
use std::collections::BTreeMap;

#[tokio::main]
async fn main() -> Result<(), dixa::Error> {
    let user: EndUserId = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        .parse()
        .expect("an end user id (a UUID)");
    let client = dixa::Client::from_env()?;

    let end_user = client.end_users().get(user).send().await?.data;
    let name = end_user.display_name.as_deref().unwrap_or("(no name)");
    let conversations = client
        .end_users()
        .list_conversations(user)
        .into_stream()
        .try_collect()
        .await?;
    println!("{name}: {} conversations", conversations.len());

    // Every kind of conversation has an id, a channel, a state and a creation time.
    let mut per_channel: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_state: BTreeMap<String, usize> = BTreeMap::new();
    for conversation in &conversations {
        if let Some(channel) = conversation.channel() {
            *per_channel.entry(channel.to_string()).or_default() += 1;
        }
        if let Some(state) = conversation.state() {
            *per_state.entry(state.to_string()).or_default() += 1;
        }
    }
    println!("per channel: {per_channel:?}");
    println!("per state:   {per_state:?}");

    let mut newest: Vec<_> = conversations
        .iter()
        .filter_map(|c| Some((c.created_at()?, c.id()?, c.state())))
        .collect();
    newest.sort_by(|a, b| b.0.cmp(&a.0));
    for (created_at, id, state) in newest.into_iter().take(5) {
        let mut tags = Vec::new();
        for tag in client.conversations().list_tags(id).send().await? {
            tags.push(tag.name);
        }
        let scores: Vec<i32> = client
            .conversations()
            .list_ratings(id)
            .send()
            .await?
            .into_iter()
            .filter_map(|rating| rating.rating_score)
            .collect();
        let state = state.as_ref().map_or("-", ConversationState::as_str);
        println!("{created_at}  #{id:<8} {state:<8} tags: {tags:?}  ratings: {scores:?}");
    }
    Ok(())
}
