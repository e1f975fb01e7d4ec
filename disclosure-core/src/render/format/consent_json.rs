//! The consent panel's words as JSON (`crate::wire::panel::Panel`), for a native application's
//! settings screen (`disclosure::runtime::ConsentSettings`): the same units, fingerprints and words
//! as the web panel.

use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::model::Notice;
use crate::render::consent_view;
use crate::render::format::{OutputFormat, Takes};
use crate::render::Options;

pub(super) struct ConsentJson;

impl OutputFormat for ConsentJson {
    fn id(&self) -> &'static str {
        "consent-json"
    }

    fn summary(&self) -> &'static str {
        "the consent panel's units and words as JSON, for a native app's settings screen"
    }

    fn takes(&self) -> Takes {
        Takes {
            languages: true,
            ..Takes::default()
        }
    }

    fn render(&self, notice: &Notice, options: &Options) -> Result<String, Error> {
        let panel = consent_view::panel(notice, options)?;
        let mut out = serde_json::to_string_pretty(&panel).map_err(|e| {
            Diagnostic::error(
                Code::TemplateError,
                format!("cannot serialise the consent panel: {e}"),
            )
        })?;
        out.push('\n');
        Ok(out)
    }

    fn omissions(&self, notice: &Notice) -> Vec<Diagnostic> {
        consent_view::unlinked(notice)
    }
}
