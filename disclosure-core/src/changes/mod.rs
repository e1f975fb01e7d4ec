//! What changed between two notices, in plain words a legal reviewer can approve. Semantic: computed
//! from the two models, never from a text diff. Recipients are paired by id, their transmissions by
//! what they share; every fact of a recipient (the fact list) and of a transmission is compared,
//! and where each recipient fact came from, and the notice's own texts. The changes name what
//! changed; the summary words them through the view ([`Words`]), as the notice words each fact, so
//! the reviewer reads what the page will say.

use serde::Serialize;

use crate::catalogue::facts::FACTS;
use crate::foundation::commonmark::escape;
use crate::foundation::localized::Lang;
use crate::model::{Notice, Recipient, Transmission};
use crate::render::view::{RecipientView, TransmissionView, Words};

/// One change between two notices, naming what changed (the summary words it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// A recipient the old notice did not have.
    RecipientAdded {
        /// The recipient's id.
        recipient: String,
    },
    /// A recipient the new notice no longer has.
    RecipientRemoved {
        /// The recipient's id.
        recipient: String,
    },
    /// A transmission to a recipient both notices have, that the old one did not state.
    TransmissionAdded {
        /// The recipient's id.
        recipient: String,
        /// The transmission (its position in the new notice).
        transmission: usize,
    },
    /// A transmission the new notice no longer states.
    TransmissionRemoved {
        /// The recipient's id.
        recipient: String,
        /// The transmission (its position in the old notice).
        transmission: usize,
    },
    /// A transmission both notices state, changed: data items and purposes added or removed, and
    /// which of its other facts changed.
    TransmissionChanged {
        /// The recipient's id.
        recipient: String,
        /// Its position in the old notice.
        old: usize,
        /// Its position in the new notice.
        new: usize,
        /// The data items it now also sends (positions in the new transmission).
        data_added: Vec<usize>,
        /// The data items it no longer sends (positions in the old transmission).
        data_removed: Vec<usize>,
        /// The purposes it now also has (positions in the new transmission).
        purposes_added: Vec<usize>,
        /// The purposes it no longer has (positions in the old transmission).
        purposes_removed: Vec<usize>,
        /// Its other facts that changed (`conditions`, `basis`, `reason`, `opt_out`, `origin`,
        /// `mechanism`).
        facts: Vec<&'static str>,
    },
    /// A fact of a recipient changed (a name of the fact list: `entity`, `country`, …).
    FactChanged {
        /// The recipient's id.
        recipient: String,
        /// Which fact.
        fact: &'static str,
    },
    /// Who states a fact of a recipient changed (the project's catalogue, the built-in one, a
    /// dependency's).
    ProvenanceChanged {
        /// The recipient's id.
        recipient: String,
        /// Which fact.
        fact: &'static str,
    },
    /// A text of the notice itself changed.
    TextChanged {
        /// Which (`introduction`, `opt_out`, …).
        field: &'static str,
    },
}

/// The facts of a transmission a change compares, with how each is read.
const TRANSMISSION_FACTS: &[&str] = &[
    "conditions",
    "basis",
    "reason",
    "opt_out",
    "origin",
    "mechanism",
];

/// Whether the transmission fact `fact` differs between `a` and `b`.
fn transmission_fact_differs(fact: &str, a: &Transmission, b: &Transmission) -> bool {
    match fact {
        "conditions" => a.conditions != b.conditions,
        "basis" => a.basis != b.basis,
        "reason" => a.reason != b.reason,
        "opt_out" => a.opt_out != b.opt_out,
        "origin" => a.origin != b.origin,
        "mechanism" => a.mechanism != b.mechanism,
        _ => false,
    }
}

/// Every change from `old` to `new`: recipients in the new notice's order, then removed ones in
/// the old notice's order; within a recipient, its facts, then its transmissions, then who states
/// its facts; the notice's texts last.
pub fn changes(old: &Notice, new: &Notice) -> Vec<Change> {
    let mut out = Vec::new();
    for r in &new.recipients {
        match old.recipients.iter().find(|o| o.id == r.id) {
            None => out.push(Change::RecipientAdded {
                recipient: r.id.clone(),
            }),
            Some(o) => recipient_changes(o, r, &mut out),
        }
    }
    for o in &old.recipients {
        if !new.recipients.iter().any(|r| r.id == o.id) {
            out.push(Change::RecipientRemoved {
                recipient: o.id.clone(),
            });
        }
    }
    let texts = old
        .texts()
        .into_iter()
        .zip(new.texts())
        .map(|((field, a), (_, b))| (field, a, b));
    for (field, a, b) in texts {
        if a != b {
            out.push(Change::TextChanged { field });
        }
    }
    out
}

