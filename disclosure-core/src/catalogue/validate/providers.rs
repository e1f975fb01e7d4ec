//! `[[provider]]`: each declared provider resolved over the built-in entry of the same id, fact by
//! fact (`facts.rs` says how).

use super::super::facts::{FACTS, Facts, ProviderDecl, TeamCheck};
use super::super::places::{self, Context, Places};
use super::super::{Provenance, Provider, builtin};
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::suggest;

pub(super) fn providers(
    places: &Places<'_>,
    declared: Vec<ProviderDecl>,
    out: &mut Diagnostics,
) -> Vec<Provider> {
    let mut providers: Vec<Provider> = Vec::new();
    let mut first_at: std::collections::BTreeMap<String, Location> =
        std::collections::BTreeMap::new();
    for decl in declared {
        let id = decl.id.get_ref();
        let at = places.of(&decl.id);
        if let Err((_, fixed)) = IdKind::Provider.check_form(id) {
            out.push(
                Diagnostic::error(
                    Code::IdFormat,
                    format!("provider id `{id}` is not kebab-case"),
                )
                .at(at.clone())
                .help(format!("write it in lower case with hyphens: `{fixed}`")),
            );
        }
        if let Some(first) = first_at.get(id.as_str()) {
            out.push(
                Diagnostic::error(Code::DuplicateId, format!("duplicate provider id `{id}`"))
                    .at(at)
                    .label(first.clone(), "first declared here")
                    .help("merge the two `[[provider]]` tables or rename one"),
            );
            continue;
        }
        first_at.insert(id.clone(), at.clone());
        if let Some(provider) = resolve(places, decl, out) {
            providers.push(provider);
        }
    }
    providers
}

/// The facts `remove` takes away, each checked: a fact the project may remove, of a built-in entry.
fn removals(
    places: &Places<'_>,
    decl: &ProviderDecl,
    built_in: bool,
    out: &mut Diagnostics,
) -> Vec<&'static str> {
    let removable: Vec<&'static str> = FACTS
        .iter()
        .filter(|f| f.removable)
        .map(|f| f.name)
        .collect();
    let mut removed = Vec::new();
    for fact in &decl.remove {
        let name = fact.get_ref().as_str();
        match removable.iter().find(|r| **r == name) {
            Some(r) => removed.push(*r),
            None => {
                let (message, help) = if FACTS.iter().any(|f| f.name == name) {
                    (
                        format!("`{name}` cannot be removed: the notice must state it"),
                        format!("state the right `{name}` instead"),
                    )
                } else {
                    let mut help = format!("removable facts: {}", removable.join(", "));
                    if let Some(s) = suggest::did_you_mean(name, removable.iter().copied()) {
                        help = format!("{s} {help}");
                    }
                    (
                        format!("`{name}` is not a fact `remove` can take away"),
                        help,
                    )
                };
                out.push(
                    Diagnostic::error(Code::FactRemoval, message)
                        .at(places.of(fact))
                        .help(help),
                );
            }
        }
        if !built_in {
            out.push(
                Diagnostic::warning(
                    Code::FactRemoval,
                    format!(
                        "provider `{}` is not built in: `remove` has nothing to take away",
                        decl.id.get_ref()
                    ),
                )
                .at(places.of(fact))
                .help("remove `remove`; leave out the facts you do not want instead"),
            );
        }
    }
    removed
}

