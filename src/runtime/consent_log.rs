//! The consent record: every save of the user's choices, kept where the operator can show it
//! later (time, the notice's version, each unit's choice, and a random id; no personal data).
//! The panel posts each save to `[notice] consent_log`; the server hands the body to [`accept`],
//! which checks it and appends it to a [`ConsentLog`]: a file of JSON lines ([`FileLog`]) or an
//! SQLite database (`SqliteLog`, feature `runtime-sqlite`). `cargo disclosure verify
//! --consent-log` reads either beside a capture and reports any request sent before the consent
//! it needs.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use disclosure_core::wire::ConsentRecord;

/// The largest body [`accept`] reads: a record of a few hundred units.
pub const MAX_RECORD_BYTES: usize = 16 * 1024;

/// Where consent records are kept. An implementation returns from [`ConsentLog::append`] once
/// the record is durable: a record the panel was told is saved survives a crash.
pub trait ConsentLog: Send + Sync {
    /// Keeps `record`.
    fn append(&self, record: &ConsentRecord) -> Result<(), ConsentLogError>;
}

/// Why a record was not kept.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConsentLogError {
    /// The body is not a record the panel sends (the server answers 400).
    Invalid(String),
    /// The log could not keep it (the server answers 500 and the panel keeps the choice in its
    /// cookie; the next save posts it again).
    Storage(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for ConsentLogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentLogError::Invalid(why) => write!(f, "not a consent record: {why}"),
            ConsentLogError::Storage(e) => {
                write!(f, "the consent log could not keep the record: {e}")
            }
        }
    }
}

impl std::error::Error for ConsentLogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConsentLogError::Storage(e) => Some(e.as_ref()),
            ConsentLogError::Invalid(_) => None,
        }
    }
}

/// Checks what the panel posted (one record, at most [`MAX_RECORD_BYTES`], no field the contract
/// does not have, a random id and nothing else that identifies anyone) and appends it to `log`.
pub fn accept(log: &dyn ConsentLog, body: &[u8]) -> Result<ConsentRecord, ConsentLogError> {
    if body.len() > MAX_RECORD_BYTES {
        return Err(ConsentLogError::Invalid(format!(
            "{} bytes, more than the {MAX_RECORD_BYTES} a record may have",
            body.len()
        )));
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| ConsentLogError::Invalid("the body is not UTF-8".into()))?;
    let record = ConsentRecord::parse(text).map_err(ConsentLogError::Invalid)?;
    log.append(&record)?;
    Ok(record)
}