fn recipient_changes(o: &Recipient, r: &Recipient, out: &mut Vec<Change>) {
    let (old_facts, new_facts) = (o.facts.each(), r.facts.each());
    let find = |list: &[crate::catalogue::facts::FactEntry<'_>], name: &str| {
        list.iter()
            .find(|e| e.name == name)
            .map(|e| (e.value.clone(), e.provenance.clone()))
    };
    let mut provenance = Vec::new();
    for fact in FACTS {
        let (a, b) = (find(&old_facts, fact.name), find(&new_facts, fact.name));
        if a.as_ref().map(|x| &x.0) != b.as_ref().map(|x| &x.0) {
            out.push(Change::FactChanged {
                recipient: r.id.clone(),
                fact: fact.name,
            });
        } else if let (Some(a), Some(b)) = (&a, &b)
            && a.1 != b.1
        {
            provenance.push(fact.name);
        }
    }
    transmission_changes(o, r, out);
    out.extend(
        provenance
            .into_iter()
            .map(|fact| Change::ProvenanceChanged {
                recipient: r.id.clone(),
                fact,
            }),
    );
}

/// Pairs the transmissions of one recipient: equal ones are unchanged; then those with the same
/// data and purposes, the same purposes, the same data, or some data in common (in that order)
/// are one transmission whose facts changed; the rest were added or removed.
fn transmission_changes(o: &Recipient, r: &Recipient, out: &mut Vec<Change>) {
    let mut old_left: Vec<usize> = (0..o.transmissions.len()).collect();
    let mut new_left: Vec<usize> = Vec::new();
    for (j, t) in r.transmissions.iter().enumerate() {
        match old_left.iter().position(|&i| o.transmissions[i] == *t) {
            Some(k) => {
                old_left.remove(k);
            }
            None => new_left.push(j),
        }
    }
    let same_data =
        |a: &Transmission, b: &Transmission| a.data == b.data && a.purposes == b.purposes;
    let same_purposes = |a: &Transmission, b: &Transmission| a.purposes == b.purposes;
    let same_items = |a: &Transmission, b: &Transmission| a.data == b.data;
    let overlapping =
        |a: &Transmission, b: &Transmission| a.data.iter().any(|d| b.data.contains(d));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for matches in [
        &same_data as &dyn Fn(&Transmission, &Transmission) -> bool,
        &same_purposes,
        &same_items,
        &overlapping,
    ] {
        new_left.retain(|&j| {
            match old_left
                .iter()
                .position(|&i| matches(&o.transmissions[i], &r.transmissions[j]))
            {
                Some(k) => {
                    pairs.push((old_left.remove(k), j));
                    false
                }
                None => true,
            }
        });
    }
    for (i, j) in pairs {
        let (a, b) = (&o.transmissions[i], &r.transmissions[j]);
        out.push(Change::TransmissionChanged {
            recipient: r.id.clone(),
            old: i,
            new: j,
            data_added: positions(&b.data, &a.data),
            data_removed: positions(&a.data, &b.data),
            purposes_added: positions(&b.purposes, &a.purposes),
            purposes_removed: positions(&a.purposes, &b.purposes),
            facts: TRANSMISSION_FACTS
                .iter()
                .copied()
                .filter(|f| transmission_fact_differs(f, a, b))
                .collect(),
        });
    }
    for j in new_left {
        out.push(Change::TransmissionAdded {
            recipient: r.id.clone(),
            transmission: j,
        });
    }
    for i in old_left {
        out.push(Change::TransmissionRemoved {
            recipient: o.id.clone(),
            transmission: i,
        });
    }
}

/// The positions of the items of `a` that `b` does not have.
fn positions<T: PartialEq>(a: &[T], b: &[T]) -> Vec<usize> {
    a.iter()
        .enumerate()
        .filter(|(_, x)| !b.contains(x))
        .map(|(i, _)| i)
        .collect()
}

/// The changes from `old` to `new` as a Markdown list for a pull-request comment, in `lang`, worded
/// as the notices word each fact.
pub fn summary(old: &Notice, new: &Notice, lang: Lang) -> String {
    let changes = changes(old, new);
    let (was, now) = (Words::of(old, lang), Words::of(new, lang));
    let mut out = format!("## {}\n\n", now.label("changes_heading", &[]));
    if changes.is_empty() {
        out.push_str(&now.label("changes_none", &[]));
        out.push('\n');
        return out;
    }
    for change in &changes {
        for line in lines(change, &was, &now) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// A recipient's view, from the notice that has it.
fn view<'a>(words: &'a Words, id: &str) -> Option<&'a RecipientView> {
    words.recipient(id)
}

