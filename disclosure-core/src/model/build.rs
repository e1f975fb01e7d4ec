//! From the catalogue and the declarations to the [`Notice`]: declarations that state the same
//! values join one transmission, nothing else is merged.

use std::collections::{BTreeMap, BTreeSet};

use super::texts;
use super::*;
use crate::catalogue::vocabulary::texts as builtin_texts;
use crate::catalogue::{self, Catalogue, Term};
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error, Location};
use crate::foundation::ids::IdKind;

/// What makes two declarations one transmission: everything but the data.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    origin: Origin,
    purposes: BTreeSet<String>,
    conditions: BTreeSet<String>,
    basis: Basis,
    reason: Option<String>,
    opt_out: Option<String>,
    mechanism: Option<Mechanism>,
    builds: Vec<String>,
}

impl Notice {
    /// Builds the notice from the catalogue and the declarations found. A provider that no
    /// declaration names is left out, with a warning.
    pub fn build(
        catalogue: &Catalogue,
        declarations: &[Declaration],
    ) -> Result<(Notice, Vec<Diagnostic>), Error> {
        let mut diagnostics = Diagnostics::new();
        let mut by_provider: BTreeMap<&str, Vec<&Declaration>> = BTreeMap::new();
        for d in declarations {
            by_provider
                .entry(d.provider.value.as_str())
                .or_default()
                .push(d);
        }
        let mut recipients: Vec<Recipient> = Vec::new();
        for provider in &catalogue.providers {
            match by_provider.remove(provider.id()) {
                Some(found) => recipients.push(recipient(catalogue, provider, &found)),
                // A dependency's catalogue may declare more than this build uses.
                None if provider.declared_by != Provenance::Project => {}
                None => diagnostics.push(
                    Diagnostic::warning(
                        Code::ProviderUnused,
                        format!(
                            "provider `{}` is declared but no annotation sends it anything; the notice leaves it out",
                            provider.id()
                        ),
                    )
                    .at_opt(provider.at.clone())
                    .help("annotate the code that sends to it, or remove the `[[provider]]` table"),
                ),
            }
        }
        // Built-in providers the project names without declaring them, after the declared ones, by
        // id. Declarations are resolved against the same catalogue before they get here.
        for (id, found) in by_provider {
            match catalogue.provider(id) {
                Some(provider) => recipients.push(recipient(catalogue, provider, &found)),
                None => {
                    for d in found {
                        diagnostics.push(
                            Diagnostic::error(Code::UnknownId, format!("unknown provider `{id}`"))
                                .at(d.provider.at.clone()),
                        );
                    }
                }
            }
        }
        recipients.sort_by_key(Recipient::first_party);
        for r in &recipients {
            if let Some(d) = entity_unconfirmed(catalogue, r, declarations) {
                diagnostics.push(d);
            }
        }

        let notice_at = || {
            catalogue
                .notice
                .at
                .clone()
                .unwrap_or_else(|| Location::new(catalogue.path(), 1, 1))
        };
        let settings = &catalogue.notice;
        let sends = recipients.iter().any(|r| !r.transmissions.is_empty());
        if !sends && !settings.sends_nothing {
            diagnostics.push(
                Diagnostic::error(
                    Code::NoTransmission,
                    "no annotation declares a transmission: the notice would list no recipient",
                )
                .at(notice_at())
                .help(
                    "annotate the functions and types that send data (#[disclose(...)]), or, if the \
                     service sends nothing to anyone, say so with `sends_nothing = true` under [notice]",
                ),
            );
        }
        if sends && settings.sends_nothing {
            let first = declarations.first().map(|d| d.at.clone());
            diagnostics.push(
                Diagnostic::error(
                    Code::NoTransmission,
                    "[notice] says the service sends nothing, but annotations declare transmissions",
                )
                .at(notice_at())
                .label_opt(first, "a transmission is declared here")
                .help("remove `sends_nothing = true`"),
            );
        }
        server_lint(&recipients, settings.server_section, &mut diagnostics);

        let Some(operator) = operator(catalogue) else {
            diagnostics.push(
                Diagnostic::error(
                    Code::OperatorMissing,
                    format!(
                        "{} has no [operator]: the notice must name who publishes it",
                        catalogue.path().display()
                    ),
                )
                .at(Location::new(catalogue.path(), 1, 1))
                .help("add [operator] with `name = { ja = \"…\", en = \"…\" }` (the legal name) and `services`"),
            );
            return Err(diagnostics.into_error());
        };
        let (data_items, purposes, purpose_groups, conditions) =
            definitions(catalogue, &operator, &recipients);
        let first_party_sends = recipients
            .iter()
            .any(|r| r.first_party() && r.device_transmissions().next().is_some());
        let cross_border = settings
            .cross_border
            .clone()
            .or_else(|| texts::cross_border(&operator, &recipients));
        let notice = Notice {
            schema_version: SCHEMA_VERSION,
            title: settings
                .title
                .clone()
                .unwrap_or_else(|| builtin_texts::localized("title")),
            texts: Texts {
                introduction: settings.introduction.clone().unwrap_or_else(|| {
                    let printed = recipients
                        .iter()
                        .filter(|r| r.device_transmissions().next().is_some());
                    texts::introduction(
                        &operator,
                        first_party_sends,
                        settings.sends_nothing,
                        texts::Stated::of(printed),
                    )
                }),
                subtitle: settings.subtitle.clone(),
                preface: settings.preface.clone(),
                opt_out: settings.opt_out.clone(),
                essential: settings.essential.clone(),
                essential_opt_out: settings.essential_opt_out.clone(),
                cross_border,
                revision_policy: settings.revision_policy.clone(),
                contact: settings.contact.clone(),
            },
            operator,
            metadata: Metadata {
                version: settings.version.clone(),
                url: settings.url.clone(),
                consent_log: settings.consent_log.clone(),
                published: settings.published,
                effective: settings.effective,
                last_updated: settings.last_updated,
                revisions: settings
                    .revisions
                    .iter()
                    .map(|r| Revision {
                        date: r.date,
                        summary: r.summary.clone(),
                    })
                    .collect(),
            },
            data_items,
            purposes,
            purpose_groups,
            conditions,
            builds: catalogue
                .targets
                .iter()
                .map(|t| Build {
                    id: t.triple.clone(),
                    label: t.label.clone(),
                })
                .collect(),
            recipients,
            sends_nothing: settings.sends_nothing,
            server_section: settings.server_section,
            notes: settings.notes.clone(),
            presentation: Presentation {
                dates_at_top: settings.dates_at_top,
                purposes_first: settings.purposes_first,
            },
        };
        diagnostics.finish(notice)
    }
}

