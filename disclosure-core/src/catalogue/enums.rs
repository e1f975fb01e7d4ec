//! The closed sets a catalogue and an annotation choose from: how information is sent, on which
//! legal basis, what an opt-out stops, and the output formats.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A closed set of values written by id (`mechanism = sdk`).
pub trait Choice: Copy + Sized + 'static {
    /// Every value, in order.
    const ALL: &'static [Self];
    /// What the set is called in messages ("mechanism").
    const NOUN: &'static str;
    /// The id written in annotations and `disclosure.toml`.
    fn id(self) -> &'static str;

    /// The value with this id.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.id() == id)
    }

    /// Every id, for messages.
    fn ids() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.id()).collect()
    }
}

/// Why a transmission may happen (TBA Art. 27-12): published in the notice (the default), with
/// the user's consent, under an opt-out measure, or as information essential for the service.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Made known in the notice (法27条の12 本文).
    Notice,
    /// Sent with the user's consent (第3号).
    Consent,
    /// An opt-out measure is in place, and its details are published (第4号).
    OptOut,
    /// Essential for providing the service (第1号, 施行規則 第22条の2の28); needs a reason.
    Essential,
}

impl Choice for Basis {
    const ALL: &'static [Basis] = &[
        Basis::Notice,
        Basis::Consent,
        Basis::OptOut,
        Basis::Essential,
    ];
    const NOUN: &'static str = "basis";

    fn id(self) -> &'static str {
        match self {
            Basis::Notice => "notice",
            Basis::Consent => "consent",
            Basis::OptOut => "opt_out",
            Basis::Essential => "essential",
        }
    }
}

/// What an opt-out stops.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stops {
    /// The sending itself.
    Sending,
    /// The recipient's use of what was sent.
    Use,
    /// Both.
    Both,
}

impl Choice for Stops {
    const ALL: &'static [Stops] = &[Stops::Sending, Stops::Use, Stops::Both];
    const NOUN: &'static str = "stops";

    fn id(self) -> &'static str {
        match self {
            Stops::Sending => "sending",
            Stops::Use => "use",
            Stops::Both => "both",
        }
    }
}

/// How information leaves the user's device.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// A script or tag embedded in a web page.
    Tag,
    /// A software development kit (information-collection module) built into an app.
    Sdk,
    /// A cookie set for the recipient.
    Cookie,
    /// A request from the user's device to the recipient's API.
    ServerApi,
}

impl Choice for Mechanism {
    const ALL: &'static [Mechanism] = &[
        Mechanism::Tag,
        Mechanism::Sdk,
        Mechanism::Cookie,
        Mechanism::ServerApi,
    ];
    const NOUN: &'static str = "mechanism";

    fn id(self) -> &'static str {
        match self {
            Mechanism::Tag => "tag",
            Mechanism::Sdk => "sdk",
            Mechanism::Cookie => "cookie",
            Mechanism::ServerApi => "server_api",
        }
    }
}

/// An output format: the one list the command line, `[[output]]` and the renderers share.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Format {
    /// CommonMark.
    Markdown,
    /// A standalone HTML5 page, or with `fragment` only its content.
    Html,
    /// A Mermaid flow diagram (data items → recipients → purposes) in a fenced block.
    Mermaid,
    /// The notice model as JSON (both languages).
    Json,
    /// Apple's privacy manifest, `PrivacyInfo.xcprivacy`.
    Xcprivacy,
    /// Google Play's Data safety form, in the Play Console's CSV import format.
    PlayDataSafetyCsv,
}

impl Choice for Format {
    const ALL: &'static [Format] = &[
        Format::Markdown,
        Format::Html,
        Format::Mermaid,
        Format::Json,
        Format::Xcprivacy,
        Format::PlayDataSafetyCsv,
    ];
    const NOUN: &'static str = "format";

    fn id(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Mermaid => "mermaid",
            Format::Json => "json",
            Format::Xcprivacy => "xcprivacy",
            Format::PlayDataSafetyCsv => "play-data-safety-csv",
        }
    }
}

impl Format {
    /// The name used on the command line and in `[[output]]`.
    pub fn name(self) -> &'static str {
        self.id()
    }

    /// Whether the format is rendered per language through a template.
    pub fn is_templated(self) -> bool {
        matches!(self, Format::Markdown | Format::Html | Format::Mermaid)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "md" {
            return Ok(Format::Markdown);
        }
        Format::from_id(s).ok_or_else(|| {
            format!(
                "unknown format `{s}`: use one of {}",
                Format::ids().join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_round_trips_through_its_id() {
        for f in Format::ALL {
            assert_eq!(f.id().parse::<Format>(), Ok(*f));
        }
        for m in Mechanism::ALL {
            assert_eq!(Mechanism::from_id(m.id()), Some(*m));
        }
        for b in Basis::ALL {
            assert_eq!(Basis::from_id(b.id()), Some(*b));
        }
        assert!("pdf".parse::<Format>().is_err());
    }
}
