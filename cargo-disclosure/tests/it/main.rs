//! The crate's integration tests, gathered in one binary (each test binary costs a link).

mod common;

mod bad_input;
mod catalogue;
mod cli;
mod diagnostics;
mod discovery;
mod docs_examples;
mod getting_started;
mod graph;
mod hostile_text;
mod incremental;
mod integrations;
mod legal_review;
mod lints;
mod pipeline;
mod policy;
mod scan;
mod verify;
