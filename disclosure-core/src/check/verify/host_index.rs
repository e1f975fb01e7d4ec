//! From a request's host to the recipient it goes to: the declared recipients' domains (exact, or
//! `*.` for subdomains, the most specific winning), their script URLs where two share a host, the
//! operator's own hosts, and the whole catalogue to name the provider of an undeclared host.

use crate::catalogue::Catalogue;
use crate::host::{Claims, specificity};
use crate::model::Notice;

/// Where a request goes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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

/// The hosts of every recipient and provider, ready for lookups.
#[derive(Debug)]
pub struct HostIndex {
    own: Vec<String>,
    declared: Claims,
    catalogued: Claims,
}

impl HostIndex {
    /// The index of `notice`'s recipients (their hosts as the run-time gate reads them) and of
    /// every provider of `catalogue`, built in or declared.
    pub fn new(catalogue: &Catalogue, notice: &Notice, own: &[String]) -> HostIndex {
        let declared = notice.hosts().claims(|r| r.from_devices || r.from_servers);
        let mut own: Vec<String> = own.iter().map(|h| h.to_ascii_lowercase()).collect();
        own.extend(["localhost", "127.0.0.1", "::1"].map(String::from));
        // The operator's website (its host and the hosts under it) is its own.
        let website = notice
            .operator
            .website
            .as_deref()
            .and_then(|w| url::Url::parse(w).ok());
        if let Some(host) = website.as_ref().and_then(url::Url::host_str) {
            own.push(host.trim_start_matches("www.").to_ascii_lowercase());
        }
        HostIndex {
            own,
            declared,
            catalogued: catalogue.claims(),
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
        let declared = self.declared.best(&host, path);
        match declared.len() {
            1 => Match::Declared(declared[0].clone()),
            0 => Match::Undeclared(self.catalogued.best(&host, path).into_iter().next()),
            _ => Match::Ambiguous(declared),
        }
    }
}
