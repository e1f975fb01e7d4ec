//! Escaping: every value a template prints is escaped for the template's format (CommonMark, HTML,
//! Mermaid), so no text from the catalogue can add markup, links or scripts. Link destinations go
//! through the `url` filter, which refuses anything but `https:` and `http:`.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State};

use crate::catalogue::link::check_link;
use crate::foundation::markdown;
use crate::foundation::text::{self, Block};

const MARKDOWN: &str = "markdown";
const MERMAID: &str = "mermaid";

/// The escaping a template gets from its name: `*.md[.j2]` CommonMark, `*.html[.j2]` HTML,
/// `*.mmd[.j2]` Mermaid, anything else none.
fn auto_escape(name: &str) -> AutoEscape {
    let name = name
        .strip_suffix(".j2")
        .or_else(|| name.strip_suffix(".jinja"))
        .unwrap_or(name);
    match name.rsplit('.').next() {
        Some("md" | "markdown") => AutoEscape::Custom(MARKDOWN.into()),
        Some("html" | "htm") => AutoEscape::Html,
        Some("mmd" | "mermaid") => AutoEscape::Custom(MERMAID.into()),
        _ => AutoEscape::None,
    }
}

/// Installs the escaping and the filters `url`, `cell` and `text` (`paragraphs` is its older
/// name).
pub(super) fn install(env: &mut Environment<'static>) {
    env.set_auto_escape_callback(auto_escape);
    env.set_formatter(|out: &mut Output, state: &mut State, value: &Value| {
        let escape: fn(&str) -> String = match state.auto_escape() {
            AutoEscape::Custom(name) if name == MARKDOWN => markdown::escape,
            AutoEscape::Custom(name) if name == MERMAID => mermaid,
            _ => return minijinja::escape_formatter(out, state, value),
        };
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let text = value.to_string();
        let text = if value.is_safe() { text } else { escape(&text) };
        out.write_str(&text)
            .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
    });
    env.add_filter("url", url);
    env.add_filter("cell", |text: String| {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    });
    env.add_filter("text", text);
    env.add_filter("paragraphs", text);
}

/// Escapes text for a Mermaid label in double quotes: entity codes for everything Mermaid or the
/// HTML it renders could read as syntax, and line breaks as spaces.
pub(crate) fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `{{ url | url }}`: a link destination that cannot break out of `(…)` in Markdown or `"…"` in
/// HTML; anything but `https:` or `http:` is refused.
fn url(state: &State, value: String) -> Result<Value, Error> {
    if let Err(d) = check_link(&value)
        && d.is_error()
    {
        return Err(Error::new(ErrorKind::InvalidOperation, d.message));
    }
    if matches!(state.auto_escape(), AutoEscape::Html) {
        return Ok(Value::from_safe_string(
            value.replace('&', "&amp;").replace('"', "&quot;"),
        ));
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    Ok(Value::from_safe_string(out))
}

/// `{{ value | text }}`: a multi-line text as blocks ([`text::blocks`]), the same structure in
/// every format: in HTML escaped `<p>` (line breaks as `<br>`), `<ul>` and `<ol>`; in Markdown
/// escaped paragraphs (line breaks as hard breaks) and lists; in Mermaid one line.
fn text(state: &State, value: String) -> Value {
    let blocks = text::blocks(&value);
    let out = match state.auto_escape() {
        AutoEscape::Html => {
            let html: Vec<String> = blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph(lines) => {
                        let lines: Vec<String> = lines.iter().map(|l| html_escape(l)).collect();
                        format!("<p>{}</p>", lines.join("<br>\n"))
                    }
                    Block::List(items) | Block::Numbered(items) => {
                        let tag = if matches!(b, Block::List(_)) {
                            "ul"
                        } else {
                            "ol"
                        };
                        let items: Vec<String> = items
                            .iter()
                            .map(|i| format!("<li>{}</li>", html_escape(i)))
                            .collect();
                        format!("<{tag}>\n{}\n</{tag}>", items.join("\n"))
                    }
                })
                .collect();
            html.join("\n")
        }
        AutoEscape::Custom(name) if name == MARKDOWN => {
            let md: Vec<String> = blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph(lines) => {
                        let lines: Vec<String> =
                            lines.iter().map(|l| markdown::escape(l)).collect();
                        lines.join("\\\n")
                    }
                    Block::List(items) => items
                        .iter()
                        .map(|i| format!("- {}", markdown::escape(i)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    Block::Numbered(items) => items
                        .iter()
                        .enumerate()
                        .map(|(n, i)| format!("{}. {}", n + 1, markdown::escape(i)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                })
                .collect();
            md.join("\n\n")
        }
        AutoEscape::Custom(name) if name == MERMAID => mermaid(&value),
        _ => value,
    };
    Value::from_safe_string(out)
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(name: &str, template: &str, value: &str) -> Result<String, Error> {
        let mut env = Environment::new();
        install(&mut env);
        env.add_template_owned(name.to_string(), template.to_string())?;
        env.get_template(name)?
            .render(minijinja::context! { v => value })
    }

    #[test]
    fn each_format_escapes_by_the_template_name() {
        let evil = "<script>alert(1)</script> *x* \"q\"";
        assert_eq!(
            render("a.md.j2", "{{ v }}", evil).unwrap(),
            r#"\<script\>alert(1)\</script\> \*x\* "q""#
        );
        assert_eq!(
            render("a.html.j2", "{{ v }}", evil).unwrap(),
            "&lt;script&gt;alert(1)&lt;&#x2f;script&gt; *x* &quot;q&quot;"
        );
        assert_eq!(
            render("a.mmd.j2", "{{ v }}", evil).unwrap(),
            "#lt;script#gt;alert(1)#lt;/script#gt; *x* #quot;q#quot;"
        );
        assert_eq!(render("a.txt", "{{ v }}", evil).unwrap(), evil);
    }

    #[test]
    fn urls_cannot_break_out_of_the_link() {
        assert_eq!(
            render("a.md.j2", "{{ v | url }}", "https://e.com/a_(b)").unwrap(),
            "https://e.com/a_%28b%29"
        );
        assert_eq!(
            render("a.html.j2", "{{ v | url }}", "https://e.com/?a=1&b=2").unwrap(),
            "https://e.com/?a=1&amp;b=2"
        );
        assert!(render("a.html.j2", "{{ v | url }}", "javascript:alert(1)").is_err());
        assert!(render("a.md.j2", "{{ v | url }}", "data:text/html,x").is_err());
    }

    #[test]
    fn texts_are_escaped_blocks_in_each_format() {
        let value = "a <b>\nc\n\n- *x*\n- y";
        assert_eq!(
            render("a.html.j2", "{{ v | text }}", value).unwrap(),
            "<p>a &lt;b&gt;<br>\nc</p>\n<ul>\n<li>*x*</li>\n<li>y</li>\n</ul>"
        );
        assert_eq!(
            render("a.md.j2", "{{ v | text }}", value).unwrap(),
            "a \\<b\\>\\\nc\n\n- \\*x\\*\n- y"
        );
    }
}