/// A project's declaration over the built-in entry of the same id, if any: the declaration's facts
/// win; facts it does not state come from the built-in entry, unless it removes them, or they
/// belong to the built-in entity and the project names another (one warning lists those).
fn resolve(places: &Places<'_>, decl: ProviderDecl, out: &mut Diagnostics) -> Option<Provider> {
    let id = decl.id.get_ref().clone();
    let at = places.of(&decl.id);
    let base = builtin::providers().iter().find(|p| p.id == id);
    let removed = removals(places, &decl, base.is_some(), out);
    let cx = Context {
        places,
        id: &id,
        at: at.clone(),
        sites: &[],
    };
    let own = Facts::declared(&decl, &cx, &Provenance::Project, out);
    let (mut facts, candidates) = match base {
        Some(b) => {
            // The project may name another of the built-in candidates: the facts then hold as
            // they hold for that candidate, its country included.
            let base_facts = own
                .entity()
                .and_then(|name| builtin::providers::facts_for_entity(&id, name))
                .unwrap_or_else(|| b.facts.clone());
            let entity_changed = own.entity_differs(&base_facts);
            let (facts, dropped) = own.over(&base_facts, &removed, entity_changed);
            if !dropped.is_empty() {
                out.push(facts_dropped(&id, &at, &dropped));
            }
            (facts, b.candidates.clone())
        }
        None => (own, Vec::new()),
    };
    if base.is_none() {
        let missing = facts.missing_required();
        for field in &missing {
            out.push(
                Diagnostic::error(
                    Code::ProviderFactMissing,
                    format!("provider `{id}` has no `{field}`"),
                )
                .at(at.clone())
                .help(format!(
                    "add `{field} = {{ ja = \"…\", en = \"…\" }}`; `{id}` is not a built-in provider whose facts could be used"
                )),
            );
        }
        if !missing.is_empty() {
            return None;
        }
    }
    team_checks(places, &decl, &mut facts, out);
    Some(Provider {
        id,
        at: Some(at),
        declared_by: Provenance::Project,
        facts,
        candidates,
    })
}

/// The built-in facts the project's team checked itself (`checked`), each marked on its fact: a
/// fact the project states itself, one not stated, an unknown name, nobody or a future date is an
/// error.
fn team_checks(places: &Places<'_>, decl: &ProviderDecl, facts: &mut Facts, out: &mut Diagnostics) {
    let id = decl.id.get_ref();
    for c in &decl.checked {
        let by = c.by.get_ref().trim();
        if by.is_empty() {
            out.push(
                Diagnostic::error(Code::FactCheck, format!("a `checked` entry of `{id}` names nobody"))
                    .at(places.of(&c.by))
                    .help("say who checked the facts (`by = \"Legal, A. Sato\"`), as your organisation records it"),
            );
            continue;
        }
        let Some(date) = places::past(places, &c.date, "checked date", out) else {
            continue;
        };
        let check = TeamCheck {
            by: by.to_string(),
            date,
        };
        for fact in &c.facts {
            let name = fact.get_ref().as_str();
            let (message, help) = match facts.mark_checked(name, &check) {
                Some(true) => continue,
                Some(false) => (
                    format!("`{name}` of `{id}` is not the built-in fact: the project states it"),
                    "remove it from `checked`: the project's own facts are its own word and need no check".to_string(),
                ),
                None if FACTS.iter().any(|f| f.name == name) => (
                    format!("`{id}` has no `{name}` to check"),
                    format!("`cargo disclosure catalogue {id}` lists its built-in facts"),
                ),
                None => {
                    let names = FACTS.iter().map(|f| f.name);
                    let help = suggest::did_you_mean(name, names)
                        .unwrap_or_else(|| format!("`cargo disclosure catalogue {id}` lists its built-in facts"));
                    (format!("`{name}` is not a fact of a provider"), help)
                }
            };
            out.push(
                Diagnostic::error(Code::FactCheck, message)
                    .at(places.of(fact))
                    .help(help),
            );
        }
    }
}

/// The built-in facts left out because the project names another legal entity.
fn facts_dropped(id: &str, at: &Location, dropped: &[&str]) -> Diagnostic {
    let names: Vec<String> = dropped.iter().map(|d| format!("`{d}`")).collect();
    Diagnostic::warning(
        Code::FactsFollowEntity,
        format!(
            "provider `{id}` names another legal entity than the built-in one, so the built-in {} of that entity {} not used",
            names.join(", "),
            if dropped.len() == 1 { "is" } else { "are" }
        ),
    )
    .at(at.clone())
    .help(format!(
        "state what holds for the entity you name under `[[provider]] id = \"{id}\"` ({}), from its own terms; `cargo disclosure catalogue {id}` shows the built-in facts and their sources",
        dropped.join(", ")
    ))
}
