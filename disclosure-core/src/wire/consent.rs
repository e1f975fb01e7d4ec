//! The consent panel's units and cookie (docs/consent-markup.md), declared once for the panel the
//! renderer writes (`--format consent`), the script that reads it, and the run-time gate that
//! reads the same cookie on the server.
//!
//! A **unit** is what the user is told of and chooses about: one third-party recipient × one legal
//! basis, over the recipient's transmissions from users' devices. Its **fingerprint** changes
//! whenever what the user is told or asked about it changes (a new data item, purpose, condition,
//! entity or country), never for a corrected translation: the panel asks again exactly then. The
//! **cookie** holds, per unit, the user's choice and the fingerprint it was made on.

use std::fmt;

use sha2::{Digest, Sha256};

use super::model_json::JsonRecipient;

/// The version of the panel's markup and cookie contract.
pub const FORMAT: u32 = 1;

/// The cookie's default name.
pub const COOKIE: &str = "disclosure_consent";

/// The cookie's default lifetime, in days (13 months).
pub const MAX_AGE_DAYS: u32 = 395;

/// The longest cookie value the panel writes; entries of units no page lists go first beyond it.
pub const MAX_COOKIE_CHARS: usize = 3800;

/// The version of a whole notice the panel reports with each choice: the first 16 hex digits of
/// SHA-256 over its model's JSON.
pub fn notice_version(json: &str) -> String {
    Sha256::digest(json.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the user is told of and chooses about: one recipient × one basis.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentUnit {
    /// `<provider>` when all the recipient's transmissions in the panel have one basis, else
    /// `<provider>.<basis>`.
    pub id: String,
    /// The recipient's provider id.
    pub provider: String,
    /// `notice`, `consent`, `opt_out` or `essential`.
    pub basis: String,
    /// Eight lowercase hex digits: changes whenever what the user is told about the unit changes.
    pub fingerprint: String,
    /// Every data item and purpose, as `data:<id>` and `purpose:<id>`, in display order.
    pub items: Vec<String>,
    /// The indices of its transmissions in the recipient's list.
    pub transmissions: Vec<usize>,
}

impl ConsentUnit {
    /// Whether the user can switch it (`consent` and `opt_out`).
    pub fn switchable(&self) -> bool {
        matches!(self.basis.as_str(), "consent" | "opt_out")
    }
}

/// The units of a notice's recipients, in the notice's order: per third-party recipient, one per
/// basis of its transmissions from users' devices, in the order the bases first appear.
pub(super) fn units(recipients: &[JsonRecipient]) -> Vec<ConsentUnit> {
    let mut units = Vec::new();
    for r in recipients {
        if r.facts.first_party.as_ref().is_some_and(|f| f.value) {
            continue;
        }
        let mut bases: Vec<&str> = Vec::new();
        for t in r.transmissions.iter().filter(|t| t.origin == "device") {
            if !bases.contains(&t.basis.as_str()) {
                bases.push(&t.basis);
            }
        }
        for basis in &bases {
            let transmissions: Vec<usize> = r
                .transmissions
                .iter()
                .enumerate()
                .filter(|(_, t)| t.origin == "device" && t.basis == *basis)
                .map(|(i, _)| i)
                .collect();
            let id = if bases.len() == 1 {
                r.id.clone()
            } else {
                format!("{}.{basis}", r.id)
            };
            let mut items: Vec<String> = Vec::new();
            let mut push = |token: String| {
                if !items.contains(&token) {
                    items.push(token);
                }
            };
            for &i in &transmissions {
                for d in &r.transmissions[i].data {
                    push(format!("data:{}", d.id));
                }
            }
            for &i in &transmissions {
                for p in &r.transmissions[i].purposes {
                    push(format!("purpose:{p}"));
                }
            }
            units.push(ConsentUnit {
                fingerprint: fingerprint(r, basis, &transmissions),
                id,
                provider: r.id.clone(),
                basis: basis.to_string(),
                items,
                transmissions,
            });
        }
    }
    units
}

/// The first 8 hex digits of SHA-256 over the lines `disclosure-consent 1`, the provider id, the
/// basis, the entity's names, the country, each data item with its qualifiers and conditions, each
/// purpose and each condition (each list sorted): ids, never labels.
fn fingerprint(r: &JsonRecipient, basis: &str, transmissions: &[usize]) -> String {
    let entity = r
        .facts
        .entity
        .as_ref()
        .map(|f| {
            let name = |lang: &str| f.value.get(lang).and_then(|v| v.as_str()).unwrap_or("");
            format!("{}|{}", name("ja"), name("en"))
        })
        .unwrap_or_default();
    let country = r
        .facts
        .country
        .as_ref()
        .map(|f| f.value.code.clone())
        .unwrap_or_default();
    let mut data = Vec::new();
    let mut purposes = Vec::new();
    let mut conditions = Vec::new();
    for &i in transmissions {
        let t = &r.transmissions[i];
        for d in &t.data {
            let mut line = format!("data:{}", d.id);
            let mut details: Vec<String> = d.qualifiers.iter().map(|q| q.to_string()).collect();
            details.extend(d.conditions.iter().map(|c| format!("if:{c}")));
            details.sort();
            for detail in details {
                line.push(' ');
                line.push_str(&detail);
            }
            data.push(line);
        }
        purposes.extend(t.purposes.iter().map(|p| format!("purpose:{p}")));
        conditions.extend(t.conditions.iter().map(|c| format!("condition:{c}")));
    }
    let mut lines = vec![
        format!("disclosure-consent {FORMAT}"),
        r.id.clone(),
        basis.to_string(),
        entity,
        country,
    ];
    for mut list in [data, purposes, conditions] {
        list.sort();
        list.dedup();
        lines.extend(list);
    }
    let digest = Sha256::digest(lines.join("\n").as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// The consent cookie's value: `1.<rid>.<time>.<unit>:<0|1>:<fingerprint>~…`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentCookie {
    /// 16 lowercase hex digits, random, kept across saves: no personal data.
    pub rid: String,
    /// Unix seconds of the last save.
    pub time: u64,
    /// The choices, in the cookie's order; one per unit id.
    pub entries: Vec<CookieEntry>,
}

/// One unit's recorded choice.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CookieEntry {
    /// The unit's id.
    pub unit: String,
    /// Allowed (`1`; for `notice` and `essential` units: told) or refused (`0`).
    pub allowed: bool,
    /// The unit's fingerprint when the choice was made.
    pub fingerprint: String,
}

impl CookieEntry {
    /// An entry.
    pub fn new(unit: &str, allowed: bool, fingerprint: &str) -> CookieEntry {
        CookieEntry {
            unit: unit.to_string(),
            allowed,
            fingerprint: fingerprint.to_string(),
        }
    }
}

impl ConsentCookie {
    /// A cookie with these choices.
    pub fn new(rid: &str, time: u64, entries: Vec<CookieEntry>) -> ConsentCookie {
        ConsentCookie {
            rid: rid.to_string(),
            time,
            entries,
        }
    }

    /// Reads a cookie's value. A value of another version, or whose rid or time is malformed, is
    /// no cookie at all; a malformed entry, or a repeated id after the first, is skipped.
    pub fn parse(value: &str) -> Option<ConsentCookie> {
        let value = value.trim().trim_matches('"');
        let mut fields = value.splitn(4, '.');
        let (version, rid, time) = (fields.next()?, fields.next()?, fields.next()?);
        let rest = fields.next().unwrap_or("");
        if version != FORMAT.to_string()
            || !is_rid(rid)
            || time.is_empty()
            || time.len() > 12
            || !time.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut entries: Vec<CookieEntry> = Vec::new();
        for entry in rest.split('~').filter(|e| !e.is_empty()) {
            let mut parts = entry.split(':');
            let (Some(unit), Some(choice), Some(fingerprint), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let unit_ok = !unit.is_empty()
                && unit.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
                });
            let fingerprint_ok = (1..=64).contains(&fingerprint.len())
                && fingerprint
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            let allowed = match choice {
                "1" => true,
                "0" => false,
                _ => continue,
            };
            if unit_ok && fingerprint_ok && !entries.iter().any(|e| e.unit == unit) {
                entries.push(CookieEntry::new(unit, allowed, fingerprint));
            }
        }
        Some(ConsentCookie {
            rid: rid.to_string(),
            time: time.parse().ok()?,
            entries,
        })
    }

    /// The cookie named `name` in a `Cookie` request header (`a=1; disclosure_consent=…`), read
    /// as [`ConsentCookie::parse`] reads it; the first of that name that parses.
    pub fn from_header(header: &str, name: &str) -> Option<ConsentCookie> {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(|(n, _)| n.trim() == name)
            .find_map(|(_, value)| ConsentCookie::parse(value))
    }

    /// The entry of `unit`, if any.
    pub fn entry(&self, unit: &str) -> Option<&CookieEntry> {
        self.entries.iter().find(|e| e.unit == unit)
    }

    /// The user's standing choice on `unit`: for a `consent` unit, the recorded choice when it was
    /// made on the unit as it is now (a changed unit is asked again, and is off until then); for
    /// an `opt_out` unit, the recorded choice whatever it was made on (an opt-out survives a
    /// change); `None` when there is none.
    pub fn choice(&self, unit: &ConsentUnit) -> Option<bool> {
        let entry = self.entry(&unit.id)?;
        match unit.basis.as_str() {
            "opt_out" => Some(entry.allowed),
            _ if entry.fingerprint == unit.fingerprint => Some(entry.allowed),
            _ => None,
        }
    }

    /// Whether the user must be told of `unit` again: no entry, or one made on another
    /// fingerprint (any basis: a new or changed `notice` unit is a change to tell too).
    pub fn needs_telling(&self, unit: &ConsentUnit) -> bool {
        self.entry(&unit.id)
            .is_none_or(|e| e.fingerprint != unit.fingerprint)
    }
}

impl fmt::Display for ConsentCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{FORMAT}.{}.{}.", self.rid, self.time)?;
        for (i, e) in self.entries.iter().enumerate() {
            let sep = if i == 0 { "" } else { "~" };
            write!(
                f,
                "{sep}{}:{}:{}",
                e.unit,
                if e.allowed { 1 } else { 0 },
                e.fingerprint
            )?;
        }
        Ok(())
    }
}

