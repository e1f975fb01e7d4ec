//! The pre-publication checklist for the operator's lawyer (`cargo disclosure review --legal`):
//! per transmission, each item Art. 27-12 and 施行規則 第22条の2の29 require (the information, the
//! entity, the operator's and the recipient's purposes; the opt-out measure under item 4; the
//! exemption under item 1), whether and where the notice states it and what it says; the sources
//! of every built-in fact behind it (the page, the sentence quoted, the document's date, the date
//! checked, whether the page is the provider's own); and every lint's result, the allowed ones
//! with their reasons.
//!
//! What the notice states is read from its [`View`], the one place the notice's words are made,
//! so the checklist quotes the notice as it is published. The checklist is not published: it is
//! rendered through `templates/legal-review.j2` in Markdown or as an HTML page.

use serde::Serialize;

use super::Project;
use crate::catalogue::vocabulary::texts;
use crate::check::lints;
use crate::foundation::choice::Choice as _;
use crate::foundation::diagnostic::{Code, Diagnostic, Error, Severity};
use crate::foundation::levels::Level;
use crate::foundation::localized::Lang;
use crate::model::Notice;
use crate::render::Layout;
use crate::render::view::{RecipientView, TransmissionView, View, Words};

/// Whether the notice states an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stated.
    Stated,
    /// Stated only in part (a brand or a category for the entity).
    Partial,
    /// Required and not stated.
    Missing,
    /// Not required for this transmission.
    NotRequired,
}

/// One item of one transmission, in one language.
#[derive(Debug, Serialize)]
pub struct ItemRow {
    /// Which item (`information`, `entity`, `operator_purpose`, `recipient_purpose`, `opt_out`,
    /// `exemption`).
    pub id: &'static str,
    /// Whether it is stated.
    pub status: Status,
    /// The item's name.
    pub item: String,
    /// The provision that requires it.
    pub law: String,
    /// The result, in words.
    pub result: String,
    /// Where the notice states it (the heading or row it is under).
    pub place: String,
    /// What the notice says.
    pub stated: String,
}

/// The source of one built-in fact.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceRow {
    /// The fact.
    pub fact: String,
    /// Who stated it.
    pub stated_by: String,
    /// The page and the sentence quoted from it.
    pub source: String,
    /// The document's own date, and what that date is.
    pub document_date: String,
    /// When the quote was checked.
    pub checked: String,
    /// Whether the page is the provider's own.
    pub primary: String,
}

/// One transmission's checklist.
#[derive(Debug, Serialize)]
pub struct TransmissionRows {
    /// An element id.
    pub id: String,
    /// The recipient's id.
    pub recipient: String,
    /// "Service (entity): heading".
    pub heading: String,
    /// Where it is sent from, and whether the rule applies.
    pub origin: String,
    /// Its basis, with the provision.
    pub basis: String,
    /// Each item.
    pub items: Vec<ItemRow>,
    /// The sources of the built-in facts about the recipient.
    pub evidence: Vec<EvidenceRow>,
    /// The built-in facts without a source, named.
    pub unverified: Option<String>,
}

/// One lint's result.
#[derive(Debug, Serialize)]
pub struct LintRow {
    /// Its code.
    pub code: String,
    /// Its name.
    pub check: String,
    /// The result, in words.
    pub result: String,
    /// Whether a finding at error level remains.
    pub failed: bool,
    /// Each finding's message.
    pub details: Vec<String>,
}

/// The checklist in one language: what `templates/legal-review.j2` sees.
#[derive(Debug, Serialize)]
pub struct LegalView {
    /// The language.
    pub lang: Lang,
    /// The title.
    pub title: String,
    /// What the checklist is.
    pub intro: String,
    /// How many required items are missing, in words.
    pub summary: String,
    /// How many required items are missing.
    pub missing: usize,
    /// Every transmission, third parties first, then the operator's own, then those from its
    /// servers.
    pub transmissions: Vec<TransmissionRows>,
    /// Every lint, in the order they run.
    pub lints: Vec<LintRow>,
    /// The column headings and fixed words.
    pub t: std::collections::BTreeMap<String, String>,
}

