//! Coverage: does a declaration cover every place the code sends from? The places are the crates
//! of the dependency graph the catalogue links to a recipient (`sentry`, `opentelemetry-datadog`,
//! …), and what the scan found without an annotation ([`Sighting`]): endpoints in Rust string
//! literals, tags and Content-Security-Policy sources in web assets and templates, a Tauri app's
//! configuration, an app's npm, iOS and Android packages.
//!
//! A place is covered by a declaration for its recipient that is near it:
//!
//! | place | covered by |
//! | --- | --- |
//! | a crate | any declaration for the recipient |
//! | an endpoint in a function | the function's own annotation |
//! | an endpoint in a `const` or `static` | any declaration for the recipient in the same package |
//! | a tag, script, CSP source, capability | a comment annotation in the same file, or a `[[transmission]]` whose `source` is the file |
//! | an app's package | a declaration for the recipient in the manifest's directory (a comment annotation, or a `[[transmission]]` whose `source` is there) |
//!
//! Findings come one per recipient, listing every place: a recipient nothing declares
//! ([`Undeclared`]); a declared recipient some places of which no declaration covers
//! ([`Uncovered`]); a declared recipient none of whose crates is in the graph, and no place of which
//! was found ([`Stale`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::catalogue::{Catalogue, Provider};
use crate::declaration::{Covering, Declaration, Sighting, SightingContext};
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::localized::{Lang, Localized};

/// How many places a message lists before it counts the rest.
const LISTED: usize = 12;

/// What the coverage check found.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Coverage {
    /// Recipients the code sends to that nothing declares.
    pub undeclared: Vec<Undeclared>,
    /// Declared recipients sent to from places no declaration covers.
    pub uncovered: Vec<Uncovered>,
    /// Declared recipients none of whose crates is in the graph.
    pub stale: Vec<Stale>,
}

/// A recipient the code sends to, while nothing declares it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Undeclared {
    /// The recipient's id; several when the places cannot tell providers apart (a package or
    /// host they share).
    pub providers: Vec<String>,
    /// Its service name (English, else Japanese).
    pub service: String,
    /// Its legal entity (English, else Japanese).
    pub entity: String,
    /// The crates that bring it, each with its versions in the graph.
    pub crates: Vec<(String, Vec<String>)>,
    /// The other places that send to it.
    pub places: Vec<Sighting>,
}

/// A declared recipient sent to from places no declaration covers.
#[derive(Debug)]
#[non_exhaustive]
pub struct Uncovered {
    /// The recipient's id.
    pub provider: String,
    /// The places.
    pub places: Vec<Sighting>,
}

/// A declared recipient none of whose crates is in the dependency graph.
#[derive(Debug)]
#[non_exhaustive]
pub struct Stale {
    /// The recipient's id.
    pub provider: String,
    /// The crates that identify it.
    pub crates: Vec<String>,
    /// Where it is declared in the code.
    pub declared_at: Vec<Location>,
}

impl Coverage {
    /// Whether anything is undeclared or uncovered.
    pub fn has_undeclared(&self) -> bool {
        !self.undeclared.is_empty() || !self.uncovered.is_empty()
    }

