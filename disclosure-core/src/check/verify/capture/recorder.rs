//! The run-time recorder's JSON lines (`disclosure::runtime::Recorder`): one
//! [`RecordedLine`] per line, the type the recorder writes.

use std::io::BufRead;
use std::path::Path;

use super::{CaptureReader, Request, invalid};
use crate::foundation::diagnostic::Error;
use crate::wire::RecordedLine;

/// The recorder's lines.
pub(super) struct RecorderLines;

impl CaptureReader for RecorderLines {
    fn id(&self) -> &'static str {
        "recorder"
    }

    fn summary(&self) -> &'static str {
        "the recorder's JSON lines"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl", "ndjson"]
    }

    fn recognises(&self, start: &str) -> bool {
        // A JSON object per line; an empty file holds no request of any format.
        let start = start.trim_start();
        start.is_empty() || start.starts_with('{')
    }

    fn read(
        &self,
        path: &Path,
        reader: &mut dyn BufRead,
        each: &mut dyn FnMut(Request),
    ) -> Result<usize, Error> {
        read_lines(path, reader, each)
    }
}

/// Reads the recorder's JSON lines.
fn read_lines(
    path: &Path,
    reader: &mut dyn BufRead,
    each: &mut dyn FnMut(Request),
) -> Result<usize, Error> {
    let mut count = 0usize;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| invalid(path, i + 1, 1, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: RecordedLine =
            serde_json::from_str(&line).map_err(|e| invalid(path, i + 1, e.column(), e))?;
        count += 1;
        each(Request {
            method: record.method,
            url: record.url,
            content_type: record.content_type,
            body: record.body,
            form_keys: Vec::new(),
            initiator: record.initiator,
            opted_out: record.opted_out,
            entry: i + 1,
        });
    }
    Ok(count)
}

