//! Everything the service sends from users' devices, grouped by what it is for.

pub mod customer;
pub mod essential;
pub mod operations;
pub mod product;

/// A visit to a page of the service.
pub struct Visit {
    pub path: String,
}
