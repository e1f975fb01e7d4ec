//! The run-time companion (feature `runtime`): a consent gate and a recorder for the HTTP
//! clients an application already uses. It knows each recipient's hosts and transmissions from the
//! notice model (`notice.json`, embedded at build time), blocks requests to a provider the user
//! opted out of (a [`ConsentStore`] says which) where the notice says the user can stop them, and
//! requests whose transmission needs consent the user has not given (or has refused in the consent
//! panel: [`Gate::for_request`] reads the panel's cookie),
//! records every request for `cargo disclosure verify` when asked, and, in strict mode (tests),
//! refuses a request to a host the notice does not declare. It decides as `verify` does, through
//! the same types (`disclosure_core::wire`).
//!
//! ```
//! use disclosure::runtime::{Decision, Gate, MemoryStore};
//!
//! // What `cargo disclosure generate --format json` writes, as far as the gate reads it.
//! let notice = r#"{"schema_version": 3, "recipients": [{"id": "google-analytics",
//!     "facts": {"domains": {"value": ["*.google-analytics.com"]}},
//!     "transmissions": [{"origin": "device", "data": [{"id": "page_url"}],
//!         "opt_out": {"kind": "possible", "stops": "sending"}}]}]}"#;
//! let consent = MemoryStore::default();
//! let gate = Gate::from_notice(notice, consent.clone()).unwrap();
//! let url = "https://region1.google-analytics.com/g/collect";
//! assert_eq!(gate.check("GET", url, None), Decision::Allow { recipient: Some("google-analytics".into()) });
//! consent.opt_out("google-analytics");
//! assert!(matches!(gate.check("GET", url, None), Decision::Block { .. }));
//! ```
//!
//! Every save of the user's choices in the consent panel is kept through a [`ConsentLog`]
//! ([`accept`] checks what the panel posted): a [`FileLog`] of JSON lines, or an SQLite database
//! (`SqliteLog`, feature `runtime-sqlite`).
//!
//! Integrations: [`Gate::guard`] for any client (ureq, gloo-net, …); a `tower` layer (feature
//! `runtime-tower`); a `reqwest-middleware` middleware (feature `runtime-reqwest`). With the
//! feature off, none of this is compiled.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use disclosure_core::host::Claims;
use disclosure_core::wire::{self, NoticeHosts, RecipientHosts, RecordedLine, TransmissionHosts};

#[cfg(feature = "runtime-sqlite")]
pub use consent_log::SqliteLog;
pub use consent_log::{
    ConsentLog, ConsentLogError, ConsentRecord, FileLog, MAX_RECORD_BYTES, accept,
};
pub use disclosure_core::wire::consent::{COOKIE, CookieEntry};
pub use disclosure_core::wire::{ConsentCookie, ConsentUnit, NoticeHostsError};
pub use settings::{
    ChoiceFile, ConsentSettings, PanelError, PanelGroup, PanelItem, PanelText, PanelUnit, Switch,
};

mod consent_log;
pub mod panel;
#[cfg(feature = "runtime-reqwest")]
pub mod reqwest;
mod settings;
#[cfg(feature = "runtime-tower")]
pub mod tower;

/// The user's choices: which providers the user opted out of, and the standing choice on each
/// consent unit (what the consent panel asks about).
pub trait ConsentStore: Send + Sync {
    /// Whether the user opted out of `provider`: every transmission to it the notice says the
    /// user can stop is stopped.
    fn opted_out(&self, provider: &str) -> bool;
    /// Every provider the user opted out of.
    fn opted_out_of(&self) -> Vec<String>;
    /// The user's standing choice on `unit` (`None`: none). A `consent` unit's transmissions are
    /// sent only with a standing yes; an `opt_out` unit's unless a standing no. The default has
    /// no choices: nothing that needs consent is sent.
    fn choice(&self, _unit: &ConsentUnit) -> Option<bool> {
        None
    }
}

/// Consent held in memory (a clone shares it): opt-outs by provider, and choices by unit or
/// provider id.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    state: Arc<Mutex<MemoryState>>,
}

#[derive(Debug, Default)]
struct MemoryState {
    out: BTreeSet<String>,
    given: BTreeSet<String>,
}