/// Records as JSON lines, appended to one file (created on first use), each written in one call
/// and synced before [`ConsentLog::append`] returns. A line cut short by a crash is the one
/// record not acknowledged; `verify` skips such a last line.
#[derive(Debug)]
pub struct FileLog {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileLog {
    /// A log at `path`.
    pub fn new(path: impl Into<PathBuf>) -> FileLog {
        FileLog {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl ConsentLog for FileLog {
    fn append(&self, record: &ConsentRecord) -> Result<(), ConsentLogError> {
        let mut line =
            serde_json::to_string(record).map_err(|e| ConsentLogError::Storage(Box::new(e)))?;
        line.push('\n');
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let storage = |e: std::io::Error| ConsentLogError::Storage(Box::new(e));
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(storage)?;
        file.write_all(line.as_bytes()).map_err(storage)?;
        file.sync_data().map_err(storage)
    }
}

/// Records in an SQLite database (feature `runtime-sqlite`; SQLite is compiled in), created with
/// its schema on first use and migrated when an older version of it is opened. Each record is
/// one committed transaction (write-ahead log, `synchronous = FULL`): a process killed mid-write
/// loses at most the record it had not acknowledged.
#[cfg(feature = "runtime-sqlite")]
#[derive(Debug)]
pub struct SqliteLog {
    db: Mutex<disclosure_core::wire::consent_db::ConsentDb>,
}

#[cfg(feature = "runtime-sqlite")]
impl SqliteLog {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteLog, ConsentLogError> {
        disclosure_core::wire::consent_db::ConsentDb::open(path.as_ref())
            .map(|db| SqliteLog { db: Mutex::new(db) })
            .map_err(|e| ConsentLogError::Storage(Box::new(e)))
    }

    /// Every record kept, in the order written.
    pub fn records(&self) -> Result<Vec<ConsentRecord>, ConsentLogError> {
        let db = self.db.lock().unwrap_or_else(|e| e.into_inner());
        db.records()
            .map_err(|e| ConsentLogError::Storage(Box::new(e)))
    }
}

#[cfg(feature = "runtime-sqlite")]
impl ConsentLog for SqliteLog {
    fn append(&self, record: &ConsentRecord) -> Result<(), ConsentLogError> {
        let db = self.db.lock().unwrap_or_else(|e| e.into_inner());
        db.append(record)
            .map_err(|e| ConsentLogError::Storage(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POSTED: &str = r#"{"format":1,"rid":"9f1c0a7e3b5d2468","notice":"1a2b3c4d5e6f7081","time":1765000000,"choices":{"google-analytics":true}}"#;

    fn record(time: u64) -> ConsentRecord {
        ConsentRecord::new(
            "9f1c0a7e3b5d2468",
            "1a2b3c4d5e6f7081",
            time,
            [("google-analytics".to_string(), time.is_multiple_of(2))].into(),
        )
    }

    #[test]
    fn accept_keeps_a_posted_record_and_refuses_anything_else() {
        let dir = tempfile::tempdir().unwrap();
        let log = FileLog::new(dir.path().join("consent.jsonl"));
        let kept = accept(&log, POSTED.as_bytes()).unwrap();
        assert_eq!(kept.rid, "9f1c0a7e3b5d2468");
        for bad in [
            POSTED.replace("9f1c0a7e3b5d2468", "someone@example.com"),
            POSTED.replace(r#""choices""#, r#""email":"a@b.c","choices""#),
            "x".repeat(MAX_RECORD_BYTES + 1),
        ] {
            assert!(matches!(
                accept(&log, bad.as_bytes()),
                Err(ConsentLogError::Invalid(_))
            ));
        }
        assert_eq!(
            std::fs::read_to_string(log.path()).unwrap(),
            format!("{POSTED}\n"),
            "only the record was kept"
        );
        let read = disclosure_core::check::verify::read_log(log.path()).unwrap();
        assert_eq!(read, [kept], "verify reads what the file log wrote");
    }

    #[cfg(feature = "runtime-sqlite")]
    const CHILD: &str = "DISCLOSURE_TEST_SQLITE_WRITER";

    /// Run by [`the_sqlite_log_survives_a_process_killed_mid_write`] in a child process: appends
    /// records with times 0, 1, 2, … until killed.
    #[cfg(feature = "runtime-sqlite")]
    #[test]
    #[ignore = "a child process of the kill test"]
    fn sqlite_writer_until_killed() {
        let Some(path) = std::env::var_os(CHILD) else {
            return;
        };
        let log = SqliteLog::open(&path).unwrap();
        for time in 0.. {
            log.append(&record(time)).unwrap();
        }
    }

    #[cfg(feature = "runtime-sqlite")]
    #[test]
    fn the_sqlite_log_survives_a_process_killed_mid_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent.sqlite");
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "runtime::consent_log::tests::sqlite_writer_until_killed",
                "--ignored",
                "--test-threads=1",
            ])
            .env(CHILD, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the writer has committed a good number of records, then kill it (SIGKILL
        // on Unix: no destructor, no flush) while it writes.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        let written = loop {
            let count = disclosure_core::wire::consent_db::ConsentDb::open_read_only(&path)
                .and_then(|db| db.records())
                .map_or(0, |r| r.len());
            if count >= 200 || std::time::Instant::now() > deadline {
                break count;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(
            written >= 200,
            "the writer committed only {written} records"
        );

        // Every record committed before the kill is there, whole and in order, and the file
        // opens for writing again.
        let log = SqliteLog::open(&path).unwrap();
        let records = log.records().unwrap();
        assert!(records.len() >= written, "{} < {written}", records.len());
        for (time, r) in records.iter().enumerate() {
            assert_eq!(*r, record(time as u64), "record {time}");
        }
        log.append(&record(records.len() as u64)).unwrap();
        drop(log);
        let read = disclosure_core::check::verify::read_log(&path).unwrap();
        assert_eq!(read.len(), records.len() + 1, "verify reads the database");
    }
}
