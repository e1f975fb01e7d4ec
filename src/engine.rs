//! The engine, for tools (feature `engine`): load a project, build its notice, check it, render it,
//! compare two notices, and check captured traffic against it. This module is the engine's public
//! boundary, the part that follows semantic versioning; `disclosure-core`, which implements it
//! for the `disclosure` crates, has no such promise.
//!
//! ```no_run
//! use disclosure::engine::{CheckOptions, Date, Format, Lang, Project, check, render};
//!
//! let (project, _warnings) = Project::load(None)?;
//! let (checked, _warnings) = check(&project, &CheckOptions::new(Date::today_utc()))?;
//! if checked.failed() {
//!     for finding in &checked.findings {
//!         eprintln!("{finding}");
//!     }
//! }
//! println!("{}", render(&checked.notice, Format::named("markdown"), Lang::Ja)?);
//! # Ok::<(), disclosure::engine::Error>(())
//! ```

// A project, end to end.
pub use disclosure_core::pipeline::outputs::write_all;
pub use disclosure_core::pipeline::{
    CheckOptions, Checked, Output, Project, check, checked::StaleOutput, notice, render_all,
};
pub use disclosure_core::scan::GraphOptions;

// The notice model (the JSON output's shape, `docs/schema/notice.schema.json`).
pub use disclosure_core::catalogue::{Evidence, Fact, Facts, Provenance};
pub use disclosure_core::model::{
    Condition, DataItem, DataUse, Metadata, Notice, Operator, OptOutStatement, Purpose,
    PurposeGroup, Recipient, SCHEMA_VERSION, Texts, Transmission,
};

// Rendering.
pub use disclosure_core::render::{
    Format, Layout, Options, Takes, UserTemplate, render, render_with,
};

// What changed between two notices, in plain words.
pub use disclosure_core::changes::summary as change_summary;

// Languages and dates.
pub use disclosure_core::foundation::date::Date;
pub use disclosure_core::foundation::localized::{Lang, Localized};

// Diagnostics.
pub use disclosure_core::foundation::code::Code;
pub use disclosure_core::foundation::diagnostic::{Diagnostic, Error, Location, Severity};
pub use disclosure_core::foundation::report::Reporter;

// The checks' results.
pub use disclosure_core::check::coverage::{Coverage, Uncovered, Undeclared};
pub use disclosure_core::check::staleness::Freshness;

// Captured traffic against the notice.
pub use disclosure_core::check::verify::{
    Finding, Observed, Options as VerifyOptions, Verification, verify,
};

// The catalogue a project is read with.
pub use disclosure_core::catalogue::Catalogue;
