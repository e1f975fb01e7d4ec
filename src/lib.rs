//! # disclosure
//!
//! Keep the external-transmission notice that Japan's Telecommunications Business Act requires
//! (Art. 27-12, 外部送信規律) in sync with the code that sends the data.
//!
//! Annotate each function that sends user information, and each event struct that is sent:
//!
//! ```ignore
//! use disclosure::{disclose, Disclose};
//!
//! // What a Google Analytics 4 page view carries (`cargo disclosure verify` checks such a list
//! // against recorded requests).
//! #[disclose(
//!     provider = "google-analytics",
//!     data = [ip_address, cookie_id, page_url, referrer, usage_history, access_history, language,
//!             screen_settings, device_type, device_info, os_type, os_info, browser_info],
//!     purpose = [analytics],
//! )]
//! fn track_page_view(url: &str) { /* … */ }
//!
//! // An event the application posts to a recipient it declares in `disclosure.toml`.
//! #[derive(Disclose)]
//! #[disclose(provider = "acme-analytics", purpose = [analytics])]
//! struct SignUp {
//!     #[disclose(data = [user_id])]
//!     user: u64,
//!     #[disclose(skip = "only used to pick the form's language")]
//!     locale: String,
//! }
//!
//! // What a type carries is a constant: check consent before sending.
//! fn may_send<T: Disclose>(consented: &[&str]) -> bool {
//!     T::DISCLOSURE.provider.is_some_and(|p| consented.contains(&p))
//! }
//! ```
//!
//! Declare each recipient once in `disclosure.toml`, and run `cargo disclosure generate` for the
//! notice in Japanese or English. A misspelt id, or a field that does not say what it carries, is a
//! compile error. See `docs/getting-started.md` and `docs/annotating.md`.
//!
//! Features (none is on by default): `build` adds the module `build` (generate the notice into
//! `OUT_DIR` from a build script, to serve it with `include_str!`); `testing` adds
//! `testing::assert_notice_snapshot!()` (the notice as an insta snapshot in your own tests);
//! `engine` exposes the engine as `disclosure::engine`; `runtime` adds the module `runtime`, a
//! consent gate and request recorder (`runtime-tower` and `runtime-reqwest` add the `tower` and
//! `reqwest-middleware` integrations).

#![warn(missing_docs)]

pub use disclosure_core::{Disclose, Disclosure};
pub use disclosure_macros::{Disclose, disclose};

#[cfg(feature = "engine")]
pub mod engine;

#[cfg(feature = "build")]
pub mod build;

#[cfg(feature = "testing")]
pub mod testing;

#[cfg(feature = "runtime")]
pub mod runtime;
