//! The part of the notice model the consent gate reads: each recipient's id, domains and script
//! URLs, and where its transmissions leave from. The model writes it
//! (`Notice::hosts` in the engine); the gate reads it back from the published JSON
//! ([`NoticeHosts::from_json`]); a unit test of the model checks that the two agree on every
//! example.

use std::fmt;

use serde::Deserialize;

use crate::host::{Claim, Claims};

/// The version of the notice model's JSON shape; raised on every incompatible change. A reader of
/// another version refuses the notice rather than read it wrongly.
pub const SCHEMA_VERSION: u32 = 3;

/// The hosts of a notice's recipients.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoticeHosts {
    recipients: Vec<RecipientHosts>,
}

/// One recipient's hosts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipientHosts {
    /// The recipient's id.
    pub id: String,
    /// Its domains (host patterns, see [`crate::host`]).
    pub domains: Vec<String>,
    /// The URLs its scripts are served from.
    pub scripts: Vec<String>,
    /// Some of its transmissions leave from users' devices.
    pub from_devices: bool,
    /// Some of its transmissions leave from the operator's servers.
    pub from_servers: bool,
    /// Its transmissions: what each sends, and whether the notice says the user can stop it.
    pub transmissions: Vec<TransmissionHosts>,
}

/// What the gate and `verify` need of one transmission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransmissionHosts {
    /// The data items it sends.
    pub data: Vec<String>,
    /// It leaves from users' devices.
    pub from_device: bool,
    /// The notice says the user can stop it: an opt-out that stops the sending (or the sending
    /// and the recipient's use).
    pub stoppable: bool,
}

impl RecipientHosts {
    /// Whether a request the user opted out of may be stopped, by what the notice says: the
    /// transmissions a request carrying `data` belongs to (those that send all of it, else any of
    /// it; all of them when nothing is known of what it carries) include one the user can stop.
    /// A request only unstoppable transmissions explain is let through, as the notice promises.
    pub fn stoppable(&self, data: &[&str]) -> bool {
        let sends = |t: &&TransmissionHosts, all: bool| {
            let has = |d: &&str| t.data.iter().any(|x| x == d);
            if all {
                data.iter().all(has)
            } else {
                data.iter().any(has)
            }
        };
        let mut candidates: Vec<&TransmissionHosts> = Vec::new();
        if !data.is_empty() {
            candidates = self
                .transmissions
                .iter()
                .filter(|t| sends(t, true))
                .collect();
            if candidates.is_empty() {
                candidates = self
                    .transmissions
                    .iter()
                    .filter(|t| sends(t, false))
                    .collect();
            }
        }
        if candidates.is_empty() {
            candidates = self.transmissions.iter().collect();
        }
        candidates.iter().any(|t| t.stoppable)
    }

    /// Its claim on hosts.
    pub fn claim(&self) -> Claim {
        Claim {
            provider: self.id.clone(),
            patterns: self.domains.clone(),
            scripts: self.scripts.clone(),
        }
    }
}

impl NoticeHosts {
    /// The hosts of `recipients`.
    pub fn new(recipients: Vec<RecipientHosts>) -> NoticeHosts {
        NoticeHosts { recipients }
    }

