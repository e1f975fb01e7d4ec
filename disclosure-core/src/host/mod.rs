//! Host patterns, as the catalogue writes a provider's domains: `www.example.com` (that host),
//! `*.example.com` (its subdomains, at any depth) or `sdk.*.example.com` (a `*` inside stands for
//! exactly one label: a region); and [`claims`], which recipient a host belongs to. Always
//! available: the scanner, `verify` and the run-time gate of the facade match hosts with the same
//! rule.

pub mod claims;

pub use claims::{Claim, Claims};

/// How well `pattern` matches `host` (compared without case and a trailing dot): an exact host
/// beats any wildcard, a longer wildcard a shorter one; `None` when it does not match.
pub fn specificity(pattern: &str, host: &str) -> Option<usize> {
    let pattern = pattern.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if let Some(suffix) = pattern.strip_prefix("*.") {
        // A leading `*.`: one or more labels before the rest, itself matched label by label.
        let labels = suffix.split('.').count();
        let host_labels: Vec<&str> = host.split('.').collect();
        if host_labels.len() <= labels {
            return None;
        }
        let tail = host_labels[host_labels.len() - labels..].join(".");
        return labels_match(suffix, &tail).then_some(suffix.len());
    }
    if pattern.contains('*') {
        return labels_match(&pattern, &host).then_some(5_000 + pattern.len());
    }
    (pattern == host).then_some(10_000 + pattern.len())
}

/// Whether `host` has `pattern`'s labels, a `*` label standing for any one.
fn labels_match(pattern: &str, host: &str) -> bool {
    let (p, h): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), host.split('.').collect());
    p.len() == h.len() && p.iter().zip(&h).all(|(p, h)| *p == "*" || p == h)
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
            specificity("sdk.*.braze.com", "sdk.iad-01.braze.com"),
            Some(5_015)
        );
        assert_eq!(specificity("sdk.*.braze.com", "sdk.a.b.braze.com"), None);
        assert!(specificity("*.braze.com", "sdk.iad-01.braze.com").is_some());
    }
}
