//! Renderers: the [`Notice`] as Markdown (per language, through a template) or as JSON.
//!
//! Templates never see the bilingual model directly: [`view::View`] picks one language and fails,
//! naming the field, when a text is missing in it, so a notice never silently falls back to another
//! language.

mod markdown;
pub mod view;

use std::fmt;
use std::str::FromStr;

use minijinja::{Environment, UndefinedBehavior};

use crate::diagnostic::{Diagnostic, Error};
use crate::localized::Lang;
use crate::model::Notice;

/// An output format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// CommonMark, in one language.
    Markdown,
    /// The notice model as JSON (both languages).
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 2] = [Format::Markdown, Format::Json];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Json => "json",
        }
    }

    /// Whether the output is in one language (and so needs `--lang`).
    pub fn is_per_language(self) -> bool {
        matches!(self, Format::Markdown)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format `{other}`: use markdown or json")),
        }
    }
}

const MARKDOWN_TEMPLATE: (&str, &str) =
    ("notice.md.j2", include_str!("../../templates/notice.md.j2"));

/// Renders `notice` in `format`; `lang` chooses the language of per-language formats.
pub fn render(notice: &Notice, format: Format, lang: Lang) -> Result<String, Error> {
    match format {
        Format::Json => {
            let mut out = serde_json::to_string_pretty(notice)
                .map_err(|e| Diagnostic::error(format!("cannot serialise the notice: {e}")))?;
            out.push('\n');
            Ok(out)
        }
        Format::Markdown => {
            let view = view::View::new(notice, lang)?;
            let mut out = render_template(MARKDOWN_TEMPLATE, &view)?;
            // Exactly one newline at the end, whatever the template's last block left.
            out.truncate(out.trim_end().len());
            out.push('\n');
            Ok(out)
        }
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    markdown::install(&mut env);
    env
}

fn render_template((name, source): (&str, &str), view: &view::View) -> Result<String, Error> {
    let mut env = environment();
    let at = |e: minijinja::Error| {
        let place = match (e.name(), e.line()) {
            (Some(name), Some(line)) => format!("{name}:{line}"),
            (Some(name), None) => name.to_string(),
            _ => name.to_string(),
        };
        Error::from(
            Diagnostic::error(format!(
                "template {place}: {}",
                e.detail().unwrap_or(&e.to_string())
            ))
            .help("fix the template at that line"),
        )
    };
    env.add_template_owned(name.to_string(), source.to_string())
        .map_err(at)?;
    let template = env.get_template(name).map_err(at)?;
    template
        .render(minijinja::Value::from(minijinja::value::Serde(view)))
        .map_err(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_their_names() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert!("pdf".parse::<Format>().is_err());
    }
}