/// The lines of one change: a list item, and under it the details.
fn lines(change: &Change, was: &Words, now: &Words) -> Vec<String> {
    let sep = now.label("list_separator", &[]);
    let fill = |key: &str, r: &RecipientView, pairs: &[(&str, String)]| {
        let service = escape(&r.service);
        let entity = escape(&r.entity);
        let mut values: Vec<(&str, &str)> = vec![("recipient", &service), ("entity", &entity)];
        values.extend(pairs.iter().map(|(n, v)| (*n, v.as_str())));
        now.label(key, &values)
    };
    let data = |t: &TransmissionView| {
        escape(
            &t.data
                .iter()
                .map(|d| d.text.clone())
                .collect::<Vec<_>>()
                .join(&sep),
        )
    };
    let purposes = |t: &TransmissionView| {
        escape(
            &t.purposes
                .iter()
                .map(|p| p.text.clone())
                .collect::<Vec<_>>()
                .join(&sep),
        )
    };
    let details = |t: &TransmissionView| {
        let mut parts: Vec<String> = Vec::new();
        if !t.conditions.is_empty() {
            parts.push(t.conditions.join(&now.label("condition_separator", &[])));
        }
        if let Some(b) = &t.basis {
            parts.push(b.clone());
        }
        if t.opt_out.kind != "not_stated" {
            parts.push(opt_out(t, now));
        }
        if t.origin != "device" {
            parts.push(now.label(&format!("origin_{}", t.origin), &[]));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(
                "{}{}{}",
                now.label("condition_open", &[]),
                escape(&parts.join(&now.label("condition_separator", &[]))),
                now.label("condition_close", &[])
            )
        }
    };
    let item = |s: String| format!("- {s}");
    match change {
        Change::RecipientAdded { recipient } => {
            let Some(r) = view(now, recipient) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            for (i, t) in r.transmissions.iter().enumerate() {
                let key = if i == 0 {
                    "change_recipient_added"
                } else {
                    "change_transmission_added"
                };
                let line = fill(
                    key,
                    r,
                    &[
                        ("data", data(t)),
                        ("purposes", format!("{}{}", purposes(t), details(t))),
                        ("details", String::new()),
                    ],
                );
                out.push(if i == 0 {
                    item(line)
                } else {
                    format!("  {}", item(line))
                });
            }
            if out.is_empty() {
                out.push(item(fill(
                    "change_recipient_added",
                    r,
                    &[("data", String::new()), ("purposes", String::new())],
                )));
            }
            out
        }
        Change::RecipientRemoved { recipient } => view(was, recipient)
            .map(|r| vec![item(fill("change_recipient_removed", r, &[]))])
            .unwrap_or_default(),
        Change::TransmissionAdded {
            recipient,
            transmission,
        } => view(now, recipient)
            .and_then(|r| Some((r, r.transmissions.get(*transmission)?)))
            .map(|(r, t)| {
                vec![item(fill(
                    "change_transmission_added",
                    r,
                    &[
                        ("data", data(t)),
                        ("purposes", purposes(t)),
                        ("details", details(t)),
                    ],
                ))]
            })
            .unwrap_or_default(),
        Change::TransmissionRemoved {
            recipient,
            transmission,
        } => view(was, recipient)
            .and_then(|r| Some((r, r.transmissions.get(*transmission)?)))
            .map(|(r, t)| {
                vec![item(fill(
                    "change_transmission_removed",
                    r,
                    &[("data", data(t)), ("purposes", purposes(t))],
                ))]
            })
            .unwrap_or_default(),
        Change::TransmissionChanged {
            recipient,
            old,
            new,
            data_added,
            data_removed,
            purposes_added,
            purposes_removed,
            facts,
        } => {
            let (Some(ro), Some(rn)) = (view(was, recipient), view(now, recipient)) else {
                return Vec::new();
            };
            let (Some(a), Some(b)) = (ro.transmissions.get(*old), rn.transmissions.get(*new))
            else {
                return Vec::new();
            };
            let pick = |items: &[crate::render::view::ItemView], at: &[usize]| {
                escape(
                    &at.iter()
                        .filter_map(|i| items.get(*i))
                        .map(|x| x.text.clone())
                        .collect::<Vec<_>>()
                        .join(&sep),
                )
            };
            let mut out = Vec::new();
            if !data_added.is_empty() {
                out.push(item(fill(
                    "change_data_added",
                    rn,
                    &[
                        ("item", pick(&b.data, data_added)),
                        ("purposes", purposes(b)),
                    ],
                )));
            }
            if !data_removed.is_empty() {
                out.push(item(fill(
                    "change_data_removed",
                    rn,
                    &[
                        ("item", pick(&a.data, data_removed)),
                        ("purposes", purposes(a)),
                    ],
                )));
            }
            if !purposes_added.is_empty() {
                out.push(item(fill(
                    "change_purpose_added",
                    rn,
                    &[
                        ("data", data(b)),
                        ("item", pick(&b.purposes, purposes_added)),
                    ],
                )));
            }
            if !purposes_removed.is_empty() {
                out.push(item(fill(
                    "change_purpose_removed",
                    rn,
                    &[
                        ("data", data(b)),
                        ("item", pick(&a.purposes, purposes_removed)),
                    ],
                )));
            }
            for fact in facts {
                out.push(item(fill(
                    "change_transmission_fact",
                    rn,
                    &[
                        ("data", data(b)),
                        ("fact", now.label(&format!("fact_{fact}"), &[])),
                        ("old", escape(&transmission_fact(fact, a, was))),
                        ("new", escape(&transmission_fact(fact, b, now))),
                    ],
                )));
            }
            out
        }
        Change::FactChanged { recipient, fact } => {
            let (Some(ro), Some(rn)) = (view(was, recipient), view(now, recipient)) else {
                return Vec::new();
            };
            match (ro.fact(fact, was), rn.fact(fact, now)) {
                (Some(a), Some(b)) if a != b => vec![item(fill(
                    "change_fact",
                    rn,
                    &[
                        ("fact", now.fact_name(fact)),
                        ("old", escape(&a)),
                        ("new", escape(&b)),
                    ],
                ))],
                _ => Vec::new(),
            }
        }
        Change::ProvenanceChanged { recipient, fact } => {
            let (Some(rn), Some(o), Some(n)) = (
                view(now, recipient),
                was_provenance(was, recipient, fact),
                was_provenance(now, recipient, fact),
            ) else {
                return Vec::new();
            };
            if rn.fact(fact, now).is_none() {
                return Vec::new();
            }
            vec![item(fill(
                "change_provenance",
                rn,
                &[("fact", now.fact_name(fact)), ("old", o), ("new", n)],
            ))]
        }
        Change::TextChanged { field } => {
            let mut out = vec![item(now.label(
                "change_text",
                &[("field", &now.label(&format!("field_{field}"), &[]))],
            ))];
            for (key, words) in [("change_before", was), ("change_after", now)] {
                let text = words.text(field).map_or_else(
                    || words.label("value_none", &[]),
                    |t| t.split_whitespace().collect::<Vec<_>>().join(" "),
                );
                out.push(format!("  - {}: {}", now.label(key, &[]), escape(&text)));
            }
            out
        }
    }
}