/// Names the transmissions from the operator's servers, and where they go (a section of their
/// own, or nowhere).
fn server_lint(recipients: &[Recipient], printed: bool, diagnostics: &mut Diagnostics) {
    let servers: Vec<&str> = recipients
        .iter()
        .filter(|r| r.server_transmissions().next().is_some())
        .map(|r| r.id.as_str())
        .collect();
    if servers.is_empty() {
        return;
    }
    let names = servers
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (message, help) = if printed {
        (
            format!(
                "transmissions from the operator's servers to {names} are printed apart, after the external transmissions"
            ),
            "they leave from the operator's servers, not from users' devices, so Art. 27-12 does not \
             require them; `server_section = false` under [notice] leaves them out",
        )
    } else {
        (
            format!(
                "transmissions from the operator's servers to {names} are left out of the notice"
            ),
            "they leave from the operator's servers, not from users' devices, so Art. 27-12 does not \
             require them; to publish them anyway, set `server_section = true` under [notice]",
        )
    };
    diagnostics.push(Diagnostic::warning(Code::ServerTransmission, message).help(help));
}

fn operator(catalogue: &Catalogue) -> Option<Operator> {
    let op = catalogue.operator.as_ref()?;
    let country = Catalogue::country(&op.country).map_or_else(
        || Country {
            code: op.country.clone(),
            name: Localized::same(op.country.clone()),
            region: false,
        },
        |t| Country {
            code: t.id.clone(),
            name: t.label.clone(),
            region: false,
        },
    );
    let service_term = op
        .service_term
        .clone()
        .unwrap_or_else(|| builtin_texts::localized("service_term"));
    let user_term = op
        .user_term
        .clone()
        .unwrap_or_else(|| builtin_texts::localized("user_term"));
    Some(Operator {
        user_term,
        name: op.name.clone(),
        short_name: op
            .short_name
            .clone()
            .unwrap_or_else(|| builtin_texts::localized("operator_short_name")),
        services: op.services.clone(),
        service_term,
        website: op.website.clone(),
        country,
    })
}