    /// The findings as diagnostics: undeclared recipients and uncovered places are errors, stale
    /// recipients warnings.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for u in &self.undeclared {
            let ids = u
                .providers
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(" or ");
            let mut sources: Vec<String> = u
                .crates
                .iter()
                .map(|(name, versions)| format!("`{name}` {}", versions.join(", ")))
                .collect();
            sources.extend(listed(&u.places));
            let verb = if u.providers.len() > 1 {
                "receive"
            } else {
                "receives"
            };
            out.push(
                Diagnostic::error(
                    Code::UndeclaredRecipient,
                    format!(
                        "{ids} ({}, {}) {verb} data through {}, but nothing declares a transmission to it",
                        u.service,
                        u.entity,
                        and(&sources)
                    ),
                )
                .at_opt(u.places.first().map(|p| p.at.clone()))
                .help(help(&u.providers[0], !u.crates.is_empty(), &u.places)),
            );
        }
        for u in &self.uncovered {
            out.push(
                Diagnostic::error(
                    Code::UncoveredPlace,
                    format!(
                        "`{}` is declared, but {} send{} to it outside any declaration",
                        u.provider,
                        and(&listed(&u.places)),
                        if u.places.len() == 1 { "s" } else { "" }
                    ),
                )
                .at(u.places[0].at.clone())
                .help(help(&u.provider, false, &u.places)),
            );
        }
        for s in &self.stale {
            out.push(
                Diagnostic::warning(
                    Code::StaleRecipient,
                    format!(
                        "recipient `{}` is declared, but none of its crates ({}) is in the dependency graph",
                        s.provider,
                        s.crates.join(", ")
                    ),
                )
                .at_opt(s.declared_at.first().cloned())
                .help("remove the annotation if the service is no longer used, or check the features and target; if the code sends to it without its SDK (over HTTP, with `reqwest` or the like), say so on the annotation: `mechanism = server_api`"),
            );
        }
        out
    }
}

/// Whether a declaration of `provider` says it is sent some other way than through the
/// provider's SDK (`mechanism = server_api`, `tag`, …): then its crates' absence says nothing.
fn sends_without_its_crates(declarations: &[Declaration], provider: &str) -> bool {
    declarations.iter().any(|d| {
        d.provider.value == provider
            && d.mechanism
                .as_ref()
                .is_some_and(|m| m.value != crate::foundation::vocab::Mechanism::Sdk)
    })
}

/// Each place as `script `www.googletagmanager.com` (assets/index.html:7)`, the first few.
fn listed(places: &[Sighting]) -> Vec<String> {
    let mut out: Vec<String> = places
        .iter()
        .take(LISTED)
        .map(|p| {
            format!(
                "{} `{}` ({}:{})",
                p.kind.description,
                p.what,
                p.at.file.display(),
                p.at.line
            )
        })
        .collect();
    if places.len() > LISTED {
        out.push(format!("{} more places", places.len() - LISTED));
    }
    out
}

fn and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// How to declare `provider` for these kinds of places.
fn help(provider: &str, crates: bool, places: &[Sighting]) -> String {
    let coverings: BTreeSet<Covering> = places.iter().map(|p| p.kind.covered_by).collect();
    let mut ways = Vec::new();
    if crates || coverings.contains(&Covering::Function) {
        ways.push(format!(
            "annotate the function that sends it: #[disclose(provider = \"{provider}\", data = [...], purpose = [...])]"
        ));
    }
    if coverings.contains(&Covering::File) {
        ways.push(format!(
            "in the template or script, a comment: <!-- disclose(provider = \"{provider}\", data = [...], purpose = [...]) --> (or // disclose(...))"
        ));
    }
    // The package list people edit, before a lockfile.
    let locked = |p: &&Sighting| {
        p.at.file
            .to_string_lossy()
            .to_ascii_lowercase()
            .contains("lock")
    };
    let manifest = places
        .iter()
        .filter(|p| p.kind.covered_by == Covering::App)
        .min_by_key(|p| locked(p));
    if let Some(p) = manifest {
        ways.push(format!(
            "for the app's package, a [[transmission]] in disclosure.toml: source = \"{}\", disclose = 'provider = \"{provider}\", data = [...], purpose = [...]' (the path relative to disclosure.toml)",
            p.at.file.display()
        ));
    }
    ways.join("; or ")
}

/// Whether `d`, a declaration for one of the place's providers, covers `place`.
fn covers(d: &Declaration, place: &Sighting) -> bool {
    match (&place.context, place.kind.covered_by) {
        (SightingContext::Annotated(providers), _) => providers.contains(&d.provider.value),
        (SightingContext::Constant, _) => d.package == place.package,
        (SightingContext::Other, Covering::Function) => false,
        (SightingContext::Other, Covering::App) => {
            // A comment annotation in the app's files, or a `[[transmission]]` for one of them.
            let dir = place.at.file.parent().unwrap_or(Path::new(""));
            match &d.covers {
                Some(file) => file.starts_with(dir),
                None => {
                    d.at.file.starts_with(dir) && d.at.file.extension().is_none_or(|x| x != "rs")
                }
            }
        }
        (SightingContext::Other, Covering::File) => d.declares_file(&place.at.file),
    }
}

