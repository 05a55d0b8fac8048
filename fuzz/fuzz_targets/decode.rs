//! Any bytes as a response body of the busiest response types: decoding must never panic, and a
//! failure must say where.
#![no_main]

use dixa::types::{GetConversationOutput, ListActivityLogOutput, ListAgentsOutput, ListMessagesOutput};
use libfuzzer_sys::fuzz_target;

fn check<T: serde::de::DeserializeOwned>(data: &[u8]) {
    if let Err(error) = dixa::from_json::<T>(data) {
        assert!(!error.path.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    check::<ListAgentsOutput>(data);
    check::<GetConversationOutput>(data);
    check::<ListActivityLogOutput>(data);
    check::<ListMessagesOutput>(data);
});
