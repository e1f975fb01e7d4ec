//! What changed between two notices, in plain words a legal reviewer can approve. Semantic: computed
//! from the two models, transmission by transmission, never from a text diff. Every fact the notice
//! states is compared: recipients, their entity, service name, country, storage, relay, category,
//! own use, links and whether they are the operator itself; each transmission's data, purposes,
//! conditions, basis, reason, opt-out, origin and mechanism; where each recipient fact came from;
//! and the notice's own texts.

use serde::Serialize;

use crate::catalogue::Provenance;
use crate::catalogue::builtin::texts;
use crate::foundation::choice::Choice;
use crate::foundation::localized::{Lang, Localized};
use crate::foundation::markdown::escape;
use crate::foundation::vocab::Mechanism;
use crate::model::{Notice, OptOutStatement, Recipient, Transmission};

/// One change between two notices.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// A recipient the old notice did not have, with what it receives and why.
    RecipientAdded {
        /// The recipient.
        recipient: Named,
        /// Its transmissions.
        transmissions: Vec<Summary>,
    },
    /// A recipient the new notice no longer has.
    RecipientRemoved {
        /// The recipient.
        recipient: Named,
    },
    /// A transmission to a recipient both notices have, that the old one did not state.
    TransmissionAdded {
        /// The recipient.
        recipient: Named,
        /// The transmission.
        transmission: Summary,
    },
    /// A transmission the new notice no longer states.
    TransmissionRemoved {
        /// The recipient.
        recipient: Named,
        /// The transmission.
        transmission: Summary,
    },
    /// A transmission also sends a data item it did not.
    DataAdded {
        /// The recipient.
        recipient: Named,
        /// The item (with qualifiers and conditions).
        item: Localized,
        /// The transmission's purposes.
        purposes: Localized,
    },
    /// A transmission no longer sends a data item.
    DataRemoved {
        /// The recipient.
        recipient: Named,
        /// The item.
        item: Localized,
        /// The transmission's purposes.
        purposes: Localized,
    },
    /// A transmission has a purpose it did not have.
    PurposeAdded {
        /// The recipient.
        recipient: Named,
        /// The transmission's data.
        data: Localized,
        /// The purpose.
        purpose: Localized,
    },
    /// A transmission no longer has a purpose.
    PurposeRemoved {
        /// The recipient.
        recipient: Named,
        /// The transmission's data.
        data: Localized,
        /// The purpose.
        purpose: Localized,
    },
    /// A fact of one transmission changed (its basis, opt-out, conditions, …).
    TransmissionChanged {
        /// The recipient.
        recipient: Named,
        /// The transmission's data, as the new notice states it.
        data: Localized,
        /// Which fact (`basis`, `opt_out`, `conditions`, `origin`, `mechanism`, `reason`).
        fact: &'static str,
        /// Before.
        old: Localized,
        /// After.
        new: Localized,
    },
    /// A fact of a recipient changed (`entity`, `service`, `country`, `storage`, `relay`,
    /// `category`, `recipient_use`, `privacy_policy`, `links`, `first_party`).
    FactChanged {
        /// The recipient.
        recipient: Named,
        /// Which fact.
        fact: &'static str,
        /// Before.
        old: Localized,
        /// After.
        new: Localized,
    },
    /// Where a fact of a recipient comes from changed (the project's catalogue, the built-in one,
    /// a dependency's).
    ProvenanceChanged {
        /// The recipient.
        recipient: Named,
        /// Which fact.
        fact: String,
        /// Before.
        old: Localized,
        /// After.
        new: Localized,
    },
    /// A text of the notice itself changed.
    TextChanged {
        /// Which (`introduction`, `opt_out`, …).
        field: &'static str,
    },
}

/// A recipient, as a change names it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Named {
    /// The provider id.
    pub id: String,
    /// Its service name.
    pub service: Localized,
    /// Its legal entity.
    pub entity: Localized,
}