/// Checks the crates of a dependency graph (`crates`: name → versions) and the places `found`
/// against the declarations and the catalogue.
pub fn check(
    catalogue: &Catalogue,
    declarations: &[Declaration],
    crates: &BTreeMap<String, BTreeSet<String>>,
    found: &[Sighting],
) -> Coverage {
    let declared: BTreeSet<&str> = declarations
        .iter()
        .map(|d| d.provider.value.as_str())
        .collect();
    let mut undeclared: BTreeMap<Vec<String>, Undeclared> = BTreeMap::new();
    let mut uncovered: BTreeMap<String, Vec<Sighting>> = BTreeMap::new();
    for place in found {
        let is_covered = place.providers.iter().any(|p| {
            declarations
                .iter()
                .filter(|d| d.provider.value == *p)
                .any(|d| covers(d, place))
        });
        if is_covered {
            continue;
        }
        match place
            .providers
            .iter()
            .find(|p| declared.contains(p.as_str()))
        {
            Some(p) => uncovered.entry(p.clone()).or_default().push(place.clone()),
            None => undeclared
                .entry(place.providers.clone())
                .or_insert_with(|| new_undeclared(catalogue, &place.providers))
                .places
                .push(place.clone()),
        }
    }
    let mut stale = Vec::new();
    let mut providers: Vec<&Provider> = catalogue.providers.iter().collect();
    for p in crate::catalogue::builtin::providers() {
        if !providers.iter().any(|c| c.id == p.id) {
            providers.push(p);
        }
    }
    providers.sort_by(|a, b| a.id.cmp(&b.id));
    let crates_of = |p: &Provider| -> Vec<String> {
        p.facts
            .packages()
            .map(|k| k.of("crates").to_vec())
            .unwrap_or_default()
    };
    for provider in providers.iter().filter(|p| !crates_of(p).is_empty()) {
        let present: Vec<(String, Vec<String>)> = crates_of(provider)
            .iter()
            .filter_map(|c| {
                crates
                    .get(c)
                    .map(|versions| (c.clone(), versions.iter().cloned().collect()))
            })
            .collect();
        let is_declared = declared.contains(provider.id.as_str());
        if !is_declared && !present.is_empty() {
            undeclared
                .entry(vec![provider.id.clone()])
                .or_insert_with(|| new_undeclared(catalogue, std::slice::from_ref(&provider.id)))
                .crates = present;
        } else if is_declared
            && present.is_empty()
            && !found.iter().any(|f| f.providers.contains(&provider.id))
            && !sends_without_its_crates(declarations, &provider.id)
        {
            stale.push(Stale {
                provider: provider.id.clone(),
                crates: crates_of(provider),
                declared_at: declarations
                    .iter()
                    .filter(|d| d.provider.value == provider.id)
                    .map(|d| d.at.clone())
                    .collect(),
            });
        }
    }
    Coverage {
        undeclared: undeclared.into_values().collect(),
        uncovered: uncovered
            .into_iter()
            .map(|(provider, places)| Uncovered { provider, places })
            .collect(),
        stale,
    }
}

fn new_undeclared(catalogue: &Catalogue, providers: &[String]) -> Undeclared {
    let text = |l: &Localized| {
        l.get(Lang::En)
            .or_else(|| l.get(Lang::Ja))
            .unwrap_or_default()
            .to_string()
    };
    let first = catalogue.provider(&providers[0]);
    Undeclared {
        providers: providers.to_vec(),
        service: first
            .and_then(|p| p.facts.service())
            .map(text)
            .unwrap_or_default(),
        entity: first
            .and_then(|p| p.facts.entity())
            .map(text)
            .unwrap_or_default(),
        crates: Vec::new(),
        places: Vec::new(),
    }
}
