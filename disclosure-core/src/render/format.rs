//! Output formats: one implementation of [`OutputFormat`] per file under `formats/`, listed once in
//! [`FORMATS`]. What a format takes besides the notice (layouts, a fragment, a user template) is
//! asked of the format, never re-encoded by its callers: `[[output]]`, the command line's flags
//! and the renderers all read [`Takes`].

use std::fmt;

use super::Options;
use crate::foundation::diagnostic::{Diagnostic, Error};
use crate::model::Notice;

/// What a format takes besides the notice and its languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Takes {
    /// It is rendered per language (the JSON model carries both languages, platform forms none).
    pub languages: bool,
    /// It is laid out (`layout = "by-data"`).
    pub layout: bool,
    /// It can be only the notice's content, to embed in a page (`fragment = true`).
    pub fragment: bool,
    /// It is rendered through a template, which a user's own can replace (`template = "…"`).
    pub template: bool,
}

/// An output format.
pub trait OutputFormat: Send + Sync + std::panic::RefUnwindSafe + 'static {
    /// The id on the command line and in `[[output]]` (`markdown`).
    fn id(&self) -> &'static str;

    /// Other ids accepted for it (`md`).
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }

    /// What it is, in one line (for `--help` and the documentation).
    fn summary(&self) -> &'static str;

    /// What it takes besides the notice.
    fn takes(&self) -> Takes;

    /// The notice, rendered as `options` say (its format is this one).
    fn render(&self, notice: &Notice, options: &Options) -> Result<String, Error>;

    /// What the notice states that this format cannot carry (a platform form without a
    /// counterpart for a data item), one warning each; never guessed.
    fn omissions(&self, _notice: &Notice) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Whether the output is the notice model itself, which a later run reads back (the change
    /// summary of `check`).
    fn is_model(&self) -> bool {
        false
    }
}

crate::registry! {
    /// Every output format, in the order `--help` lists them; the first is the default.
    pub(crate) static FORMATS: [&dyn OutputFormat] = [
        markdown::Markdown,
        html::Html,
        mermaid::Mermaid,
        json::Json,
        xcprivacy::Xcprivacy,
        play_data_safety_csv::PlayDataSafetyCsv,
        consent::Consent,
        consent_json::ConsentJson,
        #[cfg(test)]
        registry_test::RegistryTest,
    ];
}

/// A format of the registry: cheap to copy and compare (by id).
#[derive(Clone, Copy)]
pub struct Format(&'static dyn OutputFormat);

impl Format {
    /// Every format, in order.
    pub fn all() -> impl Iterator<Item = Format> {
        FORMATS.iter().map(|f| Format(*f))
    }

    /// The format with this id or alias.
    pub fn from_id(id: &str) -> Option<Format> {
        Format::all().find(|f| f.id() == id || f.0.aliases().contains(&id))
    }

    /// Every id, in order.
    pub fn ids() -> Vec<&'static str> {
        Format::all().map(|f| f.id()).collect()
    }

    /// The format with this id, for ids fixed in code (tests, examples).
    ///
    /// # Panics
    ///
    /// When no format has that id.
    #[track_caller]
    pub fn named(id: &str) -> Format {
        Format::from_id(id).unwrap_or_else(|| panic!("no format `{id}`"))
    }

    /// The id (`markdown`).
    pub fn id(self) -> &'static str {
        self.0.id()
    }

    /// What it is, in one line.
    pub fn summary(self) -> &'static str {
        self.0.summary()
    }

    /// What it takes besides the notice.
    pub fn takes(self) -> Takes {
        self.0.takes()
    }

    /// Whether the output is the notice model itself.
    pub fn is_model(self) -> bool {
        self.0.is_model()
    }

    /// What the notice states that this format cannot carry.
    pub fn omissions(self, notice: &Notice) -> Vec<Diagnostic> {
        self.0.omissions(notice)
    }

    pub(super) fn implementation(self) -> &'static dyn OutputFormat {
        self.0
    }
}

impl Default for Format {
    fn default() -> Format {
        Format(FORMATS[0])
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Format {}

impl fmt::Debug for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Format({})", self.id())
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        Format::from_id(s).ok_or_else(|| {
            let ids = Format::ids();
            let mut text = format!("unknown format `{s}`: use one of {}", ids.join(", "));
            if let Some(hint) = crate::foundation::suggest::did_you_mean(s, ids.iter().copied()) {
                text = format!("{text} ({hint})");
            }
            text
        })
    }
}
