//! The hand-written part of the crate: HTTP, retries, errors, pagination, timestamps.
//! The generator copies it verbatim; the generated `types` and `api` modules build on it.

mod bulk;
mod client;
mod datetime;
mod error;
mod pagination;
mod rate_limit;
mod request;
mod retry;
mod serde_support;

pub use bulk::{BulkOutcome, BulkOutcomes};
pub use client::{Client, ClientBuilder};
pub use datetime::{DateTime, ParseDateTimeError};
pub use error::{ApiError, DecodeError, Error};
pub use request::{from_json, RequestOptions, Response};
pub use retry::RetryPolicy;

pub(crate) use pagination::paginate;
pub(crate) use request::{segment, Request};
pub(crate) use serde_support::{deserialize_open_enum, Tagged};