impl MemoryStore {
    /// The user opts out of `provider` (or refuses the unit with that id).
    pub fn opt_out(&self, provider: &str) {
        let mut state = self.lock();
        state.given.remove(provider);
        state.out.insert(provider.to_string());
    }

    /// The user opts back in to `provider`: no choice is recorded for it any more.
    pub fn opt_in(&self, provider: &str) {
        let mut state = self.lock();
        state.out.remove(provider);
        state.given.remove(provider);
    }

    /// The user gives consent to `id`: a consent unit, or every unit of a provider.
    pub fn consent(&self, id: &str) {
        let mut state = self.lock();
        state.out.remove(id);
        state.given.insert(id.to_string());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryState> {
        // A panic elsewhere while holding the lock leaves the state as it was: still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl ConsentStore for MemoryStore {
    fn opted_out(&self, provider: &str) -> bool {
        self.lock().out.contains(provider)
    }

    fn opted_out_of(&self) -> Vec<String> {
        self.lock().out.iter().cloned().collect()
    }

    fn choice(&self, unit: &ConsentUnit) -> Option<bool> {
        let state = self.lock();
        let has = |set: &BTreeSet<String>| set.contains(&unit.id) || set.contains(&unit.provider);
        if has(&state.out) {
            Some(false)
        } else if has(&state.given) {
            Some(true)
        } else {
            None
        }
    }
}

/// The choices the consent panel stored in its cookie (docs/consent-markup.md), for one request:
/// what the server's gate reads so that it decides as the page's script does.
/// [`Gate::for_request`] makes one from a request's `Cookie` header.
#[derive(Clone, Debug)]
pub struct CookieConsent {
    cookie: Option<ConsentCookie>,
    units: Arc<Vec<ConsentUnit>>,
}

impl CookieConsent {
    /// The recorded choices, when the request carried a valid cookie.
    pub fn cookie(&self) -> Option<&ConsentCookie> {
        self.cookie.as_ref()
    }

    /// Whether the unit with this id may send, by the user's choices.
    pub fn allowed(&self, unit: &str) -> bool {
        self.units
            .iter()
            .find(|u| u.id == unit)
            .is_some_and(|u| wire::consent::allowed(u, self.choice(u)))
    }

    /// The units the user must be told of (again): the panel shows its banner for them.
    pub fn needs_telling(&self) -> Vec<&ConsentUnit> {
        self.units
            .iter()
            .filter(|u| self.cookie.as_ref().is_none_or(|c| c.needs_telling(u)))
            .collect()
    }
}

impl ConsentStore for CookieConsent {
    /// A provider none of whose units may send.
    fn opted_out(&self, provider: &str) -> bool {
        let mut units = self
            .units
            .iter()
            .filter(|u| u.provider == provider)
            .peekable();
        units.peek().is_some() && units.all(|u| !wire::consent::allowed(u, self.choice(u)))
    }

    fn opted_out_of(&self) -> Vec<String> {
        let providers: BTreeSet<&str> = self.units.iter().map(|u| u.provider.as_str()).collect();
        providers
            .into_iter()
            .filter(|p| self.opted_out(p))
            .map(str::to_string)
            .collect()
    }

    fn choice(&self, unit: &ConsentUnit) -> Option<bool> {
        self.cookie.as_ref().and_then(|c| c.choice(unit))
    }
}

/// Consent kept in a JSON file (a list of provider ids), written whole on every change (through a
/// temporary file and a rename). A missing or unreadable file means no opt-out.
#[derive(Clone, Debug)]
pub struct FileStore {
    path: PathBuf,
    memory: MemoryStore,
}

impl FileStore {
    /// The store at `path`, read now.
    pub fn open(path: impl Into<PathBuf>) -> FileStore {
        let path = path.into();
        let memory = MemoryStore::default();
        if let Ok(text) = std::fs::read_to_string(&path)
            && let Ok(ids) = serde_json::from_str::<Vec<String>>(&text)
        {
            for id in ids {
                memory.opt_out(&id);
            }
        }
        FileStore { path, memory }
    }

    /// The user opts out of `provider`; the file is rewritten.
    pub fn opt_out(&self, provider: &str) -> std::io::Result<()> {
        self.memory.opt_out(provider);
        self.save()
    }

    /// The user opts back in; the file is rewritten.
    pub fn opt_in(&self, provider: &str) -> std::io::Result<()> {
        self.memory.opt_in(provider);
        self.save()
    }

    fn save(&self) -> std::io::Result<()> {
        let text = serde_json::to_string(&self.memory.opted_out_of())?;
        settings::save(&self.path, &text)
    }
}

impl ConsentStore for FileStore {
    fn opted_out(&self, provider: &str) -> bool {
        self.memory.opted_out(provider)
    }

    fn opted_out_of(&self) -> Vec<String> {
        self.memory.opted_out_of()
    }
}

/// What the gate decides for a request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Send it (to this recipient, or to a host the notice does not name).
    Allow {
        /// The recipient, when the notice names the host.
        recipient: Option<String>,
    },
    /// Do not: the user's choices stop it (the user opted out of the recipient, refused it, or
    /// has not given the consent the notice says it needs).
    Block {
        /// The recipient.
        recipient: String,
    },
    /// Do not: strict mode, and the notice declares no recipient for the host.
    Undeclared {
        /// The host.
        host: String,
    },
}

/// A request the gate refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    /// Why.
    pub decision: Decision,
    /// The request's URL without its query.
    pub url: String,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.decision {
            Decision::Block { recipient } => write!(
                f,
                "disclosure: the user's choices stop sending to `{recipient}` (opted out, or no consent given); {} not sent",
                self.url
            ),
            Decision::Undeclared { host } => write!(
                f,
                "disclosure: the notice declares no recipient for `{host}` (strict mode); {} not sent",
                self.url
            ),
            Decision::Allow { .. } => write!(f, "disclosure: {} allowed", self.url),
        }
    }
}

