//! The "Transmits" section `#[disclose(...)]` adds to a function's rustdoc: who receives what, and
//! why, in English, each term as the catalogue labels it (a text without English is shown in
//! another language, marked: [`Localized::marked`]).

use super::Annotation;
use crate::catalogue::Catalogue;
use crate::foundation::choice::Choice;
use crate::foundation::commonmark::escape;
use crate::foundation::ids::IdKind;
use crate::foundation::localized::{Lang, Localized};

/// The rustdoc lines of the section.
pub fn transmits(annotation: &Annotation, catalogue: &Catalogue) -> Vec<String> {
    let text = |l: &Localized| escape(&l.marked(Lang::En));
    let label = |kind: IdKind, id: &str| {
        catalogue
            .term(kind, id)
            .map(|(_, term)| text(&catalogue.with_terms(&term.label)))
    };
    let mut lines = vec![String::new(), "# Transmits".into(), String::new()];
    if let Some(provider) = catalogue.provider(&annotation.transmission.provider.value) {
        let mut who = format!(
            "Sends to **{}** ({}, provider `{}`)",
            provider.facts.service().map(text).unwrap_or_default(),
            provider.facts.entity().map(text).unwrap_or_default(),
            provider.id()
        );
        for when in &annotation.transmission.when {
            if let Some(condition) = label(IdKind::Condition, &when.value) {
                who.push_str(&format!(", {condition}"));
            }
        }
        who.push(':');
        lines.push(who);
        lines.push(String::new());
    }
    for d in &annotation.data {
        let Some(item) = label(IdKind::DataItem, &d.id.value) else {
            continue;
        };
        let mut line = format!("- {item} (`{}`", d.id.value);
        for q in &d.qualifiers {
            line.push_str(&format!(", {}", q.value.id()));
        }
        for w in &d.when {
            if let Some(c) = label(IdKind::Condition, &w.value) {
                line.push_str(&format!(", {c}"));
            }
        }
        line.push(')');
        lines.push(line);
    }
    lines.extend([String::new(), "Purposes:".into(), String::new()]);
    for p in &annotation.transmission.purposes {
        if let Some(purpose) = label(IdKind::Purpose, &p.value) {
            lines.push(format!("- {purpose} (`{}`)", p.value));
        }
    }
    lines
}
