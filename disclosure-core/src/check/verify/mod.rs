//! Does the code do what the notice says? [`verify`] reads captures of the requests a program
//! really made ([`capture`]), maps each to a provider by its host ([`host_index`]) and to data items by
//! its keys ([`request_keys`], the annotations' `keys` maps and the catalogue's parameter maps), and
//! reports requests to hosts no transmission declares, data sent that is not declared, requests the
//! user could have stopped sent after the user opted out (by what the notice says of each
//! transmission, as the run-time gate decides), keys no map names, and declared transmissions never
//! observed. Evidence names the capture, the entry, the
//! method, the URL without query values and what started the request; no value, cookie or header
//! is ever kept.

pub mod capture;
mod consent_order;
pub mod host_index;
pub mod request_keys;
pub mod request_url;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use self::capture::Request;
pub use self::consent_order::read_log;
use self::host_index::{HostIndex, Match};
use self::request_url::RequestUrl;
use crate::catalogue::builtin::parameters;
use crate::catalogue::{Catalogue, Parameter};
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Error};
use crate::foundation::vocab::Place;
use crate::model::Notice;
use crate::wire::ConsentRecord;

/// How many examples a finding keeps.
const EXAMPLES: usize = 3;

/// What to check beyond the notice itself.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Providers the user had opted out of while the captures were made (a HAR cannot say).
    pub opted_out: Vec<String>,
    /// Hosts of the operator's own (besides loopback and first-party providers' domains).
    pub own_hosts: Vec<String>,
    /// A declared transmission never observed fails the check too.
    pub require_all: bool,
    /// The consent log kept while the captures were made ([`read_log`]): with it, every request
    /// to a transmission that needs consent must come after a record that gives it.
    pub consent_log: Option<Vec<ConsentRecord>>,
}

/// One request as evidence: where it is and what it was, never what it carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The capture file, as given.
    pub capture: String,
    /// The entry (HAR) or line (JSON lines), 1-based.
    pub entry: usize,
    /// The method.
    pub method: String,
    /// The URL with its query values replaced by `…`.
    pub url: String,
    /// What started the request, when the capture says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiator: Option<String>,
}

/// One mismatch between the notice and the captures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Finding {
    /// Requests to a host no transmission declares.
    UndeclaredHost {
        /// The host.
        host: String,
        /// The catalogue's provider for it, when there is one.
        provider: Option<String>,
        /// How many requests.
        count: usize,
        /// Some of them.
        examples: Vec<Evidence>,
    },
    /// A key that carries a data item the recipient is not declared to receive.
    UndeclaredData {
        /// The recipient.
        recipient: String,
        /// The key.
        key: String,
        /// The data items it carries.
        data: Vec<String>,
        /// How many requests.
        count: usize,
        /// Some of them.
        examples: Vec<Evidence>,
    },
    /// Requests to a transmission that needs consent, sent before the consent log shows it given
    /// (or after it was withdrawn), by the browser the capture shows.
    BeforeConsent {
        /// The recipient.
        recipient: String,
        /// How many requests.
        count: usize,
        /// Some of them.
        examples: Vec<Evidence>,
    },
    /// A provider the user had opted out of, contacted anyway.
    OptedOutContacted {
        /// The recipient.
        recipient: String,
        /// How many requests.
        count: usize,
        /// Some of them.
        examples: Vec<Evidence>,
    },
    /// Requests whose URL cannot be read as a browser reads one: where they went is not known,
    /// so they fail the check rather than pass unseen.
    Unplaced {
        /// How many requests.
        count: usize,
        /// Some of them.
        examples: Vec<Evidence>,
    },
    /// Requests carrying more keys than are read ([`request_keys::MAX_KEYS`]): what the rest
    /// carry is not checked, so they fail the check.
    TooManyKeys {
        /// The recipient.
        recipient: String,
        /// How many requests.
        count: usize,
        /// Some of them.
        examples: Vec<Evidence>,
    },
    /// A recipient of the notice no capture shows a request to.
    NeverObserved {
        /// The recipient.
        recipient: String,
    },
    /// A key sent to a recipient whose keys are mapped (built in, by the project or by an
    /// annotation's `keys`), which no map names: what it carries is not known.
    UnmappedKey {
        /// The recipient.
        recipient: String,
        /// The key (a query or form key, or a JSON path).
        key: String,
        /// How many requests.
        count: usize,
        /// Some of them.
        examples: Vec<Evidence>,
    },
}

