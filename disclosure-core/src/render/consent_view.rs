//! The consent panel in one language (`--format consent`, docs/consent-markup.md): the notice's
//! own words from [`View`] (each recipient's service, entity and country, each transmission's
//! items, purposes, conditions and reasons), arranged by consent unit ([`crate::wire::consent`]),
//! with the panel's built-in labels. Nothing here words a fact: the view does.

use std::collections::BTreeMap;

use serde::Serialize;

use super::layout::Layout;
use super::view::{ItemView, RecipientView, TransmissionView, View};
use crate::catalogue::vocabulary::texts;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::foundation::localized::Lang;
use crate::foundation::vocab::Origin;
use crate::model::Notice;
use crate::wire::ConsentUnit;

/// The panel in one language.
#[derive(Debug, Serialize)]
pub struct ConsentView {
    /// `ja` or `en`.
    pub lang: Lang,
    /// The panel's labels (`consent_*` of the built-in texts, without the prefix), with the
    /// operator's terms filled in.
    pub t: BTreeMap<String, String>,
    /// The banner's first paragraph: the recipients by name, and, when any transmission needs
    /// consent, that nothing of it is sent before.
    pub lead: String,
    /// Where the notice is published (`[notice] url`).
    pub notice_url: Option<String>,
    /// The recipients, each with its units, in the notice's order.
    pub groups: Vec<GroupView>,
    /// Some unit cannot be switched (`notice`, `essential`): the settings say so.
    pub has_fixed: bool,
    /// The summary's heading, with the number of units.
    pub details: String,
    /// The heading of a unit's data items, as the notice words it.
    pub data_heading: String,
    /// The heading of a unit's purposes.
    pub purposes_heading: String,
    /// The heading of a unit's conditions.
    pub conditions_heading: String,
}

/// One recipient in the panel.
#[derive(Debug, Serialize)]
pub struct GroupView {
    /// Its provider id.
    pub provider: String,
    /// 「Sentry（Functional Software, Inc.、アメリカ合衆国）」.
    pub title: String,
    /// Its units.
    pub units: Vec<UnitView>,
}

/// One consent unit in the panel.
#[derive(Debug, Serialize)]
pub struct UnitView {
    /// The unit's id.
    pub id: String,
    /// Its provider id.
    pub provider: String,
    /// `notice`, `consent`, `opt_out` or `essential`.
    pub basis: String,
    /// Its fingerprint.
    pub fingerprint: String,
    /// Its items' tokens, space-separated.
    pub items: String,
    /// What its basis means for the user (its heading).
    pub title: String,
    /// The same, short, after the recipient in the banner's summary.
    pub basis_short: String,
    /// The recipient as the banner's summary names it: 「Google アナリティクス（Google LLC）」.
    pub recipient: String,
    /// The data items, each with its token.
    pub data: Vec<PanelItem>,
    /// The operator's purposes, each with its token.
    pub purposes: Vec<PanelItem>,
    /// The conditions its transmissions are limited to.
    pub conditions: Vec<String>,
    /// What an unswitchable unit says instead of a switch.
    pub fixed: Option<String>,
    /// The switch's label, for a switchable unit.
    pub switch_label: Option<String>,
    /// The data items' texts, joined (the banner's summary).
    pub data_text: String,
    /// The purposes' texts, joined.
    pub purposes_text: String,
}

/// A data item or a purpose as the panel lists it.
#[derive(Clone, Debug, Serialize)]
pub struct PanelItem {
    /// `data:<id>` or `purpose:<id>`.
    pub token: String,
    /// Its text, as the notice prints it in the transmission.
    pub text: String,
}