impl std::error::Error for Blocked {}

/// Where recorded requests go.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    file: Option<Arc<Mutex<std::fs::File>>>,
}

impl Recorder {
    /// Records in memory ([`Recorder::lines`], [`Recorder::write_to`]).
    pub fn memory() -> Recorder {
        Recorder::default()
    }

    /// Records to a file (created or truncated), one JSON line per request.
    pub fn to_file(path: impl AsRef<Path>) -> std::io::Result<Recorder> {
        let file = std::fs::File::create(path)?;
        Ok(Recorder {
            lines: Arc::default(),
            file: Some(Arc::new(Mutex::new(file))),
        })
    }

    fn record(&self, line: String) {
        if let Some(file) = &self.file {
            let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
            // A recorder is for tests: a failed write is not the request's problem.
            let _ = writeln!(file, "{line}");
        }
        self.lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(line);
    }

    /// The lines recorded so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Writes the lines recorded so far to `path` (for `cargo disclosure verify --observed`).
    pub fn write_to(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        let mut text = self.lines().join("\n");
        text.push('\n');
        std::fs::write(path, text)
    }
}

/// The consent gate. Cloning it is cheap: what it knows of the notice is shared.
#[derive(Clone)]
pub struct Gate {
    notice: Arc<GateNotice>,
    consent: Arc<dyn ConsentStore>,
    recorder: Option<Recorder>,
    strict: bool,
}

/// What the gate knows of the notice.
struct GateNotice {
    claims: Claims,
    /// Each recipient's transmissions: what each sends, and whether the user can stop it.
    recipients: BTreeMap<String, RecipientHosts>,
    /// The consent units, by id.
    units: BTreeMap<String, ConsentUnit>,
    /// The same, in the notice's order (for [`CookieConsent`]).
    unit_list: Arc<Vec<ConsentUnit>>,
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("claims", &self.notice.claims)
            .field("strict", &self.strict)
            .finish_non_exhaustive()
    }
}

