//! `disclosure.toml` as a whole, exactly as written: the provider tables (declared with their
//! facts, [`super::facts`]) and every other table ([`super::raw`]). `super::validate` turns a
//! [`Document`] into a [`super::Catalogue`].
//!
//! These types are also the published schema of the file (`docs/schema/disclosure.schema.json`):
//! their doc comments are what editors show.

use serde::Deserialize;
use toml::Spanned;

use super::facts::ProviderDecl;
use super::raw::{
    DiscoveryDecl, NoticeTexts, Operator, OptOutEntry, OutputDecl, ParameterDecl, PolicyDecl,
    TargetDecl, TermDecl, TransmissionDecl,
};

/// The whole file.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The notice's own texts, version and dates.
    #[serde(default)]
    pub notice: NoticeTexts,
    /// The service operator publishing the notice. Required to build a notice; a library's own
    /// catalogue, which only declares what the library sends, has none.
    pub operator: Option<Operator>,
    /// The recipients this project declares (or whose built-in facts it overrides), in the order
    /// the notice lists them.
    #[serde(default, rename = "provider")]
    pub providers: Vec<ProviderDecl>,
    /// The project's own data items (after the built-in ones).
    #[serde(default, rename = "data")]
    pub data_items: Vec<TermDecl>,
    /// The project's own purposes (after the built-in ones).
    #[serde(default, rename = "purpose")]
    pub purposes: Vec<TermDecl>,
    /// Conditions a transmission can be limited to (`when = "…"`).
    #[serde(default, rename = "condition")]
    pub conditions: Vec<TermDecl>,
    /// Groups of purposes, numbered in the notice with their purposes under them.
    #[serde(default, rename = "purpose_group")]
    pub purpose_groups: Vec<TermDecl>,
    /// Ways to stop a transmission (or the statement that it cannot be stopped) that annotations
    /// name (`opt_out = "…"`).
    #[serde(default, rename = "opt_out")]
    pub opt_outs: Vec<OptOutEntry>,
    /// Keys of a provider's requests and the data items they carry, for `cargo disclosure verify`
    /// (beside the built-in maps).
    #[serde(default, rename = "parameter")]
    pub parameters: Vec<ParameterDecl>,
    /// Transmissions of code that is not Rust (a JavaScript, iOS or Android SDK), each written in
    /// the annotation syntax and located at the file that pulls the SDK in.
    #[serde(default, rename = "transmission")]
    pub transmissions: Vec<TransmissionDecl>,
    /// The builds the product ships (one notice covers them all). Default: the machine the
    /// notice is generated on, or `--target`.
    #[serde(default, rename = "target")]
    pub targets: Vec<TargetDecl>,
    /// Where the scanner looks for transmissions beyond annotations.
    #[serde(default)]
    pub discovery: DiscoveryDecl,
    /// The files `cargo disclosure generate` writes and `cargo disclosure check` checks.
    #[serde(default, rename = "output")]
    pub outputs: Vec<OutputDecl>,
    /// The organisation's rules about transmissions (`cargo disclosure policy`).
    pub policy: Option<PolicyDecl>,
    /// The level of each lint, as Cargo's `[lints]`: keyed by code (`D0412`), name
    /// (`notice-metadata-missing`) or `warnings`; a level (`"warn"`, `"deny"`) or a table with a
    /// `reason` (required for `allow`): `D0412 = { level = "allow", reason = "…" }`.
    #[serde(default)]
    #[cfg_attr(
        feature = "engine",
        schemars(with = "std::collections::BTreeMap<String, super::raw::LintDecl>")
    )]
    pub lints: std::collections::BTreeMap<Spanned<String>, super::raw::LintDecl>,
}
