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
        for theirs in other.providers.clone() {
            let existing = self
                .providers
                .iter()
                .position(|p| p.id == theirs.id)
                .map(|i| self.providers[i].clone())
                .or_else(|| self.provider(&theirs.id).cloned());
            match existing {
                None => {
                    let mut provider = theirs;
                    for (_, o) in &mut provider.provenance {
                        *o = origin.clone();
                    }
                    provider.declared_by = origin.clone();
                    self.providers.push(provider);
                }
                Some(mut mine) => {
                    fill_in(&mut mine, &theirs, &origin, package, &mut warnings);
                    match self.providers.iter_mut().find(|p| p.id == mine.id) {
                        Some(slot) => *slot = mine,
                        // A built-in provider the application does not declare: the filled-in
                        // copy takes its place, keeping its built-in origin.
                        None => self.providers.push(mine),
                    }
                }
            }
        }
        for kind in [
            IdKind::DataItem,
            IdKind::Purpose,
            IdKind::Condition,
            IdKind::PurposeGroup,
        ] {
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
        for p in &other.parameters {
            if !self.parameters.contains(p) {
                self.parameters.push(p.clone());
            }
        }
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
        warnings
    }
}

/// Fills each fact `mine` lacks from `theirs`; a fact both state differently stays as it is.
fn fill_in(
    mine: &mut Provider,
    theirs: &Provider,
    origin: &Provenance,
    package: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut differs: Vec<&'static str> = Vec::new();
    let mut take = |name: &'static str, mine_has: bool, theirs_has: bool, same: bool| -> bool {
        if !theirs_has || theirs.provenance_of(name) != Some(&Provenance::Project) {
            // Only what the dependency's own catalogue states counts, not built-in facts it
            // inherited.
            return false;
        }
        if !mine_has {
            return true;
        }
        if !same {
            differs.push(name);
        }
        false
    };
    if take("entity", true, true, mine.entity == theirs.entity) {
        mine.entity = theirs.entity.clone();
    }
    if take("service", true, true, mine.service == theirs.service) {
        mine.service = theirs.service.clone();
    }
    let fill = |mine: &mut Provider, name: &'static str| {
        mine.provenance.retain(|(n, _)| *n != name);
        mine.provenance.push((name, origin.clone()));
    };
    if take(
        "country",
        mine.country.is_some(),
        theirs.country.is_some(),
        mine.country == theirs.country,
    ) {
        mine.country = theirs.country.clone();
        fill(mine, "country");
    }
    if take(
        "privacy_policy",
        mine.privacy_policy.is_some(),
        theirs.privacy_policy.is_some(),
        mine.privacy_policy == theirs.privacy_policy,
    ) {
        mine.privacy_policy = theirs.privacy_policy.clone();
        fill(mine, "privacy_policy");
    }
    if take(
        "opt_out",
        mine.opt_out.is_some(),
        theirs.opt_out.is_some(),
        mine.opt_out == theirs.opt_out,
    ) {
        mine.opt_out = theirs.opt_out.clone();
        fill(mine, "opt_out");
    }
    if take(
        "recipient_use",
        mine.recipient_use.is_some(),
        theirs.recipient_use.is_some(),
        mine.recipient_use == theirs.recipient_use,
    ) {
        mine.recipient_use = theirs.recipient_use.clone();
        fill(mine, "recipient_use");
    }
    if take(
        "domains",
        !mine.domains.is_empty(),
        !theirs.domains.is_empty(),
        mine.domains == theirs.domains,
    ) {
        mine.domains = theirs.domains.clone();
        fill(mine, "domains");
    }
    if !differs.is_empty() {
        warnings.push(conflict(
            format!("provider `{}` ({})", theirs.id, differs.join(", ")),
            package,
            theirs.at.clone(),
            mine.at.clone(),
        ));
    }
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
