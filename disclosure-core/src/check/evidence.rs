//! Built-in facts the notice prints must carry a quoted source: each one that has none is named
//! (a warning, an error under `[policy] strict = true` or `check --strict`). The project's own
//! facts are its responsibility and need none.

use crate::catalogue::{Catalogue, Provenance};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::Origin;
use crate::model::Notice;

/// The facts of a recipient a notice prints.
const PRINTED: &[&str] = &[
    "entity",
    "country",
    "role",
    "privacy_policy",
    "recipient_use",
    "opt_out",
    "domains",
];

/// One diagnostic per unverified built-in fact that reaches the notice.
pub fn unverified(catalogue: &Catalogue, notice: &Notice) -> Vec<Diagnostic> {
    let strict = catalogue.policy.as_ref().is_some_and(|p| p.strict);
    let mut out = Vec::new();
    for r in &notice.recipients {
        let printed = r
            .transmissions
            .iter()
            .any(|t| t.origin == Origin::Device || notice.server_section);
        if !printed {
            continue;
        }
        let Some(provider) = catalogue.provider(&r.id) else {
            continue;
        };
        for fact in PRINTED {
            let built_in = r.provenance.get(*fact) == Some(&Provenance::Builtin);
            let quoted = provider.evidence_of(fact).is_none_or(|e| !e.is_empty());
            if !built_in || quoted {
                continue;
            }
            let message = format!(
                "the built-in `{fact}` of `{}` has no quoted source: the notice prints it unverified",
                r.id
            );
            let d = if strict {
                Diagnostic::error(Code::UnverifiedFact, message)
            } else {
                Diagnostic::warning(Code::UnverifiedFact, message)
            };
            out.push(d.help(format!(
                "state it yourself in `[[provider]] id = \"{}\"` (your own facts need no quote), or check it and add its source to the built-in catalogue (docs/catalogue.md)",
                r.id
            )));
        }
    }
    out
}
