//! Coverage of the dependency graph: a crate the catalogue links to a recipient (`sentry`,
//! `opentelemetry-datadog`, …) while no annotation declares a transmission to it is undeclared; a
//! declared recipient none of whose crates is in the graph any more is stale. One finding per
//! recipient, listing every crate that brings it.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::{Catalogue, Provider, builtin};
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::localized::{Lang, Localized};

/// What the coverage check found.
#[derive(Debug, Default)]
pub struct Coverage {
    /// Recipients the graph sends to that no annotation declares.
    pub undeclared: Vec<Undeclared>,
    /// Declared recipients none of whose crates is in the graph.
    pub stale: Vec<Stale>,
}

/// A recipient that crates in the dependency graph send to, while no annotation declares it.
#[derive(Debug)]
pub struct Undeclared {
    /// The recipient's id.
    pub provider: String,
    /// Its service name (English, else Japanese).
    pub service: String,
    /// Its legal entity (English, else Japanese).
    pub entity: String,
    /// The crates that bring it, each with its versions in the graph.
    pub crates: Vec<(String, Vec<String>)>,
}

/// A declared recipient none of whose crates is in the dependency graph.
#[derive(Debug)]
pub struct Stale {
    /// The recipient's id.
    pub provider: String,
    /// The crates that identify it.
    pub crates: Vec<String>,
    /// Where it is declared in the code.
    pub declared_at: Vec<Location>,
}

impl Coverage {
    /// Whether anything undeclared was found.
    pub fn has_undeclared(&self) -> bool {
        !self.undeclared.is_empty()
    }

    /// The findings as diagnostics: undeclared recipients are errors, stale ones warnings.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .undeclared
            .iter()
            .map(|u| {
                let crates: Vec<String> = u
                    .crates
                    .iter()
                    .map(|(name, versions)| format!("`{name}` {}", versions.join(", ")))
                    .collect();
                Diagnostic::error(
                    Code::UndeclaredCrate,
                    format!(
                        "`{}` ({}, {}) receives data through {}, but no annotation declares a transmission to it",
                        u.provider,
                        u.service,
                        u.entity,
                        crates.join(" and ")
                    ),
                )
                .help(format!(
                    "annotate the code that uses it: #[disclose(provider = \"{}\", data = [...], purpose = [...])]",
                    u.provider
                ))
            })
            .collect();
        for s in &self.stale {
            let d = Diagnostic::warning(
                Code::StaleRecipient,
                format!(
                    "recipient `{}` is declared, but none of its crates ({}) is in the dependency graph",
                    s.provider,
                    s.crates.join(", ")
                ),
            )
            .at_opt(s.declared_at.first().cloned())
            .help("remove the annotation if the service is no longer used, or check the features and target");
            out.push(d);
        }
        out
    }
}

/// Checks the crates of a dependency graph (`crates`: name → versions) against the declarations
/// and the catalogue.
pub fn check(
    catalogue: &Catalogue,
    declarations: &[Declaration],
    crates: &BTreeMap<String, BTreeSet<String>>,
) -> Coverage {
    let declared: BTreeSet<&str> = declarations
        .iter()
        .map(|d| d.provider.value.as_str())
        .collect();
    let mut candidates: Vec<&Provider> = catalogue.providers.iter().collect();
    for p in builtin::providers() {
        if !candidates.iter().any(|c| c.id() == p.id()) {
            candidates.push(p);
        }
    }
    candidates.sort_by(|a, b| a.id().cmp(b.id()));
    let text = |l: &Localized| {
        l.get(Lang::En)
            .or_else(|| l.get(Lang::Ja))
            .unwrap_or_default()
            .to_string()
    };
    let mut coverage = Coverage::default();
    for provider in candidates.iter().filter(|p| !p.packages.crates.is_empty()) {
        let present: Vec<(String, Vec<String>)> = provider
            .packages
            .crates
            .iter()
            .filter_map(|c| {
                crates
                    .get(c)
                    .map(|versions| (c.clone(), versions.iter().cloned().collect()))
            })
            .collect();
        let is_declared = declared.contains(provider.id());
        if !is_declared && !present.is_empty() {
            coverage.undeclared.push(Undeclared {
                provider: provider.id().to_string(),
                service: text(&provider.service),
                entity: text(&provider.entity),
                crates: present,
            });
        } else if is_declared && present.is_empty() {
            coverage.stale.push(Stale {
                provider: provider.id().to_string(),
                crates: provider.packages.crates.clone(),
                declared_at: declarations
                    .iter()
                    .filter(|d| d.provider.value == provider.id())
                    .map(|d| d.at.clone())
                    .collect(),
            });
        }
    }
    coverage
}
