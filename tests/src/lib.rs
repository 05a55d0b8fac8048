//! Helpers shared by the cross-crate tests in this folder. The project README is included
//! here so that its code blocks are compiled as doctests.
#![doc = include_str!("../../README.md")]

pub mod acceptance;
pub mod child;
pub mod jackson;
pub mod json;
pub mod server;

/// The number of property-test cases: `PROPTEST_CASES` for long runs, else `default` (what CI runs).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