impl Finding {
    /// Whether it fails the check (a transmission never observed only with `require_all`; a key
    /// no map names is a note).
    pub fn fails(&self, options: &Options) -> bool {
        match self {
            Finding::NeverObserved { .. } => options.require_all,
            Finding::UnmappedKey { .. } => false,
            _ => true,
        }
    }
}

/// What the captures showed of one recipient.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Observed {
    /// How many requests.
    pub requests: usize,
    /// In which captures.
    pub captures: BTreeSet<String>,
}

/// The result of a verification.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Verification {
    /// The captures read.
    pub captures: Vec<String>,
    /// Requests read.
    pub requests: usize,
    /// Requests to the operator's own hosts (not external transmissions).
    pub own: usize,
    /// Per recipient of the notice, what was observed.
    pub observed: BTreeMap<String, Observed>,
    /// Every mismatch, in a stable order.
    pub findings: Vec<Finding>,
}

impl Verification {
    /// Whether any finding fails the check.
    pub fn failed(&self, options: &Options) -> bool {
        self.findings.iter().any(|f| f.fails(options))
    }
}

/// Reads every capture and checks it against `notice` and the `declarations` behind it (whose
/// `keys` maps say what their requests' keys carry). A malformed or empty capture, or a host two
/// declared recipients claim, is an error.
pub fn verify(
    catalogue: &Catalogue,
    notice: &Notice,
    declarations: &[Declaration],
    captures: &[PathBuf],
    options: &Options,
) -> Result<Verification, Error> {
    verify_with_progress(
        catalogue,
        notice,
        declarations,
        captures,
        options,
        &mut |_| {},
    )
}

/// How far [`verify_with_progress`] has read, after each request.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Progress<'a> {
    /// The capture being read.
    pub capture: &'a Path,
    /// Bytes of the captures read so far, all of them together.
    pub bytes: u64,
    /// Requests read so far, all captures together.
    pub requests: usize,
}

/// [`verify`], telling `progress` how far it has read after each request (for a progress bar on
/// a terminal; the result does not depend on it).
pub fn verify_with_progress(
    catalogue: &Catalogue,
    notice: &Notice,
    declarations: &[Declaration],
    captures: &[PathBuf],
    options: &Options,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Verification, Error> {
    let index = HostIndex::new(catalogue, notice, &options.own_hosts);
    let maps = key_maps(catalogue, declarations);
    let hosts = notice.hosts();
    let reader = Reader {
        hosts: &hosts,
        index: &index,
        maps: &maps,
        declared_data: notice
            .recipients
            .iter()
            .map(|r| (r.id.as_str(), r.data_ids().into_iter().collect()))
            .collect(),
        recipients: hosts
            .recipients()
            .iter()
            .map(|r| (r.id.as_str(), r))
            .collect(),
        options,
    };
    let mut state = State::default();
    let mut diagnostics = Diagnostics::new();
    let mut bytes_before = 0u64;
    let mut requests = 0usize;
    for path in captures {
        let shown = path.display().to_string();
        let mut seen = 0usize;
        let read_bytes = std::cell::Cell::new(0u64);
        let read = capture::read_counted(path, &read_bytes, &mut |request| {
            seen += 1;
            requests += 1;
            state.request(&reader, &shown, request, &mut diagnostics);
            progress(Progress {
                capture: path,
                bytes: bytes_before + read_bytes.get(),
                requests,
            });
        });
        bytes_before += read_bytes.get();
        if let Err(e) = read {
            diagnostics.extend(e);
            continue;
        }
        if seen == 0 {
            diagnostics.push(
                Diagnostic::error(
                    Code::CaptureEmpty,
                    format!("{} holds no request: nothing to verify", path.display()),
                )
                .help("capture while the program makes its requests (docs/verify.md); an empty capture proves nothing"),
            );
        }
    }
    let (verification, _) = diagnostics.finish(state.finish(notice, captures, options))?;
    Ok(verification)
}

/// What the keys of each recipient's requests carry: the annotations' `keys` maps (the code says
/// what it sends), then the project's `[[parameter]]`s, then the built-in maps for keys neither
/// names.
fn key_maps(catalogue: &Catalogue, declarations: &[Declaration]) -> Vec<Parameter> {
    let mut maps: Vec<Parameter> = Vec::new();
    for d in declarations {
        for (key, item) in &d.keys {
            if maps
                .iter()
                .any(|p| p.provider == d.provider.value && &p.key == key)
            {
                continue;
            }
            maps.push(Parameter {
                provider: d.provider.value.clone(),
                key: key.clone(),
                place: Place::Any,
                prefix: false,
                data: (item != crate::annotation::keys::NOTHING)
                    .then(|| item.clone())
                    .into_iter()
                    .collect(),
                evidence: Vec::new(),
                at: Some(d.at.clone()),
                // The provider's own body shapes hold for the code's keys too.
                shapes: parameters::parameters()
                    .iter()
                    .find(|p| p.provider == d.provider.value)
                    .map(|p| p.shapes.clone())
                    .unwrap_or_default(),
            });
        }
    }
    let named = |maps: &[Parameter], p: &Parameter| {
        maps.iter()
            .any(|m| m.provider == p.provider && m.key == p.key)
    };
    for p in &catalogue.parameters {
        if !named(&maps, p) {
            maps.push(p.clone());
        }
    }
    for p in parameters::parameters() {
        if !named(&maps, p) {
            maps.push(p.clone());
        }
    }
    maps
}

/// What reading one request needs.
struct Reader<'a> {
    hosts: &'a crate::wire::NoticeHosts,
    index: &'a HostIndex,
    maps: &'a [Parameter],
    /// Per recipient, the data items the notice declares it receives.
    declared_data: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// Per recipient, its transmissions as the gate reads them (what each sends, and whether the
    /// user can stop it).
    recipients: BTreeMap<&'a str, &'a crate::wire::RecipientHosts>,
    options: &'a Options,
}