/// Who states a recipient's fact, in words (from the reviewer's facts of the view).
fn was_provenance(words: &Words, recipient: &str, fact: &str) -> Option<String> {
    let r = words.recipient(recipient)?;
    Some(words.provenance(r.provenance.get(fact)))
}

/// A transmission's fact as its view words it.
fn transmission_fact(fact: &str, t: &TransmissionView, words: &Words) -> String {
    match fact {
        "conditions" if t.conditions.is_empty() => words.label("value_always", &[]),
        "conditions" => t.conditions.join(&words.label("condition_separator", &[])),
        "basis" => t
            .basis
            .clone()
            .unwrap_or_else(|| words.label("basis_notice", &[])),
        "reason" => t
            .reason
            .clone()
            .unwrap_or_else(|| words.label("value_none", &[])),
        "opt_out" => opt_out(t, words),
        "origin" => words.label(&format!("origin_{}", t.origin), &[]),
        "mechanism" => t
            .mechanism
            .clone()
            .unwrap_or_else(|| words.label("value_none", &[])),
        _ => String::new(),
    }
}

/// How a transmission can be stopped, in a phrase with its page or steps.
fn opt_out(t: &TransmissionView, words: &Words) -> String {
    let o = &t.opt_out;
    match o.url.as_ref().or(o.steps.as_ref()) {
        Some(extra) => format!(
            "{}{}{extra}{}",
            o.summary,
            words.label("condition_open", &[]),
            words.label("condition_close", &[])
        ),
        None => o.summary.clone(),
    }
}

#[cfg(test)]
mod tests;
