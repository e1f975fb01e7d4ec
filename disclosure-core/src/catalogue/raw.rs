//! The parts of `disclosure.toml` exactly as written: serde types that keep each value's position
//! in the file (`toml::Spanned`) so that validation can point at it. Nothing here is checked
//! beyond its TOML type. The whole file is `super::document::Document`; the provider tables are
//! declared with their facts (`super::facts`).
//!
//! These types are also the published schema of the file (`docs/schema/disclosure.schema.json`):
//! their doc comments are what editors show.

use serde::Deserialize;
use toml::Spanned;

use crate::foundation::localized::{Lang, Localized};

/// A TOML date, with its position.
pub type RawDate = Spanned<toml::value::Datetime>;

/// The texts around the list of recipients, and the notice's version and dates.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeTexts {
    /// The title. Default: 「利用者情報の外部送信について」 / "External Transmission of User Information".
    pub title: Option<Localized>,
    /// A line under the title (the service or the page the notice belongs to).
    pub subtitle: Option<Localized>,
    /// The opening paragraph. Default: a sentence naming the operator and its services.
    pub introduction: Option<Localized>,
    /// A paragraph after the introduction, before the list (what the list below means); notes
    /// about the whole notice go in `notes`, at the end.
    pub preface: Option<Localized>,
    /// How users stop transmissions, in general (after the recipients).
    pub opt_out: Option<Localized>,
    /// The section on information the operator itself receives because the service needs it.
    pub essential: Option<Localized>,
    /// How users stop that information, and what stops working if they do.
    pub essential_opt_out: Option<Localized>,
    /// How and when the notice is revised.
    pub revision_policy: Option<Localized>,
    /// Where to ask questions.
    pub contact: Option<Localized>,
    /// Free notes printed at the end, where no other field fits.
    #[serde(default)]
    pub notes: Vec<Localized>,
    /// The notice's version, as the operator numbers it.
    pub version: Option<String>,
    /// Where the notice is published: `https://…`, or a path on the operator's own site
    /// (`/privacy/external`). The consent panel links it.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub url: Option<Spanned<String>>,
    /// Where the consent panel records each choice: a path on the operator's own site
    /// (`/disclosure/consent`), which receives a JSON POST per save (docs/consent.md).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub consent_log: Option<Spanned<String>>,
    /// The date the notice was first published (a TOML date: `2023-06-16`).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub published: Option<RawDate>,
    /// The date the current version takes effect.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub effective: Option<RawDate>,
    /// The date of the last revision (a TOML date). Output carries no other date.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub last_updated: Option<RawDate>,
    /// The revision history, newest first or oldest first as written: `[[notice.revision]]`.
    #[serde(default, rename = "revision")]
    pub revisions: Vec<RevisionDecl>,
    /// The service sends nothing to anyone: a notice with no transmission is then correct (it
    /// says so), not a mistake.
    #[serde(default)]
    pub sends_nothing: bool,
    /// Print transmissions from the operator's own servers (not external transmissions under
    /// Art. 27-12) in a section of their own; by default they are left out.
    #[serde(default)]
    pub server_section: bool,
    /// The order of data items and purposes in a transmission: `vocabulary` (the vocabulary's
    /// order, the default) or `declared` (as the annotation writes them).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub item_order: Option<Spanned<String>>,
    /// The sentence on transmissions to recipients abroad (外国にある第三者). Default: generated
    /// from the recipients' countries.
    pub cross_border: Option<Localized>,
    /// Accept `http:` links in this file with a warning (D0109) instead of refusing them, for a
    /// site that has no https address.
    #[serde(default)]
    pub allow_http_links: bool,
    /// Print the version and dates under the title instead of at the end.
    #[serde(default)]
    pub dates_at_top: bool,
    /// The order of the numbered sections of the layouts that number them (`recipient-table`):
    /// `data-first` (the default: 1. the information sent, 2. the purposes) or `purposes-first`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub sections: Option<Spanned<String>>,
}

/// `[[notice.revision]]`: one revision of the notice.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionDecl {
    /// When (a TOML date).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub date: RawDate,
    /// What changed.
    pub summary: Localized,
}

/// The service operator: who publishes the notice.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Legal name (「エヌ・ティ・ティ・コノキュー株式会社」 / "NTT QONOQ, INC.").
    pub name: Localized,
    /// How the notice refers to the operator after the first mention (「当社」, "NTT QONOQ").
    pub short_name: Option<Localized>,
    /// The services the notice covers.
    #[serde(default)]
    pub services: Vec<Localized>,
    /// The operator's website.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub website: Option<Spanned<String>>,
    /// Where the operator is established (ISO 3166-1 alpha-2; default `JP`): recipients elsewhere
    /// are abroad.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub country: Option<Spanned<String>>,
    /// How the notice names the service in built-in wording (「本サービス」 / "Service"; an app
    /// may prefer 「本アプリ」 / "App").
    pub service_term: Option<Localized>,
    /// How the notice names the service's users in built-in wording (「利用者」 / "users"; some
    /// operators write 「お客様」 / "customers").
    pub user_term: Option<Localized>,
}

