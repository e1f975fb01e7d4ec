//! The reviewer's view: what the published notice leaves out on purpose. For each recipient,
//! where each fact about it comes from (the built-in catalogue, the application's catalogue, a
//! dependency's), and each transmission the code declares with the package, item, file and line
//! that declares it. It changes whenever code moves, so it is printed for review
//! (`cargo disclosure review`), never published.

use serde::Serialize;

use super::Project;
use crate::catalogue::Provenance;
use crate::foundation::choice::Choice;
use crate::foundation::commonmark::escape;
use crate::foundation::localized::{Lang, Localized};

/// The reviewer's view of a project.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
pub struct Review {
    /// Every recipient the code sends to, in the notice's order.
    pub recipients: Vec<RecipientReview>,
    /// Hosts captures showed requests to that no recipient declares.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observed_only: Vec<ObservedOnly>,
}

/// Requests observed to a host no recipient declares.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
pub struct ObservedOnly {
    /// The host.
    pub host: String,
    /// The catalogue's provider for it, if any.
    pub provider: Option<String>,
    /// How many requests.
    pub requests: usize,
}

/// One recipient.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
pub struct RecipientReview {
    /// The provider id.
    pub id: String,
    /// Its service name.
    pub service: Localized,
    /// Where each fact about it was stated.
    pub facts: Vec<FactOrigin>,
    /// The declarations that send to it.
    pub declared: Vec<Declared>,
    /// What captures showed of it, when captures were given (`None`: not checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<crate::check::verify::Observed>,
}

/// Where a fact was stated.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
pub struct FactOrigin {
    /// The fact (`entity`, `privacy_policy`, …).
    pub fact: String,
    /// Who stated it.
    pub origin: Provenance,
    /// A built-in fact with no quoted source.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unverified: bool,
    /// What a built-in fact rests on: each page, the sentence quoted, the document's date, the
    /// date checked, and whether the page is the provider's own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<crate::catalogue::provenance::Evidence>,
    /// The project team's check of a built-in fact (`checked` in its `[[provider]]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<crate::catalogue::provenance::TeamCheck>,
}

/// One declaration.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
pub struct Declared {
    /// The package.
    pub package: String,
    /// The annotated item.
    pub item: String,
    /// The file, relative to the workspace root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// The data items.
    pub data: Vec<String>,
    /// The purposes.
    pub purposes: Vec<String>,
    /// The conditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<String>,
    /// The basis, when the annotation states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The `[[opt_out]]` it names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    /// Where it leaves from, when the annotation states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

impl Review {
    /// The view of `project`.
    pub fn of(project: &Project, notice: &crate::model::Notice) -> Review {
        let recipients = notice
            .recipients
            .iter()
            .map(|r| {
                let facts = r
                    .facts
                    .each()
                    .into_iter()
                    .map(|e| FactOrigin {
                        fact: e.name.to_string(),
                        origin: e.provenance.clone(),
                        unverified: e.unverified(),
                        sources: e.evidence.to_vec(),
                        checked: e.checked.cloned(),
                    })
                    .collect();
                let declared = project
                    .declarations
                    .iter()
                    .filter(|d| d.provider.value == r.id)
                    .map(|d| Declared {
                        package: d.package.clone(),
                        item: d.item.clone(),
                        file: d.at.file.to_string_lossy().replace('\\', "/"),
                        line: d.at.line,
                        data: d.data_ids().map(String::from).collect(),
                        purposes: d.purpose_ids().map(String::from).collect(),
                        when: d.when.iter().map(|w| w.value.clone()).collect(),
                        basis: d.basis.as_ref().map(|b| b.value.id().to_string()),
                        opt_out: d.opt_out.as_ref().map(|o| o.value.clone()),
                        origin: d.origin.as_ref().map(|o| o.value.id().to_string()),
                    })
                    .collect();
                RecipientReview {
                    id: r.id.clone(),
                    service: r.facts.service().cloned().unwrap_or_default(),
                    facts,
                    declared,
                    observed: None,
                }
            })
            .collect();
        Review {
            recipients,
            observed_only: Vec::new(),
        }
    }

