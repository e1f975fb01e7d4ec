//! Reading what a program really sent. Each capture format is one implementation of
//! [`CaptureReader`] in a file of its own, listed once in `READERS`: HAR 1.2 files (browsers'
//! developer tools, Chromium through the DevTools protocol, Playwright, mitmproxy) and the run-time
//! recorder's JSON lines. Every reader streams: one request at a time is held in memory, whatever
//! the capture's size. Bytes that are not UTF-8 (a binary body) are read as U+FFFD, never an abort.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::foundation::diagnostic::{Code, Diagnostic, Error, Location};

/// One request, as a capture records it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ….
    pub method: String,
    /// The full URL.
    pub url: String,
    /// The body's media type, when it has one.
    pub content_type: Option<String>,
    /// The body as text.
    pub body: Option<String>,
    /// Form field names a HAR lists apart from the body.
    pub form_keys: Vec<String>,
    /// What started the request: a script and line, or a stack frame.
    pub initiator: Option<String>,
    /// Providers the user had opted out of when it was sent (the recorder knows; a HAR does not).
    pub opted_out: Vec<String>,
    /// Its place in the capture: the entry's number (HAR) or line (JSON lines), 1-based.
    pub entry: usize,
    /// When it started, in Unix milliseconds, when the capture says (a HAR's `startedDateTime`).
    pub time_ms: Option<i64>,
    /// The consent panel's random id, when the request carried its cookie (a request to the
    /// operator's own site).
    pub consent_rid: Option<String>,
}

/// A capture format.
pub trait CaptureReader: Sync {
    /// Its id (`har`).
    fn id(&self) -> &'static str;

    /// What it reads, in a few words (`a HAR 1.2 file`), for messages.
    fn summary(&self) -> &'static str;

    /// The file extensions that name it (`har`).
    fn extensions(&self) -> &'static [&'static str];

    /// Whether a file starting with `start` (its first 512 bytes, lossily decoded) is of this
    /// format, for a file whose extension names none.
    fn recognises(&self, start: &str) -> bool;

    /// Reads every request of `reader`, calling `each` with one at a time (its `entry` set);
    /// `path` names the capture in errors ([`invalid`]).
    fn read(
        &self,
        path: &Path,
        reader: &mut dyn BufRead,
        each: &mut dyn FnMut(Request),
    ) -> Result<usize, Error>;
}

crate::registry! {
    /// Every capture format; a file whose extension names none is read by the first that
    /// recognises its start.
    pub(crate) static READERS: [&dyn CaptureReader] = [
        har::Har,
        recorder::RecorderLines,
        #[cfg(test)]
        registry_test::RegistryTest,
    ];
}

/// The capture format with this id.
pub fn reader(id: &str) -> Option<&'static dyn CaptureReader> {
    READERS.iter().copied().find(|r| r.id() == id)
}

/// Every format, in words (`a HAR 1.2 file or the recorder's JSON lines`), for messages.
fn formats() -> String {
    let names: Vec<&str> = READERS.iter().map(|r| r.summary()).collect();
    match names.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        _ => names.join(""),
    }
}

/// The format of the file at `path`: by its extension, else by its start.
pub fn reader_of(path: &Path) -> Result<&'static dyn CaptureReader, Error> {
    if let Some(ext) = path.extension().and_then(|e| e.to_str())
        && let Some(r) = READERS.iter().find(|r| r.extensions().contains(&ext))
    {
        return Ok(*r);
    }
    let mut first = [0u8; 512];
    let n = open(path)?.read(&mut first).unwrap_or(0);
    let start = String::from_utf8_lossy(&first[..n]);
    let start = start.trim_start_matches('\u{feff}');
    READERS
        .iter()
        .copied()
        .find(|r| r.recognises(start))
        .ok_or_else(|| {
            Diagnostic::error(
                Code::CaptureInvalid,
                format!("{} is not a capture this version reads", path.display()),
            )
            .help(format!("give {}", formats()))
            .into()
        })
}

