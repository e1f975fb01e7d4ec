//! The consent panel's words, as the generator writes them (`--format consent` renders them as
//! HTML, `--format consent-json` writes them as JSON) and a native application reads them back
//! (`disclosure::runtime::ConsentSettings`): a settings screen in Tauri, egui or Slint is built
//! from the same units, fingerprints and words as the web panel, never from a second copy.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::consent::FORMAT;

/// The panel in every language of the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Panel {
    /// The contract's version ([`FORMAT`]).
    pub format: u32,
    /// The notice's version ([`super::consent::notice_version`]).
    pub notice: String,
    /// Where choices are recorded, when the notice says (`[notice] consent_log`).
    pub log: Option<String>,
    /// The panel in each language, in the notice's order.
    pub langs: Vec<PanelText>,
}

/// The panel in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PanelText {
    /// `ja` or `en`.
    pub lang: String,
    /// The panel's labels (the built-in `consent_*` texts, keyed without the prefix), with the
    /// operator's terms filled in.
    pub t: BTreeMap<String, String>,
    /// The banner's first paragraph: the recipients by name, and, when any transmission needs
    /// consent, that nothing of it is sent before.
    pub lead: String,
    /// Where the notice is published (`[notice] url`).
    pub notice_url: Option<String>,
    /// The recipients, each with its units, in the notice's order.
    pub groups: Vec<PanelGroup>,
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PanelGroup {
    /// Its provider id.
    pub provider: String,
    /// 「Sentry（Functional Software, Inc.、アメリカ合衆国）」.
    pub title: String,
    /// Its units.
    pub units: Vec<PanelUnit>,
}

/// One consent unit in the panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PanelUnit {
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PanelItem {
    /// `data:<id>` or `purpose:<id>`.
    pub token: String,
    /// Its text, as the notice prints it in the transmission.
    pub text: String,
}

/// Why a panel's JSON cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PanelError {
    /// It is not the panel's JSON.
    Json(String),
    /// It is of another version of the contract.
    Format(u32),
}

impl std::fmt::Display for PanelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PanelError::Json(e) => write!(
                f,
                "the consent panel is not what `--format consent-json` writes: {e}"
            ),
            PanelError::Format(v) => write!(
                f,
                "the consent panel is of format {v}; this version of disclosure reads {FORMAT}: generate it again"
            ),
        }
    }
}

impl std::error::Error for PanelError {}

impl Panel {
    /// Reads what `--format consent-json` writes; another format version is refused.
    pub fn from_json(json: &str) -> Result<Panel, PanelError> {
        let panel: Panel =
            serde_json::from_str(json).map_err(|e| PanelError::Json(e.to_string()))?;
        if panel.format != FORMAT {
            return Err(PanelError::Format(panel.format));
        }
        Ok(panel)
    }

    /// The panel in `lang` (`ja`, `en`), else in its first language.
    pub fn text(&self, lang: &str) -> Option<&PanelText> {
        self.langs
            .iter()
            .find(|t| t.lang == lang)
            .or_else(|| self.langs.first())
    }
}

impl PanelText {
    /// Every unit the user can switch, with the recipient it belongs to, in the panel's order.
    pub fn switches(&self) -> impl Iterator<Item = (&PanelGroup, &PanelUnit)> {
        self.groups.iter().flat_map(|g| {
            g.units
                .iter()
                .filter(|u| u.switch_label.is_some())
                .map(move |u| (g, u))
        })
    }
}

impl PanelUnit {
    /// The unit as the gate and the cookie know it.
    pub fn unit(&self) -> super::ConsentUnit {
        super::ConsentUnit {
            id: self.id.clone(),
            provider: self.provider.clone(),
            basis: self.basis.clone(),
            fingerprint: self.fingerprint.clone(),
            items: self.items.split_whitespace().map(str::to_string).collect(),
            transmissions: Vec::new(),
        }
    }
}
