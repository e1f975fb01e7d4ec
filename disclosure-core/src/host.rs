//! Host patterns, as the catalogue writes a provider's domains: `www.example.com` (that host) or
//! `*.example.com` (its subdomains). Always available: `verify` and the run-time gate of the facade
//! match requests with the same rule.

/// How well `pattern` matches `host` (compared without case and a trailing dot): an exact host
/// beats any wildcard, a longer wildcard a shorter one; `None` when it does not match.
pub fn specificity(pattern: &str, host: &str) -> Option<usize> {
    let pattern = pattern.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if let Some(suffix) = pattern.strip_prefix("*.") {
        let matches = host.len() > suffix.len()
            && host.ends_with(suffix)
            && host[..host.len() - suffix.len()].ends_with('.');
        matches.then_some(suffix.len())
    } else {
        (pattern == host).then_some(10_000 + pattern.len())
    }
}

/// The host of a URL (`https://user@Host:443/path` → `Host`), if it has one.
pub fn of_url(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host_port.split(':').next().unwrap_or(host_port),
    };
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_subdomains_and_exact_hosts_win() {
        assert_eq!(specificity("*.example.com", "a.example.com"), Some(11));
        assert_eq!(specificity("*.example.com", "example.com"), None);
        assert_eq!(specificity("*.example.com", "badexample.com"), None);
        assert!(
            specificity("A.example.com.", "a.example.com")
                > specificity("*.example.com", "a.example.com")
        );
        assert_eq!(
            of_url("https://u@Example.com:8443/p?q"),
            Some("Example.com")
        );
        assert_eq!(of_url("http://[::1]:3000/"), Some("::1"));
        assert_eq!(of_url("mailto:x"), None);
    }
}
