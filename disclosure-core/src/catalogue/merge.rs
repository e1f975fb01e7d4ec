//! What a dependency's catalogue may contribute to the application's: providers, data items,
//! purposes, purpose groups, conditions and opt-outs for its own transmissions, and facts that nobody else states. It never
//! replaces a fact that the application or the built-in catalogue states; such a fact is ignored
//! with a warning naming both places. Everything it contributes is attributed to it.

use super::{Catalogue, Provenance, Provider, Term};
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::ids::IdKind;

impl Catalogue {
    /// Adds what the catalogue of `package` (a dependency or another workspace member that
    /// declares transmissions) contributes. Returns the warnings: facts it tried to replace.
    pub fn merge_dependency(&mut self, package: &str, other: Catalogue) -> Vec<Diagnostic> {
        let origin = Provenance::Dependency {
            package: package.to_string(),
        };
        let mut warnings = Vec::new();
        self.fingerprint = self.fingerprint.rotate_left(5) ^ other.fingerprint;
        for theirs in other.providers.clone() {
            self.merge_provider(package, &origin, theirs, &mut warnings);
        }
        for kind in [
            IdKind::DataItem,
            IdKind::Purpose,
            IdKind::Condition,
            IdKind::PurposeGroup,
        ] {
            self.merge_terms(kind, package, &origin, &other, &mut warnings);
        }
        for p in &other.parameters {
            if !self.parameters.contains(p) {
                self.parameters.push(p.clone());
            }
        }
        self.merge_opt_outs(package, &origin, &other, &mut warnings);
        warnings
    }

    /// One provider of the dependency's catalogue: added when nobody else knows it, else used
    /// only to fill in the facts the known one lacks.
    fn merge_provider(
        &mut self,
        package: &str,
        origin: &Provenance,
        theirs: Provider,
        warnings: &mut Vec<Diagnostic>,
    ) {
        let existing = self
            .providers
            .iter()
            .position(|p| p.id == theirs.id)
            .map(|i| self.providers[i].clone())
            .or_else(|| self.provider(&theirs.id).cloned());
        match existing {
            None => self.add_dependency_provider(package, origin, theirs, warnings),
            Some(mine) => self.fill_in_provider(package, origin, mine, &theirs, warnings),
        }
    }

    /// A recipient only the dependency knows: its facts are the dependency's word, and its legal
    /// facts are named so that no library's statement about a recipient reaches the notice
    /// silently.
    fn add_dependency_provider(
        &mut self,
        package: &str,
        origin: &Provenance,
        mut provider: Provider,
        warnings: &mut Vec<Diagnostic>,
    ) {
        provider.facts.stated_by(origin);
        provider.declared_by = origin.clone();
        let legal: Vec<&str> = provider
            .facts
            .each()
            .into_iter()
            .filter(|e| super::facts::info(e.name).legal)
            .map(|e| e.name)
            .collect();
        if !legal.is_empty() {
            warnings.push(library_states(
                &provider.id,
                package,
                &legal,
                provider.at.clone(),
                false,
            ));
        }
        self.providers.push(provider);
    }

    /// A recipient the application or the built-in catalogue knows (`mine`): the dependency
    /// fills in only the facts it lacks; a fact stated differently, and any legal fact, is
    /// ignored with a warning.
    fn fill_in_provider(
        &mut self,
        package: &str,
        origin: &Provenance,
        mut mine: Provider,
        theirs: &Provider,
        warnings: &mut Vec<Diagnostic>,
    ) {
        let (differs, legal) = mine.facts.fill_in(&theirs.facts, origin);
        if !differs.is_empty() {
            warnings.push(conflict(
                format!("provider `{}` ({})", theirs.id, differs.join(", ")),
                package,
                theirs.at.clone(),
                mine.at.clone(),
            ));
        }
        if !legal.is_empty() {
            warnings.push(library_states(
                &theirs.id,
                package,
                &legal,
                theirs.at.clone(),
                true,
            ));
        }
        match self.providers.iter_mut().find(|p| p.id == mine.id) {
            Some(slot) => *slot = mine,
            None => self.providers.push(mine),
        }
    }

