//! Helpers shared by the cross-crate tests in this folder.

pub mod json;
pub mod server;