impl Named {
    fn of(r: &Recipient) -> Named {
        Named {
            id: r.id.clone(),
            service: r.service.clone(),
            entity: r.entity.clone(),
        }
    }
}

/// A transmission, as a change names it: its data and purposes, and what else it states.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Its data items (with qualifiers and conditions).
    pub data: Localized,
    /// Its purposes.
    pub purposes: Localized,
    /// Its conditions, basis, opt-out and origin, where they say more than "always, published,
    /// from the device".
    pub details: Localized,
}

/// Every change from `old` to `new`: recipients in the new notice's order, then removed ones in
/// the old notice's order; within a recipient, its facts, then its transmissions, then where its
/// facts come from; the notice's texts last.
pub fn changes(old: &Notice, new: &Notice) -> Vec<Change> {
    let mut out = Vec::new();
    for r in &new.recipients {
        match old.recipients.iter().find(|o| o.id == r.id) {
            None => out.push(Change::RecipientAdded {
                recipient: Named::of(r),
                transmissions: r.transmissions.iter().map(|t| summarise(new, t)).collect(),
            }),
            Some(o) => recipient_changes(old, new, o, r, &mut out),
        }
    }
    for o in &old.recipients {
        if !new.recipients.iter().any(|r| r.id == o.id) {
            out.push(Change::RecipientRemoved {
                recipient: Named::of(o),
            });
        }
    }
    let (a, b) = (&old.texts, &new.texts);
    let texts = [
        ("title", Some(&old.title), Some(&new.title)),
        ("introduction", Some(&a.introduction), Some(&b.introduction)),
        ("opt_out", a.opt_out.as_ref(), b.opt_out.as_ref()),
        ("essential", a.essential.as_ref(), b.essential.as_ref()),
        (
            "essential_opt_out",
            a.essential_opt_out.as_ref(),
            b.essential_opt_out.as_ref(),
        ),
        (
            "cross_border",
            a.cross_border.as_ref(),
            b.cross_border.as_ref(),
        ),
        (
            "revision_policy",
            a.revision_policy.as_ref(),
            b.revision_policy.as_ref(),
        ),
        ("contact", a.contact.as_ref(), b.contact.as_ref()),
    ];
    for (field, a, b) in texts {
        if a != b {
            out.push(Change::TextChanged { field });
        }
    }
    out
}

