//! The engine of [`disclosure`](https://docs.rs/disclosure): everything between the annotations in the
//! code and the published external-transmission notice (Japan TBA Art. 27-12, 外部送信規律).
//!
//! Data flows one way:
//!
//! ```text
//! #[disclose(...)] in source ─┐
//!                             ├─► syntax::Annotation ─► model::Notice ─► render (Markdown, …)
//! disclosure.toml ────────────┘        (catalogue resolves every id)
//! ```
//!
//! * [`vocabulary`]: built-in data items, purposes, countries (Japanese and English labels).
//! * [`catalogue`]: `disclosure.toml`: operator, notice texts, providers, custom ids.
//! * [`syntax`]: the one parser of `#[disclose(...)]`, used by the proc macro and the scanner.
//! * [`scan`]: finds annotations in a workspace through `cargo metadata` and `syn`, without compiling.
//! * [`model`]: the language-neutral [`model::Notice`].
//! * [`render`]: Markdown in Japanese or English.
//! * [`Disclose`] / [`Disclosure`]: what a type sends, as a constant (always available, no dependencies).
//!
//! Features: `catalogue` (ids and `disclosure.toml`), `syntax` (adds the parser; what the proc macro
//! uses), `engine` (everything; the default).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod runtime;
pub use runtime::{Disclose, Disclosure};

#[cfg(feature = "catalogue")]
pub mod catalogue;
#[cfg(feature = "engine")]
pub mod changes;
#[cfg(feature = "engine")]
pub mod completeness;
#[cfg(feature = "engine")]
pub mod coverage;
#[cfg(feature = "catalogue")]
pub mod diagnostic;
#[cfg(feature = "engine")]
pub mod export;
#[cfg(feature = "engine")]
pub mod generate;
#[cfg(feature = "catalogue")]
pub mod localized;
#[cfg(feature = "catalogue")]
pub mod markdown;
#[cfg(feature = "engine")]
pub mod model;
#[cfg(feature = "catalogue")]
pub mod policy;
#[cfg(feature = "catalogue")]
pub mod providers;
#[cfg(feature = "engine")]
pub mod render;
#[cfg(feature = "engine")]
pub mod scan;
#[cfg(feature = "engine")]
pub mod schema;
#[cfg(feature = "catalogue")]
mod suggest;
#[cfg(feature = "syntax")]
pub mod syntax;
#[cfg(feature = "catalogue")]
pub mod vocabulary;
#[cfg(feature = "engine")]
pub mod write;
