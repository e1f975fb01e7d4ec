//! The consent panel (docs/consent-markup.md): an HTML fragment with the notification banner and
//! the settings dialog in each language, for `assets/consent/disclosure-consent.js` to drive. It
//! lists the consent units the gate decides by ([`crate::wire::consent`]), so the panel, the
//! cookie and the server's gate read the same units and fingerprints.

use serde::Serialize;

use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::foundation::localized::Lang;
use crate::model::Notice;
use crate::render::consent_view::ConsentView;
use crate::render::format::{OutputFormat, Takes};
use crate::render::{Options, template};
use crate::wire::consent;

pub(super) struct Consent;

/// What the template sees.
#[derive(Serialize)]
struct Context {
    /// The config element's JSON, safe inside `<script>`.
    config: String,
    /// The panel in each language, in order.
    langs: Vec<ConsentView>,
}

/// The config (§2.2).
#[derive(Serialize)]
struct Config<'a> {
    format: u32,
    cookie: &'a str,
    max_age_days: u32,
    notice: String,
    log: Option<&'a str>,
}

impl OutputFormat for Consent {
    fn id(&self) -> &'static str {
        "consent"
    }

    fn summary(&self) -> &'static str {
        "the notification and consent panel: an HTML fragment per the notice's consent units, for assets/consent"
    }

    fn takes(&self) -> Takes {
        Takes {
            languages: true,
            ..Takes::default()
        }
    }

    /// The panel prints the recipient, the data, the purposes and the conditions; the rest of the
    /// notice is behind its link to the published notice, which `[notice] url` gives.
    fn omissions(&self, notice: &Notice) -> Vec<Diagnostic> {
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

    fn render(&self, notice: &Notice, options: &Options) -> Result<String, Error> {
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
        let config = serde_json::to_string(&Config {
            format: consent::FORMAT,
            cookie: consent::COOKIE,
            max_age_days: consent::MAX_AGE_DAYS,
            notice: consent::notice_version(&json),
            log: notice.metadata.consent_log.as_deref(),
        })
        .expect("the config always serialises")
        // Nothing in it may end the script element.
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
        let context = Context {
            config,
            langs: langs
                .iter()
                .map(|lang| ConsentView::new(notice, *lang, &units))
                .collect::<Result<_, _>>()?,
        };
        template::render_fragment("consent.html.j2", &context)
    }
}
