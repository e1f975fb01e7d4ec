//! From a request's host to the recipient it goes to: the declared recipients' domains (exact, or
//! `*.` for subdomains, the most specific winning), their script URLs where two share a host, the
//! operator's own hosts, and the whole catalogue to name the provider of an undeclared host.

use crate::catalogue::{Catalogue, builtin};
use crate::model::Notice;

/// Where a request goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// The operator's own host (loopback, or one it names): not an external transmission.
    Own,
    /// A recipient of the notice.
    Declared(String),
    /// No recipient of the notice: the catalogue's provider for the host, if any.
    Undeclared(Option<String>),
    /// Several recipients of the notice claim the host, and nothing tells them apart.
    Ambiguous(Vec<String>),
}

#[derive(Debug)]
struct Claim {
    provider: String,
    patterns: Vec<String>,
    scripts: Vec<String>,
}

/// The hosts of every recipient and provider, ready for lookups.
#[derive(Debug)]
pub struct HostIndex {
    own: Vec<String>,
    declared: Vec<Claim>,
    catalogued: Vec<Claim>,
}

use crate::host::specificity;

impl HostIndex {
    /// The index of `notice`'s recipients (their domains as the catalogue resolves them) and of
    /// every provider of `catalogue`, built in or declared.
    pub fn new(catalogue: &Catalogue, notice: &Notice, own: &[String]) -> HostIndex {
        let claim = |provider: &crate::catalogue::Provider| Claim {
            provider: provider.id.clone(),
            patterns: provider.domains.clone(),
            scripts: provider.packages.scripts.clone(),
        };
        let declared = notice
            .recipients
            .iter()
            .filter(|r| !r.transmissions.is_empty())
            .map(|r| match catalogue.provider(&r.id) {
                Some(p) => Claim {
                    patterns: r.domains.clone(),
                    ..claim(p)
                },
                None => Claim {
                    provider: r.id.clone(),
                    patterns: r.domains.clone(),
                    scripts: Vec::new(),
                },
            })
            .collect();
        let mut catalogued: Vec<Claim> = catalogue.providers.iter().map(claim).collect();
        for p in builtin::providers() {
            if !catalogued.iter().any(|c| c.provider == p.id) {
                catalogued.push(claim(p));
            }
        }
        let mut own: Vec<String> = own.iter().map(|h| h.to_ascii_lowercase()).collect();
        own.extend(["localhost", "127.0.0.1", "::1"].map(String::from));
        HostIndex {
            own,
            declared,
            catalogued,
        }
    }

    /// Where a request to `host` and `path` goes.
    pub fn lookup(&self, host: &str, path: &str) -> Match {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if self.own.iter().any(|o| {
            specificity(o, &host).is_some() || host.ends_with(&format!(".{o}")) && o.contains('.')
        }) || host.ends_with(".localhost")
        {
            return Match::Own;
        }
        let best = |claims: &[Claim]| -> Vec<String> {
            let scored: Vec<(usize, &Claim)> = claims
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
                // Two providers on one host (a tag served from another's host): the script URL
                // tells them apart.
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
        };
        let declared = best(&self.declared);
        match declared.len() {
            1 => Match::Declared(declared[0].clone()),
            0 => Match::Undeclared(best(&self.catalogued).into_iter().next()),
            _ => Match::Ambiguous(declared),
        }
    }
}