    /// Adds what the captures of `verification` showed: each recipient observed or not, and the
    /// hosts observed that no recipient declares.
    pub fn observe(&mut self, verification: &crate::check::verify::Verification) {
        for r in &mut self.recipients {
            r.observed = Some(
                verification
                    .observed
                    .get(&r.id)
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        self.observed_only = verification
            .findings
            .iter()
            .filter_map(|f| match f {
                crate::check::verify::Finding::UndeclaredHost {
                    host,
                    provider,
                    count,
                    ..
                } => Some(ObservedOnly {
                    host: host.clone(),
                    provider: provider.clone(),
                    requests: *count,
                }),
                _ => None,
            })
            .collect();
    }

    /// The view as Markdown, in English with service names in `lang`.
    pub fn markdown(&self, lang: Lang) -> String {
        let mut out = String::from("# Transmissions for review\n\n");
        for r in &self.recipients {
            let service = r
                .service
                .get(lang)
                .or_else(|| r.service.get(Lang::En))
                .unwrap_or(&r.id);
            out.push_str(&format!("## {} (`{}`)\n\n", escape(service), r.id));
            match &r.observed {
                Some(o) if o.requests > 0 => out.push_str(&format!(
                    "Observed: {} request(s) in {}.\n\n",
                    o.requests,
                    o.captures
                        .iter()
                        .map(|c| crate::foundation::commonmark::code(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                Some(_) => out.push_str("Observed: **never** (declared only).\n\n"),
                None => {}
            }
            if !r.facts.is_empty() {
                out.push_str("| fact | stated by | source |\n| --- | --- | --- |\n");
                for f in &r.facts {
                    let by = match &f.origin {
                        Provenance::Builtin => "the built-in catalogue".to_string(),
                        Provenance::Project => "the application's disclosure.toml".to_string(),
                        Provenance::Dependency { package } => {
                            format!("the catalogue of `{package}`")
                        }
                    };
                    let source = if f.unverified {
                        "**unverified**: no quoted source".to_string()
                    } else if let Some(c) = f.checked.as_ref().filter(|_| f.sources.is_empty()) {
                        format!(
                            "no quoted source; checked by {} on {}",
                            escape(&c.by),
                            c.date
                        )
                    } else {
                        f.sources
                            .iter()
                            .map(|e| {
                                format!(
                                    "{} ({} {}, checked {}{})",
                                    escape(&e.url),
                                    e.date_kind.id(),
                                    e.document_date,
                                    e.checked,
                                    if e.primary {
                                        ""
                                    } else {
                                        "; not the provider's own page"
                                    }
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("<br>")
                    };
                    out.push_str(&format!("| {} | {by} | {source} |\n", f.fact));
                }
                out.push('\n');
            }
            for d in &r.declared {
                let mut line = format!(
                    "- `{}` in `{}` ({}:{}): [{}] for [{}]",
                    d.item,
                    d.package,
                    d.file,
                    d.line,
                    d.data.join(", "),
                    d.purposes.join(", ")
                );
                if !d.when.is_empty() {
                    line.push_str(&format!(", when [{}]", d.when.join(", ")));
                }
                for (name, value) in [
                    ("basis", &d.basis),
                    ("opt-out", &d.opt_out),
                    ("origin", &d.origin),
                ] {
                    if let Some(v) = value {
                        line.push_str(&format!(", {name} `{v}`"));
                    }
                }
                out.push_str(&line);
                out.push('\n');
            }
            out.push('\n');
        }
        if !self.observed_only.is_empty() {
            out.push_str("## Observed but not declared\n\n");
            for o in &self.observed_only {
                out.push_str(&format!(
                    "- {}{}: {} request(s)\n",
                    crate::foundation::commonmark::code(&o.host),
                    o.provider
                        .as_ref()
                        .map(|p| format!(" (`{p}`)"))
                        .unwrap_or_default(),
                    o.requests
                ));
            }
        }
        format!("{}\n", out.trim_end())
    }
}
