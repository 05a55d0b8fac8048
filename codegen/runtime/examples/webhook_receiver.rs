//! A webhook receiver: verifies each delivery's signature over the raw body, decodes it, skips
//! repeated deliveries of an event it has handled, and prints the event.
//!
//! ```sh
//! DIXA_WEBHOOK_SECRET=<the subscription's secret key> cargo run -p dixa --example webhook_receiver
//! ```
//!
//! It listens on `127.0.0.1:3000` (set `WEBHOOK_ADDR` to change it); point the subscription's URL
//! at `/dixa/webhooks` there.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use dixa::uuid::Uuid;
use dixa::webhooks::{self, EventData, WebhookError};
use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

/// How many event ids to remember: Dixa repeats a delivery within seconds, not days.
const REMEMBERED: usize = 10_000;

/// The receiver's routes: `POST /dixa/webhooks`, verified with `secret`.
pub fn app(secret: String) -> Router {
    let receiver = Receiver {
        secret,
        seen: Mutex::default(),
    };
    Router::new()
        .route("/dixa/webhooks", post(receive))
        .with_state(Arc::new(receiver))
}

struct Receiver {
    secret: String,
    seen: Mutex<Seen>,
}

/// Event ids already handled, the oldest forgotten first.
#[derive(Default)]
struct Seen {
    ids: HashSet<Uuid>,
    order: VecDeque<Uuid>,
}

impl Seen {
    /// Whether `id` is seen for the first time (it is remembered from now on).
    fn first_time(&mut self, id: Uuid) -> bool {
        if !self.ids.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > REMEMBERED {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        true
    }
}

async fn receive(State(receiver): State<Arc<Receiver>>, headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    let signature = headers
        .get(webhooks::SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    // The body's bytes as received: a parsed and re-encoded body never verifies.
    let event = match webhooks::verify_and_decode(&receiver.secret, signature, &body) {
        Ok(event) => event,
        Err(WebhookError::Signature(refused)) => return (StatusCode::UNAUTHORIZED, refused.to_string()),
        // Genuine but not what this version expects: say where, so that Dixa's delivery log shows it.
        Err(error) => return (StatusCode::BAD_REQUEST, error.to_string()),
    };
    // Dixa delivers at least once, sometimes two or three times at once: act once per event id,
    // and answer the repeats with success so that they stop.
    let first_time = receiver
        .seen
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .first_time(event.event_id);
    if !first_time {
        return (StatusCode::OK, "duplicate".into());
    }
    match &event.data {
        EventData::ConversationMessageAdded(message) => println!(
            "conversation {}: message from {}: {}",
            message.conversation.csid,
            message.author.name.as_deref().unwrap_or("(no name)"),
            message.text.as_deref().unwrap_or_default()
        ),
        EventData::ConversationTagAdded(tagged) => {
            println!("conversation {}: tagged {}", tagged.conversation.csid, tagged.tag)
        }
        _ => println!("{} {}", event.event_fqn, event.event_id),
    }
    (StatusCode::OK, "ok".into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret =
        std::env::var("DIXA_WEBHOOK_SECRET").map_err(|_| "set DIXA_WEBHOOK_SECRET to the subscription's secret key")?;
    let address = std::env::var("WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on http://{address}/dixa/webhooks");
    axum::serve(listener, app(secret)).await?;
    Ok(())
}
