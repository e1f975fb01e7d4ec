//! D0406: a transmission sent under an opt-out measure (第4号) whose notice does not say how to
//! opt out and what stops (an error: the measure's details must be published).

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::Basis;
use crate::model::OptOutStatement;

pub(super) struct OptOutUnpublished;

impl Lint for OptOutUnpublished {
    fn code(&self) -> Code {
        Code::OptOutUnpublished
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for r in &cx.notice.recipients {
            for t in r.transmissions.iter().filter(|t| t.basis == Basis::OptOut) {
                let published = matches!(
                    &t.opt_out,
                    OptOutStatement::Possible { url, steps, stops: Some(s), .. }
                        if (url.is_some() || steps.is_some()) && s.is_opt_out()
                );
                if published {
                    continue;
                }
                let at = cx
                    .declarations
                    .iter()
                    .find(|d| d.provider.value == r.id && d.basis() == Basis::OptOut)
                    .map(|d| d.at.clone());
                out.push(
                    Diagnostic::error(
                        Code::OptOutUnpublished,
                        format!(
                            "`{}` is sent under an opt-out measure, but the notice does not say how to opt out and what stops",
                            r.id
                        ),
                    )
                    .at_opt(at)
                    .help("give the provider (or the [[opt_out]] the annotation names) `url = \"https://…\"` or `steps`, and `stops = \"sending\"` (or use, or both); stopping only personalisation is not an opt-out of the transmission"),
                );
            }
        }
    }
}
