//! D0420: the notice does not say whether or how the user can stop a transmission to a third
//! party (neither a way, nor that it cannot be stopped): a reader cannot tell.

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::{Basis, Origin};
use crate::model::OptOutStatement;

pub(super) struct OptOutNotStated;

impl Lint for OptOutNotStated {
    fn code(&self) -> Code {
        Code::OptOutNotStated
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in cx.notice.recipients.iter().filter(|r| !r.first_party()) {
            let unstated = r
                .transmissions
                .iter()
                .filter(|t| {
                    t.origin == Origin::Device
                        && t.basis != Basis::Essential
                        && t.opt_out == OptOutStatement::NotStated
                })
                .count();
            if unstated == 0 {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    Code::OptOutNotStated,
                    format!(
                        "the notice does not say whether users can stop {} to `{}`",
                        if unstated == 1 { "the transmission".to_string() } else { format!("{unstated} transmissions") },
                        r.id
                    ),
                )
                .at_opt(cx.provider_at(&r.id))
                .help("state the way (`opt_out = { url = \"…\", stops = \"sending\" }` on the provider, or an [[opt_out]] the annotation names), or that it cannot be stopped and why (`not_possible = \"…\"`)"),
            );
        }
    }
}
