//! Foundations every stage uses: diagnostics with stable codes, text in two languages, ids,
//! "did you mean" suggestions, dates, CommonMark escaping, and the structure of multi-line texts.

#[cfg(feature = "catalogue")]
pub mod characters;
pub mod choice;
pub mod code;
pub mod commonmark;
pub mod date;
pub mod diagnostic;
#[cfg(feature = "catalogue")]
pub mod files;
pub mod ids;
pub mod levels;
pub mod localized;
pub mod registry;
#[cfg(feature = "engine")]
pub mod report;
pub mod suggest;
pub mod text;
pub mod vocab;
