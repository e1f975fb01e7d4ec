//! The consent log as an SQLite database (feature `sqlite`): its schema, the migrations that bring
//! an older file up to it, and the one way records are written and read. The facade's
//! `runtime::SqliteLog` writes through it and `cargo disclosure verify --consent-log` reads through
//! it, so the two can never disagree about the file.
//!
//! The database is created on first use. Each write is one transaction in write-ahead-log mode
//! with `synchronous = FULL`: a process killed mid-write leaves every record it committed and none
//! of the one it was writing.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, params};

use super::consent::ConsentRecord;

/// The schema, one migration per version: a file at version `n` has had the first `n` applied
/// (`PRAGMA user_version`). A migration is never edited once released; a change is a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: the records.
    "CREATE TABLE consent_record (
        id INTEGER PRIMARY KEY,
        format INTEGER NOT NULL,
        rid TEXT NOT NULL,
        notice TEXT NOT NULL,
        time INTEGER NOT NULL,
        choices TEXT NOT NULL
    ) STRICT;",
    // 2: a browser's records by time, as `verify` looks them up.
    "CREATE INDEX consent_record_by_browser ON consent_record (rid, time);",
];

/// How long a write waits for another process's write to finish.
const BUSY: Duration = Duration::from_secs(5);

/// Why the consent database cannot be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConsentDbError {
    /// SQLite refused (the file is not a database, is locked, the disk is full, …).
    Sqlite {
        /// The database's path.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file was written by a newer version of this schema than this build knows.
    Newer {
        /// The database's path.
        path: PathBuf,
        /// Its schema version.
        version: i64,
    },
    /// A stored row is not a consent record.
    Row {
        /// The database's path.
        path: PathBuf,
        /// The row's id.
        id: i64,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for ConsentDbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentDbError::Sqlite { path, source } => {
                write!(f, "the consent database {}: {source}", path.display())
            }
            ConsentDbError::Newer { path, version } => write!(
                f,
                "the consent database {} has schema version {version}; this version of disclosure knows {}: use a newer one",
                path.display(),
                MIGRATIONS.len()
            ),
            ConsentDbError::Row { path, id, reason } => write!(
                f,
                "the consent database {}: row {id} is not a consent record: {reason}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ConsentDbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConsentDbError::Sqlite { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// An open consent database.
#[derive(Debug)]
pub struct ConsentDb {
    path: PathBuf,
    connection: Connection,
}

impl ConsentDb {
    /// Opens the database at `path` for writing, creating it (and its schema) on first use and
    /// bringing an older schema up to date.
    pub fn open(path: &Path) -> Result<ConsentDb, ConsentDbError> {
        let connection = Connection::open(path).map_err(sqlite(path))?;
        let mut db = ConsentDb {
            path: path.to_path_buf(),
            connection,
        };
        db.connection.busy_timeout(BUSY).map_err(sqlite(path))?;
        db.connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
            .map_err(sqlite(path))?;
        db.migrate()?;
        Ok(db)
    }

    /// Opens an existing database to read its records, changing nothing (an older schema is read
    /// as it is: every version has the records' columns).
    pub fn open_read_only(path: &Path) -> Result<ConsentDb, ConsentDbError> {
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite(path))?;
        let db = ConsentDb {
            path: path.to_path_buf(),
            connection,
        };
        db.connection.busy_timeout(BUSY).map_err(sqlite(path))?;
        let version = db.version()?;
        if version > MIGRATIONS.len() as i64 {
            return Err(ConsentDbError::Newer {
                path: db.path,
                version,
            });
        }
        Ok(db)
    }

    /// The schema version of the file.
    pub fn version(&self) -> Result<i64, ConsentDbError> {
        self.connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(sqlite(&self.path))
    }

    /// Applies the migrations the file has not had, each with its version in one transaction.
    fn migrate(&mut self) -> Result<(), ConsentDbError> {
        let path = self.path.clone();
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sqlite(&path))?;
        let version: i64 = transaction
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(sqlite(&path))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(ConsentDbError::Newer { path, version });
        }
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            transaction
                .execute_batch(migration)
                .map_err(sqlite(&path))?;
            transaction
                .pragma_update(None, "user_version", index as i64 + 1)
                .map_err(sqlite(&path))?;
        }
        transaction.commit().map_err(sqlite(&path))
    }

    /// Appends `record`, committed before this returns.
    pub fn append(&self, record: &ConsentRecord) -> Result<(), ConsentDbError> {
        let choices = serde_json::to_string(&record.choices).unwrap_or_default();
        self.connection
            .execute(
                "INSERT INTO consent_record (format, rid, notice, time, choices) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    record.format,
                    record.rid,
                    record.notice,
                    i64::try_from(record.time).unwrap_or(i64::MAX),
                    choices
                ],
            )
            .map(|_| ())
            .map_err(sqlite(&self.path))
    }

    /// Every record, in the order written.
    pub fn records(&self) -> Result<Vec<ConsentRecord>, ConsentDbError> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT id, format, rid, notice, time, choices FROM consent_record ORDER BY id",
            )
            .map_err(sqlite(&self.path))?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, u32>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, String>(5)?,
                ))
            })
            .map_err(sqlite(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, format, rid, notice, time, choices) = row.map_err(sqlite(&self.path))?;
            let bad = |reason: String| ConsentDbError::Row {
                path: self.path.clone(),
                id,
                reason,
            };
            let choices: BTreeMap<String, bool> =
                serde_json::from_str(&choices).map_err(|e| bad(e.to_string()))?;
            let time = u64::try_from(time).map_err(|_| bad(format!("time {time}")))?;
            let mut record = ConsentRecord::new(&rid, &notice, time, choices);
            record.format = format;
            // The same rules as a posted record: the database holds nothing the panel could not send.
            let json = serde_json::to_string(&record).unwrap_or_default();
            out.push(ConsentRecord::parse(&json).map_err(bad)?);
        }
        Ok(out)
    }
}

fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> ConsentDbError + '_ {
    move |source| ConsentDbError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(rid: &str, time: u64, yes: bool) -> ConsentRecord {
        ConsentRecord::new(
            rid,
            "1a2b3c4d5e6f7081",
            time,
            BTreeMap::from([("google-analytics".to_string(), yes)]),
        )
    }

    #[test]
    fn a_new_database_is_created_with_the_whole_schema_and_reads_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent.sqlite");
        let db = ConsentDb::open(&path).unwrap();
        assert_eq!(db.version().unwrap(), MIGRATIONS.len() as i64);
        db.append(&record("0123456789abcdef", 10, true)).unwrap();
        db.append(&record("0123456789abcdef", 20, false)).unwrap();
        drop(db);
        assert!(crate::wire::consent::is_database_file(&path));
        let read = ConsentDb::open_read_only(&path).unwrap().records().unwrap();
        assert_eq!(
            read,
            [
                record("0123456789abcdef", 10, true),
                record("0123456789abcdef", 20, false)
            ]
        );
    }

    #[test]
    fn a_database_of_the_first_schema_is_migrated_and_keeps_its_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent.sqlite");
        {
            // What the first schema wrote.
            let old = Connection::open(&path).unwrap();
            old.execute_batch(MIGRATIONS[0]).unwrap();
            old.pragma_update(None, "user_version", 1).unwrap();
            old.execute(
                "INSERT INTO consent_record (format, rid, notice, time, choices) VALUES (1, 'fedcba9876543210', '1a2b3c4d5e6f7081', 5, '{\"google-analytics\":true}')",
                [],
            )
            .unwrap();
        }
        assert_eq!(
            ConsentDb::open_read_only(&path)
                .unwrap()
                .records()
                .unwrap()
                .len(),
            1,
            "an older file is read as it is"
        );
        let db = ConsentDb::open(&path).unwrap();
        assert_eq!(db.version().unwrap(), 2);
        let index: i64 = db
            .connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'consent_record_by_browser'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(index, 1);
        assert_eq!(db.records().unwrap(), [record("fedcba9876543210", 5, true)]);
        // Opening again applies nothing twice.
        drop(db);
        assert_eq!(ConsentDb::open(&path).unwrap().version().unwrap(), 2);
    }

    #[test]
    fn a_newer_schema_or_a_foreign_row_is_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consent.sqlite");
        let db = ConsentDb::open(&path).unwrap();
        db.connection
            .execute(
                "INSERT INTO consent_record (format, rid, notice, time, choices) VALUES (1, 'someone@example.com', 'x', 5, '{}')",
                [],
            )
            .unwrap();
        let err = db.records().unwrap_err().to_string();
        assert!(
            err.contains("row 1 is not a consent record: the rid"),
            "{err}"
        );
        db.connection
            .pragma_update(None, "user_version", 99)
            .unwrap();
        drop(db);
        for err in [
            ConsentDb::open(&path).unwrap_err(),
            ConsentDb::open_read_only(&path).unwrap_err(),
        ] {
            assert!(
                matches!(err, ConsentDbError::Newer { version: 99, .. }),
                "{err}"
            );
        }
        std::fs::write(dir.path().join("log.jsonl"), "{}\n").unwrap();
        assert!(!crate::wire::consent::is_database_file(
            &dir.path().join("log.jsonl")
        ));
    }
}