/// How much of a file that reports no size (a `/proc` file, or a link to one) is read: such a
/// file may never end.
const UNSIZED_CAP: u64 = 256 * 1024 * 1024;

fn open(path: &Path) -> Result<std::io::Take<File>, Error> {
    let unreadable = |why: String| -> Error {
        Diagnostic::error(
            Code::CaptureInvalid,
            format!("cannot read the capture {}: {why}", path.display()),
        )
        .help(format!("give {}", formats()))
        .into()
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(unreadable("not a regular file".into()));
    }
    let cap = if meta.len() == 0 {
        UNSIZED_CAP
    } else {
        u64::MAX
    };
    File::open(path)
        .map(|f| f.take(cap))
        .map_err(|e| unreadable(e.to_string()))
}

/// Reads every request of the capture at `path`, calling `each` with one at a time.
pub fn read(path: &Path, each: &mut dyn FnMut(Request)) -> Result<usize, Error> {
    read_counted(path, &std::cell::Cell::new(0), each)
}

/// [`read`], keeping in `bytes` how many bytes of the file have been read so far.
pub fn read_counted(
    path: &Path,
    bytes: &std::cell::Cell<u64>,
    each: &mut dyn FnMut(Request),
) -> Result<usize, Error> {
    let reader = reader_of(path)?;
    let counted = Counted {
        inner: open(path)?,
        bytes,
    };
    read_from(reader, path, counted, each)
}

/// A reader that counts the bytes read through it.
struct Counted<'a, R> {
    inner: R,
    bytes: &'a std::cell::Cell<u64>,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

/// Reads every request of a capture in `format` from `source`; `path` names it in errors.
pub fn read_from(
    format: &dyn CaptureReader,
    path: &Path,
    source: impl Read,
    each: &mut dyn FnMut(Request),
) -> Result<usize, Error> {
    let mut reader = BufReader::new(Lossy::new(source));
    // A byte-order mark, as Windows tools write one, is not part of the capture.
    if reader
        .fill_buf()
        .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
    {
        reader.consume(3);
    }
    format.read(path, &mut reader, each)
}

/// The error of a capture that does not parse at `line` and `column`: its position, never
/// its text.
pub fn invalid(path: &Path, line: usize, column: usize, what: impl fmt::Display) -> Error {
    Diagnostic::error(
        Code::CaptureInvalid,
        format!(
            "{} is not a valid capture: {}",
            path.display(),
            without_quoted(&what.to_string())
        ),
    )
    // The position, never the text: a capture holds what users sent.
    .at(Location::new(path, line.max(1), column.max(1)).concealed())
    .help(format!(
        "export the capture again ({}); a truncated file fails where it ends",
        formats()
    ))
    .into()
}

/// `message` with every quoted string replaced by `…`: a parser's message may quote the value it
/// met (`invalid type: string "…"`), and a capture's values are what users sent.
fn without_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            out.push('…');
            let mut escaped = false;
            for c in chars.by_ref() {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => break,
                    _ => escaped = false,
                }
            }
            out.push('"');
        }
    }
    out
}

/// A reader that passes UTF-8 through and turns each invalid byte into U+FFFD, so that a capture
/// with a binary body is still read.
struct Lossy<R> {
    inner: R,
    /// Decoded bytes not yet handed out.
    out: Vec<u8>,
    /// Bytes of an incomplete UTF-8 sequence at the end of the last read.
    pending: Vec<u8>,
}

impl<R: Read> Lossy<R> {
    fn new(inner: R) -> Lossy<R> {
        Lossy {
            inner,
            out: Vec::new(),
            pending: Vec::new(),
        }
    }