impl Gate {
    /// A gate over the recipients of a notice model (`cargo disclosure generate --format json`),
    /// typically embedded with `include_str!`: each recipient with transmissions from users'
    /// devices, and its domains.
    pub fn from_notice(
        json: &str,
        consent: impl ConsentStore + 'static,
    ) -> Result<Gate, NoticeHostsError> {
        let hosts = NoticeHosts::from_json(json)?;
        Ok(Gate {
            notice: Arc::new(GateNotice {
                claims: hosts.claims(|r| r.from_devices),
                recipients: hosts
                    .recipients()
                    .iter()
                    .map(|r| (r.id.clone(), r.clone()))
                    .collect(),
                units: hosts
                    .units()
                    .iter()
                    .map(|u| (u.id.clone(), u.clone()))
                    .collect(),
                unit_list: Arc::new(hosts.units().to_vec()),
            }),
            consent: Arc::new(consent),
            recorder: None,
            strict: false,
        })
    }

    /// The same gate with another store: per user, on a server (cheap; the notice is shared).
    pub fn with_consent(&self, consent: impl ConsentStore + 'static) -> Gate {
        Gate {
            consent: Arc::new(consent),
            ..self.clone()
        }
    }

    /// The choices stored by the consent panel in a request's cookies (the value of its `Cookie`
    /// header; `None` or no valid cookie of that name: no choices), read against this notice's
    /// units.
    pub fn cookie_consent(&self, cookie_header: Option<&str>, name: &str) -> CookieConsent {
        CookieConsent {
            cookie: cookie_header.and_then(|h| ConsentCookie::from_header(h, name)),
            units: Arc::clone(&self.notice.unit_list),
        }
    }

    /// The gate for the user who sent a request with this `Cookie` header: it decides by the
    /// choices the consent panel stored (cookie [`COOKIE`]), as the page's script does.
    pub fn for_request(&self, cookie_header: Option<&str>) -> Gate {
        self.with_consent(self.cookie_consent(cookie_header, COOKIE))
    }

    /// The consent units of the notice (what the consent panel lists), in the notice's order.
    pub fn units(&self) -> &[ConsentUnit] {
        &self.notice.unit_list
    }

    /// Records every request the gate lets through.
    pub fn recording(mut self, recorder: Recorder) -> Gate {
        self.recorder = Some(recorder);
        self
    }

    /// Strict mode (for tests): a request to a host no recipient declares is refused.
    pub fn strict(mut self, strict: bool) -> Gate {
        self.strict = strict;
        self
    }

    /// The recipients the notice declares for a request to `url`: the most specific domain wins;
    /// where several tie, the one whose script URL it starts with; else all of them. The host is
    /// found as a browser finds it (the same function `cargo disclosure verify` uses).
    pub fn recipients_of(&self, url: &str) -> Vec<String> {
        let Some(parsed) = wire::url::parse(url) else {
            return Vec::new();
        };
        let host = wire::url::host(&parsed).unwrap_or_default();
        self.notice.claims.best(&host, parsed.path())
    }

    /// Decides for a request; records it when it is let through and a recorder is set. The user
    /// opted out of a recipient: its request is blocked when the notice says the user can stop one
    /// of the transmissions it may be (the gate cannot tell which from a URL: a request to a
    /// recipient with transmissions that can be stopped and transmissions that cannot is blocked;
    /// [`Gate::check_sending`] says what it carries). A request several recipients may receive is
    /// blocked when any of them is.
    pub fn check(&self, method: &str, url: &str, body: Option<(&str, &str)>) -> Decision {
        self.check_sending(method, url, body, &[])
    }

