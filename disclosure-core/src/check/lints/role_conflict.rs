//! D0416: the role and the stated use of a recipient disagree, either way: a processor (it handles
//! the information only for the operator) with a use of its own stated by the project, or a
//! controller (it also uses it for itself) whose stated use names nothing of its own. One of the
//! two is false, and only the project knows which.

use super::{Context, Lint};
use crate::catalogue::Provenance;
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::localized::Lang;
use crate::foundation::vocab::Role;

/// Words with which a text says the recipient uses the information for itself.
const OWN_USE: &[&str] = &["自社", "自ら", "自己", "同社", "独自", "its own", "itself", "for their own"];

/// The words that name the recipient itself (its entity's and its service's distinctive words, a
/// legal form left out): a use stated of the recipient by name (「Google は…」) is its own.
fn recipient_names(facts: &crate::catalogue::Facts) -> Vec<String> {
    let texts = [facts.entity.as_ref(), facts.service.as_ref()]
        .into_iter()
        .flatten()
        .flat_map(|f| [Lang::Ja, Lang::En].map(|l| f.value.get(l).map(str::to_owned)))
        .flatten();
    let mut names: Vec<String> = texts
        .flat_map(|t| {
            t.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '（' | '）' | '(' | ')' | '・'))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.chars().count() >= 3 && !super::entity_kind::has_legal_form(w))
        .filter(|w| w.chars().next().is_some_and(|c| !c.is_ascii() || c.is_ascii_uppercase()))
        .collect();
    names.sort();
    names.dedup();
    names
}

pub(super) struct RoleConflict;

impl Lint for RoleConflict {
    fn code(&self) -> Code {
        Code::RoleConflict
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter().filter(|r| !r.transmissions.is_empty()) {
            let facts = &r.facts;
            let by_project = |fact: &str| facts.provenance_of(fact) == Some(&Provenance::Project);
            let message = match facts.role() {
                Some(Role::Processor)
                    if facts.provenance_of("role") == Some(&Provenance::Builtin)
                        && (by_project("recipient_use") || by_project("recipient_use_url")) =>
                {
                    format!(
                        "recipient `{}` is a processor (it handles the information only for you), yet the notice states a use of its own",
                        r.id
                    )
                }
                Some(Role::Controller) => {
                    let Some(used) = &facts.recipient_use else { continue };
                    let names = recipient_names(facts);
                    let names_own = [Lang::Ja, Lang::En]
                        .iter()
                        .filter_map(|l| used.value.get(*l))
                        .any(|t| {
                            OWN_USE.iter().any(|w| t.contains(w))
                                || names.iter().any(|n| t.contains(n.as_str()))
                        });
                    if names_own {
                        continue;
                    }
                    format!(
                        "recipient `{}` is a controller (it also uses the information for itself), yet its stated use names nothing of its own",
                        r.id
                    )
                }
                _ => continue,
            };
            out.push(
                Diagnostic::warning(Code::RoleConflict, message)
                    .at_opt(cx.provider_at(&r.id))
                    .help("if the recipient also uses the information for itself (an ads or data-sharing setting, its own product improvement), say `role = \"controller\"` and state that use (「自社の…に利用します」); if it acts only for you, say `role = \"processor\"` and leave its own use unstated"),
            );
        }
    }
}
