//! Nothing sent before consent: read beside the captures, the consent log (the records the panel
//! posted, as `disclosure::runtime::FileLog` or `SqliteLog` keeps them) says when the user consented
//! to what; every request to a transmission that needs consent must come after a record that
//! gives it, from the same browser (the panel's random id, read from the cookie the browser sent
//! to the operator's own site in the same capture).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Evidence;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::wire::{ConsentRecord, NoticeHosts, RecipientHosts};

/// The largest consent log read.
const MAX_LOG_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a consent log: an SQLite database (`disclosure::runtime::SqliteLog`), or one record per
/// line (`FileLog`, or what the panel posted), blank lines skipped. A line that is not a record
/// is an error naming the file and the line.
pub fn read_log(path: &Path) -> Result<Vec<ConsentRecord>, Error> {
    let cannot = |e: &dyn std::fmt::Display| {
        Error::from(
            Diagnostic::error(
                Code::CaptureInvalid,
                format!("cannot read the consent log {}: {e}", path.display()),
            )
            .help("give the file a consent log writes: one record per line, as the panel posts it (docs/consent.md)"),
        )
    };
    if crate::wire::consent::is_database_file(path) {
        return read_database(path).map_err(|e| cannot(&e));
    }
    let text =
        crate::foundation::files::read_bounded_text(path, MAX_LOG_BYTES).map_err(|e| cannot(&e))?;
    let mut records = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let whole = line.ends_with('\n');
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let record = match ConsentRecord::parse(line) {
            Ok(record) => record,
            // A last line with no end was being written when the writer stopped: the record it
            // holds was never acknowledged.
            Err(_) if !whole => break,
            Err(e) => {
                return Err(Error::from(
                    Diagnostic::error(
                        Code::CaptureInvalid,
                        format!("{}:{}: not a consent record: {e}", path.display(), i + 1),
                    )
                    .help("each line is one record as the panel posts it: {\"format\":1,\"rid\":…,\"notice\":…,\"time\":…,\"choices\":{…}}"),
                ));
            }
        };
        records.push(record);
    }
    Ok(records)
}

#[cfg(feature = "sqlite")]
fn read_database(path: &Path) -> Result<Vec<ConsentRecord>, String> {
    crate::wire::consent_db::ConsentDb::open_read_only(path)
        .and_then(|db| db.records())
        .map_err(|e| e.to_string())
}

#[cfg(not(feature = "sqlite"))]
fn read_database(_: &Path) -> Result<Vec<ConsentRecord>, String> {
    Err("it is an SQLite database, and this build reads none: build disclosure-core with its `sqlite` feature (cargo-disclosure has it)".into())
}

/// A request to a transmission that needs consent, to check once every capture is read.
pub(super) struct Pending {
    pub capture: String,
    pub recipient: String,
    /// The units it may belong to (all of them need consent).
    pub units: Vec<String>,
    pub time_ms: Option<i64>,
    pub evidence: Evidence,
}

/// The consent units a request to `recipient` carrying `items` needs, when every transmission it
/// may belong to needs consent; `None` when one of them does not.
pub(super) fn needs_consent(
    hosts: &NoticeHosts,
    recipient: &RecipientHosts,
    items: &[&str],
) -> Option<Vec<String>> {
    let mut units = Vec::new();
    for t in recipient.candidates(items) {
        let unit = t
            .unit
            .as_ref()
            .and_then(|id| hosts.units().iter().find(|u| &u.id == id))?;
        if unit.basis != "consent" {
            return None;
        }
        if !units.contains(&unit.id) {
            units.push(unit.id.clone());
        }
    }
    (!units.is_empty()).then_some(units)
}

