//! Coverage of the dependency graph: a crate the catalogue links to a recipient (`sentry`,
//! `opentelemetry-datadog`, …) that no annotation declares is undeclared; a declared recipient none
//! of whose crates is in the graph any more is stale.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Location};
use crate::generate::Project;
use crate::providers::{self, Provider};

/// What the coverage check found.
#[derive(Debug, Default)]
pub struct Coverage {
    /// Crates in the graph whose recipient no annotation declares.
    pub undeclared: Vec<Undeclared>,
    /// Declared recipients none of whose crates is in the graph.
    pub stale: Vec<Stale>,
}

/// A crate in the dependency graph that sends to a recipient no annotation declares.
#[derive(Debug)]
pub struct Undeclared {
    /// The crate.
    pub krate: String,
    /// Its versions in the graph.
    pub versions: Vec<String>,
    /// The recipient's id, service and entity.
    pub provider: String,
    /// The recipient's service name (English, else Japanese).
    pub service: String,
    /// The recipient's legal entity (English, else Japanese).
    pub entity: String,
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
    /// The findings as diagnostics: undeclared crates are errors, stale recipients warnings.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .undeclared
            .iter()
            .map(|u| {
                Diagnostic::error(format!(
                    "crate `{}` {} sends to `{}` ({}, {}), but no annotation declares a transmission to it",
                    u.krate,
                    u.versions.join(", "),
                    u.provider,
                    u.service,
                    u.entity
                ))
                .help(format!(
                    "annotate the code that uses `{}`: #[disclose(provider = \"{}\", data = [...], purpose = [...])]",
                    u.krate, u.provider
                ))
            })
            .collect();
        for s in &self.stale {
            let mut d = Diagnostic::warning(format!(
                "recipient `{}` is declared, but none of its crates ({}) is in the dependency graph",
                s.provider,
                s.crates.join(", ")
            ))
            .help("remove the annotation if the service is no longer used, or check the features and target");
            if let Some(at) = s.declared_at.first() {
                d = d.at(at.clone());
            }
            out.push(d);
        }
        out
    }
}

/// Checks `project`'s dependency graph against its annotations and the catalogue.
pub fn check(project: &Project) -> Coverage {
    let declared: BTreeSet<&str> = project
        .found
        .iter()
        .map(|f| f.annotation.provider.value.as_str())
        .collect();
    let mut candidates: Vec<&Provider> = project.catalogue.providers.iter().collect();
    for p in providers::builtin() {
        if !candidates.iter().any(|c| c.id() == p.id()) {
            candidates.push(p);
        }
    }
    candidates.sort_by(|a, b| a.id().cmp(b.id()));
    let text = |l: &crate::localized::Localized| {
        l.get(crate::localized::Lang::En)
            .or_else(|| l.get(crate::localized::Lang::Ja))
            .unwrap_or_default()
            .to_string()
    };
    let mut coverage = Coverage::default();
    for provider in candidates.iter().filter(|p| !p.crates.is_empty()) {
        let present: Vec<&String> = provider
            .crates
            .iter()
            .filter(|c| project.workspace.crates.contains_key(*c))
            .collect();
        let is_declared = declared.contains(provider.id());
        for krate in &present {
            if !is_declared {
                coverage.undeclared.push(Undeclared {
                    krate: krate.to_string(),
                    versions: project.workspace.crates[*krate].iter().cloned().collect(),
                    provider: provider.id().to_string(),
                    service: text(&provider.service),
                    entity: text(&provider.entity),
                });
            }
        }
        if is_declared && present.is_empty() {
            coverage.stale.push(Stale {
                provider: provider.id().to_string(),
                crates: provider.crates.clone(),
                declared_at: project
                    .found
                    .iter()
                    .filter(|f| f.annotation.provider.value == provider.id())
                    .map(|f| f.location.clone())
                    .collect(),
            });
        }
    }
    coverage
}
