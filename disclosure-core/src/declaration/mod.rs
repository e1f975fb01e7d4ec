//! What one annotation declares, in neutral terms: plain values, each with the file, line and
//! column it was written at, and the package and item it belongs to. The scanner turns parsed
//! annotations (syntax trees with compiler spans) into [`Declaration`]s; everything downstream (the
//! notice model, the checks, the change summary, the renderers) reads only these, never a syntax
//! tree or a compiler span.

use crate::catalogue::{Basis, Mechanism, Origin, Qualifier};
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

/// A data item as the code declares it: its id, how it is transformed before it is sent, and the
/// conditions of the field that carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataUse {
    /// The data item id.
    pub id: Located<String>,
    /// `hashed`, `pseudonymised`, `anonymised`, in the order written.
    pub qualifiers: Vec<Qualifier>,
    /// The field's conditions (`#[disclose(data = [...], when = "…")]`); empty: whenever the
    /// transmission happens.
    pub when: Vec<Located<String>>,
}

impl DataUse {
    /// Whether `other` is the same item with the same qualifiers and conditions.
    pub fn same_as(&self, other: &DataUse) -> bool {
        self.id.value == other.id.value
            && self.qualifiers == other.qualifiers
            && self
                .when
                .iter()
                .map(|w| &w.value)
                .eq(other.when.iter().map(|w| &w.value))
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
    pub data: Vec<DataUse>,
    /// The operator's purposes.
    pub purposes: Vec<Located<String>>,
    /// The conditions the transmission is limited to; empty when it always happens.
    pub when: Vec<Located<String>>,
    /// How it is sent, when the annotation says.
    pub mechanism: Option<Located<Mechanism>>,
    /// Why it may happen, when the annotation says (default: published in the notice).
    pub basis: Option<Located<Basis>>,
    /// Why an `essential` transmission is essential.
    pub reason: Option<Located<String>>,
    /// The `[[opt_out]]` that states how to stop it, instead of the provider's.
    pub opt_out: Option<Located<String>>,
    /// Where it leaves from, when the annotation says.
    pub origin: Option<Located<Origin>>,
    /// The legal review that approved it.
    pub review: Option<Located<String>>,
}

impl Declaration {
    /// The data item ids.
    pub fn data_ids(&self) -> impl Iterator<Item = &str> {
        self.data.iter().map(|d| d.id.value.as_str())
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
