//! What crosses the run-time boundary, declared once for both sides (feature `wire`): the notice
//! hosts the consent gate reads from the notice model ([`notice::NoticeHosts`]), the line the
//! request recorder writes and `cargo disclosure verify` reads ([`recorded::RecordedLine`]), and
//! the host a request goes to, as a browser and the `url` crate find it ([`url::host_of`]), and the
//! consent panel's units and cookie, which the panel and the gate read alike ([`consent`]), and its
//! words, which a native settings screen reads ([`panel`]), and the consent log's database, which
//! the facade's `runtime::SqliteLog` writes and `verify` reads (`consent_db`, feature `sqlite`).
//!
//! The gate (in the facade's `runtime`) and `verify` (in [`crate::check`]) use only these, so what
//! the gate lets through and what `verify` reports can never disagree about where a request goes.

pub mod consent;
#[cfg(feature = "sqlite")]
pub mod consent_db;
mod model_json;
pub mod notice;
pub mod panel;
pub mod recorded;
pub mod url;

pub use consent::{ConsentCookie, ConsentRecord, ConsentUnit};
pub use notice::{
    NoticeHosts, NoticeHostsError, RecipientHosts, SCHEMA_VERSION, TransmissionHosts,
};
pub use recorded::RecordedLine;