/// The numbered lists of the notice: the data items, purposes, groups and conditions the
/// transmissions use (and data items declared as never sent), in vocabulary order.
fn definitions(
    catalogue: &Catalogue,
    operator: &Operator,
    recipients: &[Recipient],
) -> (
    Vec<DataItem>,
    Vec<Purpose>,
    Vec<PurposeGroup>,
    Vec<Condition>,
) {
    let transmissions = || recipients.iter().flat_map(|r| &r.transmissions);
    let used_data: BTreeSet<&str> = transmissions()
        .flat_map(|t| t.data.iter().map(|d| d.id.as_str()))
        .collect();
    // The purposes the transmissions name, and those the items they send state as their own.
    let mut used_purposes: BTreeSet<&str> = transmissions()
        .flat_map(|t| t.purposes.iter().map(String::as_str))
        .collect();
    for id in &used_data {
        if let Some((_, term)) = catalogue.term(IdKind::DataItem, id) {
            used_purposes.extend(term.purposes.iter().map(String::as_str));
        }
    }
    let used_conditions: BTreeSet<&str> = transmissions()
        .flat_map(|t| {
            t.conditions
                .iter()
                .chain(t.data.iter().flat_map(|d| &d.conditions))
                .map(String::as_str)
        })
        .collect();
    let in_order = |kind: IdKind, keep: &dyn Fn(&Term) -> bool| -> Vec<&Term> {
        let mut terms: Vec<(usize, &Term)> = catalogue
            .ids(kind)
            .into_iter()
            .filter_map(|id| catalogue.term(kind, id))
            .filter(|(_, t)| keep(t))
            .collect();
        terms.sort_by_key(|(order, _)| *order);
        terms.into_iter().map(|(_, t)| t).collect()
    };
    let data_items = in_order(IdKind::DataItem, &|t| {
        used_data.contains(t.id.as_str())
            || (t.not_sent.is_some() && t.declared_by != Provenance::Builtin)
    })
    .into_iter()
    .enumerate()
    .map(|(i, t)| DataItem {
        number: i + 1,
        id: t.id.clone(),
        label: texts::with_terms(&t.label, operator),
        examples: t.examples.as_ref().map(|e| texts::with_terms(e, operator)),
        personal: t.personal,
        identifier: t.identifier,
        // An item a transmission sends is not "never sent", whatever its declaration says.
        not_sent: t
            .not_sent
            .clone()
            .filter(|_| !used_data.contains(t.id.as_str())),
        collection: t.collection,
        purposes: t.purposes.clone(),
        apple: t.apple.clone(),
        play: t.play.clone(),
        provenance: t.declared_by.clone(),
    })
    .collect();
    let groups: Vec<&Term> = catalogue.purpose_groups.iter().collect();
    let mut purposes: Vec<&Term> =
        in_order(IdKind::Purpose, &|t| used_purposes.contains(t.id.as_str()));
    // Purposes listed under their groups, in group order; ungrouped ones last.
    purposes.sort_by_key(|p| {
        p.group
            .as_ref()
            .and_then(|g| groups.iter().position(|x| &x.id == g))
            .unwrap_or(usize::MAX)
    });
    let used_groups: Vec<&Term> = groups
        .into_iter()
        .filter(|g| purposes.iter().any(|p| p.group.as_ref() == Some(&g.id)))
        .collect();
    let mut counters: BTreeMap<Option<&String>, usize> = BTreeMap::new();
    let purposes = purposes
        .into_iter()
        .map(|t| {
            let counter = counters
                .entry(t.group.as_ref().filter(|_| !used_groups.is_empty()))
                .or_default();
            *counter += 1;
            Purpose {
                number: *counter,
                id: t.id.clone(),
                label: texts::with_terms(&t.label, operator),
                description: t
                    .description
                    .as_ref()
                    .map(|d| texts::with_terms(d, operator)),
                group: t.group.clone(),
                exemption: t.exemption,
                apple: t.apple.clone(),
                play: t.play.clone(),
                provenance: t.declared_by.clone(),
            }
        })
        .collect();
    let purpose_groups = used_groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| PurposeGroup {
            number: i + 1,
            id: g.id.clone(),
            label: g.label.clone(),
            description: g.description.clone(),
            provenance: g.declared_by.clone(),
        })
        .collect();
    let conditions = in_order(IdKind::Condition, &|t| {
        used_conditions.contains(t.id.as_str())
    })
    .into_iter()
    .map(|t| Condition {
        id: t.id.clone(),
        label: t.label.clone(),
        provenance: t.declared_by.clone(),
    })
    .collect();
    (data_items, purposes, purpose_groups, conditions)
}

