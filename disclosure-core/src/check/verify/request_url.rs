//! The parts of a request URL `verify` reads: scheme, host, path and the query's keys, found as a
//! browser finds them ([`crate::wire::url`], shared with the run-time gate). Values are read only
//! to be thrown away: nothing here keeps or prints them.

use crate::wire::url as wire_url;

/// A request's URL, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestUrl {
    /// `https`, `http`, `wss`, ….
    pub scheme: String,
    /// The host, as it is looked up (lower case, ASCII).
    pub host: String,
    /// The path, `/` when empty.
    pub path: String,
    /// The query, without `?`.
    pub query: String,
}

impl RequestUrl {
    /// Splits `text`; `None` when it has no host (a relative path, `data:`, `blob:`).
    pub fn parse(text: &str) -> Option<RequestUrl> {
        let url = wire_url::parse(text)?;
        let host = wire_url::host(&url)?;
        Some(RequestUrl {
            scheme: url.scheme().to_string(),
            host,
            path: match url.path() {
                "" => "/".to_string(),
                p => p.to_string(),
            },
            query: url.query().unwrap_or_default().to_string(),
        })
    }

    /// The URL as evidence: scheme, host and path, and the query's keys (as written) with their
    /// values replaced by `…`; a part without `=` may be a value itself, so it is `…` whole.
    /// Bounded: a host past DNS's 253 characters, a path past 200 characters and the keys past
    /// the first 40 are cut, with a mark, so that evidence stays a line however large the
    /// request.
    pub fn redacted(&self) -> String {
        let host = cut(&self.host, 253);
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host
        };
        let mut out = format!(
            "{}://{host}{}",
            self.scheme,
            cut(&redact_path(&self.path), SHOWN)
        );
        let pairs = self.query.split(['&', ';']).filter(|pair| !pair.is_empty());
        let mut keys: Vec<String> = Vec::new();
        let mut more = 0usize;
        for pair in pairs {
            if keys.len() == SHOWN_KEYS {
                more += 1;
                continue;
            }
            keys.push(match pair.split_once('=') {
                Some((key, _)) => format!("{}=…", cut(key, 64)),
                None => "…".to_string(),
            });
        }
        if more > 0 {
            keys.push(format!("…({more} more keys)"));
        }
        if !keys.is_empty() {
            out.push('?');
            out.push_str(&keys.join("&"));
        }
        out
    }
}

/// The longest path shown in evidence, in characters.
const SHOWN: usize = 200;
/// The most query keys shown in evidence.
const SHOWN_KEYS: usize = 40;

/// `path` with what may be a value replaced by `…`: matrix parameters (`;jsessionid=…`) and a
/// segment that holds an e-mail address (`@`, or `%40`).
fn redact_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let (name, matrix) = match segment.split_once(';') {
                Some((name, _)) => (name, true),
                None => (segment, false),
            };
            let name = if name.contains('@') || name.to_ascii_lowercase().contains("%40") {
                "…"
            } else {
                name
            };
            if matrix {
                format!("{name};…")
            } else {
                name.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `text` cut to `max` characters, marked with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// The keys of an `application/x-www-form-urlencoded` text (a query, or a form body), decoded, in
/// order, each once; `;` separates pairs too, as some servers read it, so no key hides behind one.
pub fn form_keys(text: &str) -> Vec<String> {
    wire_url::form_keys(&text.replace(';', "&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_the_path_are_not_shown() {
        let u = RequestUrl::parse(
            "https://api.example/users/alice@example.com/cart;jsessionid=SECRET/items/bob%40example.com?x=1",
        )
        .unwrap();
        let shown = u.redacted();
        assert_eq!(shown, "https://api.example/users/…/cart;…/items/…?x=…");
        assert!(
            !shown.contains("SECRET") && !shown.contains("alice"),
            "{shown}"
        );
    }

    #[test]
    fn urls_split_and_redact() {
        let u = RequestUrl::parse(
            "https://user@www.Example.com:8443/g/collect?v=2&dl=https%3A%2F%2Fa&en=page_view#x",
        )
        .unwrap();
        assert_eq!(u.host, "www.example.com");
        assert_eq!(u.path, "/g/collect");
        assert_eq!(
            u.redacted(),
            "https://www.example.com/g/collect?v=…&dl=…&en=…"
        );
        assert_eq!(RequestUrl::parse("https://[::1]:3000").unwrap().host, "::1");
        assert_eq!(
            RequestUrl::parse("//a.example/x").unwrap().host,
            "a.example"
        );
        let u = RequestUrl::parse("https://a.example/p?SECRET&k%3Dv=SECRET2").unwrap();
        assert_eq!(
            u.redacted(),
            "https://a.example/p?…&k%3Dv=…",
            "no value survives"
        );
        assert_eq!(RequestUrl::parse("data:text/plain,x"), None);
        assert_eq!(
            RequestUrl::parse("?http://a.example/"),
            None,
            "not a scheme"
        );
        assert_eq!(form_keys("a=1&b%20c=2&a=3&&=x"), ["a", "b c"]);
        assert_eq!(form_keys("k%zz=1;j=2"), ["k%zz", "j"]);
    }
}