/// A generated file, declared once: `[[output]]`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OutputDecl {
    /// Where to write it, relative to the directory of `disclosure.toml`.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub path: Spanned<String>,
    /// The format: `cargo disclosure generate --help` lists them.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub format: Spanned<String>,
    /// The languages, in order: `"ja"`, `"en"` or `["ja", "en"]` (default: `"ja"`).
    #[serde(default)]
    #[cfg_attr(feature = "engine", schemars(with = "Option<Langs>"))]
    pub lang: Option<Spanned<Langs>>,
    /// A template instead of the built-in one, relative to the directory of `disclosure.toml`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub template: Option<Spanned<String>>,
    /// HTML: only the notice, to embed in a page.
    #[serde(default)]
    pub fragment: bool,
    /// Markdown and HTML: `by-recipient` (the default), `recipient-table` or `by-data`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub layout: Option<Spanned<String>>,
}

/// One language or several.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[non_exhaustive]
pub enum Langs {
    /// `"ja"`.
    One(Lang),
    /// `["ja", "en"]`.
    Many(Vec<Lang>),
}

impl Langs {
    /// The languages, in order.
    pub fn to_vec(&self) -> Vec<Lang> {
        match self {
            Langs::One(lang) => vec![*lang],
            Langs::Many(langs) => langs.clone(),
        }
    }
}

/// A recipient's category: a built-in id, or a text of the project's own.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[non_exhaustive]
pub enum CategoryRef {
    /// A built-in category id (`advertising`).
    Id(String),
    /// The project's own label.
    Text(Localized),
}

/// A labelled link.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkDecl {
    /// An `https:` URL.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub url: Spanned<String>,
    /// What the link says.
    pub label: Localized,
}

/// How a user stops a transmission: a page, steps to follow, or the reason it is not possible.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptOutDecl {
    /// The recipient's opt-out page.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub url: Option<Spanned<String>>,
    /// Steps to follow (device or browser settings, …).
    pub steps: Option<Localized>,
    /// Why the transmission cannot be stopped, when it cannot.
    pub not_possible: Option<Localized>,
    /// What opting out stops: `sending`, `use` (by the recipient), `both`, or only
    /// `personalisation` (not an opt-out of the transmission). Required for a transmission whose
    /// basis is `opt_out`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub stops: Option<Spanned<String>>,
    /// How far it reaches: `browser`, `device` or `account`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub reach: Option<Spanned<String>>,
    /// How the link is labelled. Default: the recipient's opt-out page, named.
    pub label: Option<Localized>,
    /// What kind of way it is: `app_setting`, `os_setting`, `browser_setting`, `web_form`,
    /// `contact` or `account_deletion`. With neither `url` nor `steps`, the notice says the
    /// transmission can be stopped and that the way is not stated.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub method: Option<Spanned<String>>,
}

/// `[[opt_out]]`: a way to stop a transmission, or the statement that it cannot be stopped, that
/// an annotation names (`opt_out = "usage-data-setting"`). The fields are those of a provider's
/// `opt_out`, with an id.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptOutEntry {
    /// The id annotations name, kebab-case.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub id: Spanned<String>,
    /// The opt-out page.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub url: Option<Spanned<String>>,
    /// Steps to follow (device or browser settings, …).
    pub steps: Option<Localized>,
    /// Why the transmission cannot be stopped, when it cannot.
    pub not_possible: Option<Localized>,
    /// What opting out stops: `sending`, `use`, `both`, or only `personalisation`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub stops: Option<Spanned<String>>,
    /// How far it reaches: `browser`, `device` or `account`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub reach: Option<Spanned<String>>,
    /// How the link is labelled.
    pub label: Option<Localized>,
    /// What kind of way it is (as for a provider's `opt_out`).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub method: Option<Spanned<String>>,
}

impl OptOutEntry {
    /// The opt-out itself, without its id.
    pub fn decl(&self) -> OptOutDecl {
        OptOutDecl {
            url: self.url.clone(),
            steps: self.steps.clone(),
            not_possible: self.not_possible.clone(),
            stops: self.stops.clone(),
            reach: self.reach.clone(),
            label: self.label.clone(),
            method: self.method.clone(),
        }
    }
}

