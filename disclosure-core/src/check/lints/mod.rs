//! The notice's lints: each rule in a file of its own, listed once in `LINTS`, each with its
//! code. A lint reads the notice, the catalogue behind it and the declarations, and reports every
//! finding at the place to fix it, however many recipients share the fault. Adding a lint is one
//! new file and one line here (and its code in `foundation/code.rs`, documented in
//! `docs/diagnostics.md`).

use crate::catalogue::{Catalogue, Provenance};
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::foundation::ids::IdKind;
use crate::model::Notice;

mod printed;
pub mod wording;

pub use placeholder::STARTER as STARTER_PLACEHOLDERS;

/// What a lint reads.
#[derive(Debug)]
pub struct Context<'a> {
    /// The notice's catalogue, with what dependencies add.
    pub catalogue: &'a Catalogue,
    /// The notice.
    pub notice: &'a Notice,
    /// Every transmission the code declares.
    pub declarations: &'a [Declaration],
}

impl Context<'_> {
    /// Where the project declares the provider `id` (none for a built-in one it does not declare).
    pub fn provider_at(&self, id: &str) -> Option<Location> {
        let p = self.catalogue.provider(id)?;
        if p.declared_by == Provenance::Project {
            p.at.clone()
        } else {
            None
        }
    }

    /// Where the project declares the term `id` of `kind`.
    pub fn term_at(&self, kind: IdKind, id: &str) -> Option<Location> {
        self.catalogue
            .own_terms(kind)
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| t.at.clone())
    }

    /// Where `[notice]` is.
    pub fn notice_at(&self) -> Option<Location> {
        self.catalogue.notice.at.clone()
    }

    /// `used for `a`, `b``: the recipients whose transmissions have the purpose (or data item) `id`.
    pub fn users(&self, purpose: bool, id: &str) -> String {
        let names: Vec<String> = self
            .notice
            .recipients
            .iter()
            .filter(|r| {
                if purpose {
                    r.purpose_ids().contains(&id)
                } else {
                    r.data_ids().contains(&id)
                }
            })
            .map(|r| format!("`{}`", r.id))
            .collect();
        format!("used for {}", names.join(", "))
    }
}

/// A rule about the notice.
pub trait Lint: Sync {
    /// The code of what it finds.
    fn code(&self) -> Code;
    /// Every finding, pushed to `out`.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

crate::registry! {
    /// Every lint of the notice, in the order their findings are printed.
    pub(crate) static LINTS: [&dyn Lint] = [
        vague_label::VagueLabel,
        purpose_language::PurposeLanguage,
        entity_language::EntityLanguage,
        entity_kind::EntityNotLegalName,
        recipient_use::RecipientUseMissing,
        role_conflict::RoleConflict,
        essential_section::EssentialSection,
        opt_out_published::OptOutUnpublished,
        opt_out_stated::OptOutNotStated,
        placeholder::Placeholder,
        opt_out_spread::OptOutSpread,
        qualifier_conflict::QualifierConflict,
        repeated_data_list::RepeatedDataList,
        notice_metadata::NoticeMetadataMissing,
        unverified_fact::UnverifiedFact,
        #[cfg(test)]
        registry_test::RegistryTest,
    ];
}

/// Every finding of every lint: errors for what the law requires outright, warnings for the rest.
pub fn run(
    catalogue: &Catalogue,
    notice: &Notice,
    declarations: &[Declaration],
) -> Vec<Diagnostic> {
    let cx = Context {
        catalogue,
        notice,
        declarations,
    };
    let mut out = Vec::new();
    for lint in LINTS {
        lint.check(&cx, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;

/// Every lint's code, in order.
pub fn codes() -> Vec<Code> {
    LINTS.iter().map(|l| l.code()).collect()
}
