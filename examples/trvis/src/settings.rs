//! The app's privacy settings screen, built from the consent panel's words
//! (`consent.json`, `cargo disclosure generate --format consent-json`) and wired to the gate the
//! app sends through: 「使用状況の収集を許可する」 is the switch of the usage-data unit, and when the
//! user turns it off, the gate stops the usage events and lets the crash reports through, as the
//! notice says. A Tauri, egui or Slint screen draws [`Screen::rows`].

use std::path::Path;

use disclosure::runtime::{ConsentSettings, Gate, PanelError};

/// The panel's words, compiled in.
pub const CONSENT_JSON: &str = include_str!("../consent.json");
/// The notice model, compiled in.
pub const NOTICE_JSON: &str = include_str!("../notice.json");

/// One row of the screen: a switch with what it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The unit's id, for [`Screen::set`].
    pub id: String,
    /// The recipient (service, entity, country).
    pub recipient: String,
    /// The switch's label.
    pub label: String,
    /// What is sent, as the notice words it.
    pub data: Vec<String>,
    /// Why.
    pub purposes: Vec<String>,
    /// Whether it is on.
    pub on: bool,
}

/// The settings screen and the gate that enforces it.
#[derive(Debug)]
pub struct Screen {
    settings: ConsentSettings,
    gate: Gate,
}

impl Screen {
    /// The screen, with the user's choices kept in `choices` (the app's data directory).
    pub fn open(choices: &Path) -> Result<Screen, PanelError> {
        let settings = ConsentSettings::open(CONSENT_JSON, choices)?;
        let gate = Gate::from_notice(NOTICE_JSON, settings.choices())
            .expect("the compiled-in notice is the model this version reads");
        Ok(Screen { settings, gate })
    }

    /// The rows, in `lang` (`ja`, `en`).
    pub fn rows(&self, lang: &str) -> Vec<Row> {
        self.settings
            .switches(lang)
            .into_iter()
            .map(|s| Row {
                id: s.unit.id.clone(),
                recipient: s.group.title.clone(),
                label: s.unit.switch_label.clone().unwrap_or_default(),
                data: s.unit.data.iter().map(|i| i.text.clone()).collect(),
                purposes: s.unit.purposes.iter().map(|i| i.text.clone()).collect(),
                on: s.on,
            })
            .collect()
    }

    /// The user flips a switch; saved at once, and the gate follows from the next request on.
    pub fn set(&self, id: &str, on: bool) -> std::io::Result<()> {
        self.settings.set(id, on)
    }

    /// The gate the app's HTTP client sends through.
    pub fn gate(&self) -> &Gate {
        &self.gate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLLECT: &str = "https://www.google-analytics.com/g/collect";

    #[test]
    fn the_usage_switch_is_listed_in_the_notices_words_and_stops_only_what_it_says() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent");
        let screen = Screen::open(&path).unwrap();
        let rows = screen.rows("ja");
        assert_eq!(rows.len(), 1, "one switchable transmission: {rows:?}");
        let usage = &rows[0];
        assert_eq!(usage.id, "google-analytics");
        assert!(
            usage.recipient.starts_with("Google アナリティクス"),
            "{usage:?}"
        );
        assert_eq!(usage.data, ["利用状況"]);
        assert!(
            usage.on,
            "an opt-out transmission is on until the user turns it off"
        );
        assert_eq!(
            screen.rows("en")[0].label,
            "Allow sending to Google Analytics"
        );

        assert!(screen.gate().guard("POST", COLLECT, None).is_ok());
        screen.set("google-analytics", false).unwrap();
        assert!(!screen.rows("ja")[0].on);
        assert!(
            screen.gate().guard("POST", COLLECT, None).is_err(),
            "the usage events stop at once"
        );

        // A new start of the app reads the choice back.
        let again = Screen::open(&path).unwrap();
        assert!(!again.rows("en")[0].on);
        assert!(again.gate().guard("POST", COLLECT, None).is_err());
        again.set("google-analytics", true).unwrap();
        assert!(again.gate().guard("POST", COLLECT, None).is_ok());
    }

    #[test]
    fn every_unit_is_asked_about_until_the_user_chose_and_again_after_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent");
        let settings = ConsentSettings::open(CONSENT_JSON, &path).unwrap();
        let first: Vec<&str> = settings
            .needs_asking("ja")
            .iter()
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(first.len(), 3, "{first:?}");
        for id in first {
            settings.set(id, true).unwrap();
        }
        assert!(settings.needs_asking("ja").is_empty());
        // The app is updated: the usage unit now sends something more (another fingerprint).
        let text = std::fs::read_to_string(&path).unwrap();
        let fingerprint = settings.switches("ja")[0].unit.fingerprint.clone();
        std::fs::write(&path, text.replace(&fingerprint, "00000000")).unwrap();
        let updated = ConsentSettings::open(CONSENT_JSON, &path).unwrap();
        let asked: Vec<&str> = updated
            .needs_asking("ja")
            .iter()
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(asked, ["google-analytics"]);
        assert!(
            updated.switches("ja")[0].on,
            "a choice on an opt-out unit stands across a change, which is told again"
        );
    }
}
