//! What `disclosure` knows without being told: the vocabulary of data items, purposes and
//! countries, the catalogue of common recipients, the platforms' published identifiers, and the
//! notice's built-in wording. Each lives in a data file under `data/`, embedded at compile time.
//! `recheck` keeps the recipients' facts true over time.

pub mod parameters;
pub mod platforms;
mod provider_files;
pub mod providers;
#[cfg(feature = "engine")]
pub mod recheck;
pub mod texts;
pub mod vocabulary;

pub use providers::providers;
pub use vocabulary::{Vocabulary, vocabulary};