/// The requests sent before the user gave the consent they need, by recipient: for each, the
/// browser's random id (from the capture), and the last record of that id saved at or before the
/// request must say yes to one of its units.
pub(super) fn before_consent(
    pending: Vec<Pending>,
    rids: &BTreeMap<String, BTreeSet<String>>,
    records: &[ConsentRecord],
) -> BTreeMap<String, Vec<Evidence>> {
    let mut out: BTreeMap<String, Vec<Evidence>> = BTreeMap::new();
    for p in pending {
        let consented = rids.get(&p.capture).is_some_and(|ids| {
            ids.iter().any(|rid| {
                let gives =
                    |r: &ConsentRecord| p.units.iter().any(|u| r.choices.get(u) == Some(&true));
                let mine = records.iter().filter(|r| &r.rid == rid);
                let Some(t) = p.time_ms else {
                    // A request of unknown time: consent given at some point is all that can be said.
                    return mine.clone().any(gives);
                };
                let second = t.div_euclid(1000);
                let time = |r: &ConsentRecord| i64::try_from(r.time).unwrap_or(i64::MAX);
                // Records keep whole seconds: one of the request's own second may come before or
                // after it, so a yes in that second counts; otherwise the standing record is the
                // last one of an earlier second.
                mine.clone().filter(|r| time(r) == second).any(gives)
                    || mine
                        .filter(|r| time(r) < second)
                        .max_by_key(|r| r.time)
                        .is_some_and(gives)
            })
        });
        if !consented {
            out.entry(p.recipient).or_default().push(p.evidence);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(entry: usize) -> Evidence {
        Evidence {
            capture: "c.har".into(),
            entry,
            method: "GET".into(),
            url: "https://www.google-analytics.com/g/collect".into(),
            initiator: None,
        }
    }

    fn pending(entry: usize, time_s: i64) -> Pending {
        Pending {
            capture: "c.har".into(),
            recipient: "google-analytics".into(),
            units: vec!["google-analytics".into()],
            time_ms: Some(time_s * 1000 + 250),
            evidence: evidence(entry),
        }
    }

    #[test]
    fn a_request_counts_as_consented_only_after_a_record_of_the_same_browser_says_yes() {
        let rid = "0123456789abcdef";
        let record = |time, yes| {
            ConsentRecord::new(
                rid,
                "n",
                time,
                BTreeMap::from([("google-analytics".to_string(), yes)]),
            )
        };
        let records = [record(100, true), record(200, false), record(300, true)];
        let rids = BTreeMap::from([("c.har".to_string(), BTreeSet::from([rid.to_string()]))]);
        let found = before_consent(
            vec![
                pending(1, 99),
                pending(2, 100),
                pending(3, 150),
                pending(4, 201),
                pending(6, 300),
            ],
            &rids,
            &records,
        );
        let entries: Vec<usize> = found["google-analytics"].iter().map(|e| e.entry).collect();
        assert_eq!(
            entries,
            [1, 4],
            "before the yes, and after it was withdrawn; a yes in the request's own second counts"
        );
        let elsewhere = before_consent(vec![pending(5, 150)], &BTreeMap::new(), &records);
        assert_eq!(
            elsewhere["google-analytics"].len(),
            1,
            "no cookie of the panel in the capture: no consent known"
        );
    }

    #[test]
    fn a_line_that_is_not_a_record_names_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent.jsonl");
        std::fs::write(
            &path,
            "{\"format\":1,\"rid\":\"0123456789abcdef\",\"notice\":\"n\",\"time\":1,\"choices\":{}}\n\nnot json\n",
        )
        .unwrap();
        let err = read_log(&path).unwrap_err().to_string();
        assert!(
            err.contains("consent.jsonl:3: not a consent record"),
            "{err}"
        );
        // A last line cut short (its writer stopped mid-write) was never acknowledged: skipped.
        let whole = "{\"format\":1,\"rid\":\"0123456789abcdef\",\"notice\":\"n\",\"time\":1,\"choices\":{}}\n";
        std::fs::write(&path, format!("{whole}{{\"format\":1,\"rid\":\"01")).unwrap();
        assert_eq!(read_log(&path).unwrap().len(), 1);
    }
}
