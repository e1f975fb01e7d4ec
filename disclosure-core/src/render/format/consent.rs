//! The consent panel (docs/consent-markup.md): an HTML fragment with the notification banner and
//! the settings dialog in each language, for the panel script `disclosure::runtime::panel::SCRIPT` (src/runtime/assets) to drive. It
//! lists the consent units the gate decides by ([`crate::wire::consent`]), so the panel, the
//! cookie and the server's gate read the same units and fingerprints.

use serde::Serialize;

use crate::foundation::diagnostic::{Diagnostic, Error};
use crate::model::Notice;
use crate::render::consent_view;
use crate::render::format::{OutputFormat, Takes};
use crate::render::{Options, template};
use crate::wire::consent;
use crate::wire::panel::PanelText;

pub(super) struct Consent;

/// What the template sees.
#[derive(Serialize)]
struct Context {
    /// The config element's JSON, safe inside `<script>`.
    config: String,
    /// The panel in each language, in order.
    langs: Vec<PanelText>,
}

/// The config (§2.2).
#[derive(Serialize)]
struct Config<'a> {
    format: u32,
    cookie: &'a str,
    max_age_days: u32,
    notice: &'a str,
    log: Option<&'a str>,
}

impl OutputFormat for Consent {
    fn id(&self) -> &'static str {
        "consent"
    }

    fn summary(&self) -> &'static str {
        "the notification and consent panel: an HTML fragment per the notice's consent units, for the panel script and stylesheet of disclosure::runtime::panel"
    }

    fn takes(&self) -> Takes {
        Takes {
            languages: true,
            ..Takes::default()
        }
    }

    fn render(&self, notice: &Notice, options: &Options) -> Result<String, Error> {
        let panel = consent_view::panel(notice, options)?;
        let config = serde_json::to_string(&Config {
            format: panel.format,
            cookie: consent::COOKIE,
            max_age_days: consent::MAX_AGE_DAYS,
            notice: &panel.notice,
            log: panel.log.as_deref(),
        })
        .expect("the config always serialises")
        // Nothing in it may end the script element.
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
        let context = Context {
            config,
            langs: panel.langs,
        };
        template::render_fragment("consent.html.j2", &context)
    }

    fn omissions(&self, notice: &Notice) -> Vec<Diagnostic> {
        consent_view::unlinked(notice)
    }
}
