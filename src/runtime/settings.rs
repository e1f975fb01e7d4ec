//! The user's side in a native application: a settings screen built from the consent panel's words
//! (what `cargo disclosure generate --format consent-json` writes, compiled in), and the user's
//! choices kept in a file the gate reads. The same units, fingerprints and words as the web panel:
//! a Tauri, egui or Slint screen lists [`ConsentSettings::switches`], calls [`ConsentSettings::set`]
//! when the user flips one, and asks again for [`ConsentSettings::needs_asking`] after an update
//! changed what a transmission sends.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use disclosure_core::wire::consent::allowed;
use disclosure_core::wire::panel::Panel;
use disclosure_core::wire::{ConsentCookie, ConsentUnit};

pub use disclosure_core::wire::panel::{PanelError, PanelGroup, PanelItem, PanelText, PanelUnit};

use super::{ConsentStore, CookieEntry};

/// The user's choices, kept in a file (one line, in the consent cookie's format, written whole
/// through a temporary file and a rename). A missing or unreadable file means no choice yet.
/// Clones share the choices: give one to the [`Gate`](super::Gate).
#[derive(Clone, Debug)]
pub struct ChoiceFile {
    path: PathBuf,
    units: Arc<Vec<ConsentUnit>>,
    choices: Arc<Mutex<ConsentCookie>>,
}

impl ChoiceFile {
    /// The choices at `path`, over `units`.
    pub fn open(path: impl Into<PathBuf>, units: Vec<ConsentUnit>) -> ChoiceFile {
        let path = path.into();
        let choices = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| ConsentCookie::parse(&text))
            .unwrap_or_else(|| ConsentCookie::new(&random_id(), 0, Vec::new()));
        ChoiceFile {
            path,
            units: Arc::new(units),
            choices: Arc::new(Mutex::new(choices)),
        }
    }

    /// Records the user's choice on `unit` (made on the unit as it is now) and saves.
    pub fn record(&self, unit: &ConsentUnit, allowed: bool) -> std::io::Result<()> {
        let text = {
            let mut choices = self.lock();
            choices.entries.retain(|e| e.unit != unit.id);
            choices
                .entries
                .push(CookieEntry::new(&unit.id, allowed, &unit.fingerprint));
            choices.time = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            choices.to_string()
        };
        save(&self.path, &text)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ConsentCookie> {
        self.choices.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl ConsentStore for ChoiceFile {
    /// A provider none of whose units may send.
    fn opted_out(&self, provider: &str) -> bool {
        let mut units = self
            .units
            .iter()
            .filter(|u| u.provider == provider)
            .peekable();
        units.peek().is_some() && units.all(|u| !allowed(u, self.choice(u)))
    }

    fn opted_out_of(&self) -> Vec<String> {
        let mut providers: Vec<String> = self.units.iter().map(|u| u.provider.clone()).collect();
        providers.dedup();
        providers.retain(|p| self.opted_out(p));
        providers
    }

    fn choice(&self, unit: &ConsentUnit) -> Option<bool> {
        self.lock().choice(unit)
    }
}

/// A native settings screen's model: the panel's words and the user's choices.
#[derive(Debug)]
pub struct ConsentSettings {
    panel: Panel,
    choices: ChoiceFile,
}

/// One switch of the settings screen.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Switch<'a> {
    /// The recipient: its title (service, entity, country).
    pub group: &'a PanelGroup,
    /// The unit: its id, its heading, its data, purposes and conditions, the switch's label.
    pub unit: &'a PanelUnit,
    /// Whether it is on now (what the gate lets through).
    pub on: bool,
}

impl ConsentSettings {
    /// The settings over the panel `panel_json` (`--format consent-json`, typically with
    /// `include_str!`), with the user's choices kept at `path`.
    pub fn open(panel_json: &str, path: impl AsRef<Path>) -> Result<ConsentSettings, PanelError> {
        let panel = Panel::from_json(panel_json)?;
        let units = panel
            .langs
            .first()
            .map(|t| {
                t.groups
                    .iter()
                    .flat_map(|g| g.units.iter().map(PanelUnit::unit))
                    .collect()
            })
            .unwrap_or_default();
        Ok(ConsentSettings {
            panel,
            choices: ChoiceFile::open(path.as_ref(), units),
        })
    }

    /// The choices, for the gate: `Gate::from_notice(NOTICE_JSON, settings.choices())`.
    pub fn choices(&self) -> ChoiceFile {
        self.choices.clone()
    }

    /// Everything the screen prints, in `lang` (else the panel's first language).
    pub fn text(&self, lang: &str) -> Option<&PanelText> {
        self.panel.text(lang)
    }

    /// Every switch, in `lang`, with its state now.
    pub fn switches(&self, lang: &str) -> Vec<Switch<'_>> {
        self.text(lang)
            .map(|t| {
                t.switches()
                    .map(|(group, unit)| Switch {
                        group,
                        unit,
                        on: allowed(&unit.unit(), self.choices.choice(&unit.unit())),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The units the user must be told of (again), in `lang`: no choice recorded, or one made
    /// before what the unit sends or why changed.
    pub fn needs_asking(&self, lang: &str) -> Vec<&PanelUnit> {
        let choices = self.choices.lock();
        self.text(lang)
            .map(|t| {
                t.groups
                    .iter()
                    .flat_map(|g| &g.units)
                    .filter(|u| choices.needs_telling(&u.unit()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The user turns the unit `id` on or off (or, for a unit that cannot be switched, has been
    /// told of it: `on` is recorded as told); saved at once.
    pub fn set(&self, id: &str, on: bool) -> std::io::Result<()> {
        let unit = self
            .panel
            .langs
            .first()
            .and_then(|t| t.groups.iter().flat_map(|g| &g.units).find(|u| u.id == id))
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("the consent panel has no unit `{id}`"),
                )
            })?;
        self.choices
            .record(&unit.unit(), on || unit.switch_label.is_none())
    }
}

/// 16 random lowercase hex digits: the choices' id, no personal data.
fn random_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:016x}", RandomState::new().hash_one(nanos))
}

/// Writes `text` to `path` whole: a temporary file beside it, then a rename.
pub(super) fn save(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or("consent".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