    /// Reads the hosts from a notice model's JSON (`cargo disclosure generate --format json`, or
    /// the `notice.json` a build script writes). A notice of another schema version is refused.
    pub fn from_json(json: &str) -> Result<NoticeHosts, NoticeHostsError> {
        let notice: Json =
            serde_json::from_str(json).map_err(|e| NoticeHostsError::Json(e.to_string()))?;
        if notice.schema_version != SCHEMA_VERSION {
            return Err(NoticeHostsError::Version(notice.schema_version));
        }
        Ok(NoticeHosts {
            recipients: notice
                .recipients
                .into_iter()
                .map(|r| RecipientHosts {
                    from_devices: r.transmissions.iter().any(|t| t.origin == "device"),
                    from_servers: r.transmissions.iter().any(|t| t.origin == "server"),
                    id: r.id,
                    domains: r.facts.domains.map(|f| f.value).unwrap_or_default(),
                    scripts: r
                        .facts
                        .packages
                        .map(|f| f.value.scripts)
                        .unwrap_or_default(),
                    transmissions: r
                        .transmissions
                        .into_iter()
                        .map(|t| TransmissionHosts {
                            data: t.data.into_iter().map(|d| d.id).collect(),
                            from_device: t.origin == "device",
                            stoppable: t.opt_out.kind == "possible"
                                && matches!(t.opt_out.stops.as_deref(), Some("sending" | "both")),
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// Every recipient.
    pub fn recipients(&self) -> &[RecipientHosts] {
        &self.recipients
    }

    /// The claims of the recipients `keep` selects, to look hosts up in.
    pub fn claims(&self, keep: impl Fn(&RecipientHosts) -> bool) -> Claims {
        Claims::new(
            self.recipients
                .iter()
                .filter(|r| keep(r))
                .map(RecipientHosts::claim)
                .collect(),
        )
    }
}

/// Why a notice's JSON gives no hosts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoticeHostsError {
    /// It is not a notice model's JSON.
    Json(String),
    /// It is a notice model of another schema version.
    Version(u32),
}

impl fmt::Display for NoticeHostsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoticeHostsError::Json(e) => write!(f, "the notice is not a notice model's JSON: {e}"),
            NoticeHostsError::Version(v) => write!(
                f,
                "the notice has schema_version {v}; this version of disclosure reads {SCHEMA_VERSION}: generate the notice again with it"
            ),
        }
    }
}

impl std::error::Error for NoticeHostsError {}

/// The notice model's JSON, as far as hosts go (everything else is skipped).
#[derive(Deserialize)]
struct Json {
    schema_version: u32,
    #[serde(default)]
    recipients: Vec<JsonRecipient>,
}

#[derive(Deserialize)]
struct JsonRecipient {
    id: String,
    #[serde(default)]
    facts: JsonFacts,
    #[serde(default)]
    transmissions: Vec<JsonTransmission>,
}

#[derive(Default, Deserialize)]
struct JsonFacts {
    #[serde(default)]
    domains: Option<JsonFact<Vec<String>>>,
    #[serde(default)]
    packages: Option<JsonFact<JsonPackages>>,
}

#[derive(Deserialize)]
struct JsonFact<T> {
    value: T,
}

#[derive(Deserialize)]
struct JsonPackages {
    #[serde(default)]
    scripts: Vec<String>,
}

#[derive(Deserialize)]
struct JsonTransmission {
    origin: String,
    #[serde(default)]
    data: Vec<JsonDataUse>,
    #[serde(default)]
    opt_out: JsonOptOut,
}

#[derive(Deserialize)]
struct JsonDataUse {
    id: String,
}

#[derive(Default, Deserialize)]
struct JsonOptOut {
    kind: String,
    #[serde(default)]
    stops: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_notice_says_can_be_stopped_is_stoppable() {
        let t = |data: &[&str], stoppable| TransmissionHosts {
            data: data.iter().map(|d| d.to_string()).collect(),
            from_device: true,
            stoppable,
        };
        let r = RecipientHosts {
            id: "telemetry".into(),
            domains: Vec::new(),
            scripts: Vec::new(),
            from_devices: true,
            from_servers: false,
            transmissions: vec![t(&["usage_history"], true), t(&["crash_log"], false)],
        };
        assert!(r.stoppable(&["usage_history"]));
        assert!(
            !r.stoppable(&["crash_log"]),
            "a crash report cannot be stopped"
        );
        assert!(
            r.stoppable(&[]),
            "nothing known of the request: it may be the usage events"
        );
        assert!(
            r.stoppable(&["ip_address"]),
            "nothing sends it: any of them"
        );
        let never = RecipientHosts {
            transmissions: vec![t(&["crash_log"], false)],
            ..r
        };
        assert!(!never.stoppable(&[]));
    }

    #[test]
    fn a_notice_of_another_schema_version_is_refused() {
        let err = NoticeHosts::from_json(r#"{"schema_version": 2, "recipients": []}"#).unwrap_err();
        assert_eq!(err, NoticeHostsError::Version(2));
        assert!(err.to_string().contains("generate the notice again"));
        assert!(matches!(
            NoticeHosts::from_json("[]"),
            Err(NoticeHostsError::Json(_))
        ));
    }
}
