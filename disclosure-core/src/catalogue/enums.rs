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
#[non_exhaustive]
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
#[non_exhaustive]
pub enum Stops {
    /// The sending itself.
    Sending,
    /// The recipient's use of what was sent.
    Use,
    /// Both.
    Both,
    /// Only the personalisation of what the recipient shows (ads); the sending goes on. Never an
    /// opt-out of the transmission.
    Personalisation,
}

impl Stops {
    /// Whether it stops the transmission or the recipient's use of it (an opt-out measure of
    /// Art. 27-12 item 4), rather than only personalisation.
    pub fn is_opt_out(self) -> bool {
        !matches!(self, Stops::Personalisation)
    }
}

impl Choice for Stops {
    const ALL: &'static [Stops] = &[
        Stops::Sending,
        Stops::Use,
        Stops::Both,
        Stops::Personalisation,
    ];
    const NOUN: &'static str = "stops";

    fn id(self) -> &'static str {
        match self {
            Stops::Sending => "sending",
            Stops::Use => "use",
            Stops::Both => "both",
            Stops::Personalisation => "personalisation",
        }
    }
}

/// How information leaves the user's device.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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

/// Where a transmission leaves from. Only transmissions from the user's device are external
/// transmissions under Art. 27-12; those from the operator's servers are not, and are published, if
/// at all, in a section of their own.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Deserialize, Serialize,
)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Origin {
    /// The user's device (a page, an app): the default.
    #[default]
    Device,
    /// The operator's own servers.
    Server,
}

impl Choice for Origin {
    const ALL: &'static [Origin] = &[Origin::Device, Origin::Server];
    const NOUN: &'static str = "origin";

    fn id(self) -> &'static str {
        match self {
            Origin::Device => "device",
            Origin::Server => "server",
        }
    }
}

/// How a data item is transformed before it is sent.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Qualifier {
    /// Sent as a hash of the value, never the value itself.
    Hashed,
    /// Replaced by an identifier that cannot be tied to the person without other information.
    Pseudonymised,
    /// Made anonymous: it can no longer be tied to a person.
    Anonymised,
}

impl Choice for Qualifier {
    const ALL: &'static [Qualifier] = &[
        Qualifier::Hashed,
        Qualifier::Pseudonymised,
        Qualifier::Anonymised,
    ];
    const NOUN: &'static str = "qualifier";

    fn id(self) -> &'static str {
        match self {
            Qualifier::Hashed => "hashed",
            Qualifier::Pseudonymised => "pseudonymised",
            Qualifier::Anonymised => "anonymised",
        }
    }
}

/// What kind of identifier a data item is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Identifier {
    /// Not an identifier.
    None,
    /// Identifies a browser through a cookie.
    Cookie,
    /// Identifies a device or an installation.
    Device,
    /// An advertising identifier (IDFA, AAID).
    Advertising,
    /// Identifies an account (a user id, a login id).
    Account,
    /// Identifies a person directly (a name, an email address, a phone number).
    Person,
}

impl Choice for Identifier {
    const ALL: &'static [Identifier] = &[
        Identifier::None,
        Identifier::Cookie,
        Identifier::Device,
        Identifier::Advertising,
        Identifier::Account,
        Identifier::Person,
    ];
    const NOUN: &'static str = "identifier kind";

    fn id(self) -> &'static str {
        match self {
            Identifier::None => "none",
            Identifier::Cookie => "cookie",
            Identifier::Device => "device",
            Identifier::Advertising => "advertising",
            Identifier::Account => "account",
            Identifier::Person => "person",
        }
    }
}

/// Which of the exemptions for information the service cannot work without (施行規則
/// 第22条の2の28) a purpose falls under. Only a purpose with one may be sent with
/// `basis = essential`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Exemption {
    /// Showing the service correctly on the device (OS, screen, language settings).
    Display,
    /// Keeping what the user entered (a cart, a form).
    Input,
    /// Authenticating the user.
    Authentication,
    /// Security measures.
    Security,
    /// Network management and load balancing.
    Network,
}

impl Choice for Exemption {
    const ALL: &'static [Exemption] = &[
        Exemption::Display,
        Exemption::Input,
        Exemption::Authentication,
        Exemption::Security,
        Exemption::Network,
    ];
    const NOUN: &'static str = "exemption";

    fn id(self) -> &'static str {
        match self {
            Exemption::Display => "display",
            Exemption::Input => "input",
            Exemption::Authentication => "authentication",
            Exemption::Security => "security",
            Exemption::Network => "network",
        }
    }
}

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

/// How far an opt-out reaches.
/// What a recipient is to the operator's users' data.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// It handles the data only on the operator's instructions (a processor).
    Processor,
    /// It also uses the data for its own purposes (an independent controller).
    Controller,
}

impl Choice for Role {
    const ALL: &'static [Role] = &[Role::Processor, Role::Controller];
    const NOUN: &'static str = "role";

    fn id(self) -> &'static str {
        match self {
            Role::Processor => "processor",
            Role::Controller => "controller",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reach {
    /// The browser it is set in.
    Browser,
    /// The device (an OS setting, an app's own setting).
    Device,
    /// A signed-in account, wherever it is used.
    Account,
}

impl Choice for Reach {
    const ALL: &'static [Reach] = &[Reach::Browser, Reach::Device, Reach::Account];
    const NOUN: &'static str = "reach";

    fn id(self) -> &'static str {
        match self {
            Reach::Browser => "browser",
            Reach::Device => "device",
            Reach::Account => "account",
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

/// Where a key of a request travels.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Deserialize, Serialize,
)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Place {
    /// The URL's query.
    Query,
    /// A form body (`application/x-www-form-urlencoded`, or one such hit per line).
    Form,
    /// A JSON body, by path.
    Json,
    /// Anywhere.
    #[default]
    Any,
}

impl Choice for Place {
    const ALL: &'static [Place] = &[Place::Query, Place::Form, Place::Json, Place::Any];
    const NOUN: &'static str = "place";

    fn id(self) -> &'static str {
        match self {
            Place::Query => "query",
            Place::Form => "form",
            Place::Json => "json",
            Place::Any => "any",
        }
    }
}