/// Builds the notice of `project` (an input error still stops it), and the checklist in `lang`.
/// A lint's error does not stop it: it is what the checklist reports.
pub fn of(project: &Project, lang: Lang) -> Result<LegalView, Error> {
    let (notice, _) = project.unchecked_notice()?;
    let findings = lints::run(&project.catalogue, &notice, &project.declarations);
    build(project, &notice, &findings, lang)
}

/// The checklist as Markdown (`md`) or an HTML page (`html`).
pub fn render(view: &LegalView, ext: &str) -> Result<String, Error> {
    crate::render::template::render_report("legal-review", ext, view.lang, &view.title, view)
}

fn build(
    project: &Project,
    notice: &Notice,
    findings: &[Diagnostic],
    lang: Lang,
) -> Result<LegalView, Error> {
    let view = View::new(notice, lang, Layout::default())?;
    let words = Words::of(notice, lang);
    let lints = lint_rows(project, findings, &words);
    let allowed_use = |id: &str| -> Option<String> {
        findings
            .iter()
            .filter(|d| {
                d.code == Code::RecipientUseMissing && d.message.contains(&format!("`{id}`"))
            })
            .find_map(|d| {
                let rule = project.levels.rule_for(d)?;
                (rule.level == Level::Allow).then(|| rule.reason.clone().unwrap_or_default())
            })
    };
    let mut transmissions = Vec::new();
    for r in view
        .third_parties
        .iter()
        .chain(&view.first_party)
        .chain(&view.server)
    {
        let model = notice.recipients.iter().find(|m| m.id == r.id);
        let (evidence, unverified) = model.map(|m| sources(m, &words)).unwrap_or_default();
        for t in &r.transmissions {
            let number = transmissions.len() + 1;
            transmissions.push(TransmissionRows {
                id: format!("t{number}"),
                recipient: r.id.clone(),
                heading: words.label(
                    "legal_transmission",
                    &[
                        ("service", &r.service),
                        ("entity", &r.entity),
                        ("heading", &t.heading),
                    ],
                ),
                origin: if t.origin == "server" {
                    words.label("legal_origin_server", &[])
                } else {
                    words.label("legal_origin_device", &[])
                },
                basis: words.label(
                    "legal_basis",
                    &[(
                        "basis",
                        &words.label(&format!("legal_basis_{}", t.basis_id), &[]),
                    )],
                ),
                items: items(&view, r, model, t, &words, allowed_use(&r.id)),
                evidence: evidence.clone(),
                unverified: unverified.clone(),
            });
        }
    }
    let missing = transmissions
        .iter()
        .flat_map(|t| &t.items)
        .filter(|i| i.status == Status::Missing)
        .count();
    let summary = if missing == 0 {
        words.label("legal_summary_complete", &[])
    } else {
        words.label("legal_summary_missing", &[("count", &missing.to_string())])
    };
    let t = texts::every(lang)
        .into_iter()
        .filter_map(|(k, _)| {
            k.strip_prefix("legal_")
                .map(|short| (short.to_string(), words.label(k, &[])))
        })
        .collect();
    Ok(LegalView {
        lang,
        title: words.label("legal_title", &[]),
        intro: words.label("legal_intro", &[]),
        summary,
        missing,
        transmissions,
        lints,
        t,
    })
}