/// A transmission being assembled: its key, its data in order, and where it was first declared.
struct Assembling {
    key: Key,
    purposes: Vec<String>,
    conditions: Vec<String>,
    data: Vec<DataUse>,
}

fn recipient(
    catalogue: &Catalogue,
    provider: &catalogue::Provider,
    found: &[&Declaration],
) -> Recipient {
    let declared_order = catalogue.notice.declared_order;
    let order = |kind: IdKind, id: &str| catalogue.term(kind, id).map_or(usize::MAX, |(o, _)| o);
    let known = |kind: IdKind, id: &str| catalogue.term(kind, id).is_some();
    let mut assembled: Vec<Assembling> = Vec::new();
    for d in found {
        let purposes: Vec<String> = d
            .purpose_ids()
            .filter(|p| known(IdKind::Purpose, p))
            .map(String::from)
            .collect();
        let conditions: Vec<String> = d
            .when
            .iter()
            .map(|w| w.value.clone())
            .filter(|c| known(IdKind::Condition, c))
            .collect();
        let origin = d
            .origin
            .as_ref()
            .map_or(provider.facts.origin(), |o| o.value);
        let key = Key {
            origin,
            purposes: purposes.iter().cloned().collect(),
            conditions: conditions.iter().cloned().collect(),
            basis: d.basis(),
            reason: d.reason.as_ref().map(|r| r.value.clone()),
            opt_out: d.opt_out.as_ref().map(|o| o.value.clone()),
            mechanism: d
                .mechanism
                .as_ref()
                .map(|m| m.value)
                .or_else(|| default_mechanism(provider, origin)),
            builds: d.targets.clone(),
        };
        let slot = match assembled.iter().position(|a| a.key == key) {
            Some(i) => &mut assembled[i],
            None => {
                assembled.push(Assembling {
                    key,
                    purposes,
                    conditions,
                    data: Vec::new(),
                });
                assembled.last_mut().expect("just pushed")
            }
        };
        for item in &d.data {
            if !known(IdKind::DataItem, &item.id.value) {
                continue;
            }
            let when: Vec<String> = item
                .when
                .iter()
                .map(|w| w.value.clone())
                .filter(|c| known(IdKind::Condition, c) && !slot.key.conditions.contains(c))
                .collect();
            match slot
                .data
                .iter_mut()
                .find(|u| u.id == item.id.value && u.qualifiers == item.qualifiers)
            {
                // Sent without a condition anywhere: without one. With different conditions: under
                // any of them, which the notice cannot say of one row, so without one.
                Some(existing) if existing.conditions != when => existing.conditions.clear(),
                Some(_) => {}
                None => slot.data.push(DataUse {
                    id: item.id.value.clone(),
                    qualifiers: item.qualifiers.clone(),
                    conditions: when,
                }),
            }
        }
    }
    let mut transmissions: Vec<(Vec<usize>, Transmission)> = assembled
        .into_iter()
        .map(|a| {
            let mut purposes = a.purposes;
            let mut data = a.data;
            let mut conditions = a.conditions;
            conditions.dedup();
            conditions.sort_by_key(|c| order(IdKind::Condition, c));
            for d in &mut data {
                d.conditions.sort_by_key(|c| order(IdKind::Condition, c));
            }
            if !declared_order {
                purposes.sort_by_key(|p| order(IdKind::Purpose, p));
                data.sort_by_key(|d| order(IdKind::DataItem, &d.id));
            }
            let sort_key: Vec<usize> = purposes
                .iter()
                .map(|p| order(IdKind::Purpose, p))
                .min()
                .into_iter()
                .collect();
            let opt_out = opt_out_statement(
                catalogue,
                provider,
                a.key.opt_out.as_deref(),
                a.key.basis,
                a.key.origin,
            );
            (
                sort_key,
                Transmission {
                    data,
                    purposes,
                    conditions,
                    basis: a.key.basis,
                    reason: a.key.reason,
                    opt_out,
                    origin: a.key.origin,
                    mechanism: a.key.mechanism,
                    builds: a.key.builds,
                },
            )
        })
        .collect();
    transmissions.sort_by(|(ka, a), (kb, b)| {
        (a.origin, ka, &a.conditions, a.basis)
            .cmp(&(b.origin, kb, &b.conditions, b.basis))
            .then_with(|| {
                serde_json::to_string(a)
                    .unwrap_or_default()
                    .cmp(&serde_json::to_string(b).unwrap_or_default())
            })
    });
    Recipient {
        id: provider.id().to_string(),
        facts: provider.facts.clone(),
        transmissions: transmissions.into_iter().map(|(_, t)| t).collect(),
    }
}