fn recipient_changes(
    old_notice: &Notice,
    new_notice: &Notice,
    o: &Recipient,
    r: &Recipient,
    out: &mut Vec<Change>,
) {
    let named = || Named::of(r);
    let none = || texts::localized("value_none");
    let opt = |l: Option<&Localized>| l.cloned().unwrap_or_else(none);
    let country = |c: &Option<crate::model::Country>| opt(c.as_ref().map(|c| &c.name));
    let link = |l: &Option<crate::model::Link>| {
        l.as_ref()
            .map_or_else(none, |l| Localized::same(l.url.clone()))
    };
    let links = |rec: &Recipient| {
        let urls: Vec<&str> = rec.links.iter().map(|l| l.url.as_str()).collect();
        if urls.is_empty() {
            none()
        } else {
            Localized::same(urls.join(", "))
        }
    };
    let relay = |rec: &Recipient| {
        rec.relay
            .as_ref()
            .map_or_else(none, |h| Localized::same(h.clone()))
    };
    let use_ = |rec: &Recipient| {
        rec.recipient_use.clone().unwrap_or_else(|| {
            rec.recipient_use_url
                .as_ref()
                .map_or_else(none, |u| Localized::same(u.clone()))
        })
    };
    let yes_no = |b: bool| Localized::same(if b { "yes" } else { "no" });
    let facts: [(&'static str, Localized, Localized); 10] = [
        ("entity", o.entity.clone(), r.entity.clone()),
        ("service", o.service.clone(), r.service.clone()),
        ("country", country(&o.country), country(&r.country)),
        ("storage", country(&o.storage), country(&r.storage)),
        ("relay", relay(o), relay(r)),
        (
            "category",
            opt(o.category.as_ref()),
            opt(r.category.as_ref()),
        ),
        ("recipient_use", use_(o), use_(r)),
        (
            "privacy_policy",
            link(&o.privacy_policy),
            link(&r.privacy_policy),
        ),
        ("links", links(o), links(r)),
        ("first_party", yes_no(o.first_party), yes_no(r.first_party)),
    ];
    for (fact, old, new) in facts {
        if old != new {
            out.push(Change::FactChanged {
                recipient: named(),
                fact,
                old,
                new,
            });
        }
    }
    transmission_changes(old_notice, new_notice, o, r, out);
    let names: std::collections::BTreeSet<&String> =
        o.provenance.keys().chain(r.provenance.keys()).collect();
    for name in names {
        let (a, b) = (o.provenance.get(name), r.provenance.get(name));
        if a != b && a.is_some() && b.is_some() {
            out.push(Change::ProvenanceChanged {
                recipient: named(),
                fact: name.clone(),
                old: provenance(a),
                new: provenance(b),
            });
        }
    }
}

/// Pairs the transmissions of one recipient: equal ones are unchanged; then those with the same
/// data and purposes, the same purposes, the same data, or some data in common (in that order)
/// are one transmission whose facts changed; the rest were added or removed.
fn transmission_changes(
    old_notice: &Notice,
    new_notice: &Notice,
    o: &Recipient,
    r: &Recipient,
    out: &mut Vec<Change>,
) {
    let mut old_left: Vec<&Transmission> = o.transmissions.iter().collect();
    let mut new_left: Vec<&Transmission> = Vec::new();
    for t in &r.transmissions {
        match old_left.iter().position(|x| *x == t) {
            Some(i) => {
                old_left.remove(i);
            }
            None => new_left.push(t),
        }
    }
    let same_data =
        |a: &Transmission, b: &Transmission| a.data == b.data && a.purposes == b.purposes;
    let same_purposes = |a: &Transmission, b: &Transmission| a.purposes == b.purposes;
    let same_items = |a: &Transmission, b: &Transmission| a.data == b.data;
    let overlapping =
        |a: &Transmission, b: &Transmission| a.data.iter().any(|d| b.data.contains(d));
    let mut pairs: Vec<(&Transmission, &Transmission)> = Vec::new();
    for matches in [
        &same_data as &dyn Fn(&Transmission, &Transmission) -> bool,
        &same_purposes,
        &same_items,
        &overlapping,
    ] {
        new_left.retain(|t| match old_left.iter().position(|x| matches(x, t)) {
            Some(i) => {
                pairs.push((old_left.remove(i), t));
                false
            }
            None => true,
        });
    }
    for (a, b) in pairs {
        let data = data_text(new_notice, b);
        for d in b.data.iter().filter(|d| !a.data.contains(d)) {
            out.push(Change::DataAdded {
                recipient: Named::of(r),
                item: item_text(new_notice, d),
                purposes: purposes_text(new_notice, b),
            });
        }
        for d in a.data.iter().filter(|d| !b.data.contains(d)) {
            out.push(Change::DataRemoved {
                recipient: Named::of(r),
                item: item_text(old_notice, d),
                purposes: purposes_text(new_notice, b),
            });
        }
        for p in b.purposes.iter().filter(|p| !a.purposes.contains(p)) {
            out.push(Change::PurposeAdded {
                recipient: Named::of(r),
                data: data.clone(),
                purpose: purpose_label(new_notice, p),
            });
        }
        for p in a.purposes.iter().filter(|p| !b.purposes.contains(p)) {
            out.push(Change::PurposeRemoved {
                recipient: Named::of(r),
                data: data.clone(),
                purpose: purpose_label(old_notice, p),
            });
        }
        let mut push = |fact: &'static str, old: Localized, new: Localized| {
            if old != new {
                out.push(Change::TransmissionChanged {
                    recipient: Named::of(r),
                    data: data.clone(),
                    fact,
                    old,
                    new,
                });
            }
        };
        push(
            "conditions",
            conditions_text(old_notice, &a.conditions),
            conditions_text(new_notice, &b.conditions),
        );
        push(
            "basis",
            label(old_notice, &format!("basis_{}", a.basis.id())),
            label(new_notice, &format!("basis_{}", b.basis.id())),
        );
        push(
            "reason",
            reason_text(a.reason.as_ref()),
            reason_text(b.reason.as_ref()),
        );
        push(
            "opt_out",
            opt_out_text(&a.opt_out),
            opt_out_text(&b.opt_out),
        );
        push(
            "origin",
            label(old_notice, &format!("origin_{}", a.origin.id())),
            label(new_notice, &format!("origin_{}", b.origin.id())),
        );
        push(
            "mechanism",
            mechanism_text(a.mechanism),
            mechanism_text(b.mechanism),
        );
    }
    for t in new_left {
        out.push(Change::TransmissionAdded {
            recipient: Named::of(r),
            transmission: summarise(new_notice, t),
        });
    }
    for t in old_left {
        out.push(Change::TransmissionRemoved {
            recipient: Named::of(r),
            transmission: summarise(old_notice, t),
        });
    }
}