/// The six items of one transmission.
fn items(
    view: &View,
    r: &RecipientView,
    model: Option<&crate::model::Recipient>,
    t: &TransmissionView,
    w: &Words,
    use_allowed: Option<String>,
) -> Vec<ItemRow> {
    let heading = |key: &str| view.t.get(key).cloned().unwrap_or_default();
    let list = |items: &[crate::render::view::ItemView]| {
        items
            .iter()
            .map(|i| i.text.clone())
            .collect::<Vec<_>>()
            .join(&heading("list_separator"))
    };
    let stated_if = |present: bool| {
        if present {
            (Status::Stated, w.label("legal_stated", &[]))
        } else {
            (Status::Missing, w.label("legal_missing", &[]))
        }
    };
    let row = |id: &'static str,
               law: &str,
               (status, result): (Status, String),
               place: String,
               stated: String| ItemRow {
        id,
        status,
        item: w.label(&format!("legal_item_{id}"), &[]),
        law: w.label(law, &[]),
        result,
        place,
        stated,
    };
    let entity = match r.entity_kind {
        "legal_name" => stated_if(!r.entity.is_empty()),
        "brand" => (Status::Partial, w.label("legal_brand", &[])),
        "category" => (Status::Partial, w.label("legal_category", &[])),
        _ => stated_if(false),
    };
    // What the model states decides; the view's words (a "not stated" mark included) are quoted.
    let facts = model.map(|m| &m.facts);
    let use_stated = facts.is_some_and(|f| f.recipient_use.is_some());
    let url_stated = facts.is_some_and(|f| f.recipient_use_url.is_some());
    let processor =
        facts.is_some_and(|f| f.role() == Some(crate::foundation::vocab::Role::Processor));
    // A processor's role sentence is what the notice says of its own use when nothing else does.
    let by_role = processor && !use_stated && !url_stated;
    let recipient_purpose = if r.first_party {
        (
            Status::NotRequired,
            w.label("legal_not_required_first_party", &[]),
        )
    } else if use_stated {
        (Status::Stated, w.label("legal_stated", &[]))
    } else if url_stated {
        (Status::Stated, w.label("legal_stated_link", &[]))
    } else if by_role {
        (Status::Stated, w.label("legal_stated_processor", &[]))
    } else if let Some(reason) = use_allowed {
        (
            Status::Missing,
            w.label("legal_missing_allowed", &[("reason", &reason)]),
        )
    } else {
        (Status::Missing, w.label("legal_missing", &[]))
    };
    let recipient_use_text = r
        .recipient_use
        .clone()
        .or_else(|| r.recipient_use_url.clone())
        .or_else(|| r.role.clone().filter(|_| by_role))
        .unwrap_or_default();
    let opt_out_stated =
        t.opt_out.kind == "possible" && t.opt_out.way_stated && t.opt_out.stops.is_some();
    let opt_out = match (t.basis_id, t.opt_out.kind) {
        ("opt_out", _) => stated_if(opt_out_stated),
        (_, "not_stated") => (Status::NotRequired, w.label("legal_not_required", &[])),
        _ => (Status::NotRequired, w.label("legal_stated_optional", &[])),
    };
    let exemption = if t.basis_id == "essential" {
        if t.reason.is_some() {
            (Status::Stated, w.label("legal_claimed", &[]))
        } else {
            (Status::Missing, w.label("legal_missing", &[]))
        }
    } else {
        (Status::NotRequired, w.label("legal_not_claimed", &[]))
    };
    vec![
        row(
            "information",
            "legal_law_information",
            stated_if(!t.data.is_empty()),
            heading("data_heading"),
            list(&t.data),
        ),
        row(
            "entity",
            "legal_law_entity",
            entity,
            heading("entity"),
            r.entity.clone(),
        ),
        row(
            "operator_purpose",
            "legal_law_purpose",
            stated_if(!t.purposes.is_empty()),
            heading("operator_purposes_heading"),
            list(&t.purposes),
        ),
        row(
            "recipient_purpose",
            "legal_law_recipient_purpose",
            recipient_purpose,
            heading(if by_role {
                "role"
            } else {
                "recipient_use_heading"
            }),
            recipient_use_text,
        ),
        row(
            "opt_out",
            "legal_law_opt_out",
            opt_out,
            t.opt_out.heading.clone(),
            opt_out_text(view, t),
        ),
        row(
            "exemption",
            "legal_law_exemption",
            exemption,
            w.label("legal_where_essential", &[]),
            t.reason.clone().unwrap_or_default(),
        ),
    ]
}