    /// The dependency's own terms of `kind`: each one new here is added, attributed to it; one
    /// declared here with another label is ignored with a warning.
    fn merge_terms(
        &mut self,
        kind: IdKind,
        package: &str,
        origin: &Provenance,
        other: &Catalogue,
        warnings: &mut Vec<Diagnostic>,
    ) {
        for term in other.own_terms(kind) {
            match self.own_terms(kind).iter().find(|t| t.id == term.id) {
                Some(mine) if mine.label != term.label => warnings.push(conflict(
                    format!("{} `{}`", kind.noun(), term.id),
                    package,
                    term.at.clone(),
                    mine.at.clone(),
                )),
                Some(_) => {}
                None => {
                    let term = Term {
                        declared_by: origin.clone(),
                        ..term.clone()
                    };
                    match kind {
                        IdKind::DataItem => self.data_items.push(term),
                        IdKind::Purpose => self.purposes.push(term),
                        IdKind::PurposeGroup => self.purpose_groups.push(term),
                        _ => self.conditions.push(term),
                    }
                }
            }
        }
    }

    /// The dependency's opt-outs: each one new here is added, attributed to it; one declared here
    /// that says something else is ignored with a warning.
    fn merge_opt_outs(
        &mut self,
        package: &str,
        origin: &Provenance,
        other: &Catalogue,
        warnings: &mut Vec<Diagnostic>,
    ) {
        for theirs in &other.opt_outs {
            match self.opt_out(&theirs.id) {
                Some(mine) if mine.opt_out != theirs.opt_out => warnings.push(conflict(
                    format!("opt-out `{}`", theirs.id),
                    package,
                    theirs.at.clone(),
                    mine.at.clone(),
                )),
                Some(_) => {}
                None => self.opt_outs.push(super::NamedOptOut {
                    declared_by: origin.clone(),
                    ..theirs.clone()
                }),
            }
        }
    }
}

/// A dependency's catalogue states legal facts about a recipient: never printed on a library's
/// word alone where the application or the built-in catalogue knows the recipient (`ignored`), and
/// named where the dependency is all there is.
fn library_states(
    id: &str,
    package: &str,
    facts: &[&str],
    at: Option<Location>,
    ignored: bool,
) -> Diagnostic {
    let names: Vec<String> = facts.iter().map(|f| format!("`{f}`")).collect();
    let (message, help) = if ignored {
        (
            format!(
                "the catalogue of the dependency `{package}` states {} of `{id}`, which the notice does not take from a library",
                names.join(", ")
            ),
            format!(
                "a legal statement about a recipient comes from your own disclosure.toml or the built-in catalogue: if it is true, state it under `[[provider]] id = \"{id}\"`"
            ),
        )
    } else {
        (
            format!(
                "the notice states {} of `{id}` on the word of the dependency `{package}` alone",
                names.join(", ")
            ),
            format!(
                "check them against the recipient's own terms, and state them under `[[provider]] id = \"{id}\"` in your own disclosure.toml"
            ),
        )
    };
    Diagnostic::warning(Code::DependencyConflict, message)
        .at_opt(at)
        .help(help)
}

fn conflict(
    what: String,
    package: &str,
    theirs: Option<Location>,
    mine: Option<Location>,
) -> Diagnostic {
    let mut d = Diagnostic::warning(
        Code::DependencyConflict,
        format!("the catalogue of `{package}` states {what} differently; its statement is ignored"),
    )
    .at_opt(theirs)
    .help(
        "a dependency may add providers and facts nobody states, never replace the application's or the built-in ones; \
         make the two agree, or remove the statement from the dependency's catalogue",
    );
    match mine {
        Some(at) => d = d.label(at, "stated here first"),
        None => d = d.help(
            "a dependency may add providers and facts nobody states, never replace the built-in catalogue's; \
             remove the statement from the dependency's catalogue, or state the fact in the application's own",
        ),
    }
    d
}