/// The built-in text `key`, with `notice`'s operator's terms filled in.
fn label(notice: &Notice, key: &str) -> Localized {
    let op = &notice.operator;
    texts::with_terms(&texts::localized(key), &op.service_term, &op.user_term)
}

/// Builds one text per language from `part`, joining the parts with the language's separator.
fn joined(parts: &[Localized], separator_key: &str) -> Localized {
    let text = |lang: Lang| {
        parts
            .iter()
            .map(|p| p.get(lang).unwrap_or_default().to_string())
            .collect::<Vec<_>>()
            .join(texts::get(lang, separator_key))
    };
    Localized::new(text(Lang::Ja), text(Lang::En))
}

fn data_text(notice: &Notice, t: &Transmission) -> Localized {
    let parts: Vec<Localized> = t.data.iter().map(|d| item_text(notice, d)).collect();
    joined(&parts, "list_separator")
}

fn purpose_label(notice: &Notice, id: &str) -> Localized {
    notice
        .purpose(id)
        .map_or_else(|| Localized::same(id.to_string()), |x| x.label.clone())
}

/// A data item as a transmission sends it: its label, with its qualifiers and conditions.
fn item_text(notice: &Notice, d: &crate::model::DataUse) -> Localized {
    {
        {
            let label = notice
                .data_item(&d.id)
                .map_or_else(|| Localized::same(d.id.clone()), |i| i.label.clone());
            let mut details: Vec<Localized> = d
                .qualifiers
                .iter()
                .map(|q| texts::localized(&format!("qualifier_{}", q.id())))
                .collect();
            details.extend(d.conditions.iter().map(|c| condition_label(notice, c)));
            if details.is_empty() {
                return label;
            }
            let details = joined(&details, "condition_separator");
            let text = |lang: Lang| {
                format!(
                    "{}{}{}{}",
                    label.get(lang).unwrap_or_default(),
                    texts::get(lang, "condition_open"),
                    details.get(lang).unwrap_or_default(),
                    texts::get(lang, "condition_close")
                )
            };
            Localized::new(text(Lang::Ja), text(Lang::En))
        }
    }
}

fn purposes_text(notice: &Notice, t: &Transmission) -> Localized {
    let parts: Vec<Localized> = t
        .purposes
        .iter()
        .map(|p| purpose_label(notice, p))
        .collect();
    joined(&parts, "list_separator")
}

fn condition_label(notice: &Notice, id: &str) -> Localized {
    notice
        .condition(id)
        .map_or_else(|| Localized::same(id.to_string()), |c| c.label.clone())
}

