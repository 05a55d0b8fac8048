//! Helpers shared by the cross-crate tests in this folder. The project README is included
//! here so that its code blocks are compiled as doctests.
#![doc = include_str!("../../README.md")]

pub mod json;
pub mod server;