/// What has been read so far.
#[derive(Default)]
struct State {
    requests: usize,
    own: usize,
    observed: BTreeMap<String, Observed>,
    /// Undeclared host → its catalogue provider, and the requests.
    hosts: BTreeMap<String, (Option<String>, Seen)>,
    /// (recipient, key) → the undeclared items it carries, and the requests.
    data: BTreeMap<(String, String), (Vec<String>, Seen)>,
    /// Recipient → the requests made after the user opted out.
    opted_out: BTreeMap<String, Seen>,
    /// (recipient, key) → the requests that sent a key no map names.
    unmapped: BTreeMap<(String, String), Seen>,
    /// The requests whose URL no browser would send anywhere readable.
    unplaced: Seen,
    /// Recipient → the requests with more keys than are read.
    too_many: BTreeMap<String, Seen>,
    /// Hosts already reported as ambiguous.
    ambiguous: BTreeSet<String>,
    /// Requests to transmissions that need consent, checked against the consent log at the end.
    pending: Vec<consent_order::Pending>,
    /// Per capture, the consent panel's random ids its requests carried.
    rids: BTreeMap<String, BTreeSet<String>>,
}

/// The requests behind one finding: how many, and the first few as evidence.
#[derive(Default)]
struct Seen {
    count: usize,
    examples: Vec<Evidence>,
}

impl Seen {
    fn add(&mut self, e: &Evidence) {
        self.count += 1;
        if self.examples.len() < EXAMPLES {
            self.examples.push(e.clone());
        }
    }
}