/// One save of the user's choices, as the panel posts it to `[notice] consent_log` and a
/// `ConsentLog` of the facade's `runtime` keeps it: the random id, the
/// notice's version, the time, and each switchable unit's choice. No personal data.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ConsentRecord {
    /// The contract's version ([`FORMAT`]).
    pub format: u32,
    /// The cookie's random id.
    pub rid: String,
    /// The notice's version ([`notice_version`]).
    pub notice: String,
    /// Unix seconds of the save.
    pub time: u64,
    /// Each `consent` and `opt_out` unit's choice.
    pub choices: std::collections::BTreeMap<String, bool>,
}

impl ConsentRecord {
    /// A record.
    pub fn new(
        rid: &str,
        notice: &str,
        time: u64,
        choices: std::collections::BTreeMap<String, bool>,
    ) -> ConsentRecord {
        ConsentRecord {
            format: FORMAT,
            rid: rid.to_string(),
            notice: notice.to_string(),
            time,
            choices,
        }
    }

    /// Reads what the panel posts (one JSON object); a record of another format, or whose rid
    /// is not 16 lowercase hex digits, is refused, naming why.
    pub fn parse(json: &str) -> Result<ConsentRecord, String> {
        let record: ConsentRecord = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if record.format != FORMAT {
            return Err(format!(
                "format {} (this version reads {FORMAT})",
                record.format
            ));
        }
        if !is_rid(&record.rid) {
            return Err("the rid is not 16 lowercase hex digits".into());
        }
        Ok(record)
    }
}

