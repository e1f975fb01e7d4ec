//! The compile tests of `disclosure`'s macros live in `tests/compile.rs`; the cases in `pass/`,
//! `fail/`, `catalogue/` and `no-catalogue/`.
