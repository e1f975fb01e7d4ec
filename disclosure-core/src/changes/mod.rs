//! What changed between two notices, in plain words a legal reviewer can approve: recipients added
//! or removed, data items and purposes added or removed, conditions, links, entities. Semantic:
//! computed from the two models, not from a text diff.

use serde::Serialize;

use crate::catalogue::builtin::texts;
use crate::foundation::localized::{Lang, Localized};
use crate::foundation::markdown::escape;
use crate::model::{Entry, Notice, Recipient};

/// One change between two notices.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A recipient the old notice did not have, with what it receives and why.
    RecipientAdded {
        /// The recipient.
        recipient: Named,
        /// What it receives.
        data: Vec<Item>,
        /// Why.
        purposes: Vec<Item>,
    },
    /// A recipient the new notice no longer has.
    RecipientRemoved {
        /// The recipient.
        recipient: Named,
    },
    /// The legal entity changed.
    EntityChanged {
        /// The recipient.
        recipient: Named,
        /// Before.
        old: Localized,
        /// After.
        new: Localized,
    },
    /// The country changed.
    CountryChanged {
        /// The recipient.
        recipient: Named,
        /// Before.
        old: Option<Localized>,
        /// After.
        new: Option<Localized>,
    },
    /// A data item is sent that was not.
    DataAdded {
        /// The recipient.
        recipient: Named,
        /// The item.
        item: Item,
    },
    /// A data item is no longer sent.
    DataRemoved {
        /// The recipient.
        recipient: Named,
        /// The item.
        item: Item,
    },
    /// A purpose was added.
    PurposeAdded {
        /// The recipient.
        recipient: Named,
        /// The purpose.
        item: Item,
    },
    /// A purpose was removed.
    PurposeRemoved {
        /// The recipient.
        recipient: Named,
        /// The purpose.
        item: Item,
    },
    /// The conditions under which an item is sent changed.
    ConditionChanged {
        /// The recipient.
        recipient: Named,
        /// The item (its label).
        item: Localized,
        /// Before (empty: always).
        old: Vec<Localized>,
        /// After (empty: always).
        new: Vec<Localized>,
    },
    /// A link (privacy policy, opt-out page, other) was added, removed or changed.
    LinkChanged {
        /// The recipient.
        recipient: Named,
        /// The link's label.
        link: Localized,
        /// Before.
        old: Option<String>,
        /// After.
        new: Option<String>,
    },
    /// What the recipient itself does with the information changed.
    RecipientUseChanged {
        /// The recipient.
        recipient: Named,
        /// After.
        new: Option<Localized>,
    },
    /// How to stop the transmission changed (steps, or why it is not possible).
    OptOutChanged {
        /// The recipient.
        recipient: Named,
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

/// A data item or purpose, as a change names it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    /// The vocabulary id.
    pub id: String,
    /// Its label.
    pub label: Localized,
    /// The conditions it is sent under (empty: always).
    pub conditions: Vec<Localized>,
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

impl Item {
    fn of(e: &Entry) -> Item {
        Item {
            id: e.id.clone(),
            label: e.label.clone(),
            conditions: e.conditions.iter().map(|c| c.label.clone()).collect(),
        }
    }
}

/// Every change from `old` to `new`: recipients in the new notice's order, then removed ones in
/// the old notice's order; within a recipient, entity, country, data, conditions, purposes, links,
/// own use, opt-out; the notice's texts last.
pub fn changes(old: &Notice, new: &Notice) -> Vec<Change> {
    let mut out = Vec::new();
    for r in &new.recipients {
        match old.recipients.iter().find(|o| o.id == r.id) {
            None => out.push(Change::RecipientAdded {
                recipient: Named::of(r),
                data: r.data.iter().map(Item::of).collect(),
                purposes: r.purposes.iter().map(Item::of).collect(),
            }),
            Some(o) => recipient_changes(o, r, &mut out),
        }
    }
    for o in &old.recipients {
        if !new.recipients.iter().any(|r| r.id == o.id) {
            out.push(Change::RecipientRemoved {
                recipient: Named::of(o),
            });
        }
    }
    let texts = [
        ("title", Some(&old.title), Some(&new.title)),
        (
            "introduction",
            Some(&old.texts.introduction),
            Some(&new.texts.introduction),
        ),
        (
            "opt_out",
            old.texts.opt_out.as_ref(),
            new.texts.opt_out.as_ref(),
        ),
        (
            "essential",
            old.texts.essential.as_ref(),
            new.texts.essential.as_ref(),
        ),
        (
            "essential_opt_out",
            old.texts.essential_opt_out.as_ref(),
            new.texts.essential_opt_out.as_ref(),
        ),
        (
            "revision_policy",
            old.texts.revision_policy.as_ref(),
            new.texts.revision_policy.as_ref(),
        ),
        (
            "contact",
            old.texts.contact.as_ref(),
            new.texts.contact.as_ref(),
        ),
    ];
    for (field, a, b) in texts {
        if a != b {
            out.push(Change::TextChanged { field });
        }
    }
    out
}

fn recipient_changes(o: &Recipient, r: &Recipient, out: &mut Vec<Change>) {
    let named = || Named::of(r);
    if o.entity != r.entity {
        out.push(Change::EntityChanged {
            recipient: named(),
            old: o.entity.clone(),
            new: r.entity.clone(),
        });
    }
    if o.country != r.country {
        out.push(Change::CountryChanged {
            recipient: named(),
            old: o.country.as_ref().map(|c| c.name.clone()),
            new: r.country.as_ref().map(|c| c.name.clone()),
        });
    }
    for e in &r.data {
        match o.data.iter().find(|x| x.id == e.id) {
            None => out.push(Change::DataAdded {
                recipient: named(),
                item: Item::of(e),
            }),
            Some(x) if x.conditions != e.conditions => out.push(Change::ConditionChanged {
                recipient: named(),
                item: e.label.clone(),
                old: x.conditions.iter().map(|c| c.label.clone()).collect(),
                new: e.conditions.iter().map(|c| c.label.clone()).collect(),
            }),
            Some(_) => {}
        }
    }
    for x in &o.data {
        if !r.data.iter().any(|e| e.id == x.id) {
            out.push(Change::DataRemoved {
                recipient: named(),
                item: Item::of(x),
            });
        }
    }
    for e in &r.purposes {
        if !o.purposes.iter().any(|x| x.id == e.id) {
            out.push(Change::PurposeAdded {
                recipient: named(),
                item: Item::of(e),
            });
        }
    }
    for x in &o.purposes {
        if !r.purposes.iter().any(|e| e.id == x.id) {
            out.push(Change::PurposeRemoved {
                recipient: named(),
                item: Item::of(x),
            });
        }
    }
    let links = |rec: &Recipient| -> Vec<(Localized, String)> {
        let opt_out = rec
            .opt_out
            .as_ref()
            .and_then(|o| o.url.clone())
            .map(|url| (texts::localized("opt_out_page"), url));
        rec.privacy_policy
            .iter()
            .chain(&rec.links)
            .map(|l| (l.label.clone(), l.url.clone()))
            .chain(opt_out)
            .collect()
    };
    let (old_links, new_links) = (links(o), links(r));
    for (label, url) in &new_links {
        let before = old_links.iter().find(|(l, _)| l == label).map(|(_, u)| u);
        if before != Some(url) {
            out.push(Change::LinkChanged {
                recipient: named(),
                link: label.clone(),
                old: before.cloned(),
                new: Some(url.clone()),
            });
        }
    }
    for (label, url) in &old_links {
        if !new_links.iter().any(|(l, _)| l == label) {
            out.push(Change::LinkChanged {
                recipient: named(),
                link: label.clone(),
                old: Some(url.clone()),
                new: None,
            });
        }
    }
    if o.recipient_use != r.recipient_use {
        out.push(Change::RecipientUseChanged {
            recipient: named(),
            new: r.recipient_use.clone(),
        });
    }
    let steps = |rec: &Recipient| {
        rec.opt_out
            .as_ref()
            .map(|o| (o.steps.clone(), o.not_possible.clone()))
    };
    if steps(o) != steps(r) {
        out.push(Change::OptOutChanged { recipient: named() });
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
    let sep = t("list_separator");
    let item = |i: &Item| {
        let mut s = text(&i.label);
        if !i.conditions.is_empty() {
            let c: Vec<String> = i.conditions.iter().map(text).collect();
            s.push_str(&format!(
                "{}{}{}",
                t("condition_open"),
                c.join(t("condition_separator")),
                t("condition_close")
            ));
        }
        s
    };
    let items = |list: &[Item]| list.iter().map(item).collect::<Vec<_>>().join(sep);
    let conditions = |list: &[Localized]| {
        if list.is_empty() {
            t("value_always").to_string()
        } else {
            list.iter()
                .map(text)
                .collect::<Vec<_>>()
                .join(t("condition_separator"))
        }
    };
    let url = |u: &Option<String>| match u {
        Some(u) => format!("`{u}`"),
        None => t("value_none").to_string(),
    };
    let optional =
        |l: &Option<Localized>| l.as_ref().map_or_else(|| t("value_none").to_string(), text);
    let mut out = format!("## {}\n\n", t("changes_heading"));
    if changes.is_empty() {
        out.push_str(t("changes_none"));
        out.push('\n');
        return out;
    }
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
                data,
                purposes,
            } => fill(
                "change_recipient_added",
                recipient,
                &[("data", items(data)), ("purposes", items(purposes))],
            ),
            Change::RecipientRemoved { recipient } => {
                fill("change_recipient_removed", recipient, &[])
            }
            Change::EntityChanged {
                recipient,
                old,
                new,
            } => fill(
                "change_entity",
                recipient,
                &[("old", text(old)), ("new", text(new))],
            ),
            Change::CountryChanged {
                recipient,
                old,
                new,
            } => fill(
                "change_country",
                recipient,
                &[("old", optional(old)), ("new", optional(new))],
            ),
            Change::DataAdded { recipient, item: i } => {
                fill("change_data_added", recipient, &[("item", item(i))])
            }
            Change::DataRemoved { recipient, item: i } => {
                fill("change_data_removed", recipient, &[("item", item(i))])
            }
            Change::PurposeAdded { recipient, item: i } => {
                fill("change_purpose_added", recipient, &[("item", item(i))])
            }
            Change::PurposeRemoved { recipient, item: i } => {
                fill("change_purpose_removed", recipient, &[("item", item(i))])
            }
            Change::ConditionChanged {
                recipient,
                item: i,
                old,
                new,
            } => fill(
                "change_condition",
                recipient,
                &[
                    ("item", text(i)),
                    ("old", conditions(old)),
                    ("new", conditions(new)),
                ],
            ),
            Change::LinkChanged {
                recipient,
                link,
                old,
                new,
            } => fill(
                "change_link",
                recipient,
                &[("link", text(link)), ("old", url(old)), ("new", url(new))],
            ),
            Change::RecipientUseChanged { recipient, new } => {
                fill("change_recipient_use", recipient, &[("new", optional(new))])
            }
            Change::OptOutChanged { recipient } => fill("change_opt_out", recipient, &[]),
            Change::TextChanged { field } => {
                texts::fill(t("change_text"), &[("field", t(&format!("field_{field}")))])
            }
        };
        out.push_str(&format!("- {line}\n"));
    }
    out
}
