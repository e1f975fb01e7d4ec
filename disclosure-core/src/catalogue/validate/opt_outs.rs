//! `[[opt_out]]`: ways to stop a transmission (or statements that it cannot be stopped) that
//! annotations name.

use super::super::places::Places;
use super::super::raw;
use super::super::values::check::opt_out_decl;
use super::super::{NamedOptOut, Provenance};
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::foundation::ids::IdKind;

pub(super) fn named_opt_outs(
    places: &Places<'_>,
    declared: Vec<raw::OptOutEntry>,
    out: &mut Diagnostics,
) -> Vec<NamedOptOut> {
    let mut found: Vec<NamedOptOut> = Vec::new();
    for entry in declared {
        let id = entry.id.get_ref().clone();
        let at = places.of(&entry.id);
        if let Err((_, fixed)) = IdKind::OptOut.check_form(&id) {
            out.push(
                Diagnostic::error(
                    Code::IdFormat,
                    format!("opt-out id `{id}` is not kebab-case"),
                )
                .at(at.clone())
                .help(format!("write `{fixed}`")),
            );
        }
        if let Some(first) = found.iter().find(|o| o.id == id) {
            out.push(
                Diagnostic::error(Code::DuplicateId, format!("duplicate opt-out id `{id}`"))
                    .at(at)
                    .label(
                        first.at.clone().expect("declared opt-outs have a place"),
                        "first declared here",
                    )
                    .help("remove one of the two [[opt_out]] tables or rename one"),
            );
            continue;
        }
        let opt_out = opt_out_decl(places, &format!("opt-out `{id}`"), &at, entry.decl(), out);
        found.push(NamedOptOut {
            id,
            opt_out,
            at: Some(at),
            declared_by: Provenance::Project,
        });
    }
    found
}
