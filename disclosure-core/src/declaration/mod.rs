//! What one annotation declares, in neutral terms: plain values, each with the file, line and
//! column it was written at, and the package and item it belongs to. The scanner turns parsed
//! annotations (syntax trees with compiler spans) into [`Declaration`]s; everything downstream (the
//! notice model, the checks, the change summary, the renderers) reads only these, never a syntax
//! tree or a compiler span.

use crate::foundation::diagnostic::Location;
use crate::foundation::vocab::{Basis, Mechanism, Origin, Qualifier};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// One transmission as the code declares it (`cargo disclosure extract` writes it as JSON, and
/// `generate --declarations` reads it back).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// For a `[[transmission]]` of `disclosure.toml`: the file it declares (relative to the
    /// workspace root), which pulls the SDK in or sends the data.
    pub covers: Option<std::path::PathBuf>,
    /// The builds that compile it (target triples), when not every build the notice covers does;
    /// empty: every one.
    pub targets: Vec<String>,
    /// The request keys its function's body sends, each with the data item it carries (`none`:
    /// nothing about the user), as its annotation maps them; `verify` reads requests with them.
    pub keys: Vec<(String, String)>,
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

    /// Whether it is written in `file`, or declares it (a `[[transmission]]`'s `source`).
    pub fn declares_file(&self, file: &std::path::Path) -> bool {
        self.at.file == file || self.covers.as_deref() == Some(file)
    }

    /// The basis, `notice` when the annotation gives none.
    pub fn basis(&self) -> Basis {
        self.basis.as_ref().map_or(Basis::Notice, |b| b.value)
    }
}

/// A place the code, its web assets or its app's manifests send to a provider from, seen without
/// an annotation: a coverage check decides whether a declaration covers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    /// What kind of place it is.
    pub kind: SightingKind,
    /// The host (`www.googletagmanager.com`) or package (`@sentry/browser`) seen.
    pub what: String,
    /// The providers it belongs to (several when nothing tells two providers on one host apart).
    pub providers: Vec<String>,
    /// Where it is, relative to the workspace root.
    pub at: Location,
    /// The package whose directory holds it.
    pub package: String,
    /// What surrounds it in Rust code.
    pub context: SightingContext,
}

/// Where a Rust endpoint sits.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum SightingContext {
    /// In a function annotated for these providers.
    Annotated(Vec<String>),
    /// In a `const` or `static`: a name for the endpoint, not a transmission by itself.
    Constant,
    /// Anywhere else: ordinary code, an asset, a manifest.
    Other,
}

/// A kind of [`Sighting`], named and described by the discovery source that sees it (each defines
/// its own), with the rule for which declaration covers it.
#[derive(Clone, Copy, Debug)]
pub struct SightingKind {
    /// Its id (`script`, `npm-package`).
    pub id: &'static str,
    /// What it is, in a few words (`script`, `npm package`).
    pub description: &'static str,
    /// Which declaration covers a place of this kind.
    pub covered_by: Covering,
}

impl PartialEq for SightingKind {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for SightingKind {}

impl PartialOrd for SightingKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SightingKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.id.cmp(other.id)
    }
}

impl std::hash::Hash for SightingKind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

/// Which declaration covers a sighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Covering {
    /// An annotation of the function it is in (a Rust endpoint); a constant's, any declaration of
    /// its package.
    Function,
    /// A declaration in or for its file (a comment annotation, a `[[transmission]]` whose
    /// `source` is the file).
    File,
    /// A declaration anywhere in or for the app whose package list names it (a package an app
    /// links ships in the whole app).
    App,
}
