//! The host a request goes to, found as the WHATWG URL standard finds it (the `url` crate: IDNA,
//! percent-decoding, backslashes, tabs and line breaks removed), so that no spelling of a URL a
//! browser or an HTTP client sends to a provider's host reads as another host here.

pub use ::url::{Host, ParseError, Url};

/// The base a scheme-relative URL (`//host/path`) is resolved against: its host is under `.invalid`
/// (RFC 2606), so a relative path, which would take the base's host, is known to have none.
const BASE: &str = "https://base.invalid/";
const BASE_HOST: &str = "base.invalid";

/// `text` as an absolute URL: as written when it has a scheme; a scheme-relative one (`//host/…`)
/// as https. `None` for a relative path or text that is no URL.
pub fn parse(text: &str) -> Option<Url> {
    match Url::parse(text) {
        Ok(url) => Some(url),
        Err(::url::ParseError::RelativeUrlWithoutBase) => {
            // A scheme-relative URL: two slashes or backslashes in any mix after leading blanks,
            // as the standard reads them for an https page (`//host`, `\\host`, `//\host`).
            let trimmed = text.trim_start_matches(|c: char| c <= ' ');
            let mut start = trimmed.chars();
            if matches!(
                (start.next(), start.next()),
                (Some('/' | '\\'), Some('/' | '\\'))
            ) {
                return Url::parse(&format!("https:{trimmed}")).ok();
            }
            // Anything else relative resolves against the page, whose host it takes: none here.
            let base = Url::parse(BASE).ok()?;
            let url = base.join(text).ok()?;
            (url.host_str() != Some(BASE_HOST)).then_some(url)
        }
        Err(_) => None,
    }
}

/// The host of `url`, as it is looked up: lower case, without a trailing dot; an IPv6 address
/// without brackets; an internationalised name in its ASCII (punycode) form.
pub fn host(url: &Url) -> Option<String> {
    let host = match url.host()? {
        ::url::Host::Domain(d) => d.trim_end_matches('.').to_ascii_lowercase(),
        ::url::Host::Ipv4(a) => a.to_string(),
        ::url::Host::Ipv6(a) => a.to_string(),
    };
    (!host.is_empty()).then_some(host)
}

/// The host a request to `text` goes to, if it has one.
pub fn host_of(text: &str) -> Option<String> {
    host(&parse(text)?)
}

/// The keys of an `application/x-www-form-urlencoded` text (a query, or a form body), decoded, in
/// order of first appearance, each once.
pub fn form_keys(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ::url::form_urlencoded::parse(text.as_bytes())
        .map(|(key, _)| key.into_owned())
        .filter(|key| !key.is_empty() && seen.insert(key.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_a_browser_sends_to_a_host_reads_as_that_host() {
        let ga = Some("www.google-analytics.com".to_string());
        for spelling in [
            "https://www.google-analytics.com/g",
            "https://WWW.Google-Analytics.com./g",
            "https://user:pw@www.google-analytics.com:443/g",
            "https://www.google-analytics.com\\@evil.example/g",
            "https://www.google-\tanalytics.com/g",
            "https://www.google%2Danalytics.com/g",
            "https://www\u{3002}google-analytics\u{3002}com/g",
            "//www.google-analytics.com/g",
            "//\\www.google-analytics.com/g",
            "\\\\www.google-analytics.com/g",
            "https:\\\\www.google-analytics.com/g",
            "  https://www.google-analytics.com/g\n",
        ] {
            assert_eq!(host_of(spelling), ga, "{spelling:?}");
        }
        assert_eq!(host_of("https://[::1]:3000/"), Some("::1".into()));
        assert_eq!(host_of("http://127.0.0.1/"), Some("127.0.0.1".into()));
        assert_eq!(
            host_of("https://bücher.example/"),
            Some("xn--bcher-kva.example".into())
        );
        assert_eq!(host_of("/g/collect"), None, "a path has no host of its own");
        assert_eq!(host_of("mailto:someone@example.com"), None);
        assert_eq!(host_of("data:text/plain,x"), None);
    }

    #[test]
    fn form_keys_are_decoded_and_each_named_once() {
        assert_eq!(form_keys("a=1&b%20c=2&a=3&&=x"), ["a", "b c"]);
        assert_eq!(form_keys("k%zz=1&x+y=2"), ["k%zz", "x y"]);
    }
}
