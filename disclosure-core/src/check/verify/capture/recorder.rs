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

/// The longest line read: a request with its body. A line that never ends (a link to a device
/// or a `/proc` file as the capture) stops here, with its position, instead of filling memory.
const LINE_CAP: u64 = 64 * 1024 * 1024;

/// Reads the recorder's JSON lines, each up to [`LINE_CAP`].
fn read_lines(
    path: &Path,
    reader: &mut dyn BufRead,
    each: &mut dyn FnMut(Request),
) -> Result<usize, Error> {
    use std::io::Read as _;
    let mut count = 0usize;
    let mut buf = Vec::new();
    for i in 0.. {
        buf.clear();
        let read = reader
            .take(LINE_CAP + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| invalid(path, i + 1, 1, e))?;
        if read == 0 {
            break;
        }
        if read as u64 > LINE_CAP {
            return Err(invalid(
                path,
                i + 1,
                1,
                format!("line {} is longer than {} MiB", i + 1, LINE_CAP / (1024 * 1024)),
            ));
        }
        let line = String::from_utf8_lossy(&buf);
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
            ..Request::default()
        });
    }
    Ok(count)
}

