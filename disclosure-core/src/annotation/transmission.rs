//! What an annotation states about one transmission: who receives it, why, under which
//! conditions, how, from where, on which basis, how it can be stopped, and which review approved
//! it. A function's annotation adds the data it sends.

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned as _;

use super::entries::{DataRef, Entries};
use super::{FUNCTION_KEYS, Keys, Spanned, SyntaxError, attribute_tokens};
use crate::catalogue::Catalogue;
use crate::foundation::choice::Choice;
use crate::foundation::diagnostic::Code;
use crate::foundation::ids::IdKind;
use crate::foundation::vocab::{Basis, Mechanism, Origin};

/// What every transmission states. A function's annotation adds the data it sends; a type's
/// container attribute is exactly this (its fields carry the data).
#[derive(Clone, Debug)]
pub struct Transmission {
    /// The recipient's id, declared as `[[provider]]` in `disclosure.toml` (or built in).
    pub provider: Spanned<String>,
    /// The operator's purposes.
    pub purposes: Vec<Spanned<String>>,
    /// The conditions the transmission is limited to (all of them hold), declared as
    /// `[[condition]]`; empty when it always happens.
    pub when: Vec<Spanned<String>>,
    /// How the information is sent, when it differs from the provider's default.
    pub mechanism: Option<Spanned<Mechanism>>,
    /// Why the transmission may happen (default: published in the notice).
    pub basis: Option<Spanned<Basis>>,
    /// Why an `essential` transmission is essential.
    pub reason: Option<Spanned<String>>,
    /// How the user stops this transmission (or why that is not possible): an `[[opt_out]]` id,
    /// instead of the provider's.
    pub opt_out: Option<Spanned<String>>,
    /// Where it leaves from, when it differs from the provider's default (`device`).
    pub origin: Option<Spanned<Origin>>,
    /// The legal review that approved the transmission (a link or ticket).
    pub review: Option<Spanned<String>>,
}

/// A parsed `#[disclose(...)]` on a function or method: one transmission and the data it sends.
#[derive(Clone, Debug)]
pub struct Annotation {
    /// The information sent, with qualifiers.
    pub data: Vec<DataRef>,
    /// The request keys the function's body sends, each with the data item it carries (`none`:
    /// nothing about the user).
    pub keys: Vec<(Spanned<String>, Spanned<String>)>,
    /// Why the body's keys are not all literals, when they are not.
    pub dynamic_keys: Option<Spanned<String>>,
    /// Who, why, when and how.
    pub transmission: Transmission,
}

/// The transmission keys as written, before the required ones are checked.
pub(super) struct Parts {
    provider: Option<Spanned<String>>,
    purposes: Option<Vec<Spanned<String>>>,
    when: Vec<Spanned<String>>,
    mechanism: Option<Spanned<Mechanism>>,
    basis: Option<Spanned<Basis>>,
    reason: Option<Spanned<String>>,
    opt_out: Option<Spanned<String>>,
    origin: Option<Spanned<Origin>>,
    review: Option<Spanned<String>>,
}

impl Parts {
    /// Takes the transmission keys out of `entries`; a missing `provider` or `purpose` is an error
    /// at `whole`.
    pub(super) fn take(
        entries: &mut Entries,
        keys: Keys,
        whole: Span,
        errors: &mut Vec<SyntaxError>,
    ) -> Parts {
        let provider = entries.string("provider");
        let purposes = entries.idents("purpose");
        let when = entries.strings("when");
        let mechanism = entries.choice::<Mechanism>("mechanism", errors);
        let basis = entries.choice::<Basis>("basis", errors);
        let reason = entries.string("reason");
        let opt_out = entries.string("opt_out");
        let origin = entries.choice::<Origin>("origin", errors);
        let review = entries.string("review");
        match (basis.as_ref().map(|b| b.value), &reason) {
            (Some(Basis::Essential), None) => errors.push(SyntaxError::new(
                Code::EssentialReason,
                basis.as_ref().map_or(whole, |b| b.span),
                "an `essential` transmission needs a `reason`",
                r#"say why the service cannot work without it: reason = "ログイン状態の維持に必要なため""#,
            )),
            (Some(Basis::Essential), Some(r)) if says_only_that_it_is_needed(&r.value) => {
                errors.push(SyntaxError::new(
                    Code::EssentialReason,
                    r.span,
                    format!("`reason = \"{}\"` says only that it is needed, not for what", r.value),
                    r#"name the function the service cannot work without, as the exemption does (display, keeping input, authentication, security, network management): reason = "ログイン状態の維持に必要なため""#,
                ))
            }
            (Some(Basis::Essential), Some(_)) | (_, None) => {}
            (_, Some(r)) => errors.push(SyntaxError::new(
                Code::EssentialReason,
                r.span,
                "`reason` only applies to `basis = essential`",
                "remove `reason`, or add `basis = essential`",
            )),
        }
        if let (Some(o), Some(m)) = (&origin, &mechanism)
            && o.value == Origin::Server
            && m.value.from_device()
        {
            errors.push(SyntaxError::new(
                Code::OriginMechanism,
                m.span,
                format!(
                    "`mechanism = {}` sends from the user's device, but `origin = server` says this transmission leaves from your servers",
                    m.value.id()
                ),
                "remove `mechanism` (or write `mechanism = server_api`), or remove `origin = server` if the device sends it",
            ));
        }
        if provider.is_none() {
            errors.push(missing(
                keys,
                "provider",
                "who receives the information",
                whole,
            ));
        }
        if purposes.is_none() {
            errors.push(missing(keys, "purpose", "why it is sent", whole));
        }
        Parts {
            provider,
            purposes,
            when,
            mechanism,
            basis,
            reason,
            opt_out,
            origin,
            review,
        }
    }