impl State {
    fn request(
        &mut self,
        reader: &Reader<'_>,
        capture: &str,
        request: Request,
        diagnostics: &mut Diagnostics,
    ) {
        let Some(url) = RequestUrl::parse(&request.url) else {
            // data:, blob:, about: and the like leave the device for no one; any other URL that
            // cannot be read is a request whose destination is not known, reported, never dropped.
            let scheme = request
                .url
                .trim_start()
                .split(':')
                .next()
                .unwrap_or_default();
            let local = [
                "data",
                "blob",
                "about",
                "javascript",
                "file",
                "chrome",
                "chrome-extension",
                "moz-extension",
            ]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s));
            if !local {
                self.requests += 1;
                self.unplaced.add(&Evidence {
                    capture: capture.to_string(),
                    entry: request.entry,
                    method: request.method.clone(),
                    url: "(a URL that cannot be read)".to_string(),
                    initiator: request.initiator.clone(),
                });
            }
            return;
        };
        if !matches!(url.scheme.as_str(), "http" | "https" | "ws" | "wss") {
            return;
        }
        self.requests += 1;
        if let Some(rid) = &request.consent_rid {
            self.rids
                .entry(capture.to_string())
                .or_default()
                .insert(rid.clone());
        }
        let evidence = Evidence {
            capture: capture.to_string(),
            entry: request.entry,
            method: request.method.clone(),
            url: url.redacted(),
            initiator: request.initiator.clone(),
        };
        let Some(recipient) = self.recipient(reader, &url, &evidence, diagnostics) else {
            return;
        };
        let observed = self.observed.entry(recipient.clone()).or_default();
        observed.requests += 1;
        observed.captures.insert(capture.to_string());
        let carried = self.keys(reader, &recipient, &url, &request, &evidence);
        let opted_out =
            reader.options.opted_out.contains(&recipient) || request.opted_out.contains(&recipient);
        // Only a request the notice says the user can stop is one sent despite the opt-out.
        let items: Vec<&str> = carried.iter().map(String::as_str).collect();
        if reader.options.consent_log.is_some()
            && let Some(hosts) = reader.recipients.get(recipient.as_str())
            && let Some(units) = consent_order::needs_consent(reader.hosts, hosts, &items)
        {
            self.pending.push(consent_order::Pending {
                capture: capture.to_string(),
                recipient: recipient.clone(),
                units,
                time_ms: request.time_ms,
                evidence: evidence.clone(),
            });
        }
        if opted_out
            && reader
                .recipients
                .get(recipient.as_str())
                .is_none_or(|r| r.stoppable(&items))
        {
            self.opted_out
                .entry(recipient.clone())
                .or_default()
                .add(&evidence);
        }
    }

    /// The declared recipient a request goes to; otherwise it is counted (the operator's own,
    /// an undeclared host) or reported (a host two recipients claim), and `None`.
    fn recipient(
        &mut self,
        reader: &Reader<'_>,
        url: &RequestUrl,
        evidence: &Evidence,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        match reader.index.lookup(&url.host, &url.path) {
            Match::Own => {
                self.own += 1;
                None
            }
            Match::Undeclared(provider) => {
                self.hosts
                    .entry(url.host.to_ascii_lowercase())
                    .or_insert((provider, Seen::default()))
                    .1
                    .add(evidence);
                None
            }
            Match::Ambiguous(claimants) => {
                if self.ambiguous.insert(url.host.to_ascii_lowercase()) {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::HostAmbiguous,
                            format!(
                                "`{}` is claimed by {}: which recipient a request to it goes to cannot be told",
                                url.host,
                                claimants
                                    .iter()
                                    .map(|c| format!("`{c}`"))
                                    .collect::<Vec<_>>()
                                    .join(" and ")
                            ),
                        )
                        .help("name the host under `domains` of only the provider that receives it (its `[[provider]]` table), or `remove = [\"domains\"]` from the other"),
                    );
                }
                None
            }
            Match::Declared(id) => Some(id),
        }
    }

    /// Reads the request's keys: each map's undeclared items and each unmapped key are counted
    /// once per request; the data items the keys carry come back.
    fn keys(
        &mut self,
        reader: &Reader<'_>,
        recipient: &str,
        url: &RequestUrl,
        request: &Request,
        evidence: &Evidence,
    ) -> BTreeSet<String> {
        let declared = reader.declared_data.get(recipient);
        let maps: Vec<&Parameter> = reader
            .maps
            .iter()
            .filter(|p| p.provider == recipient)
            .collect();
        let mut carried = BTreeSet::new();
        let mut undeclared: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut unmapped: BTreeSet<String> = BTreeSet::new();
        let keys = request_keys::keys(url, request);
        if keys.len() >= request_keys::MAX_KEYS {
            self.too_many
                .entry(recipient.to_string())
                .or_default()
                .add(evidence);
        }
        for (place, key) in keys {
            let matching: Vec<&&Parameter> =
                maps.iter().filter(|p| p.matches(place, &key)).collect();
            if matching.is_empty() && !maps.is_empty() {
                unmapped.insert(key.clone());
            }
            for p in matching {
                carried.extend(p.data.iter().cloned());
                let missing: Vec<String> = p
                    .data
                    .iter()
                    .filter(|item| !declared.is_some_and(|d| d.contains(item.as_str())))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    undeclared.entry(p.key.clone()).or_insert(missing);
                }
            }
        }
        for (key, missing) in undeclared {
            self.data
                .entry((recipient.to_string(), key))
                .or_insert((missing, Seen::default()))
                .1
                .add(evidence);
        }
        for key in unmapped {
            self.unmapped
                .entry((recipient.to_string(), key))
                .or_default()
                .add(evidence);
        }
        carried
    }

    fn finish(self, notice: &Notice, captures: &[PathBuf], options: &Options) -> Verification {
        let mut findings = Vec::new();
        if let Some(records) = &options.consent_log {
            for (recipient, evidence) in
                consent_order::before_consent(self.pending, &self.rids, records)
            {
                findings.push(Finding::BeforeConsent {
                    recipient,
                    count: evidence.len(),
                    examples: evidence.into_iter().take(EXAMPLES).collect(),
                });
            }
        }
        for (host, (provider, seen)) in self.hosts {
            findings.push(Finding::UndeclaredHost {
                host,
                provider,
                count: seen.count,
                examples: seen.examples,
            });
        }
        for ((recipient, key), (data, seen)) in self.data {
            findings.push(Finding::UndeclaredData {
                recipient,
                key,
                data,
                count: seen.count,
                examples: seen.examples,
            });
        }
        for (recipient, seen) in self.opted_out {
            findings.push(Finding::OptedOutContacted {
                recipient,
                count: seen.count,
                examples: seen.examples,
            });
        }
        for ((recipient, key), seen) in self.unmapped {
            findings.push(Finding::UnmappedKey {
                recipient,
                key,
                count: seen.count,
                examples: seen.examples,
            });
        }
        for (recipient, seen) in self.too_many {
            findings.push(Finding::TooManyKeys {
                recipient,
                count: seen.count,
                examples: seen.examples,
            });
        }
        if self.unplaced.count > 0 {
            findings.push(Finding::Unplaced {
                count: self.unplaced.count,
                examples: self.unplaced.examples,
            });
        }
        for r in &notice.recipients {
            if r.device_transmissions().next().is_some() && !self.observed.contains_key(&r.id) {
                findings.push(Finding::NeverObserved {
                    recipient: r.id.clone(),
                });
            }
        }
        Verification {
            captures: captures.iter().map(|p| p.display().to_string()).collect(),
            requests: self.requests,
            own: self.own,
            observed: self.observed,
            findings,
        }
    }
}

