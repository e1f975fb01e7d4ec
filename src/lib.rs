//! # disclosure
//!
//! Keep the external-transmission notice that Japan's Telecommunications Business Act (Art. 27-12,
//! 外部送信規律) requires in sync with the code that sends the data.
//!
//! Annotate each function that sends user information to a third party:
//!
//! ```ignore
//! use disclosure::disclose;
//!
//! #[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics])]
//! fn track_page_view(url: &str) { /* … */ }
//! ```
//!
//! declare the recipient once in `disclosure.toml`, and run `cargo disclosure generate` to get the
//! notice in Japanese or English. A misspelt recipient, data item or purpose is a compile error.
//! See `docs/getting-started.md`.
//!
//! This crate re-exports the macros and, with the `engine` feature, the engine
//! ([`disclosure_core`]) for build scripts and tools.

pub use disclosure_macros::disclose;

/// The engine: vocabulary, catalogue, annotation syntax, scanner, notice model and renderers.
#[cfg(feature = "engine")]
pub use disclosure_core as core;
