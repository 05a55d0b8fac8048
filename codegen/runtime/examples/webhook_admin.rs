//! Webhook subscription admin: lists the subscriptions, creates one for closed and rated
//! conversations, checks its deliveries, disables it, and deletes it again.
//!
//! `DIXA_API_TOKEN=… cargo run -p dixa --example webhook_admin -- [https://your.endpoint/dixa]`

use dixa::types::{
    CreateWebhookSubscriptionInput, DeliveryStatus, PatchWebhookSubscriptionInput, TokenAuth, WebhookEvent,
};

#[tokio::main]
async fn main() -> Result<(), dixa::Error> {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "https://example.com/dixa-events".into());
    let client = dixa::Client::from_env()?;

    for subscription in client.webhooks().list().send().await? {
        let state = if subscription.enabled { "enabled" } else { "disabled" };
        println!("{:<30} {state:<8} {}", subscription.name, subscription.url);
    }

    let events = [WebhookEvent::ConversationClosed, WebhookEvent::ConversationRated];
    let input = CreateWebhookSubscriptionInput::new("Nightly report feed", &url, TokenAuth::new("a-shared-secret"))
        .events(events.to_vec());
    let created = client.webhooks().create(input).send().await?.data;
    println!("created {} for {:?}", created.id, created.subscribed_events);

    for status in client.webhooks().get_delivery_status(created.id).send().await? {
        match status.delivery_status {
            DeliveryStatus::Detail(detail) => println!(
                "{:<24} last delivery {} → {}",
                status.event, detail.delivery_timestamp, detail.response_code
            ),
            DeliveryStatus::NoRecentDelivery => println!("{:<24} no recent delivery", status.event),
            DeliveryStatus::Unknown(json) => println!("{:<24} {json}", status.event),
            other => println!("{:<24} {other:?}", status.event),
        }
    }
    let logs = client
        .webhooks()
        .get_delivery_status_logs(created.id, WebhookEvent::ConversationClosed)
        .send()
        .await?;
    for log in logs {
        let detail = log.delivery_detail;
        println!(
            "{} success={} ({})",
            detail.delivery_timestamp, detail.success, detail.response_text
        );
    }

    let disabled = client
        .webhooks()
        .patch(created.id, PatchWebhookSubscriptionInput::default().enabled(false))
        .send()
        .await?
        .data;
    println!("{} enabled: {}", disabled.name, disabled.enabled);
    client.webhooks().delete(created.id).send().await?;
    println!("deleted {}", created.id);
    Ok(())
}
