//! Finding providers' hosts in text: one byte pass (Aho–Corasick over every catalogued domain)
//! before any parse, then each hit widened to the whole host and looked up in the catalogue's
//! claims ([`crate::host::claims`]), so that `example-sentry.io.test` or a longer unrelated
//! host never counts.
//!
//! The automaton is a DFA without a prefilter, built on first use: over source code, where the
//! rarest byte of a host (a `.`, a `-`) is common, the prefilter's candidates cost more than they
//! save, and the DFA reads faster than the default NFA (docs/performance.md). A run that reads no
//! file (every result kept) never builds it.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::host::Claims;

/// The catalogue's hosts, ready to find in text.
#[derive(Debug)]
pub struct HostMatcher {
    /// Every catalogued domain, lower case, once.
    needles: Vec<String>,
    finder: OnceLock<Option<AhoCorasick>>,
    claims: Claims,
}

/// A provider's host found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostHit {
    /// Byte offset of the host (of its `*.` for a wildcard).
    pub start: usize,
    /// Byte offset after the host.
    pub end: usize,
    /// The host as written (`*.google-analytics.com` for a wildcard source).
    pub host: String,
    /// The providers it belongs to.
    pub providers: Vec<String>,
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

impl HostMatcher {
    /// A matcher over every domain of `claims`.
    pub fn new(claims: Claims) -> HostMatcher {
        let mut needles: Vec<String> = claims
            .all()
            .iter()
            .flat_map(|c| c.patterns.iter())
            .map(|p| p.trim_start_matches("*.").to_ascii_lowercase())
            .filter(|p| p.contains('.'))
            .collect();
        needles.sort();
        needles.dedup();
        HostMatcher {
            needles,
            finder: OnceLock::new(),
            claims,
        }
    }

    /// The automaton over every needle, built on first use (none when there is no needle): a
    /// DFA, or the default automaton where a DFA would grow past the crate's limits.
    fn finder(&self) -> Option<&AhoCorasick> {
        let build = |kind: Option<AhoCorasickKind>, prefilter: bool| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(kind)
                .prefilter(prefilter)
                .build(&self.needles)
                .ok()
        };
        self.finder
            .get_or_init(|| {
                if self.needles.is_empty() {
                    return None;
                }
                build(Some(AhoCorasickKind::DFA), false).or_else(|| build(None, true))
            })
            .as_ref()
    }

    /// Whether `bytes` may hold a catalogued host (the byte pass).
    pub fn may_match(&self, bytes: &[u8]) -> bool {
        self.finder().is_some_and(|f| f.is_match(bytes))
    }

    /// Every catalogued host in `text`, each once per place.
    pub fn hosts(&self, text: &str) -> Vec<HostHit> {
        let Some(finder) = self.finder() else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let mut out: Vec<HostHit> = Vec::new();
        for m in finder.find_iter(bytes) {
            let mut start = m.start();
            while start > 0 && is_host_byte(bytes[start - 1]) {
                start -= 1;
            }
            let mut end = m.end();
            while end < bytes.len() && is_host_byte(bytes[end]) {
                end += 1;
            }
            if out.last().is_some_and(|h| h.end >= end) {
                continue;
            }
            let written = text[start..end].trim_end_matches('.');
            let end = start + written.len();
            // `*.example.com` (a CSP source, a capability URL): any subdomain.
            let wildcard = written.starts_with('.') && start > 0 && bytes[start - 1] == b'*';
            let (host, lookup) = if wildcard {
                (format!("*{written}"), format!("subdomain{written}"))
            } else {
                (written.to_string(), written.to_string())
            };
            let path_end = bytes[end..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || b"\"'`<>()?#,;\\".contains(b))
                .map_or(bytes.len(), |i| end + i);
            let path = if bytes.get(end) == Some(&b'/') {
                &text[end..path_end]
            } else {
                ""
            };
            let providers = self.claims.best(&lookup, path);
            if providers.is_empty() {
                continue;
            }
            out.push(HostHit {
                start: if wildcard { start - 1 } else { start },
                end,
                host,
                providers,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::Claim;

    fn matcher() -> HostMatcher {
        let claim = |p: &str, d: &[&str], s: &[&str]| Claim {
            provider: p.into(),
            patterns: d.iter().map(|x| x.to_string()).collect(),
            scripts: s.iter().map(|x| x.to_string()).collect(),
        };
        HostMatcher::new(Claims::new(vec![
            claim(
                "ga",
                &["*.google-analytics.com", "www.googletagmanager.com"],
                &["https://www.googletagmanager.com/gtag/js"],
            ),
            claim(
                "gtm",
                &["www.googletagmanager.com"],
                &["https://www.googletagmanager.com/gtm.js"],
            ),
            claim("sentry", &["*.ingest.sentry.io", "sentry.io"], &[]),
        ]))
    }

    #[test]
    fn hosts_are_widened_and_looked_up() {
        let m = matcher();
        let text = r#"<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
            connect-src https://*.google-analytics.com; fetch("https://O1.ingest.sentry.io/api/1/store/")
            docs.sentry.io example-sentry.io.test sentry.io."#;
        let hits: Vec<(String, Vec<String>)> = m
            .hosts(text)
            .into_iter()
            .map(|h| (h.host, h.providers))
            .collect();
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            hits,
            [
                ("www.googletagmanager.com".into(), v(&["ga"])),
                ("*.google-analytics.com".into(), v(&["ga"])),
                ("O1.ingest.sentry.io".into(), v(&["sentry"])),
                ("sentry.io".into(), v(&["sentry"])),
            ]
        );
        assert!(m.may_match(text.as_bytes()));
        assert!(!m.may_match(b"nothing here"));
    }
}
