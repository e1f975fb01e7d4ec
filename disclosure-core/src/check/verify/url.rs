//! The parts of a request URL `verify` reads: scheme, host, path and the query's keys. Values are
//! read only to be thrown away: nothing here keeps or prints them.

/// A URL, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url<'a> {
    /// `https`, `http`, `wss`, ….
    pub scheme: &'a str,
    /// The host, lower-case is not assumed (compare with [`eq_ignore_ascii_case`]).
    ///
    /// [`eq_ignore_ascii_case`]: str::eq_ignore_ascii_case
    pub host: &'a str,
    /// The path, `/` when empty.
    pub path: &'a str,
    /// The query, without `?`.
    pub query: &'a str,
}

impl<'a> Url<'a> {
    /// Splits `text`; `None` when it has no `scheme://host`.
    pub fn parse(text: &'a str) -> Option<Url<'a>> {
        let (scheme, rest) = text.split_once("://")?;
        let mut chars = scheme.chars();
        if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let (authority, tail) = match rest.find(['/', '?']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let host_port = authority.rsplit('@').next().unwrap_or(authority);
        let host = if let Some(v6) = host_port.strip_prefix('[') {
            v6.split(']').next().unwrap_or(v6)
        } else {
            host_port.split(':').next().unwrap_or(host_port)
        };
        if host.is_empty() {
            return None;
        }
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        Some(Url {
            scheme,
            host,
            path: if path.is_empty() { "/" } else { path },
            query,
        })
    }

    /// The URL as evidence: scheme, host and path, and the query's keys (as written) with their
    /// values replaced by `…`; a part without `=` may be a value itself, so it is `…` whole.
    pub fn redacted(&self) -> String {
        let mut out = format!("{}://{}{}", self.scheme, self.host, self.path);
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
/// order, each once.
pub fn form_keys(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for pair in text.split(['&', ';']) {
        let key = pair.split('=').next().unwrap_or_default();
        if key.is_empty() {
            continue;
        }
        let key = decode(key);
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

/// Percent-decoding, with `+` as a space; a malformed escape is kept as it is.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_and_redact() {
        let u = Url::parse(
            "https://user@www.Example.com:8443/g/collect?v=2&dl=https%3A%2F%2Fa&en=page_view#x",
        )
        .unwrap();
        assert_eq!(u.host, "www.Example.com");
        assert_eq!(u.path, "/g/collect");
        assert_eq!(
            u.redacted(),
            "https://www.Example.com/g/collect?v=…&dl=…&en=…"
        );
        assert_eq!(Url::parse("https://[::1]:3000").unwrap().host, "::1");
        let u = Url::parse("https://a.example/p?SECRET&k%3Dv=SECRET2").unwrap();
        assert_eq!(
            u.redacted(),
            "https://a.example/p?…&k%3Dv=…",
            "no value survives"
        );
        assert_eq!(Url::parse("data:text/plain,x"), None);
        assert_eq!(Url::parse("?http://a.example/"), None, "not a scheme");
        assert_eq!(form_keys("a=1&b%20c=2&a=3&&=x"), ["a", "b c"]);
        assert_eq!(form_keys("k%zz=1"), ["k%zz"]);
    }
}