fn conditions_text(notice: &Notice, ids: &[String]) -> Localized {
    if ids.is_empty() {
        return texts::localized("value_always");
    }
    let parts: Vec<Localized> = ids.iter().map(|c| condition_label(notice, c)).collect();
    joined(&parts, "condition_separator")
}

fn reason_text(reason: Option<&String>) -> Localized {
    reason.map_or_else(
        || texts::localized("value_none"),
        |r| Localized::same(r.clone()),
    )
}

fn mechanism_text(m: Option<Mechanism>) -> Localized {
    match m {
        None => texts::localized("value_none"),
        Some(m) => texts::localized(&format!("mechanism_{}", m.id())),
    }
}

fn opt_out_text(o: &OptOutStatement) -> Localized {
    match o {
        OptOutStatement::Possible { url, steps, .. } => {
            let base = texts::localized(o.summary_key());
            let extra = url.clone().map(Localized::same).or_else(|| steps.clone());
            match extra {
                None => base,
                Some(extra) => {
                    let text = |lang: Lang| {
                        format!(
                            "{}{}{}{}",
                            base.get(lang).unwrap_or_default(),
                            texts::get(lang, "condition_open"),
                            extra
                                .get(lang)
                                .or_else(|| extra.get(Lang::Ja))
                                .unwrap_or_default(),
                            texts::get(lang, "condition_close")
                        )
                    };
                    Localized::new(text(Lang::Ja), text(Lang::En))
                }
            }
        }
        OptOutStatement::NotPossible { .. } | OptOutStatement::NotStated => {
            texts::localized(o.summary_key())
        }
    }
}

fn provenance(p: Option<&Provenance>) -> Localized {
    match p {
        None => texts::localized("value_none"),
        Some(Provenance::Builtin) => texts::localized("provenance_builtin"),
        Some(Provenance::Project) => texts::localized("provenance_project"),
        Some(Provenance::Dependency { package }) => {
            let text = |lang: Lang| {
                texts::fill(
                    texts::get(lang, "provenance_dependency"),
                    &[("package", package)],
                )
            };
            Localized::new(text(Lang::Ja), text(Lang::En))
        }
    }
}

fn summarise(notice: &Notice, t: &Transmission) -> Summary {
    let mut details: Vec<Localized> = Vec::new();
    if !t.conditions.is_empty() {
        details.push(conditions_text(notice, &t.conditions));
    }
    if t.basis != crate::foundation::vocab::Basis::Notice {
        details.push(label(notice, &format!("basis_{}", t.basis.id())));
    }
    if !matches!(t.opt_out, OptOutStatement::NotStated) {
        details.push(opt_out_text(&t.opt_out));
    }
    if t.origin != crate::foundation::vocab::Origin::Device {
        details.push(label(notice, &format!("origin_{}", t.origin.id())));
    }
    Summary {
        data: data_text(notice, t),
        purposes: purposes_text(notice, t),
        details: joined(&details, "condition_separator"),
    }
}