/// Whether `s` is a random id as the panel makes one: 16 lowercase hex digits, nothing else (no
/// personal data fits).
fn is_rid(s: &str) -> bool {
    s.len() == 16
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether the file at `path` is an SQLite database (by the header every one starts with), so a
/// reader of a consent log can tell a database from a log of JSON lines.
pub fn is_database_file(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// Whether a unit's transmissions may happen, given the user's standing choice on it (`None`: none,
/// [`ConsentCookie::choice`]): `notice` and `essential` always; `consent` only with a standing
/// yes; `opt_out` unless a standing no. The script's `allowed(id)` answers the same.
pub fn allowed(unit: &ConsentUnit, choice: Option<bool>) -> bool {
    match unit.basis.as_str() {
        "consent" => choice == Some(true),
        "opt_out" => choice != Some(false),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::NoticeHosts;

    fn notice(ga_data: &str, sentry_basis: &str) -> String {
        format!(
            r#"{{"schema_version": 3, "recipients": [
            {{"id": "google-analytics", "facts": {{"entity": {{"value": {{"ja": "Google LLC", "en": "Google LLC"}}}}, "country": {{"value": {{"code": "US"}}}}}},
              "transmissions": [{{"origin": "device", "basis": "consent", "data": [{ga_data}], "purposes": ["analytics"]}}]}},
            {{"id": "sentry", "transmissions": [
              {{"origin": "device", "basis": "notice", "data": [{{"id": "error_log"}}], "purposes": ["error_monitoring"]}},
              {{"origin": "server", "basis": "consent", "data": [{{"id": "email"}}], "purposes": ["support"]}},
              {{"origin": "device", "basis": "{sentry_basis}", "data": [{{"id": "usage_history"}}], "purposes": ["service_improvement"]}}]}},
            {{"id": "own-api", "facts": {{"first_party": {{"value": true}}}}, "transmissions": [{{"origin": "device", "basis": "consent", "data": [{{"id": "email"}}]}}]}}
        ]}}"#
        )
    }

    fn units_of(json: &str) -> Vec<ConsentUnit> {
        NoticeHosts::from_json(json).unwrap().units().to_vec()
    }

    #[test]
    fn a_unit_is_a_third_party_recipient_and_a_basis_of_its_device_transmissions() {
        let units = units_of(&notice(
            r#"{"id": "ip_address"}, {"id": "page_url"}"#,
            "consent",
        ));
        let ids: Vec<(&str, &str)> = units
            .iter()
            .map(|u| (u.id.as_str(), u.basis.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("google-analytics", "consent"),
                ("sentry.notice", "notice"),
                ("sentry.consent", "consent"),
            ],
            "one basis: the provider's id; several: <provider>.<basis>; server and first-party transmissions are not in the panel"
        );
        assert_eq!(
            units[0].items,
            ["data:ip_address", "data:page_url", "purpose:analytics"]
        );
        assert_eq!(units[2].transmissions, [2]);
        assert!(units[0].switchable() && !units[1].switchable());
        assert!(
            units.iter().all(|u| u.fingerprint.len() == 8
                && u.fingerprint.bytes().all(|b| b.is_ascii_hexdigit()))
        );
    }

    #[test]
    fn the_fingerprint_follows_what_the_user_is_told_and_nothing_else() {
        let base = units_of(&notice(
            r#"{"id": "ip_address"}, {"id": "page_url"}"#,
            "consent",
        ));
        let reordered = units_of(&notice(
            r#"{"id": "page_url"}, {"id": "ip_address"}"#,
            "consent",
        ));
        assert_eq!(
            base[0].fingerprint, reordered[0].fingerprint,
            "the order of the items is not a change"
        );
        let grown = units_of(&notice(
            r#"{"id": "ip_address"}, {"id": "page_url"}, {"id": "referrer"}"#,
            "consent",
        ));
        assert_ne!(base[0].fingerprint, grown[0].fingerprint, "a new item is");
        let hashed = units_of(&notice(
            r#"{"id": "ip_address", "qualifiers": ["hashed"]}, {"id": "page_url"}"#,
            "consent",
        ));
        assert_ne!(base[0].fingerprint, hashed[0].fingerprint, "a qualifier is");
        assert_eq!(
            base[1].fingerprint, grown[1].fingerprint,
            "another unit's change is not"
        );
        let label_only = notice(r#"{"id": "ip_address"}, {"id": "page_url"}"#, "consent")
            .replace(r#""en": "Google LLC""#, r#""en": "Google LLC ""#);
        assert_ne!(
            base[0].fingerprint,
            units_of(&label_only)[0].fingerprint,
            "the entity's name is"
        );
    }

    #[test]
    fn the_cookie_reads_what_it_writes_and_refuses_what_the_contract_refuses() {
        let cookie = ConsentCookie::new(
            "9f1c0a7e3b5d2468",
            1765000000,
            vec![
                CookieEntry::new("google-analytics", true, "3f9a1c2e"),
                CookieEntry::new("sentry.consent", false, "9a7c3b52"),
            ],
        );
        let text = cookie.to_string();
        assert_eq!(
            text,
            "1.9f1c0a7e3b5d2468.1765000000.google-analytics:1:3f9a1c2e~sentry.consent:0:9a7c3b52"
        );
        assert_eq!(ConsentCookie::parse(&text), Some(cookie.clone()));
        let header = format!("theme=dark; {COOKIE}={text}; other=x");
        assert_eq!(ConsentCookie::from_header(&header, COOKIE), Some(cookie));
        for bad in [
            "2.9f1c0a7e3b5d2468.1765000000.a:1:b",
            "1.9F1C0A7E3B5D2468.1765000000.a:1:b",
            "1.9f1c0a7e.1765000000.a:1:b",
            "1.9f1c0a7e3b5d2468.17650000000000.a:1:b",
            "1.9f1c0a7e3b5d2468.x.a:1:b",
            "",
        ] {
            assert_eq!(ConsentCookie::parse(bad), None, "{bad:?}");
        }
        let partial =
            ConsentCookie::parse("1.9f1c0a7e3b5d2468.1.a:1:ab~B:1:ab~c:2:ab~a:0:ab~d:1:~e:0:cd")
                .unwrap();
        let kept: Vec<(&str, bool)> = partial
            .entries
            .iter()
            .map(|e| (e.unit.as_str(), e.allowed))
            .collect();
        assert_eq!(
            kept,
            [("a", true), ("e", false)],
            "malformed entries and a repeated id are skipped"
        );
    }

    #[test]
    fn a_record_reads_what_the_panel_posts() {
        let posted = r#"{"format":1,"rid":"9f1c0a7e3b5d2468","notice":"1a2b3c4d5e6f7081","time":1765000000,"choices":{"google-analytics":true,"youtube":false}}"#;
        let record = ConsentRecord::parse(posted).unwrap();
        assert_eq!(record.choices.get("youtube"), Some(&false));
        assert_eq!(serde_json::to_string(&record).unwrap(), posted);
        for bad in [
            posted.replace(r#""format":1"#, r#""format":2"#),
            posted.replace("9f1c0a7e3b5d2468", "me@example.com"),
            posted.replace(r#","choices""#, r#","email":"x","choices""#),
        ] {
            assert!(ConsentRecord::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn consent_needs_a_standing_yes_and_an_opt_out_survives_a_change() {
        let units = units_of(&notice(r#"{"id": "ip_address"}"#, "opt_out"));
        let (ga, notice_unit, opt_out) = (&units[0], &units[1], &units[2]);
        assert!(!allowed(ga, None), "no cookie: no consent");
        assert!(allowed(notice_unit, None) && allowed(opt_out, None));
        let cookie = |entries| ConsentCookie::new("0123456789abcdef", 1, entries);
        let given = cookie(vec![
            CookieEntry::new(&ga.id, true, &ga.fingerprint),
            CookieEntry::new(&opt_out.id, false, "00000000"),
        ]);
        assert!(allowed(ga, given.choice(ga)));
        assert!(
            !allowed(opt_out, given.choice(opt_out)),
            "an opt-out made on an older fingerprint stands"
        );
        assert!(given.needs_telling(opt_out) && given.needs_telling(notice_unit));
        assert!(!given.needs_telling(ga));
        let stale = cookie(vec![CookieEntry::new(&ga.id, true, "00000000")]);
        assert!(
            !allowed(ga, stale.choice(ga)),
            "consent given to a unit that has since changed covers it no more"
        );
    }
}
