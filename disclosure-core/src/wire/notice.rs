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
}

impl RecipientHosts {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