    /// The transmission, when its required keys were given.
    pub(super) fn finish(self) -> Option<Transmission> {
        Some(Transmission {
            provider: self.provider?,
            purposes: self.purposes?,
            when: self.when,
            mechanism: self.mechanism,
            basis: self.basis,
            reason: self.reason,
            opt_out: self.opt_out,
            origin: self.origin,
            review: self.review,
        })
    }
}

fn missing(keys: Keys, key: &str, what: &str, whole: Span) -> SyntaxError {
    let example = keys
        .kind(key)
        .map(|kind| kind.example(key))
        .unwrap_or_default();
    SyntaxError::new(
        Code::MissingKey,
        whole,
        format!("#[disclose(...)] is missing `{key}`: {what}"),
        format!("add {example}"),
    )
}

impl Annotation {
    /// Parses the tokens inside `#[disclose(...)]` on a function. `whole` is the span errors about
    /// missing keys point at (the attribute).
    pub fn parse(tokens: TokenStream, whole: Span) -> Result<Annotation, Vec<SyntaxError>> {
        let mut errors = Vec::new();
        let mut entries = Entries::new();
        entries.add(tokens, FUNCTION_KEYS, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let data = entries.items("data");
        let keys = entries.map("keys");
        let dynamic_keys = entries.string("dynamic_keys");
        let parts = Parts::take(&mut entries, FUNCTION_KEYS, whole, &mut errors);
        if data.is_none() {
            errors.push(missing(
                FUNCTION_KEYS,
                "data",
                "what information is sent",
                whole,
            ));
        }
        match (parts.finish(), data) {
            (Some(transmission), Some(data)) if errors.is_empty() => {
                let annotation = Annotation {
                    data,
                    keys,
                    dynamic_keys,
                    transmission,
                };
                let errors = super::keys::check_map(&annotation);
                if errors.is_empty() {
                    Ok(annotation)
                } else {
                    Err(errors)
                }
            }
            _ => Err(errors),
        }
    }

    /// Parses a whole attribute, `#[disclose(...)]` or `#[disclosure::disclose(...)]`.
    pub fn from_attribute(attr: &syn::Attribute) -> Result<Annotation, Vec<SyntaxError>> {
        let tokens = attribute_tokens(attr, r#"provider = "…", data = [...], purpose = [...]"#)
            .map_err(|e| vec![e])?;
        Annotation::parse(tokens, attr.span())
    }

    /// Checks every id against the catalogue; each unknown id is an error at its own tokens.
    pub fn resolve(&self, catalogue: &Catalogue) -> Result<(), Vec<SyntaxError>> {
        let mut errors = Vec::new();
        self.transmission.resolve(catalogue, &mut errors);
        resolve_data(catalogue, &self.data, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Transmission {
    /// Checks the provider, purposes, conditions and opt-out against the catalogue, and that an
    /// `essential` transmission has only purposes the exemption covers.
    pub(super) fn resolve(&self, catalogue: &Catalogue, errors: &mut Vec<SyntaxError>) {
        let ids = std::iter::once((IdKind::Provider, &self.provider))
            .chain(self.purposes.iter().map(|p| (IdKind::Purpose, p)))
            .chain(self.when.iter().map(|w| (IdKind::Condition, w)))
            .chain(self.opt_out.iter().map(|o| (IdKind::OptOut, o)));
        unknown_ids(catalogue, ids, errors);
        if let Some(basis) = &self.basis
            && basis.value == Basis::Essential
        {
            for purpose in &self.purposes {
                let Some((_, term)) = catalogue.term(IdKind::Purpose, &purpose.value) else {
                    continue;
                };
                if term.exemption.is_none() {
                    errors.push(SyntaxError::new(
                        Code::EssentialPurpose,
                        purpose.span,
                        format!(
                            "purpose `{}` is not one the exemption for essential information covers",
                            purpose.value
                        ),
                        "`basis = essential` (Art. 27-12 item 1) covers only information sent to display the \
                         service, keep what the user entered, authenticate, keep it secure or manage the \
                         network; send this purpose with `basis = consent`, `opt_out` or `notice`, or, for a \
                         purpose of your own that is one of these, declare `exemption = \"…\"` on its \
                         [[purpose]]",
                    ));
                }
            }
        }
        if let (Some(basis), Some(opt_out)) = (&self.basis, &self.opt_out)
            && basis.value == Basis::Essential
            && catalogue
                .opt_out(&opt_out.value)
                .is_some_and(|o| o.opt_out.not_possible.is_none())
        {
            errors.push(SyntaxError::new(
                Code::OptOutInvalid,
                opt_out.span,
                format!(
                    "`basis = essential` says the service cannot work without this transmission, but `{}` says how to stop it",
                    opt_out.value
                ),
                "if the user can stop it, it is not essential: choose `basis = opt_out` (or `consent`); if not, name an [[opt_out]] with `not_possible`, or none",
            ));
        }
        if let (Some(basis), Some(opt_out)) = (&self.basis, &self.opt_out)
            && basis.value == Basis::OptOut
            && catalogue
                .opt_out(&opt_out.value)
                .is_some_and(|o| o.opt_out.not_possible.is_some())
        {
            errors.push(SyntaxError::new(
                Code::OptOutInvalid,
                opt_out.span,
                format!(
                    "`basis = opt_out`, but `{}` says this transmission cannot be stopped",
                    opt_out.value
                ),
                "name an [[opt_out]] that says how to stop it, or choose another basis",
            ));
        }
    }
}

/// Checks each data item, and the conditions of a field, against the catalogue.
pub(super) fn resolve_data<'a>(
    catalogue: &Catalogue,
    data: impl IntoIterator<Item = &'a DataRef>,
    errors: &mut Vec<SyntaxError>,
) {
    for d in data {
        let ids = std::iter::once((IdKind::DataItem, &d.id))
            .chain(d.when.iter().map(|w| (IdKind::Condition, w)));
        unknown_ids(catalogue, ids, errors);
    }
}

fn unknown_ids<'a>(
    catalogue: &Catalogue,
    ids: impl Iterator<Item = (IdKind, &'a Spanned<String>)>,
    errors: &mut Vec<SyntaxError>,
) {
    errors.extend(ids.filter_map(|(kind, id)| {
        catalogue
            .check_id(kind, &id.value)
            .err()
            .map(|e| SyntaxError::new(Code::UnknownId, id.span, e.message, e.help))
    }));
}

/// Whether an essential transmission's reason says nothing but that it is needed (「必要なため」,
/// 「本サービスの提供に必要なため」): what is left when the words of necessity and of the service
/// itself are taken out is too short to name a function.
fn says_only_that_it_is_needed(reason: &str) -> bool {
    const FILLER: &[&str] = &[
        "必要不可欠",
        "不可欠",
        "欠かせない",
        "必要",
        "ため",
        "本サービス",
        "サービス",
        "当社",
        "提供",
        "利用",
        "動作",
        "機能",
        "運営",
        "こと",
        "です",
        "ます",
        "する",
        "な",
        "の",
        "に",
        "で",
        "を",
        "が",
        "は",
        "。",
        "、",
        "needed",
        "necessary",
        "required",
        "essential",
        "because",
        "for",
        "the",
        "service",
        "to",
        "work",
        "it",
        "is",
        "of",
        "a",
        "provide",
        "providing",
        ".",
        ",",
    ];
    let mut rest = reason.to_lowercase();
    for word in FILLER {
        rest = rest.replace(word, " ");
    }
    rest.split_whitespace().collect::<String>().chars().count() < 3
}

#[cfg(test)]
mod reason_tests {
    #[test]
    fn a_reason_must_name_what_the_transmission_is_needed_for() {
        for empty in [
            "必要なため",
            "本サービスの提供に必要なため",
            "サービスの動作に不可欠です",
            "Needed for the service to work.",
        ] {
            assert!(super::says_only_that_it_is_needed(empty), "{empty}");
        }
        for named in [
            "ログイン状態の維持に必要なため",
            "不正なアクセスを防ぐために必要なため",
            "Keeps the user signed in.",
        ] {
            assert!(!super::says_only_that_it_is_needed(named), "{named}");
        }
    }
}
