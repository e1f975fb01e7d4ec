//! The notice model as JSON, both languages (`docs/schema/notice.schema.json`).

use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::model::Notice;
use crate::render::Options;
use crate::render::format::{OutputFormat, Takes};

pub(super) struct Json;

impl OutputFormat for Json {
    fn id(&self) -> &'static str {
        "json"
    }

    fn summary(&self) -> &'static str {
        "the notice model, both languages, for tools (a published JSON Schema)"
    }

    fn takes(&self) -> Takes {
        Takes::default()
    }

    fn render(&self, notice: &Notice, _: &Options) -> Result<String, Error> {
        let mut out = serde_json::to_string_pretty(notice).map_err(|e| {
            Diagnostic::error(
                Code::TemplateError,
                format!("cannot serialise the notice: {e}"),
            )
        })?;
        out.push('\n');
        Ok(out)
    }

    fn is_model(&self) -> bool {
        true
    }
}