/// The changes as a Markdown list for a pull-request comment, in `lang`.
pub fn summary(changes: &[Change], lang: Lang) -> String {
    let t = |key: &str| texts::get(lang, key);
    let text = |l: &Localized| {
        escape(
            l.get(lang)
                .or_else(|| l.iter().next().map(|(_, t)| t))
                .unwrap_or_default(),
        )
    };
    let mut out = format!("## {}\n\n", t("changes_heading"));
    if changes.is_empty() {
        out.push_str(t("changes_none"));
        out.push('\n');
        return out;
    }
    let details = |s: &Summary| {
        let d = text(&s.details);
        if d.is_empty() {
            String::new()
        } else {
            format!("{}{d}{}", t("condition_open"), t("condition_close"))
        }
    };
    for change in changes {
        let fill = |key: &str, recipient: &Named, pairs: &[(&str, String)]| {
            let service = text(&recipient.service);
            let entity = text(&recipient.entity);
            let mut values: Vec<(&str, &str)> = vec![("recipient", &service), ("entity", &entity)];
            values.extend(pairs.iter().map(|(n, v)| (*n, v.as_str())));
            texts::fill(t(key), &values)
        };
        let line = match change {
            Change::RecipientAdded {
                recipient,
                transmissions,
            } => {
                let mut line = fill(
                    "change_recipient_added",
                    recipient,
                    &[
                        (
                            "data",
                            transmissions
                                .first()
                                .map(|s| text(&s.data))
                                .unwrap_or_default(),
                        ),
                        (
                            "purposes",
                            transmissions
                                .first()
                                .map(|s| format!("{}{}", text(&s.purposes), details(s)))
                                .unwrap_or_default(),
                        ),
                    ],
                );
                for s in transmissions.iter().skip(1) {
                    line.push_str("\n  - ");
                    line.push_str(&fill(
                        "change_transmission_added",
                        recipient,
                        &[
                            ("data", text(&s.data)),
                            ("purposes", text(&s.purposes)),
                            ("details", details(s)),
                        ],
                    ));
                }
                line
            }
            Change::RecipientRemoved { recipient } => {
                fill("change_recipient_removed", recipient, &[])
            }
            Change::TransmissionAdded {
                recipient,
                transmission: s,
            } => fill(
                "change_transmission_added",
                recipient,
                &[
                    ("data", text(&s.data)),
                    ("purposes", text(&s.purposes)),
                    ("details", details(s)),
                ],
            ),
            Change::TransmissionRemoved {
                recipient,
                transmission: s,
            } => fill(
                "change_transmission_removed",
                recipient,
                &[("data", text(&s.data)), ("purposes", text(&s.purposes))],
            ),
            Change::DataAdded {
                recipient,
                item,
                purposes,
            } => fill(
                "change_data_added",
                recipient,
                &[("item", text(item)), ("purposes", text(purposes))],
            ),
            Change::DataRemoved {
                recipient,
                item,
                purposes,
            } => fill(
                "change_data_removed",
                recipient,
                &[("item", text(item)), ("purposes", text(purposes))],
            ),
            Change::PurposeAdded {
                recipient,
                data,
                purpose,
            } => fill(
                "change_purpose_added",
                recipient,
                &[("data", text(data)), ("item", text(purpose))],
            ),
            Change::PurposeRemoved {
                recipient,
                data,
                purpose,
            } => fill(
                "change_purpose_removed",
                recipient,
                &[("data", text(data)), ("item", text(purpose))],
            ),
            Change::TransmissionChanged {
                recipient,
                data,
                fact,
                old,
                new,
            } => fill(
                "change_transmission_fact",
                recipient,
                &[
                    ("data", text(data)),
                    ("fact", t(&format!("fact_{fact}")).to_string()),
                    ("old", text(old)),
                    ("new", text(new)),
                ],
            ),
            Change::FactChanged {
                recipient,
                fact,
                old,
                new,
            } => fill(
                "change_fact",
                recipient,
                &[
                    ("fact", t(&format!("fact_{fact}")).to_string()),
                    ("old", text(old)),
                    ("new", text(new)),
                ],
            ),
            Change::ProvenanceChanged {
                recipient,
                fact,
                old,
                new,
            } => {
                let name = texts::try_get(lang, &format!("fact_{fact}"))
                    .map_or_else(|| format!("`{fact}`"), str::to_string);
                fill(
                    "change_provenance",
                    recipient,
                    &[("fact", name), ("old", text(old)), ("new", text(new))],
                )
            }
            Change::TextChanged { field } => {
                texts::fill(t("change_text"), &[("field", t(&format!("field_{field}")))])
            }
        };
        out.push_str(&format!("- {line}\n"));
    }
    out
}

#[cfg(test)]
mod tests;
