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
    pub fn redacted(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let mut out = format!("{}://{host}{}", self.scheme, self.path);
        let keys: Vec<String> = self
            .query
            .split(['&', ';'])
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) => format!("{key}=…"),
                None => "…".to_string(),
            })
            .collect();
        if !keys.is_empty() {
            out.push('?');
            out.push_str(&keys.join("&"));
        }
        out
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
