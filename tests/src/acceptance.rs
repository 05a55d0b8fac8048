//! What the generated API lets a user write (issue #18's acceptance), compiled as doctests but
//! not run, and what it must refuse.
//!
//! Issue #18's snippet, as written there:
//!
//! ```no_run
//! async fn f(client: dixa::Client, c: dixa::types::Conversation, id: dixa::types::ConversationId, q: dixa::types::QueueId) -> Result<(), dixa::Error> {
//!     let _ = (c.id(), c.channel(), c.created_at());
//!     for tag in client.conversations().list_tags(id).send().await? { let _: dixa::types::Tag = tag; }
//!     let mut agents = client.agents().list().into_stream();
//!     while let Some(agent) = agents.next().await { let _ = agent?; }
//!     let _all = client.agents().list().into_stream().try_collect().await?;
//!     let _client = dixa::Client::builder_from_env()?.rate_limit(10, 4).build()?;
//!     let _p: dixa::types::PeriodFilter = dixa::types::PresetPeriod::PreviousWeek.into();
//!     let now = std::time::SystemTime::now();
//!     let _i = dixa::types::Interval::new(now - std::time::Duration::from_secs(604_800), now);
//!     let _t = dixa::types::TransferConversationInput::new(q);
//!     Ok(())
//! }
//! ```
//!
//! Ids of different kinds are different types; each converts from its wire value:
//!
//! ```no_run
//! use dixa::types::{AgentId, ConversationId, QueueId, TransferConversationInput};
//!
//! # async fn f(client: dixa::Client, q: QueueId, agent: AgentId) -> Result<(), dixa::Error> {
//! let _t = TransferConversationInput::new(q).user_id(agent);
//! let id: ConversationId = 1234.into();
//! client.conversations().transfer_queue(id, TransferConversationInput::new(q)).send().await?;
//! let parsed: QueueId = "92f8d193-b26f-4a62-86a3-bb03ee0915e9".parse().expect("a UUID");
//! println!("{parsed} {id}");
//! # Ok(())
//! # }
//! ```
//!
//! Values build shallowly: a wrapper from what it wraps, timestamps from `SystemTime`:
//!
//! ```
//! use dixa::types::{Content, Interval, PeriodFilter, PresetPeriod, Text};
//! use std::time::{Duration, SystemTime};
//!
//! let _p: PeriodFilter = PresetPeriod::PreviousWeek.into();
//! let now = SystemTime::now();
//! let _i = Interval::new(now - Duration::from_secs(604_800), now);
//! let _c = Content::from(Text::from("Hello".to_owned()));
//! ```
//!
//! Passing an agent id where a queue id is expected does not compile:
//!
//! ```compile_fail,E0277
//! fn f(agent: dixa::types::AgentId) {
//!     let _t = dixa::types::TransferConversationInput::new(agent);
//! }
//! ```
