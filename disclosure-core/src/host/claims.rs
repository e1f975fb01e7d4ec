//! Which provider a host (and a URL's path) belongs to: the providers' domains (exact, or `*.` for
//! subdomains, the most specific winning) and, where two share a host, their script URLs. The
//! run-time gate and `verify` map requests with it and the scanner maps the hosts it finds in
//! sources, assets and configuration, so none of them can disagree.

use super::specificity;

/// One provider's claim on hosts.
#[derive(Clone, Debug)]
pub struct Claim {
    /// The provider.
    pub provider: String,
    /// Its domains.
    pub patterns: Vec<String>,
    /// The URLs its scripts are served from (`https://www.googletagmanager.com/gtag/js`).
    pub scripts: Vec<String>,
}

/// Claims to look hosts up in.
#[derive(Clone, Debug, Default)]
pub struct Claims {
    claims: Vec<Claim>,
}

impl Claims {
    /// Claims over `claims`.
    pub fn new(claims: Vec<Claim>) -> Claims {
        Claims { claims }
    }

    /// Every claim.
    pub fn all(&self) -> &[Claim] {
        &self.claims
    }

    /// The providers `host` (with `path`) belongs to: the one whose domain matches it most
    /// specifically; when several tie, the one whose script URL the address starts with; when
    /// nothing tells them apart, all of them, in order. Empty when none claims it.
    pub fn best(&self, host: &str, path: &str) -> Vec<String> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let scored: Vec<(usize, &Claim)> = self
            .claims
            .iter()
            .filter_map(|c| {
                c.patterns
                    .iter()
                    .filter_map(|p| specificity(p, &host))
                    .max()
                    .map(|s| (s, c))
            })
            .collect();
        let Some(top) = scored.iter().map(|(s, _)| *s).max() else {
            return Vec::new();
        };
        let tied: Vec<&Claim> = scored
            .into_iter()
            .filter(|(s, _)| *s == top)
            .map(|(_, c)| c)
            .collect();
        if tied.len() > 1 {
            // Two providers on one host (a tag served from another's host): the script URL tells
            // them apart.
            let url = format!("https://{host}{path}");
            let by_script: Vec<&Claim> = tied
                .iter()
                .copied()
                .filter(|c| c.scripts.iter().any(|s| url.starts_with(s.as_str())))
                .collect();
            if by_script.len() == 1 {
                return vec![by_script[0].provider.clone()];
            }
        }
        let mut ids: Vec<String> = tied.iter().map(|c| c.provider.clone()).collect();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(provider: &str, patterns: &[&str], scripts: &[&str]) -> Claim {
        Claim {
            provider: provider.into(),
            patterns: patterns.iter().map(|s| s.to_string()).collect(),
            scripts: scripts.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn the_most_specific_domain_then_the_script_url_decides() {
        let claims = Claims::new(vec![
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
            claim("proxy", &["region1.google-analytics.com"], &[]),
        ]);
        assert_eq!(
            claims.best("region1.google-analytics.com", "/g/collect"),
            ["proxy"]
        );
        assert_eq!(claims.best("www.google-analytics.com", "/"), ["ga"]);
        assert_eq!(claims.best("www.googletagmanager.com", "/gtag/js"), ["ga"]);
        assert_eq!(claims.best("www.googletagmanager.com", "/gtm.js"), ["gtm"]);
        assert_eq!(
            claims.best("www.googletagmanager.com", "/ns.html"),
            ["ga", "gtm"]
        );
        assert!(claims.best("example.com", "/").is_empty());
    }
}
