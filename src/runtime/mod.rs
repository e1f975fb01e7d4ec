//! The run-time companion (feature `runtime`): a consent gate and a recorder for the HTTP
//! clients an application already uses. It knows each recipient's hosts and transmissions from the
//! notice model (`notice.json`, embedded at build time), blocks requests to a provider the user
//! opted out of (a [`ConsentStore`] says which) where the notice says the user can stop them,
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
//! Integrations: [`Gate::guard`] for any client (ureq, gloo-net, …); a `tower` layer (feature
//! `runtime-tower`); a `reqwest-middleware` middleware (feature `runtime-reqwest`). With the
//! feature off, none of this is compiled.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use disclosure_core::host::Claims;
use disclosure_core::wire::{self, NoticeHosts, RecipientHosts, RecordedLine};

pub use disclosure_core::wire::NoticeHostsError;

#[cfg(feature = "runtime-reqwest")]
pub mod reqwest;
#[cfg(feature = "runtime-tower")]
pub mod tower;

/// Which providers the user opted out of.
pub trait ConsentStore: Send + Sync {
    /// Whether the user opted out of `provider`.
    fn opted_out(&self, provider: &str) -> bool;
    /// Every provider the user opted out of.
    fn opted_out_of(&self) -> Vec<String>;
}

/// Consent held in memory (a clone shares it).
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    out: Arc<Mutex<BTreeSet<String>>>,
}

impl MemoryStore {
    /// The user opts out of `provider`.
    pub fn opt_out(&self, provider: &str) {
        self.lock().insert(provider.to_string());
    }

    /// The user opts back in to `provider`.
    pub fn opt_in(&self, provider: &str) {
        self.lock().remove(provider);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        // A panic elsewhere while holding the lock leaves the set as it was: still usable.
        self.out.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl ConsentStore for MemoryStore {
    fn opted_out(&self, provider: &str) -> bool {
        self.lock().contains(provider)
    }

    fn opted_out_of(&self) -> Vec<String> {
        self.lock().iter().cloned().collect()
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
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let tmp = dir.join(format!(
            ".{}.tmp",
            self.path
                .file_name()
                .map_or("consent".into(), |n| n.to_string_lossy())
        ));
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &self.path)
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
    /// Do not: the user opted out of the recipient.
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
                "disclosure: the user opted out of `{recipient}`; {} not sent",
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

/// The consent gate.
pub struct Gate {
    claims: Claims,
    /// Each recipient's transmissions: what each sends, and whether the user can stop it.
    recipients: BTreeMap<String, RecipientHosts>,
    consent: Arc<dyn ConsentStore>,
    recorder: Option<Recorder>,
    strict: bool,
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("claims", &self.claims)
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
            claims: hosts.claims(|r| r.from_devices),
            recipients: hosts
                .recipients()
                .iter()
                .map(|r| (r.id.clone(), r.clone()))
                .collect(),
            consent: Arc::new(consent),
            recorder: None,
            strict: false,
        })
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
        self.claims.best(&host, parsed.path())
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
        let stopped = |id: &String| {
            self.consent.opted_out(id) && self.recipients.get(id).is_none_or(|r| r.stoppable(data))
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