    fn fill(&mut self) -> std::io::Result<bool> {
        let mut buf = [0u8; 64 * 1024];
        let n = self.inner.read(&mut buf)?;
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(&buf[..n]);
        if n == 0 && bytes.is_empty() {
            return Ok(false);
        }
        let mut rest = &bytes[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.out.extend_from_slice(s.as_bytes());
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    self.out.extend_from_slice(valid);
                    match e.error_len() {
                        Some(bad) => {
                            self.out.extend_from_slice("\u{FFFD}".as_bytes());
                            rest = &after[bad..];
                        }
                        // Incomplete at the end: wait for the next read (or, at the end of the
                        // input, give up on it).
                        None if n > 0 => {
                            self.pending = after.to_vec();
                            break;
                        }
                        None => {
                            self.out.extend_from_slice("\u{FFFD}".as_bytes());
                            break;
                        }
                    }
                }
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for Lossy<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.out.is_empty() {
            if !self.fill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len());
        buf[..n].copy_from_slice(&self.out[..n]);
        self.out.drain(..n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requests(name: &str, text: &[u8]) -> Result<Vec<Request>, Error> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut out = Vec::new();
        read(&path, &mut |r| out.push(r))?;
        Ok(out)
    }

    #[test]
    fn har_entries_are_read_with_their_body_form_and_initiator() {
        let har = br#"{"log": {"version": "1.2", "pages": [{"id": "p"}], "entries": [
          {"request": {"method": "POST", "url": "https://a.example/c?x=1", "headers": [],
            "postData": {"mimeType": "application/json", "text": "{\"k\": 1}", "params": [{"name": "f", "value": "v"}]}},
           "_initiator": {"type": "script", "stack": {"callFrames": [{"url": "https://site.example/app.js?v=2", "lineNumber": 41}]}}},
          {"request": {"method": "GET", "url": "https://b.example/"}, "response": {"status": 0}}
        ]}, "trailing": true}"#;
        let r = requests("c.har", har).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].body.as_deref(), Some("{\"k\": 1}"));
        assert_eq!(r[0].form_keys, ["f"]);
        assert_eq!(
            r[0].initiator.as_deref(),
            Some("script https://site.example/app.js:42")
        );
        assert_eq!(r[1].entry, 2);
    }

    #[test]
    fn a_binary_body_is_read_not_refused() {
        let mut har = br#"{"log": {"entries": [{"request": {"method": "POST", "url": "https://a.example/", "postData": {"text": ""#.to_vec();
        har.extend_from_slice(&[0xff, 0xfe, b'x']);
        har.extend_from_slice(br#""}}}]}}"#);
        let r = requests("c.har", &har).unwrap();
        assert_eq!(r[0].body.as_deref(), Some("\u{FFFD}\u{FFFD}x"));
    }

    #[test]
    fn a_malformed_capture_names_its_position() {
        let err = requests("c.har", b"{\"log\": {\"entries\": [{\"request\": ").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.code, Code::CaptureInvalid);
        assert_eq!(d.location.as_ref().unwrap().line, 1);
        let err = requests(
            "c.jsonl",
            b"{\"method\":\"GET\",\"url\":\"https://a\"}\nnot json\n",
        )
        .unwrap_err();
        assert_eq!(err.diagnostics()[0].location.as_ref().unwrap().line, 2);
        let err = requests("c.har", b"{\"nolog\": 1}").unwrap_err();
        assert!(err.to_string().contains("missing field `log`"), "{err}");
    }

    #[test]
    fn a_parser_message_never_quotes_a_value() {
        let err = requests(
            "c.jsonl",
            b"{\"method\":\"GET\",\"url\":\"https://a\",\"opted_out\":\"SECRET \\\" x\"}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(!err.contains("SECRET") && !err.contains(" x"), "{err}");
        assert!(err.contains("invalid type: string \"…\""), "{err}");
    }

    #[test]
    fn recorder_lines_carry_the_consent_state() {
        let r = requests(
            "c.jsonl",
            b"{\"method\":\"GET\",\"url\":\"https://a.example/\",\"opted_out\":[\"x\"]}\n\n",
        )
        .unwrap();
        assert_eq!(r[0].opted_out, ["x"]);
        assert_eq!(r[0].entry, 1);
    }
}
