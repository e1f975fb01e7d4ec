//! The part of the notice model the consent gate reads: each recipient's id, domains and script
//! URLs, and where its transmissions leave from. The model writes it
//! (`Notice::hosts` in the engine); the gate reads it back from the published JSON
//! ([`NoticeHosts::from_json`]); a unit test of the model checks that the two agree on every
//! example.

use std::fmt;

use super::consent::{self, ConsentUnit};
use super::model_json::Json;
use crate::host::{Claim, Claims};

/// The version of the notice model's JSON shape; raised on every incompatible change. A reader of
/// another version refuses the notice rather than read it wrongly.
pub const SCHEMA_VERSION: u32 = 3;

/// The hosts of a notice's recipients.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoticeHosts {
    recipients: Vec<RecipientHosts>,
    units: Vec<ConsentUnit>,
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
    /// Its legal basis: `notice`, `consent`, `opt_out` or `essential`.
    pub basis: String,
    /// The consent unit it belongs to (an id of [`NoticeHosts::units`]), when the user is told of
    /// it in the consent panel (a third party's transmission from users' devices).
    pub unit: Option<String>,
}

impl RecipientHosts {
    /// Whether a request the user opted out of may be stopped, by what the notice says: the
    /// transmissions a request carrying `data` belongs to (those that send all of it, else any of
    /// it; all of them when nothing is known of what it carries) include one the user can stop.
    /// A request only unstoppable transmissions explain is let through, as the notice promises.
    pub fn stoppable(&self, data: &[&str]) -> bool {
        self.candidates(data).iter().any(|t| t.stoppable)
    }

    /// The transmissions a request carrying the data items `data` belongs to: those that send all
    /// of it, else those that send any of it, else (nothing known, or nothing matches) all of
    /// them.
    pub fn candidates(&self, data: &[&str]) -> Vec<&TransmissionHosts> {
        let sends = |t: &&TransmissionHosts, all: bool| {
            let has = |d: &&str| t.data.iter().any(|x| x == d);
            if all {
                data.iter().all(has)
            } else {
                data.iter().any(has)
            }
        };
        if !data.is_empty() {
            for all in [true, false] {
                let found: Vec<&TransmissionHosts> = self
                    .transmissions
                    .iter()
                    .filter(|t| sends(t, all))
                    .collect();
                if !found.is_empty() {
                    return found;
                }
            }
        }
        self.transmissions.iter().collect()
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
        NoticeHosts {
            recipients,
            units: Vec::new(),
        }
    }

    /// Reads the hosts from a notice model's JSON (`cargo disclosure generate --format json`, or
    /// the `notice.json` a build script writes). A notice of another schema version is refused.
    pub fn from_json(json: &str) -> Result<NoticeHosts, NoticeHostsError> {
        let notice: Json =
            serde_json::from_str(json).map_err(|e| NoticeHostsError::Json(e.to_string()))?;
        if notice.schema_version != SCHEMA_VERSION {
            return Err(NoticeHostsError::Version(notice.schema_version));
        }
        let units = consent::units(&notice.recipients);
        let unit_of = |recipient: &str, index: usize| {
            units
                .iter()
                .find(|u| u.provider == recipient && u.transmissions.contains(&index))
                .map(|u| u.id.clone())
        };
        let recipients = notice
            .recipients
            .iter()
            .map(|r| RecipientHosts {
                from_devices: r.transmissions.iter().any(|t| t.origin == "device"),
                from_servers: r.transmissions.iter().any(|t| t.origin == "server"),
                id: r.id.clone(),
                domains: r
                    .facts
                    .domains
                    .as_ref()
                    .map(|f| f.value.clone())
                    .unwrap_or_default(),
                scripts: r
                    .facts
                    .packages
                    .as_ref()
                    .map(|f| f.value.scripts.clone())
                    .unwrap_or_default(),
                transmissions: r
                    .transmissions
                    .iter()
                    .enumerate()
                    .map(|(index, t)| TransmissionHosts {
                        data: t.data.iter().map(|d| d.id.clone()).collect(),
                        from_device: t.origin == "device",
                        stoppable: t.opt_out.kind == "possible"
                            && matches!(t.opt_out.stops.as_deref(), Some("sending" | "both")),
                        basis: t.basis.clone(),
                        unit: unit_of(&r.id, index),
                    })
                    .collect(),
            })
            .collect();
        Ok(NoticeHosts { recipients, units })
    }

    /// The consent units: what the consent panel lists and asks about, and what its cookie
    /// records (docs/consent-markup.md).
    pub fn units(&self) -> &[ConsentUnit] {
        &self.units
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_notice_says_can_be_stopped_is_stoppable() {
        let t = |data: &[&str], stoppable| TransmissionHosts {
            data: data.iter().map(|d| d.to_string()).collect(),
            from_device: true,
            stoppable,
            basis: "notice".into(),
            unit: None,
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
