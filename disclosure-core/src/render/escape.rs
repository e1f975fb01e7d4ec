//! Escaping: every value a template prints is escaped for the template's format (CommonMark, HTML,
//! Mermaid), so no text from the catalogue can add markup, links or scripts. Each place has its
//! escaping: an inline value (the default: one line, [`commonmark::escape`]), a table cell (`cell`), a
//! multi-line text (`text`: paragraphs and lists), a link destination (`url`, which refuses
//! anything but `https:` and `http:` links with a host) and a YAML string (`yaml_string`, the
//! Mermaid diagram's title). Every escaper reads line breaks through
//! [`text::normalize_line_breaks`].

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State};

use crate::catalogue::link::{HttpLinks, check_link_with};
use crate::foundation::commonmark;
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

/// Installs the escaping and the filters `url`, `cell`, `text` (`paragraphs` is its older name)
/// and `yaml_string`.
pub(super) fn install(env: &mut Environment<'static>) {
    env.set_auto_escape_callback(auto_escape);
    env.set_formatter(|out: &mut Output, state: &mut State, value: &Value| {
        let escape: fn(&str) -> String = match state.auto_escape() {
            AutoEscape::Custom(name) if name == MARKDOWN => commonmark::escape,
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
    // A table cell on one line; markup a macro produced (a link) stays markup.
    env.add_filter("cell", |value: Value| {
        let text = value.to_string();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_safe() {
            Value::from_safe_string(text)
        } else {
            Value::from(text)
        }
    });
    env.add_filter("text", text);
    env.add_filter("paragraphs", text);
    env.add_filter("yaml_string", |text: String| {
        Value::from_safe_string(yaml_string(&text))
    });
}

/// `text` as a YAML double-quoted string on one line, quotes included: backslashes, quotes, control
/// characters and the characters of markup (`<`, `>`, `&`, `` ` ``) as escapes, so neither YAML nor
/// the Markdown or HTML around the diagram can read anything in it; line breaks as spaces.
pub(crate) fn yaml_string(text: &str) -> String {
    let text = text::normalize_line_breaks(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push(' '),
            '"' | '<' | '>' | '&' | '`' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes text for a Mermaid label in double quotes: entity codes for everything Mermaid or the
/// HTML it renders could read as syntax, and line breaks (every kind) and other control characters
/// as spaces, so a label never leaves its line.
pub(crate) fn mermaid(text: &str) -> String {
    let text = text::normalize_line_breaks(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `{{ url | url }}`: a link destination that cannot break out of `(…)` in Markdown or `"…"` in
/// HTML; anything but an `https:` or `http:` link with a host is refused. (Whether an `http:` link
/// may be printed at all is the catalogue's decision, `[notice] allow_http_links`, made when it is
/// read.)
fn url(state: &State, value: String) -> Result<Value, Error> {
    if let Err(d) = check_link_with(&value, HttpLinks::Warned)
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
    for (i, c) in value.char_indices() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            // A character reference would be decoded in a destination: escape its `&`.
            '&' if looks_like_reference(&value[i + 1..]) => out.push_str("\\&"),
            c => out.push(c),
        }
    }
    Ok(Value::from_safe_string(out))
}

/// Whether `rest` (what follows a `&`) makes it a character reference: `amp;`, `#38;`, `#x26;`.
fn looks_like_reference(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest[name..].starts_with(';')
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
                            lines.iter().map(|l| commonmark::escape(l)).collect();
                        lines.join("\\\n")
                    }
                    Block::List(items) => items
                        .iter()
                        .map(|i| format!("- {}", commonmark::escape(i)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    Block::Numbered(items) => items
                        .iter()
                        .enumerate()
                        .map(|(n, i)| format!("{}. {}", n + 1, commonmark::escape(i)))
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
        // A reference in a destination would be decoded: its `&` is escaped, a lone `&` is not.
        assert_eq!(
            render(
                "a.md.j2",
                "{{ v | url }}",
                "https://e.com/?a=1&b=2&amp;c=&#40;"
            )
            .unwrap(),
            "https://e.com/?a=1&b=2\\&amp;c=\\&#40;"
        );
        for no_host in [
            "https://?x",
            "https://:443",
            "https://@x",
            "https://e.com/a\\",
        ] {
            assert!(
                render("a.md.j2", "{{ v | url }}", no_host).is_err(),
                "{no_host}"
            );
        }
        // The catalogue decides whether `http:` may be printed; the filter only needs a host.
        assert_eq!(
            render("a.md.j2", "{{ v | url }}", "http://e.com/").unwrap(),
            "http://e.com/"
        );
    }

    #[test]
    fn mermaid_labels_and_titles_stay_on_their_line() {
        for br in [
            "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}",
        ] {
            let label = format!("a{br}end{br}b\"]{br}%%");
            let out = render("a.mmd.j2", "x[\"{{ v }}\"]", &label).unwrap();
            assert_eq!(out.lines().count(), 1, "{br:?}: {out:?}");
            assert_eq!(out.matches('"').count(), 2, "{out}");
            let title = render("a.mmd.j2", "title: {{ v | yaml_string }}", &label).unwrap();
            assert_eq!(title.lines().count(), 1, "{br:?}: {title:?}");
        }
        assert_eq!(
            yaml_string("C:\\dir \"q\" <b> & `c`\u{7}"),
            "\"C:\\\\dir \\u0022q\\u0022 \\u003cb\\u003e \\u0026 \\u0060c\\u0060\\u0007\""
        );
        assert_eq!(
            yaml_string("利用者情報の外部送信について"),
            "\"利用者情報の外部送信について\""
        );
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