impl ConsentView {
    /// The panel of `notice` in `lang`, over its consent units; fails naming every text missing in
    /// that language, as the notice does.
    pub fn new(notice: &Notice, lang: Lang, units: &[ConsentUnit]) -> Result<ConsentView, Error> {
        let view = View::new(notice, lang, Layout::default())?;
        let terms = [
            ("short_name", view.operator_short_name.as_str()),
            ("service_term", view.service_term.as_str()),
        ];
        let label = |key: &str, extra: &[(&str, &str)]| {
            let mut values = terms.to_vec();
            values.extend_from_slice(extra);
            texts::fill(texts::get(lang, key), &values)
        };
        let heading = |key: &str| view.t.get(key).cloned().unwrap_or_default();
        let separator = heading("list_separator");
        let mut groups = Vec::new();
        for r in &view.third_parties {
            let model = notice
                .recipients
                .iter()
                .find(|m| m.id == r.id)
                .ok_or_else(|| mismatch(&r.id))?;
            // The view lists a recipient's transmissions from users' devices in the model's order.
            let device: Vec<usize> = model
                .transmissions
                .iter()
                .enumerate()
                .filter(|(_, t)| t.origin == Origin::Device)
                .map(|(i, _)| i)
                .collect();
            if device.len() != r.transmissions.len() {
                return Err(mismatch(&r.id));
            }
            let printed = |index: usize| -> Result<&TransmissionView, Error> {
                device
                    .iter()
                    .position(|&i| i == index)
                    .map(|p| &r.transmissions[p])
                    .ok_or_else(|| mismatch(&r.id))
            };
            let mut unit_views = Vec::new();
            for unit in units.iter().filter(|u| u.provider == r.id) {
                let transmissions = unit
                    .transmissions
                    .iter()
                    .map(|&i| printed(i))
                    .collect::<Result<Vec<_>, _>>()?;
                unit_views.push(unit_view(unit, r, &transmissions, &label, &separator));
            }
            if unit_views.is_empty() {
                continue;
            }
            let title = match &r.country {
                Some(country) => label(
                    "consent_group_title",
                    &[
                        ("service", &r.service),
                        ("entity", &r.entity),
                        ("country", country),
                    ],
                ),
                None => label(
                    "consent_group_title_no_country",
                    &[("service", &r.service), ("entity", &r.entity)],
                ),
            };
            groups.push(GroupView {
                provider: r.id.clone(),
                title,
                units: unit_views,
            });
        }
        let services: Vec<&str> = groups
            .iter()
            .filter_map(|g| view.third_parties.iter().find(|r| r.id == g.provider))
            .map(|r| r.service.as_str())
            .collect();
        let operator_services = if view.services.is_empty() {
            view.operator.clone()
        } else {
            view.services.join(&separator)
        };
        let mut lead = label(
            "consent_lead",
            &[
                ("services", &operator_services),
                ("recipients", &services.join(&separator)),
            ],
        );
        if units.iter().any(|u| u.basis == "consent") {
            lead.push_str(texts::get(lang, "sentence_separator"));
            lead.push_str(&label("consent_lead_consent", &[]));
        }
        let t = texts::every(lang)
            .into_iter()
            .filter_map(|(key, _)| {
                let short = key.strip_prefix("consent_")?;
                Some((short.to_string(), label(key, &[])))
            })
            .collect();
        Ok(ConsentView {
            lang,
            t,
            lead,
            notice_url: notice.metadata.url.clone(),
            has_fixed: units.iter().any(|u| !u.switchable()),
            details: label(
                "consent_details",
                &[(
                    "count",
                    &groups
                        .iter()
                        .map(|g| g.units.len())
                        .sum::<usize>()
                        .to_string(),
                )],
            ),
            data_heading: heading("data_heading"),
            purposes_heading: heading("operator_purposes_heading"),
            conditions_heading: heading("conditions"),
            groups,
        })
    }
}

/// One unit, from the view's words for its transmissions.
fn unit_view(
    unit: &ConsentUnit,
    r: &RecipientView,
    transmissions: &[&TransmissionView],
    label: &dyn Fn(&str, &[(&str, &str)]) -> String,
    separator: &str,
) -> UnitView {
    let mut data: Vec<PanelItem> = Vec::new();
    let mut purposes: Vec<PanelItem> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    let add = |list: &mut Vec<PanelItem>, kind: &str, item: &ItemView| {
        let entry = PanelItem {
            token: format!("{kind}:{}", item.id),
            text: item.text.clone(),
        };
        if !list
            .iter()
            .any(|e| e.token == entry.token && e.text == entry.text)
        {
            list.push(entry);
        }
    };
    for t in transmissions {
        t.data.iter().for_each(|d| add(&mut data, "data", d));
        t.purposes
            .iter()
            .for_each(|p| add(&mut purposes, "purpose", p));
        for c in &t.conditions {
            if !conditions.contains(c) {
                conditions.push(c.clone());
            }
        }
        if let Some(reason) = &t.reason
            && !reasons.contains(reason)
        {
            reasons.push(reason.clone());
        }
    }
    let basis = unit.basis.as_str();
    let fixed = match basis {
        "essential" => Some(label(
            "consent_essential_text",
            &[("reason", &reasons.join(separator))],
        )),
        "notice" => Some(label("consent_notice_text", &[])),
        _ => None,
    };
    let switch_label = unit.switchable().then(|| {
        label(
            &format!("consent_switch_{basis}"),
            &[("recipient", &r.service)],
        )
    });
    let joined = |items: &[PanelItem]| {
        items
            .iter()
            .map(|i| i.text.as_str())
            .collect::<Vec<_>>()
            .join(separator)
    };
    UnitView {
        id: unit.id.clone(),
        provider: unit.provider.clone(),
        basis: unit.basis.clone(),
        fingerprint: unit.fingerprint.clone(),
        items: unit.items.join(" "),
        title: label(&format!("consent_basis_{basis}"), &[]),
        basis_short: label(&format!("consent_basis_short_{basis}"), &[]),
        recipient: label(
            "consent_summary_recipient",
            &[("service", &r.service), ("entity", &r.entity)],
        ),
        data_text: joined(&data),
        purposes_text: joined(&purposes),
        data,
        purposes,
        conditions,
        fixed,
        switch_label,
    }
}

/// The view and the model disagree about a recipient's transmissions: a bug, reported as an error
/// rather than a panel that lists the wrong ones.
fn mismatch(recipient: &str) -> Error {
    Diagnostic::error(
        Code::TemplateError,
        format!("the consent panel cannot match the transmissions of `{recipient}` to the notice"),
    )
    .help("this is a bug in disclosure: report it with the notice's disclosure.toml")
    .into()
}