/// The verification as text, for a terminal.
pub fn text(v: &Verification, options: &Options) -> String {
    let mut out = String::new();
    for f in &v.findings {
        let (line, examples) = describe(f, &plain);
        let mark = if f.fails(options) { "FAIL" } else { "note" };
        out.push_str(&format!("{mark}: {line}\n"));
        for e in examples {
            out.push_str(&format!("      {}\n", evidence_line(e, &|s| s.to_string())));
        }
    }
    let failed = v.findings.iter().filter(|f| f.fails(options)).count();
    out.push_str(&format!(
        "verify: {} requests in {} capture(s), {} to the operator's own hosts; {} recipient(s) observed; {failed} finding(s) that fail\n",
        v.requests,
        v.captures.len(),
        v.own,
        v.observed.len()
    ));
    out
}

/// The verification as Markdown, for a reviewer.
pub fn markdown(v: &Verification, options: &Options) -> String {
    use crate::foundation::commonmark::code;
    let mut out = String::from("# Verification of the notice against observed requests\n\n");
    out.push_str(&format!(
        "{} requests in {} capture(s) ({}); {} to the operator's own hosts.\n\n",
        v.requests,
        v.captures.len(),
        v.captures
            .iter()
            .map(|c| code(c))
            .collect::<Vec<_>>()
            .join(", "),
        v.own
    ));
    out.push_str("| recipient | requests observed | captures |\n| --- | --- | --- |\n");
    for (id, o) in &v.observed {
        out.push_str(&format!(
            "| `{id}` | {} | {} |\n",
            o.requests,
            o.captures.len()
        ));
    }
    out.push('\n');
    if v.findings.is_empty() {
        out.push_str("Every request matches the notice.\n");
        return out;
    }
    out.push_str("## Findings\n\n");
    for f in &v.findings {
        let (line, examples) = describe(f, &code);
        let mark = if f.fails(options) {
            "**fails**"
        } else {
            "note"
        };
        out.push_str(&format!("- {mark}: {line}\n"));
        for e in examples {
            out.push_str(&format!("  - {}\n", evidence_line(e, &code)));
        }
    }
    out
}

