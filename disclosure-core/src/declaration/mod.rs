//! What one annotation declares, in neutral terms: plain values, each with the file, line and
//! column it was written at, and the package and item it belongs to. The scanner turns parsed
//! annotations (syntax trees with compiler spans) into [`Declaration`]s; everything downstream (the
//! notice model, the checks, the change summary, the renderers) reads only these, never a syntax
//! tree or a compiler span.

use crate::catalogue::{Basis, Mechanism};
use crate::foundation::diagnostic::Location;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub at: Location,
}

impl<T> Located<T> {
    /// A value at a place.
    pub fn new(value: T, at: Location) -> Self {
        Located { value, at }
    }
}

/// One transmission as the code declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The package it is in.
    pub package: String,
    /// The annotated item (`telemetry::Analytics::page_view`).
    pub item: String,
    /// Where the annotation is; the file is relative to the workspace root.
    pub at: Location,
    /// The recipient's provider id.
    pub provider: Located<String>,
    /// The data items sent, in the order written (a type's nested fields' after its own).
    pub data: Vec<Located<String>>,
    /// The operator's purposes.
    pub purposes: Vec<Located<String>>,
    /// The condition the transmission is limited to.
    pub when: Option<Located<String>>,
    /// How it is sent, when the annotation says.
    pub mechanism: Option<Located<Mechanism>>,
    /// Why it may happen, when the annotation says (default: published in the notice).
    pub basis: Option<Located<Basis>>,
    /// Why an `essential` transmission is essential.
    pub reason: Option<Located<String>>,
    /// The legal review that approved it.
    pub review: Option<Located<String>>,
}

impl Declaration {
    /// The data item ids.
    pub fn data_ids(&self) -> impl Iterator<Item = &str> {
        self.data.iter().map(|d| d.value.as_str())
    }

    /// The purpose ids.
    pub fn purpose_ids(&self) -> impl Iterator<Item = &str> {
        self.purposes.iter().map(|p| p.value.as_str())
    }

    /// The basis, `notice` when the annotation gives none.
    pub fn basis(&self) -> Basis {
        self.basis.as_ref().map_or(Basis::Notice, |b| b.value)
    }
}
