//! The consent panel in one language (`--format consent`, docs/consent-markup.md): the notice's
//! own words from [`View`] (each recipient's service, entity and country, each transmission's
//! items, purposes, conditions and reasons), arranged by consent unit ([`crate::wire::consent`]),
//! with the panel's built-in labels. Nothing here words a fact: the view does.

use super::Options;
use super::layout::Layout;
use super::view::{ItemView, RecipientView, TransmissionView, View};
use crate::catalogue::vocabulary::texts;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::foundation::localized::Lang;
use crate::foundation::vocab::Origin;
use crate::model::Notice;
use crate::wire::ConsentUnit;
use crate::wire::consent;
use crate::wire::panel::{Panel, PanelGroup, PanelItem, PanelText, PanelUnit};

/// The panel of `notice` in each language `options` asks for, over the units the gate decides by.
pub(super) fn panel(notice: &Notice, options: &Options) -> Result<Panel, Error> {
    let json = serde_json::to_string(notice).map_err(|e| {
        Diagnostic::error(
            Code::TemplateError,
            format!("cannot serialise the notice: {e}"),
        )
    })?;
    let units = notice.hosts().units().to_vec();
    let mut langs: Vec<Lang> = Vec::new();
    for lang in &options.langs {
        if !langs.contains(lang) {
            langs.push(*lang);
        }
    }
    if langs.is_empty() {
        langs.push(Lang::Ja);
    }
    Ok(Panel {
        format: consent::FORMAT,
        notice: consent::notice_version(&json),
        log: notice.metadata.consent_log.clone(),
        langs: langs
            .iter()
            .map(|lang| panel_text(notice, *lang, &units))
            .collect::<Result<_, _>>()?,
    })
}

/// What the panel cannot reach without the notice's address: the rest of the notice (each
/// recipient's own use, its policy, how to opt out) is one operation away only through its link.
pub(super) fn unlinked(notice: &Notice) -> Vec<Diagnostic> {
    if notice.metadata.url.is_some() || notice.hosts().units().is_empty() {
        return Vec::new();
    }
    vec![
        Diagnostic::warning(
            Code::PanelUnlinked,
            "the consent panel links no published notice: each recipient's own use, its policy and how to opt out are not one operation away from it",
        )
        .help("set `[notice] url` to the address where the notice is published"),
    ]
}

/// The panel of `notice` in `lang`, over its consent units; fails naming every text missing in
/// that language, as the notice does.
pub(super) fn panel_text(
    notice: &Notice,
    lang: Lang,
    units: &[ConsentUnit],
) -> Result<PanelText, Error> {
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
        groups.push(PanelGroup {
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
    Ok(PanelText {
        lang: lang.code().to_string(),
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

/// A label of the texts, filled with the operator's terms and `values`.
type Label<'a> = dyn Fn(&str, &[(&str, &str)]) -> String + 'a;

/// One unit, from the view's words for its transmissions.
fn unit_view(
    unit: &ConsentUnit,
    r: &RecipientView,
    transmissions: &[&TransmissionView],
    label: &Label<'_>,
    separator: &str,
) -> PanelUnit {
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
    PanelUnit {
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
