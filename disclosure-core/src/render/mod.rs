//! Renderers: the [`Notice`] in each output [`Format`] of the registry (`format.rs`, one file per
//! format under `format/`): Markdown, HTML and a Mermaid diagram per language through templates
//! (`template`), in a [`Layout`] (`layout.rs`, one template per layout), the JSON model, and the
//! platforms' forms (`export`).
//!
//! Templates never see the bilingual model's texts directly: [`view::View`] picks one language and
//! fails, naming the field, when a text is missing in it, so a notice never silently falls back to
//! another language. A template is rendered once per requested language; the results are joined
//! (and, for an HTML page, wrapped in the page).

mod consent_view;
mod escape;
pub mod export;
mod format;
mod layout;
pub(crate) mod template;
pub mod view;

use std::path::{Path, PathBuf};

pub use format::{Format, OutputFormat, Takes};
pub use layout::Layout;

use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::foundation::localized::Lang;
use crate::model::Notice;

/// The largest template read.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// A template of the user's own, replacing the built-in one of a format.
#[derive(Clone, Debug)]
pub struct UserTemplate {
    /// Where it was read from (errors name it).
    pub path: PathBuf,
    /// Its text.
    pub source: String,
}

impl UserTemplate {
    /// Reads the template at `path`.
    pub fn load(path: &Path) -> Result<UserTemplate, Error> {
        let bytes =
            crate::foundation::files::read_bounded(path, MAX_TEMPLATE_BYTES).map_err(|e| {
                Diagnostic::error(
                    Code::TemplateError,
                    format!("cannot read template {}: {e}", path.display()),
                )
                .help("check the template's path; templates are UTF-8 text of at most 1 MiB")
            })?;
        let source = String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(
                Code::TemplateError,
                format!("template {} is not UTF-8", path.display()),
            )
            .help("save the template as UTF-8")
        })?;
        Ok(UserTemplate {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// What to render.
#[derive(Clone, Debug)]
pub struct Options {
    /// The format.
    pub format: Format,
    /// The languages, in order (ignored by formats that carry every language or none). At least
    /// one; a language given twice is rendered once, where it first appears.
    pub langs: Vec<Lang>,
    /// Only the notice's content without the page around it, for embedding (formats that take
    /// it).
    pub fragment: bool,
    /// How the notice is laid out (formats that take a layout).
    pub layout: Layout,
    /// A user template instead of the built-in one (formats rendered through a template).
    pub template: Option<UserTemplate>,
}

impl Options {
    /// `format` in one language, with the built-in template.
    pub fn new(format: Format, lang: Lang) -> Options {
        Options {
            format,
            langs: vec![lang],
            fragment: false,
            layout: Layout::default(),
            template: None,
        }
    }

    /// The option the format does not take, if one is given: `layout`, `fragment` or `template`.
    pub fn untaken(&self) -> Option<&'static str> {
        let takes = self.format.takes();
        if self.layout != Layout::default() && !takes.layout {
            Some("layout")
        } else if self.fragment && !takes.fragment {
            Some("fragment")
        } else if self.template.is_some() && !takes.template {
            Some("template")
        } else {
            None
        }
    }
}

/// Renders `notice` in `format`, in `lang`, with the built-in template.
pub fn render(notice: &Notice, format: Format, lang: Lang) -> Result<String, Error> {
    render_with(notice, &Options::new(format, lang))
}

/// Renders `notice` as `options` say.
pub fn render_with(notice: &Notice, options: &Options) -> Result<String, Error> {
    if let Some(option) = options.untaken() {
        return Err(Diagnostic::error(
            Code::OutputInvalid,
            format!("the {} format does not take `{option}`", options.format),
        )
        .help(format!("remove `{option}`"))
        .into());
    }
    options.format.implementation().render(notice, options)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod truth_tests;