    /// Like [`Gate::check`], for a request that carries the data items `data` (ids, as the
    /// annotation of the code that sends it lists them, or `T::DISCLOSURE` of the type sent): it
    /// belongs to the transmissions that send them, and is blocked only when the notice says the
    /// user can stop one of those. A crash report the notice says cannot be stopped goes through
    /// after the user opted out of the recipient's usage events.
    pub fn check_sending(
        &self,
        method: &str,
        url: &str,
        body: Option<(&str, &str)>,
        data: &[&str],
    ) -> Decision {
        let host = wire::url::host_of(url).unwrap_or_default();
        let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "::1");
        let recipients = self.recipients_of(url);
        let stopped = |id: &String| match self.notice.recipients.get(id) {
            Some(r) => r
                .candidates(data)
                .into_iter()
                .any(|t| !self.may_send(id, t)),
            None => self.consent.opted_out(id),
        };
        let decision = match recipients.iter().find(|id| stopped(id)) {
            Some(id) => Decision::Block {
                recipient: id.clone(),
            },
            None => match recipients.into_iter().next() {
                Some(id) => Decision::Allow {
                    recipient: Some(id),
                },
                None if self.strict && !loopback => Decision::Undeclared { host },
                None => Decision::Allow { recipient: None },
            },
        };
        if let (Decision::Allow { .. }, Some(recorder)) = (&decision, &self.recorder) {
            let line = RecordedLine {
                method: method.to_string(),
                url: url.to_string(),
                content_type: body.map(|(ct, _)| ct.to_string()),
                body: body.map(|(_, b)| b.to_string()),
                initiator: None,
                opted_out: self.consent.opted_out_of(),
            };
            if let Ok(line) = serde_json::to_string(&line) {
                recorder.record(line);
            }
        }
        decision
    }

    /// Whether the user's choices let `transmission` of `recipient` happen: not when the user
    /// opted out of the recipient and the notice says it can be stopped; for a transmission in a
    /// consent unit, as the unit's basis and the user's choice on it say.
    fn may_send(&self, recipient: &str, transmission: &TransmissionHosts) -> bool {
        if self.consent.opted_out(recipient) && transmission.stoppable {
            return false;
        }
        match transmission
            .unit
            .as_ref()
            .and_then(|id| self.notice.units.get(id))
        {
            Some(unit) => wire::consent::allowed(unit, self.consent.choice(unit)),
            None => true,
        }
    }

    /// [`Gate::guard`] for a request that carries the data items of `disclosure` (`T::DISCLOSURE`
    /// of the type sent).
    pub fn guard_disclosed(
        &self,
        disclosure: &disclosure_core::Disclosure,
        method: &str,
        url: &str,
        body: Option<(&str, &str)>,
    ) -> Result<(), Blocked> {
        let mut data = Vec::new();
        disclosure.for_each_data_item(&mut |item| data.push(item));
        blocked(self.check_sending(method, url, body, &data), url)
    }

    /// For any client: `Ok(())` to send the request, or why not. Call it before sending.
    pub fn guard(
        &self,
        method: &str,
        url: &str,
        body: Option<(&str, &str)>,
    ) -> Result<(), Blocked> {
        blocked(self.check(method, url, body), url)
    }
}