/// `[[parameter]]`: a key of a provider's requests and the data items it carries.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterDecl {
    /// The provider whose requests carry it.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub provider: Spanned<String>,
    /// The key: a query or form key, or a JSON path (`events[].params.page_location`).
    pub key: String,
    /// Where it travels: `query`, `form`, `json` or `any` (the default).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub r#in: Option<Spanned<String>>,
    /// The key is a prefix: every key that starts with it.
    #[serde(default)]
    pub prefix: bool,
    /// The data items it carries (empty: none).
    #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
    pub data: Vec<Spanned<String>>,
}

/// `[[transmission]]`: a transmission of code that is not Rust.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransmissionDecl {
    /// The file that pulls the SDK in or sends the data (`web/package.json`, `ios/Podfile.lock`,
    /// `static/app.js`), relative to this file's directory.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub source: Spanned<String>,
    /// The transmission, in the annotation syntax:
    /// `provider = "sentry", data = [crash_log], purpose = [error_monitoring]`.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub disclose: Spanned<String>,
}

/// `[[target]]`: a build the product ships (its target triple), which the notice covers with the
/// others: an item behind a `cfg` is in the notice when one of them compiles it, labelled with the
/// builds that do when not all of them do.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetDecl {
    /// The target triple (`x86_64-unknown-linux-gnu`, `wasm32-unknown-unknown`,
    /// `aarch64-apple-ios`, `aarch64-linux-android`).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub triple: Spanned<String>,
    /// What the notice calls this build (「ウェブ版」, "the web version"). Default: the triple.
    pub label: Option<Localized>,
}

/// `[discovery]`: where the scanner looks beyond annotations.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscoveryDecl {
    /// Builder methods whose first argument is a property key (beside `insert`, `property`,
    /// `insert_prop`, `set_property`, `add_property`, `set_tag` and `set_extra`).
    #[serde(default)]
    pub key_methods: Vec<String>,
    /// Files and directories (relative to this file's directory) the scan of web assets and app
    /// manifests leaves out: vendored copies, fixtures.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// A data item, purpose, purpose group or condition the project declares.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TermDecl {
    /// The id annotations use (`player_id`, `event_statistics`, `logged-in`).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub id: Spanned<String>,
    /// What a notice prints, per language.
    pub label: Localized,
    /// Apple privacy-manifest identifier (`NSPrivacyCollectedDataType…` for a data item,
    /// `NSPrivacyCollectedDataTypePurpose…` for a purpose), where one fits.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub apple: Option<Spanned<String>>,
    /// Google Play Data safety response id (`PSL_…`), where one fits.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub play: Option<Spanned<String>>,
    /// A data item: examples of what it covers (「OSの種類、画面の解像度」).
    pub examples: Option<Localized>,
    /// A purpose: a one-line explanation.
    pub description: Option<Localized>,
    /// A data item: whether it is personal information (個人情報).
    pub personal: Option<bool>,
    /// A data item: what kind of identifier it is (`none`, `cookie`, `device`, `advertising`,
    /// `account`, `person`).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub identifier: Option<Spanned<String>>,
    /// A data item the service uses on the device only: why it never leaves it.
    pub not_sent: Option<Localized>,
    /// A data item: how it is obtained (`automatic`, or `entered` by the user).
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub collected: Option<Spanned<String>>,
    /// A data item: the operator's purposes for it, whoever receives it (purpose ids), where the
    /// notice states purposes per item.
    #[serde(default)]
    #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
    pub purposes: Vec<Spanned<String>>,
    /// A purpose: the `[[purpose_group]]` it is listed under.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub group: Option<Spanned<String>>,
    /// A purpose: the exemption for information the service cannot work without it falls under
    /// (`display`, `input`, `authentication`, `security`, `network`); only such a purpose may be
    /// sent with `basis = essential`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub exemption: Option<Spanned<String>>,
}

/// `[policy]`: the organisation's rules about transmissions.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyDecl {
    /// The country transmissions count as abroad from (ISO 3166-1 alpha-2). Default: `JP`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub home_country: Option<Spanned<String>>,
    /// Refuse a notice that prints a built-in fact without a quoted source (what `check --strict`
    /// does for one run).
    #[serde(default)]
    pub strict: bool,
    /// Provider allow- and deny-lists.
    #[serde(default)]
    pub providers: ProviderListsDecl,
    /// Named groups of data items and purposes, usable in rules as `@name`.
    #[serde(default)]
    #[cfg_attr(
        feature = "engine",
        schemars(with = "std::collections::BTreeMap<String, Vec<String>>")
    )]
    pub groups: std::collections::BTreeMap<String, Vec<Spanned<String>>>,
    /// Rules over combinations.
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleDecl>,
    /// Exceptions to rules, each with a reason and an expiry date.
    #[serde(default, rename = "exception")]
    pub exceptions: Vec<ExceptionDecl>,
}

