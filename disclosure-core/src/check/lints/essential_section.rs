//! D0419: the section on what the operator itself receives because the service needs it (the
//! first-party recipients under `[notice] essential`) holds a transmission that is not `basis =
//! essential`: the section's text tells users it is indispensable, which only the exemption's
//! functions are (display, keeping input, authentication, security, network management).

use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::vocab::{Basis, Origin};

pub(super) struct EssentialSection;

impl Lint for EssentialSection {
    fn code(&self) -> Code {
        Code::EssentialSection
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if cx.notice.texts.essential.is_none() {
            return;
        }
        for r in cx.notice.recipients.iter().filter(|r| r.first_party()) {
            let purposes: Vec<&str> = r
                .transmissions
                .iter()
                .filter(|t| t.origin == Origin::Device && t.basis != Basis::Essential)
                .flat_map(|t| t.purposes.iter().map(String::as_str))
                .collect();
            if purposes.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    Code::EssentialSection,
                    format!(
                        "`[notice] essential` presents what `{}` receives as indispensable, but it also receives information for purposes that are not (`{}`)",
                        r.id,
                        purposes.join("`, `")
                    ),
                )
                .at_opt(cx.notice_at())
                .help("give each transmission in that section `basis = essential` with a reason (its purposes must be ones the exemption covers, D0213), or word `essential` so that it does not call the others indispensable"),
            );
        }
    }
}