fn describe<'a>(f: &'a Finding, code: &dyn Fn(&str) -> String) -> (String, &'a [Evidence]) {
    match f {
        Finding::UndeclaredHost {
            host,
            provider,
            count,
            examples,
        } => (
            match provider {
                Some(p) => format!(
                    "{count} request(s) to {} ({p}), which no transmission declares",
                    code(host)
                ),
                None => format!(
                    "{count} request(s) to {}, which no transmission declares and no catalogued provider claims",
                    code(host)
                ),
            },
            examples,
        ),
        Finding::UndeclaredData {
            recipient,
            key,
            data,
            count,
            examples,
        } => (
            format!(
                "{} receives {} ({}) in {count} request(s), but the notice does not declare it",
                code(recipient),
                code(key),
                data.join(", ")
            ),
            examples,
        ),
        Finding::BeforeConsent {
            recipient,
            count,
            examples,
        } => (
            format!(
                "{} was sent {count} request(s) that need consent before the consent log shows it given",
                code(recipient)
            ),
            examples,
        ),
        Finding::OptedOutContacted {
            recipient,
            count,
            examples,
        } => (
            format!(
                "{} was contacted {count} time(s) after the user opted out of it",
                code(recipient)
            ),
            examples,
        ),
        Finding::TooManyKeys {
            recipient,
            count,
            examples,
        } => (
            format!(
                "{} receives {count} request(s) with more than {} keys: only the first {} were checked",
                code(recipient),
                request_keys::MAX_KEYS,
                request_keys::MAX_KEYS
            ),
            examples,
        ),
        Finding::Unplaced { count, examples } => (
            format!("{count} request(s) whose URL cannot be read: where they went is not known"),
            examples,
        ),
        Finding::NeverObserved { recipient } => (
            format!(
                "no capture shows a request to {}, which the notice declares",
                code(recipient)
            ),
            &[],
        ),
        Finding::UnmappedKey {
            recipient,
            key,
            count,
            examples,
        } => (
            format!(
                "{} receives {} in {count} request(s), which no map of its keys names: what it carries is not checked",
                code(recipient),
                code(key)
            ),
            examples,
        ),
    }
}

fn evidence_line(e: &Evidence, code: &dyn Fn(&str) -> String) -> String {
    let mut line = format!(
        "{} #{}: {}",
        code(&e.capture),
        e.entry,
        code(&format!("{} {}", e.method, e.url))
    );
    if let Some(i) = &e.initiator {
        line.push_str(&format!(" (from {})", code(i)));
    }
    line
}

/// Code as a terminal shows it.
fn plain(text: &str) -> String {
    format!("`{text}`")
}

/// The capture files named, checked to exist (a clear error for each that does not).
pub fn check_paths(paths: &[PathBuf]) -> Result<(), Error> {
    let mut diagnostics = Diagnostics::new();
    if paths.is_empty() {
        diagnostics.push(
            Diagnostic::error(Code::CaptureEmpty, "no capture given")
                .help("give one or more HAR files or recorder captures: --observed FILE…"),
        );
    }
    for p in paths {
        if !Path::new(p).is_file() {
            diagnostics.push(
                Diagnostic::error(
                    Code::CaptureInvalid,
                    format!("{} is not a readable capture file", p.display()),
                )
                .help("give the path of a HAR file or of the recorder's JSON lines"),
            );
        }
    }
    diagnostics.finish(()).map(|_| ())
}

#[cfg(test)]
mod tests;
