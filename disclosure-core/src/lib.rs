//! The engine of [`disclosure`](https://docs.rs/disclosure): everything between the annotations in
//! the code and the published external-transmission notice (Japan TBA Art. 27-12, 外部送信規律).
//!
//! This crate implements the `disclosure` crates (the facade, its proc macros and
//! `cargo-disclosure`) and is versioned with them; its modules are public for them, with no
//! promise of stability. Tools use the curated boundary instead: `disclosure::engine` (feature
//! `engine` of the `disclosure` crate).
//!
//! The modules are the pipeline, in the order data flows through it (`docs/architecture.md` is the
//! map):
//!
//! ```text
//! foundation ─► catalogue ─► annotation ─► scan ─► declaration ─► model ─┬─► check
//!                                                                       ├─► changes
//!                                                                       └─► render ─► pipeline
//! ```
//!
//! (In the import order `declaration` comes before `scan`, which produces it.)
//!
//! * [`foundation`]: diagnostics with stable codes, text in two languages, ids, dates.
//! * [`catalogue`]: `disclosure.toml` (raw and validated), the built-in providers, vocabulary and
//!   wording, the policy's configuration, and which catalogue governs a package.
//! * [`annotation`]: the one parser of `#[disclose(...)]` and `#[derive(Disclose)]`, shared by the
//!   proc macro and the scanner.
//! * [`scan`]: the workspace through `cargo metadata`, each crate's module tree in this build's
//!   `cfg`, annotations turned into [`declaration::Declaration`]s. Nothing is compiled or run.
//! * [`declaration`]: what one annotation declares, with its place; no syntax-tree types.
//! * [`model`]: the language-neutral [`model::Notice`].
//! * [`check`]: completeness, policy, coverage, staleness.
//! * [`changes`]: what changed between two notices, in plain words.
//! * [`render`]: Markdown, HTML, Mermaid, JSON, and the platforms' forms.
//! * [`pipeline`]: a project loaded end to end, its outputs, atomic writes, the reviewer's view.
//! * [`Disclose`] / [`Disclosure`]: what a type sends, as a constant (always available).
//! * [`host`]: how a provider's domains match a request's host, and which recipient a host belongs
//!   to (always available).
//! * [`wire`]: what crosses the run-time boundary, declared once for the gate and `verify`: the
//!   notice's hosts, the recorder's line, a URL's host (feature `wire`).
//!
//! Features: `catalogue` (foundation and catalogue: ids and `disclosure.toml`), `syntax` (adds the
//! parser; what the proc macro uses), `wire` (the run-time contracts; what the facade's gate uses),
//! `engine` (everything; the default).

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

mod disclose;
pub use disclose::{Disclose, Disclosure};

pub mod host;
#[cfg(feature = "wire")]
pub mod wire;

#[cfg(feature = "syntax")]
pub mod annotation;
#[cfg(feature = "catalogue")]
pub mod catalogue;
#[cfg(feature = "engine")]
pub mod changes;
#[cfg(feature = "engine")]
pub mod check;
#[cfg(feature = "engine")]
pub mod declaration;
#[cfg(feature = "catalogue")]
pub mod foundation;
#[cfg(feature = "engine")]
pub mod model;
#[cfg(feature = "engine")]
pub mod pipeline;
#[cfg(feature = "engine")]
pub mod render;
#[cfg(feature = "engine")]
pub mod scan;
#[cfg(all(test, feature = "engine"))]
mod test_support;