/// `[policy.providers]`.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProviderListsDecl {
    /// Only these providers may receive data (when given).
    #[cfg_attr(feature = "engine", schemars(with = "Option<Vec<String>>"))]
    pub allow: Option<Spanned<Vec<Spanned<String>>>>,
    /// These providers may not.
    #[cfg_attr(feature = "engine", schemars(with = "Option<Vec<String>>"))]
    pub deny: Option<Spanned<Vec<Spanned<String>>>>,
    /// The level of a list violation: `deny` (default), `warn` or `allow`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub level: Option<Spanned<String>>,
}

/// `[[policy.rule]]`: a transmission matches when it matches every filter given; data and purpose
/// filters match when any of the transmission's items is listed.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleDecl {
    /// The rule's id (kebab-case), named in diagnostics and exceptions.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub id: Spanned<String>,
    /// `deny` (default), `warn` or `allow`.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub level: Option<Spanned<String>>,
    /// What the diagnostic says.
    pub message: Option<String>,
    /// Data items or `@groups`.
    #[serde(default)]
    #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
    pub data: Vec<Spanned<String>>,
    /// Purposes or `@groups`.
    #[serde(default)]
    #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
    pub purpose: Vec<Spanned<String>>,
    /// Providers.
    #[serde(default)]
    #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
    pub provider: Vec<Spanned<String>>,
    /// Recipient countries (ISO 3166-1 alpha-2).
    #[serde(default)]
    #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
    pub country: Vec<Spanned<String>>,
    /// Only transmissions to a recipient outside `home_country` (true) or inside it (false).
    pub abroad: Option<bool>,
    /// Instead of forbidding a match, require a legal-review reference (`review = "…"`) on it.
    #[serde(default)]
    pub require_review: bool,
}

/// `[[policy.exception]]`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExceptionDecl {
    /// The rule excepted from (`providers.allow` and `providers.deny` for the lists).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub rule: Spanned<String>,
    /// Only transmissions to this provider.
    #[cfg_attr(feature = "engine", schemars(with = "Option<String>"))]
    pub provider: Option<Spanned<String>>,
    /// Only the transmission declared on this item (`module::function`, as in the reviewer view).
    pub item: Option<String>,
    /// Why the exception is granted.
    pub reason: String,
    /// The last day it holds (a TOML date).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub expires: RawDate,
}

/// A lint's level in `[lints]`: `"warn"`, or a table with the reason.
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "engine", schemars(untagged))]
#[derive(Debug)]
pub enum LintDecl {
    /// `"allow"`, `"warn"` or `"deny"` (`allow` needs the table form, with a reason).
    Level(String),
    /// `{ level = "allow", reason = "…" }`.
    Table {
        /// `allow`, `warn` or `deny`.
        #[cfg_attr(feature = "engine", schemars(with = "String"))]
        level: Spanned<String>,
        /// Why: required for `allow`, printed by `review`.
        reason: Option<String>,
    },
}

impl<'de> Deserialize<'de> for LintDecl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct LevelVisitor;
        impl<'de> Visitor<'de> for LevelVisitor {
            type Value = LintDecl;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    r#"a level ("warn", "deny") or a table `{ level = "allow", reason = "…" }`"#,
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LintDecl, E> {
                Ok(LintDecl::Level(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LintDecl, A::Error> {
                let (mut level, mut reason) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "level" => level = Some(map.next_value::<Spanned<String>>()?),
                        "reason" => reason = Some(map.next_value::<String>()?),
                        other => return Err(de::Error::unknown_field(other, &["level", "reason"])),
                    }
                }
                let level = level.ok_or_else(|| de::Error::missing_field("level"))?;
                Ok(LintDecl::Table { level, reason })
            }
        }
        deserializer.deserialize_any(LevelVisitor)
    }
}

/// A check the project's team made of built-in facts (`checked` in a `[[provider]]`).
#[cfg_attr(feature = "engine", derive(schemars::JsonSchema))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckedDecl {
    /// The built-in facts checked (`domains`, `recipient_use`, …).
    #[cfg_attr(feature = "engine", schemars(with = "Vec<String>"))]
    pub facts: Vec<Spanned<String>>,
    /// Who checked them (a team or a person, as the organisation records it).
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub by: Spanned<String>,
    /// When (`2026-12-01`), not in the future.
    #[cfg_attr(feature = "engine", schemars(with = "String"))]
    pub date: RawDate,
}
