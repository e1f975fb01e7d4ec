//! Foundations every stage uses: diagnostics with stable codes, text in two languages, ids,
//! "did you mean" suggestions, dates, CommonMark escaping, and the structure of multi-line texts.

pub mod code;
pub mod date;
pub mod diagnostic;
pub mod ids;
pub mod localized;
pub mod markdown;
#[cfg(feature = "engine")]
pub mod report;
pub(crate) mod suggest;
pub mod text;
