//! Rendering through templates (Markdown, HTML, Mermaid): the built-in templates and how each format
//! registers the shared ones, the user's template, the context a template sees (the one-language
//! [`View`](super::view::View)), the fuel that bounds a render, and template errors.
//!
//! The notice's structure is written once (`notice.j2`, `parts.j2`, `layouts/*.j2`) and registered
//! per format under that format's names, with the format's leaves (`leaves.md.j2`,
//! `leaves.html.j2`) imported as `l` and the parts as `m`: Markdown and HTML print the same
//! structure, each in its own markup and escaping.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::layout::Layout;
use super::view::View;
use super::{Options, escape};
use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::foundation::localized::Lang;
use crate::model::Notice;

/// The work one template render may do, in minijinja's fuel (about one instruction, or 64 bytes
/// of text produced). The largest example notice takes about 5,600 per language, so this leaves
/// room for notices a thousand times larger, and stops a template whose loops multiply (four
/// nested loops over a thousand items) in a fraction of a second.
pub(super) const FUEL: u64 = 10_000_000;

/// The format-neutral templates, registered per format.
const NOTICE: &str = include_str!("../../templates/notice.j2");
const PARTS: &str = include_str!("../../templates/parts.j2");
/// Reports for the operator (not the notice), written once for every structured format too.
const REPORTS: &[(&str, &str)] = &[(
    "legal-review",
    include_str!("../../templates/legal-review.j2"),
)];

/// Templates of one format only.
const OWN: &[(&str, &str)] = &[
    ("leaves.md.j2", include_str!("../../templates/leaves.md.j2")),
    (
        "leaves.html.j2",
        include_str!("../../templates/leaves.html.j2"),
    ),
    ("page.html.j2", include_str!("../../templates/page.html.j2")),
    (
        "consent.html.j2",
        include_str!("../../templates/consent.html.j2"),
    ),
    (
        "notice.mmd.j2",
        include_str!("../../templates/notice.mmd.j2"),
    ),
];

/// The formats that print the notice's structure: the extension that selects their escaping and
/// names their templates.
const STRUCTURED: &[&str] = &["md", "html"];

/// How one templated format renders.
#[derive(Debug)]
pub(super) struct Kind {
    /// The built-in entry template.
    pub entry: &'static str,
    /// Between the languages of one output, for the built-in template.
    pub separator: &'static str,
    /// Wraps the joined languages (an HTML page), for the built-in template unless a fragment is
    /// asked for.
    pub page: Option<&'static str>,
    /// Tidies the built-in template's output (blank lines).
    pub tidy: fn(&str) -> String,
}

/// What a template sees: the notice in one language (its fields at the top level), the bilingual
/// model as `model`, the prefix of element ids (`en-` when several languages share a page), and
/// the layout's template.
#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    view: &'a View,
    model: &'a Notice,
    anchor_prefix: String,
    layout_template: String,
}

#[derive(Serialize)]
struct Page<'a> {
    lang: Lang,
    title: &'a str,
    body: &'a str,
}

#[cfg(test)]
thread_local! {
    /// The fuel of renders on this thread, lowered by tests to show how much a notice needs.
    pub(super) static TEST_FUEL: std::cell::Cell<u64> = const { std::cell::Cell::new(FUEL) };
}

/// The fuel each template render is allowed.
fn fuel() -> u64 {
    #[cfg(test)]
    return TEST_FUEL.get();
    #[cfg(not(test))]
    FUEL
}

/// Renders `notice` through `kind`'s built-in template, or the user's template of `options`.
pub(super) fn render(notice: &Notice, options: &Options, kind: &Kind) -> Result<String, Error> {
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
    let mut env = environment(fuel())?;
    let built_in = options.template.is_none();
    let name = match &options.template {
        Some(t) => {
            let name = t.path.display().to_string();
            env.add_template_owned(name.clone(), t.source.clone())
                .map_err(template_error)?;
            name
        }
        None => kind.entry.to_string(),
    };
    let ext = extension(&name);
    let template = env.get_template(&name).map_err(template_error)?;
    let mut parts = Vec::new();
    for lang in &langs {
        let view = View::new(notice, *lang, options.layout)?;
        let context = Context {
            view: &view,
            model: notice,
            anchor_prefix: if langs.len() > 1 {
                format!("{lang}-")
            } else {
                String::new()
            },
            layout_template: layout_name(options.layout, ext),
        };
        let rendered = template
            .render(minijinja::Value::from(minijinja::value::Serde(&context)))
            .map_err(template_error)?;
        let rendered = if built_in {
            (kind.tidy)(&rendered)
        } else {
            rendered
        };
        parts.push(rendered.trim_end().to_string());
    }
    let separator = if built_in { kind.separator } else { "\n\n" };
    let body = parts.join(separator);
    let out = match kind.page {
        Some(page) if built_in && !options.fragment => {
            let first = View::new(notice, langs[0], options.layout)?;
            let page_context = Page {
                lang: langs[0],
                title: &first.title,
                body: &body,
            };
            env.get_template(page)
                .and_then(|t| {
                    t.render(minijinja::Value::from(minijinja::value::Serde(
                        &page_context,
                    )))
                })
                .map_err(template_error)?
        }
        _ => body,
    };
    // Exactly one newline at the end, whatever the template's last block left.
    Ok(format!("{}\n", out.trim_end()))
}