/// `Ok(())` for a request let through, else why not.
fn blocked(decision: Decision, url: &str) -> Result<(), Blocked> {
    match decision {
        Decision::Allow { .. } => Ok(()),
        decision => Err(Blocked {
            decision,
            url: url.split(['?', '#']).next().unwrap_or(url).to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE: &str = r#"{"schema_version": 3, "recipients": [
        {"id": "google-analytics", "facts": {"domains": {"value": ["*.google-analytics.com"]}}, "transmissions": [{"origin": "device", "data": [{"id": "page_url"}], "opt_out": {"kind": "possible", "stops": "sending"}}]},
        {"id": "chat", "facts": {"domains": {"value": ["chat.example.com"]}}, "transmissions": [{"origin": "device", "data": [{"id": "chat_message"}], "opt_out": {"kind": "possible", "stops": "sending"}}]},
        {"id": "mailer", "facts": {"domains": {"value": ["mail.example.com"]}}, "transmissions": [{"origin": "server", "opt_out": {"kind": "not_stated"}}]},
        {"id": "telemetry", "facts": {"domains": {"value": ["t.example.com"]}}, "transmissions": [
            {"origin": "device", "data": [{"id": "usage_history"}], "opt_out": {"kind": "possible", "stops": "sending"}},
            {"origin": "device", "data": [{"id": "crash_log"}], "opt_out": {"kind": "not_possible", "reason": {"en": "needed"}}}
        ]}
    ]}"#;

    #[test]
    fn the_plain_guard_blocks_an_opted_out_provider_and_lets_others_through() {
        let consent = MemoryStore::default();
        let recorder = Recorder::memory();
        let gate = Gate::from_notice(NOTICE, consent.clone())
            .unwrap()
            .recording(recorder.clone());
        assert!(
            gate.guard(
                "GET",
                "https://www.google-analytics.com/g/collect?dl=x",
                None
            )
            .is_ok()
        );
        consent.opt_out("google-analytics");
        let blocked = gate
            .guard(
                "GET",
                "https://www.google-analytics.com/g/collect?dl=x",
                None,
            )
            .unwrap_err();
        assert_eq!(blocked.url, "https://www.google-analytics.com/g/collect");
        assert!(
            gate.guard(
                "POST",
                "https://chat.example.com/m",
                Some(("application/json", "{}"))
            )
            .is_ok()
        );
        let lines = recorder.lines();
        assert_eq!(
            lines.len(),
            2,
            "a blocked request is not recorded: {lines:?}"
        );
        assert!(
            lines[1].contains(r#""opted_out":["google-analytics"]"#),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn every_spelling_of_an_opted_out_host_is_blocked() {
        let consent = MemoryStore::default();
        let gate = Gate::from_notice(NOTICE, consent.clone()).unwrap();
        consent.opt_out("google-analytics");
        for url in [
            "https://www.google-analytics.com\\@evil.example/g",
            "https://www.google-\tanalytics.com/g",
            "https://www.google%2Danalytics.com/g",
            "https://www\u{3002}google-analytics\u{3002}com/g",
            "//www.google-analytics.com/g",
            "https:\\\\www.google-analytics.com/g",
            "HTTPS://WWW.GOOGLE-ANALYTICS.COM./g",
        ] {
            assert_eq!(
                gate.check("GET", url, None),
                Decision::Block {
                    recipient: "google-analytics".into()
                },
                "{url:?}"
            );
        }
    }

    #[test]
    fn an_opt_out_blocks_only_what_the_notice_says_can_be_stopped() {
        let consent = MemoryStore::default();
        let gate = Gate::from_notice(NOTICE, consent.clone()).unwrap();
        consent.opt_out("telemetry");
        let url = "https://t.example.com/e";
        let blocked = |d: Decision| matches!(d, Decision::Block { .. });
        assert!(blocked(gate.check_sending(
            "POST",
            url,
            None,
            &["usage_history"]
        )));
        assert!(
            !blocked(gate.check_sending("POST", url, None, &["crash_log"])),
            "a crash report the notice says cannot be stopped goes through"
        );
        assert!(
            blocked(gate.check("POST", url, None)),
            "nothing says which: it may be the usage events"
        );
        let crash = disclosure_core::Disclosure {
            provider: Some("telemetry"),
            data: &["crash_log"],
            ..disclosure_core::Disclosure::EMPTY
        };
        assert!(gate.guard_disclosed(&crash, "POST", url, None).is_ok());
    }

    const CONSENT_NOTICE: &str = r#"{"schema_version": 3, "recipients": [
        {"id": "google-analytics", "facts": {"domains": {"value": ["*.google-analytics.com"]}}, "transmissions": [{"origin": "device", "basis": "consent", "data": [{"id": "page_url"}], "purposes": ["analytics"]}]},
        {"id": "clarity", "facts": {"domains": {"value": ["*.clarity.ms"]}}, "transmissions": [{"origin": "device", "basis": "opt_out", "data": [{"id": "usage_history"}]}]},
        {"id": "sentry", "facts": {"domains": {"value": ["*.sentry.io"]}}, "transmissions": [
            {"origin": "device", "basis": "notice", "data": [{"id": "error_log"}]},
            {"origin": "device", "basis": "consent", "data": [{"id": "usage_history"}]}
        ]}
    ]}"#;

    #[test]
    fn nothing_that_needs_consent_is_sent_before_it_is_given() {
        let consent = MemoryStore::default();
        let gate = Gate::from_notice(CONSENT_NOTICE, consent.clone()).unwrap();
        let ga = "https://region1.google-analytics.com/g/collect";
        let blocked = |d: Decision| matches!(d, Decision::Block { .. });
        assert!(blocked(gate.check("GET", ga, None)));
        assert!(!blocked(gate.check(
            "GET",
            "https://c.clarity.ms/collect",
            None
        )));
        let sentry = "https://o1.ingest.sentry.io/api/1/envelope/";
        assert!(!blocked(gate.check_sending(
            "POST",
            sentry,
            None,
            &["error_log"]
        )));
        assert!(blocked(gate.check_sending(
            "POST",
            sentry,
            None,
            &["usage_history"]
        )));
        consent.consent("google-analytics");
        consent.consent("sentry.consent");
        consent.opt_out("clarity");
        assert!(!blocked(gate.check("GET", ga, None)));
        assert!(!blocked(gate.check_sending(
            "POST",
            sentry,
            None,
            &["usage_history"]
        )));
        assert!(blocked(gate.check(
            "GET",
            "https://c.clarity.ms/collect",
            None
        )));
    }

    #[test]
    fn the_server_reads_the_panels_cookie_as_the_script_does() {
        let gate = Gate::from_notice(CONSENT_NOTICE, MemoryStore::default()).unwrap();
        let fingerprint = |id: &str| {
            gate.units()
                .iter()
                .find(|u| u.id == id)
                .unwrap()
                .fingerprint
                .clone()
        };
        let cookie = ConsentCookie::new(
            "0123456789abcdef",
            1765000000,
            vec![
                CookieEntry::new("google-analytics", true, &fingerprint("google-analytics")),
                CookieEntry::new("clarity", false, &fingerprint("clarity")),
                CookieEntry::new("sentry.notice", true, &fingerprint("sentry.notice")),
                CookieEntry::new("sentry.consent", false, &fingerprint("sentry.consent")),
            ],
        );
        let header = format!("theme=dark; {COOKIE}={cookie}");
        let user = gate.for_request(Some(&header));
        let ga = "https://region1.google-analytics.com/g/collect";
        assert_eq!(
            user.check("GET", ga, None),
            Decision::Allow {
                recipient: Some("google-analytics".into())
            }
        );
        assert!(
            user.guard("GET", "https://c.clarity.ms/collect", None)
                .is_err()
        );
        let store = gate.cookie_consent(Some(&header), COOKIE);
        assert_eq!(store.opted_out_of(), ["clarity"]);
        assert!(store.allowed("sentry.notice") && !store.allowed("sentry.consent"));
        assert!(store.needs_telling().is_empty());
        let anonymous = gate.for_request(None);
        assert!(
            anonymous.guard("GET", ga, None).is_err(),
            "no cookie: no consent"
        );
        assert!(
            gate.cookie_consent(None, COOKIE).needs_telling().len() == 4,
            "a first visit is told of every unit"
        );
        let changed = header.replace(&fingerprint("google-analytics"), "00000000");
        assert!(
            gate.for_request(Some(&changed))
                .guard("GET", ga, None)
                .is_err(),
            "consent given to an earlier version of the unit covers it no more"
        );
    }

    #[test]
    fn a_notice_of_another_schema_is_refused() {
        let err = Gate::from_notice(
            r#"{"schema_version": 2, "recipients": []}"#,
            MemoryStore::default(),
        )
        .unwrap_err();
        assert_eq!(err, NoticeHostsError::Version(2));
    }

    #[test]
    fn strict_mode_refuses_undeclared_hosts_but_not_loopback() {
        let gate = Gate::from_notice(NOTICE, MemoryStore::default())
            .unwrap()
            .strict(true);
        assert!(
            matches!(
                gate.check("GET", "https://mail.example.com/", None),
                Decision::Undeclared { .. }
            ),
            "a server-side recipient is not a device recipient"
        );
        assert!(gate.guard("GET", "http://localhost:8080/api", None).is_ok());
        assert!(
            gate.guard("GET", "https://tracker.example.org/p", None)
                .is_err()
        );
    }

    #[test]
    fn a_file_store_keeps_consent_across_instances() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent.json");
        FileStore::open(&path).opt_out("chat").unwrap();
        let store = FileStore::open(&path);
        assert!(store.opted_out("chat"));
        store.opt_in("chat").unwrap();
        assert!(!FileStore::open(&path).opted_out("chat"));
    }
}
