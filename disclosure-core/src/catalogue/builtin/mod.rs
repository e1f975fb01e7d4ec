//! The built-in catalogue of common recipients (one file per provider under
//! `data/providers/`, embedded at compile time), the built-in maps of their requests' keys to data
//! items (`parameters`), and `recheck`, which keeps the recipients' facts true over time.

pub mod parameters;
mod provider_files;
pub mod providers;
#[cfg(feature = "engine")]
pub mod recheck;

pub use providers::providers;
