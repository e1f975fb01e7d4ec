//! Renderers: the [`Notice`] as Markdown, HTML, a Mermaid diagram (each per language, through a
//! template) or JSON (the model itself, both languages).
//!
//! Templates never see the bilingual model's texts directly: [`view::View`] picks one language and
//! fails, naming the field, when a text is missing in it, so a notice never silently falls back to
//! another language. A template is rendered once per requested language; the results are joined
//! (and, for an HTML page, wrapped in the page).

mod escape;
pub mod view;

pub mod export;

use std::path::{Path, PathBuf};

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

pub use crate::catalogue::{Format, Layout};
use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::foundation::localized::Lang;
use crate::model::Notice;

/// The largest template read.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// The work one template render may do, in minijinja's fuel (about one instruction, or 64 bytes
/// of text produced). The largest example notice takes about 5,600 per language, so this leaves
/// room for notices a thousand times larger, and stops a template whose loops multiply (four
/// nested loops over a thousand items) in a fraction of a second.
const FUEL: u64 = 10_000_000;

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
    /// The languages, in order (ignored by JSON). At least one; a language given twice is
    /// rendered once, where it first appears.
    pub langs: Vec<Lang>,
    /// HTML only: the notice's content without the page around it, for embedding.
    pub fragment: bool,
    /// Markdown and HTML: how the notice is laid out.
    pub layout: Layout,
    /// A user template instead of the built-in one.
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
}

/// The built-in templates, by name: each format's notice, the macros it imports (a user's
/// template may import them too), and the HTML page.
const BUILT_IN: &[(&str, &str)] = &[
    ("notice.md.j2", include_str!("../../templates/notice.md.j2")),
    ("macros.md.j2", include_str!("../../templates/macros.md.j2")),
    (
        "notice.html.j2",
        include_str!("../../templates/notice.html.j2"),
    ),
    (
        "macros.html.j2",
        include_str!("../../templates/macros.html.j2"),
    ),
    ("page.html.j2", include_str!("../../templates/page.html.j2")),
    (
        "notice.mmd.j2",
        include_str!("../../templates/notice.mmd.j2"),
    ),
];

/// Renders `notice` in `format`, in `lang`, with the built-in template.
pub fn render(notice: &Notice, format: Format, lang: Lang) -> Result<String, Error> {
    render_with(notice, &Options::new(format, lang))
}

/// Renders `notice` as `options` say.
pub fn render_with(notice: &Notice, options: &Options) -> Result<String, Error> {
    render_with_fuel(notice, options, FUEL)
}

/// [`render_with`], each template render allowed `fuel`.
fn render_with_fuel(notice: &Notice, options: &Options, fuel: u64) -> Result<String, Error> {
    if options.template.is_none() {
        match options.format {
            Format::Json => {
                let mut out = serde_json::to_string_pretty(notice).map_err(|e| {
                    Diagnostic::error(
                        Code::TemplateError,
                        format!("cannot serialise the notice: {e}"),
                    )
                })?;
                out.push('\n');
                return Ok(out);
            }
            Format::Xcprivacy => return export::xcprivacy(notice),
            Format::PlayDataSafetyCsv => return export::play_data_safety_csv(notice),
            _ => {}
        }
    }
    // Each language once, in the order given: a language twice would repeat every element id.
    let mut langs: Vec<Lang> = Vec::new();
    for lang in &options.langs {
        if !langs.contains(lang) {
            langs.push(*lang);
        }
    }
    if langs.is_empty() {
        langs.push(Lang::Ja);
    }
    let mut env = environment(fuel);
    for (name, source) in BUILT_IN {
        env.add_template(name, source).map_err(template_error)?;
    }
    let name = match &options.template {
        Some(t) => {
            let name = t.path.display().to_string();
            env.add_template_owned(name.clone(), t.source.clone())
                .map_err(template_error)?;
            name
        }
        None => match options.format {
            Format::Markdown => "notice.md.j2".to_string(),
            Format::Html => "notice.html.j2".to_string(),
            Format::Mermaid => "notice.mmd.j2".to_string(),
            Format::Json | Format::Xcprivacy | Format::PlayDataSafetyCsv => {
                unreachable!("formats without a template are written above")
            }
        },
    };
    let template = env.get_template(&name).map_err(template_error)?;
    let mut parts = Vec::new();
    for lang in &langs {
        let view = view::View::new(notice, *lang, options.layout)?;
        let context = Context {
            view: &view,
            model: notice,
            anchor_prefix: if langs.len() > 1 {
                format!("{lang}-")
            } else {
                String::new()
            },
        };
        let rendered = template
            .render(minijinja::Value::from(minijinja::value::Serde(&context)))
            .map_err(template_error)?;
        parts.push(rendered.trim_end().to_string());
    }
    let separator = match options.format {
        Format::Markdown if options.template.is_none() => "\n\n---\n\n",
        _ => "\n\n",
    };
    let body = parts.join(separator);
    let out = if options.format == Format::Html && !options.fragment && options.template.is_none() {
        let first = view::View::new(notice, langs[0], options.layout)?;
        let page = Page {
            lang: langs[0],
            title: &first.title,
            body: &body,
        };
        env.get_template("page.html.j2")
            .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&page))))
            .map_err(template_error)?
    } else {
        body
    };
    // Exactly one newline at the end, whatever the template's last block left.
    Ok(format!("{}\n", out.trim_end()))
}

/// What a template sees: the notice in one language (its fields at the top level), the bilingual
/// model as `model`, and the prefix of element ids (`en-` when several languages share a page).
#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    view: &'a view::View,
    model: &'a Notice,
    anchor_prefix: String,
}

#[derive(Serialize)]
struct Page<'a> {
    lang: Lang,
    title: &'a str,
    body: &'a str,
}

fn environment(fuel: u64) -> Environment<'static> {
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
    env.set_fuel(Some(fuel));
    escape::install(&mut env);
    env
}

/// A template error, naming the template (a file, for a user's template) and the line.
fn template_error(e: minijinja::Error) -> Error {
    let place = match (e.name(), e.line()) {
        (Some(name), Some(line)) => format!("{name}:{line}"),
        (Some(name), None) => name.to_string(),
        _ => "template".to_string(),
    };
    if e.kind() == minijinja::ErrorKind::OutOfFuel {
        return Diagnostic::error(
            Code::TemplateError,
            format!(
                "template {place}: ran out of fuel: rendering stopped after {FUEL} steps, far more than any notice needs"
            ),
        )
        .help("look for loops that multiply (a `for` over a large `range`, or loops nested in loops) and loop over the notice's own lists instead")
        .into();
    }
    let detail = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    Diagnostic::error(Code::TemplateError, format!("template {place}: {detail}"))
        .help("fix the template at that line; docs/output.md lists what a template can use")
        .into()
}

#[cfg(test)]
mod tests;
