//! Escaping for Markdown output: every text from the catalogue is printed inert, whatever it holds.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State};

use crate::catalogue::check_link;
use crate::markdown::escape;

const MARKDOWN: &str = "markdown";

/// Makes `.md` templates escape every printed value for CommonMark, and adds the `url` and `cell`
/// filters.
pub(super) fn install(env: &mut Environment<'static>) {
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md.j2") || name.ends_with(".md") {
            AutoEscape::Custom(MARKDOWN.into())
        } else {
            minijinja::default_auto_escape_callback(name)
        }
    });
    env.set_formatter(|out: &mut Output, state: &mut State, value: &Value| {
        match state.auto_escape() {
            AutoEscape::Custom(name) if name == MARKDOWN && !value.is_safe() => {
                if value.is_none() || value.is_undefined() {
                    return Ok(());
                }
                out.write_str(&escape(&value.to_string()))
                    .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
            }
            AutoEscape::Custom(_) => out
                .write_str(&value.to_string())
                .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string())),
            _ => minijinja::escape_formatter(out, state, value),
        }
    });
    env.add_filter("url", url);
    env.add_filter("cell", |text: String| {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    });
}

/// `{{ link.url | url }}`: a link destination that cannot break out of `(…)`; anything but `https:`
/// or `http:` is refused.
fn url(value: String) -> Result<Value, Error> {
    if let Err(d) = check_link(&value)
        && d.is_error()
    {
        return Err(Error::new(ErrorKind::InvalidOperation, d.message));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_cannot_break_out_of_the_link() {
        assert_eq!(
            url("https://e.com/a_(b)".into()).unwrap().to_string(),
            "https://e.com/a_%28b%29"
        );
        assert!(url("javascript:alert(1)".into()).is_err());
    }
}