/// Renders the built-in report `name` (one of `REPORTS`) with `context` in one language, as
/// Markdown (`ext` = `md`) or as a standalone HTML page titled `title` (`html`).
pub(crate) fn render_report<T: Serialize>(
    name: &str,
    ext: &str,
    lang: Lang,
    title: &str,
    context: &T,
) -> Result<String, Error> {
    let env = environment(FUEL)?;
    let rendered = env
        .get_template(&format!("{name}.{ext}.j2"))
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(context))))
        .map_err(template_error)?;
    let out = if ext == "html" {
        let body = tidy_html(&rendered);
        let page = Page {
            lang,
            title,
            body: body.trim_end(),
        };
        env.get_template("page.html.j2")
            .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&page))))
            .map_err(template_error)?
    } else {
        tidy_markdown(&rendered)
    };
    Ok(format!("{}\n", out.trim_end()))
}

/// Renders the built-in fragment template `name` (one of `OWN`) with `context`, tidied as HTML.
pub(super) fn render_fragment<T: Serialize>(name: &str, context: &T) -> Result<String, Error> {
    let env = environment(FUEL)?;
    let rendered = env
        .get_template(name)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(context))))
        .map_err(template_error)?;
    Ok(format!("{}\n", tidy_html(&rendered).trim_end()))
}

/// The extension of a template's name that selects its escaping (`notice.md.j2` → `md`).
fn extension(name: &str) -> &str {
    let name = name
        .strip_suffix(".j2")
        .or_else(|| name.strip_suffix(".jinja"))
        .unwrap_or(name);
    name.rsplit('.').next().unwrap_or_default()
}

/// The name a layout's template is registered under for a format's extension.
fn layout_name(layout: Layout, ext: &str) -> String {
    format!("layouts/{}.{ext}.j2", layout.id())
}

/// The imports every shared template gets, on its first line (so that line numbers stay true).
fn imports(ext: &str, parts: bool) -> String {
    let mut out = format!("{{% import \"leaves.{ext}.j2\" as l %}}");
    if parts {
        out.push_str(&format!("{{% import \"macros.{ext}.j2\" as m %}}"));
    }
    out
}

/// The environment with every built-in template registered: each format's own, and the shared ones
/// (notice, parts, layouts) under each structured format's names.
fn environment(fuel: u64) -> Result<Environment<'static>, Error> {
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
    for (name, source) in OWN {
        env.add_template(name, source).map_err(template_error)?;
    }
    for ext in STRUCTURED {
        env.add_template_owned(
            format!("macros.{ext}.j2"),
            format!("{}{PARTS}", imports(ext, false)),
        )
        .map_err(template_error)?;
        env.add_template_owned(
            format!("notice.{ext}.j2"),
            format!("{}{NOTICE}", imports(ext, true)),
        )
        .map_err(template_error)?;
        for (name, source) in REPORTS {
            env.add_template_owned(
                format!("{name}.{ext}.j2"),
                format!("{}{source}", imports(ext, false)),
            )
            .map_err(template_error)?;
        }
        for layout in Layout::all() {
            env.add_template_owned(
                layout_name(layout, ext),
                format!("{}{}", imports(ext, true), layout.source()),
            )
            .map_err(template_error)?;
        }
    }
    Ok(env)
}

/// Markdown as the built-in templates leave it, tidied: no blank line twice, none at the start.
pub(super) fn tidy_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    out
}

/// HTML as the built-in templates leave it, tidied: no blank line.
pub(super) fn tidy_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n').filter(|l| !l.trim().is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Output as the template wrote it.
pub(super) fn untouched(text: &str) -> String {
    text.to_string()
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