/// What the notice says of a transmission's opt-out: its summary, the page, and what stops.
fn opt_out_text(view: &View, t: &TransmissionView) -> String {
    let o = &t.opt_out;
    let mut parts = vec![o.summary.clone()];
    parts.extend(o.url.clone());
    parts.extend(o.steps.clone());
    if let (Some(stops), Some(label)) = (&o.stops, view.t.get("opt_out_stops")) {
        parts.push(format!("{label}: {stops}"));
    }
    parts.join(" / ")
}

/// The sources of the built-in facts about `recipient`, and the built-in facts without one.
fn sources(recipient: &crate::model::Recipient, w: &Words) -> (Vec<EvidenceRow>, Option<String>) {
    let mut rows = Vec::new();
    let mut unverified = Vec::new();
    for fact in recipient.facts.each() {
        let name = w.fact_name_or_id(fact.name);
        if fact.unverified() {
            unverified.push(name.clone());
        }
        let stated_by = w.provenance(Some(fact.provenance));
        if let Some(c) = fact.checked {
            rows.push(EvidenceRow {
                fact: name.clone(),
                stated_by: stated_by.clone(),
                source: w.label("review_team_check", &[("by", &c.by)]),
                document_date: String::new(),
                checked: c.date.to_string(),
                primary: String::new(),
            });
        }
        for e in fact.evidence {
            rows.push(EvidenceRow {
                fact: name.clone(),
                stated_by: stated_by.clone(),
                source: format!("{} 「{}」", e.url, e.quote),
                document_date: format!("{} ({})", e.document_date, e.date_kind.id()),
                checked: e.checked.to_string(),
                primary: w.label(if e.primary { "value_yes" } else { "value_no" }, &[]),
            });
        }
    }
    let unverified =
        (!unverified.is_empty()).then(|| unverified.join(texts::get(w.lang, "list_separator")));
    (rows, unverified)
}

/// Every lint's result at the levels in force.
fn lint_rows(project: &Project, findings: &[Diagnostic], w: &Words) -> Vec<LintRow> {
    lints::codes()
        .into_iter()
        .map(|code| {
            let mine: Vec<&Diagnostic> = findings.iter().filter(|d| d.code == code).collect();
            let mut errors = 0;
            let mut warnings = 0;
            let mut allowed = Vec::new();
            for d in &mine {
                match project.levels.apply((*d).clone(), true) {
                    None => allowed.push(
                        project
                            .levels
                            .rule_for(d)
                            .and_then(|r| r.reason.clone())
                            .unwrap_or_default(),
                    ),
                    Some(d) if d.severity == Severity::Error => errors += 1,
                    Some(_) => warnings += 1,
                }
            }
            let mut result = Vec::new();
            if errors > 0 {
                result.push(w.label("legal_lint_errors", &[("count", &errors.to_string())]));
            }
            if warnings > 0 {
                result.push(w.label("legal_lint_warnings", &[("count", &warnings.to_string())]));
            }
            if !allowed.is_empty() {
                let count = allowed.len().to_string();
                allowed.sort();
                allowed.dedup();
                result.push(w.label(
                    "legal_lint_allowed",
                    &[("count", &count), ("reason", &allowed.join("; "))],
                ));
            }
            if result.is_empty() {
                result.push(w.label("legal_lint_passed", &[]));
            }
            LintRow {
                code: code.id().to_string(),
                check: code.name().to_string(),
                result: result.join(" "),
                failed: errors > 0,
                details: mine.iter().map(|d| d.message.clone()).collect(),
            }
        })
        .collect()
}
