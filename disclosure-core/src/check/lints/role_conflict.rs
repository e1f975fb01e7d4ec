//! D0416: the built-in catalogue says a recipient is a processor, yet the project states a use of
//! its own: one of the two may be false, and only the project knows which.

use super::{Context, Lint};
use crate::catalogue::Provenance;
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::Role;

pub(super) struct RoleConflict;

impl Lint for RoleConflict {
    fn code(&self) -> Code {
        Code::RoleConflict
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter().filter(|r| !r.transmissions.is_empty()) {
            let facts = &r.facts;
            let by_project = |fact: &str| facts.provenance_of(fact) == Some(&Provenance::Project);
            if facts.role() == Some(Role::Processor)
                && facts.provenance_of("role") == Some(&Provenance::Builtin)
                && (by_project("recipient_use") || by_project("recipient_use_url"))
            {
                out.push(
                    Diagnostic::warning(
                        Code::RoleConflict,
                        format!(
                            "recipient `{}` is a processor (it handles the information only for you), yet the notice states a use of its own",
                            r.id
                        ),
                    )
                    .at_opt(cx.provider_at(&r.id))
                    .help("if the recipient also uses the information for itself (an ads or data-sharing setting, its own product improvement), say `role = \"controller\"`; if it acts only for you, say `role = \"processor\"` and make sure `recipient_use` says so"),
                );
            }
        }
    }
}