/// The provider's mechanism, where it fits a transmission from `origin`: a tag, an SDK or a cookie
/// sends from the user's device, so none of them is said of a transmission from the operator's
/// servers.
fn default_mechanism(provider: &catalogue::Provider, origin: Origin) -> Option<Mechanism> {
    provider
        .facts
        .mechanism()
        .filter(|m| origin == Origin::Device || !m.from_device())
}

/// What the notice says about stopping a transmission: the `[[opt_out]]` its annotation names, or
/// the provider's own where it fits (never for an `essential` transmission, which the service
/// cannot work without, nor for one from the operator's servers, which a way of stopping what
/// devices send does not stop), or nothing.
fn opt_out_statement(
    catalogue: &Catalogue,
    provider: &catalogue::Provider,
    named: Option<&str>,
    basis: Basis,
    origin: Origin,
) -> OptOutStatement {
    let (opt_out, named) = match named {
        Some(id) => match catalogue.opt_out(id) {
            Some(o) => (Some(&o.opt_out), Some(id.to_string())),
            None => (None, None),
        },
        None if basis == Basis::Essential || origin == Origin::Server => (None, None),
        None => (provider.facts.opt_out().map(|f| &f.value), None),
    };
    match opt_out {
        None => OptOutStatement::NotStated,
        Some(o) => match &o.not_possible {
            Some(reason) => OptOutStatement::NotPossible {
                reason: reason.clone(),
                named,
            },
            None => OptOutStatement::Possible {
                url: o.url.clone(),
                label: o.label.clone(),
                steps: o.steps.clone(),
                stops: o.stops,
                reach: o.reach,
                method: o.method,
                named,
            },
        },
    }
}

/// The legal entity of a recipient the project has not stated, where the built-in catalogue cannot
/// state it: it depends on the operator's contract, or no candidate serves Japan.
fn entity_unconfirmed(
    catalogue: &Catalogue,
    r: &Recipient,
    declarations: &[Declaration],
) -> Option<Diagnostic> {
    let provider = catalogue.provider(&r.id)?;
    let facts = &provider.facts;
    let stated = facts
        .provenance_of("entity")
        .is_some_and(|p| *p != Provenance::Builtin);
    if stated || (facts.entity().is_some() && !facts.entity_depends_on_contract()) {
        return None;
    }
    let at = declarations
        .iter()
        .find(|d| d.provider.value == r.id)
        .map(|d| d.provider.at.clone());
    let known = if provider.candidates.is_empty() {
        "the built-in catalogue quotes no candidate".to_string()
    } else {
        format!("the candidates: {}", provider.candidates.join("; "))
    };
    let why = if facts.entity_depends_on_contract() {
        "depends on your contract with it"
    } else {
        "is not stated by any source the built-in catalogue could quote"
    };
    Some(
        Diagnostic::error(
            Code::EntityUnconfirmed,
            format!(
                "which legal entity of `{}` handles the information for a service in Japan {why}",
                r.id
            ),
        )
        .at_opt(at)
        .help(format!(
            "state the entity your contract or its terms name: [[provider]] id = \"{}\" with `entity = {{ ja = \"…\", en = \"…\" }}` and `country` ({known})",
            r.id
        )),
    )
}
