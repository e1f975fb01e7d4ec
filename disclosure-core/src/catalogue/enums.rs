//! The output formats and layouts (until they become registries of the renderer).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::foundation::choice::Choice;

/// How a notice is laid out.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Layout {
    /// A section per recipient, each transmission under it (the default).
    #[default]
    ByRecipient,
    /// The data items and the purposes declared once, numbered, then a table of recipients with
    /// one row per transmission referring to them (1. 送信される情報 2. 利用目的 3. 外部送信先一覧).
    RecipientTable,
    /// A row per kind of data: its purposes, its recipients, whether it can be stopped (common for
    /// apps).
    ByData,
}

impl Choice for Layout {
    const ALL: &'static [Layout] = &[Layout::ByRecipient, Layout::RecipientTable, Layout::ByData];
    const NOUN: &'static str = "layout";

    fn id(self) -> &'static str {
        match self {
            Layout::ByRecipient => "by-recipient",
            Layout::RecipientTable => "recipient-table",
            Layout::ByData => "by-data",
        }
    }
}

/// An output format: the one list the command line, `[[output]]` and the renderers share.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[non_exhaustive]
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
