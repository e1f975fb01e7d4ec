//! The crate's integration tests, gathered in one binary (each test binary costs a link).

mod structure;

mod architecture;
mod render_structure;
