//! D0417: a way to stop transmissions that the project states for a recipient as a whole (its
//! `opt_out`) is printed for each of its transmissions that names none of its own, though they
//! send different things for different purposes: a crash report may not stop with the usage
//! events. The built-in opt-outs are the providers' own, for all of their transmissions.

use super::{Context, Lint};
use crate::catalogue::Provenance;
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::Origin;
use crate::model::{OptOutStatement, Transmission};

pub(super) struct OptOutSpread;

/// Whether `t` states the recipient's own opt-out (its annotation names none).
fn inherits(t: &Transmission) -> bool {
    matches!(
        &t.opt_out,
        OptOutStatement::Possible { named: None, .. } | OptOutStatement::NotPossible { named: None, .. }
    )
}

impl Lint for OptOutSpread {
    fn code(&self) -> Code {
        Code::OptOutSpread
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in &cx.notice.recipients {
            let stated_by_project = r
                .facts
                .opt_out()
                .is_some_and(|f| f.provenance != Provenance::Builtin);
            let device: Vec<&Transmission> = r
                .transmissions
                .iter()
                .filter(|t| t.origin == Origin::Device)
                .collect();
            let inheriting: Vec<&&Transmission> = device.iter().filter(|t| inherits(t)).collect();
            if !stated_by_project || device.len() < 2 || inheriting.is_empty() {
                continue;
            }
            let sent: Vec<String> = inheriting
                .iter()
                .map(|t| {
                    let data: Vec<&str> = t.data.iter().map(|d| d.id.as_str()).collect();
                    format!("[{}]", data.join(", "))
                })
                .collect();
            out.push(
                Diagnostic::warning(
                    Code::OptOutSpread,
                    format!(
                        "the opt-out stated for `{}` as a whole is printed for each of its transmissions that names none: {}",
                        r.id,
                        sent.join(", ")
                    ),
                )
                .at_opt(cx.provider_at(&r.id))
                .help("if one of them is stopped otherwise, or cannot be stopped, name its own [[opt_out]] on its annotation (`opt_out = \"…\"`, with `not_possible` for one that cannot be stopped)"),
            );
        }
    }
}
