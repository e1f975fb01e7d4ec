//! The crate's integration tests, gathered in one binary (each test binary costs a link).

mod common;

mod agreement;
mod build;
mod consent;
mod dependencies;
mod determinism;
mod every_fact;
mod exports;
mod facts;
mod hostile;
mod layouts;
mod schema;
mod snapshots;
mod template_context;
mod texts;
