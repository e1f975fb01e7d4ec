//! Reading what a program really sent: HAR 1.2 files (browsers' developer tools, Chromium through
//! the DevTools protocol, Playwright, mitmproxy) and the run-time recorder's JSON lines. Both are
//! streamed: one request at a time is held in memory, whatever the capture's size. Bytes that are
//! not UTF-8 (a binary body) are read as U+FFFD, never an abort.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::foundation::diagnostic::{Code, Diagnostic, Error, Location};
use crate::wire::RecordedLine;

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
}

/// The shape of a capture file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// HAR 1.2 (one JSON document).
    Har,
    /// The recorder's JSON lines.
    JsonLines,
}

impl Kind {
    /// The kind of the file at `path`: by its extension, else by its first byte.
    pub fn of(path: &Path) -> Result<Kind, Error> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("har") => return Ok(Kind::Har),
            Some("jsonl" | "ndjson") => return Ok(Kind::JsonLines),
            _ => {}
        }
        let mut first = [0u8; 512];
        let n = open(path)?.read(&mut first).unwrap_or(0);
        let text = String::from_utf8_lossy(&first[..n]);
        if text.trim_start().starts_with('{') && text.contains("\"log\"") {
            Ok(Kind::Har)
        } else {
            Ok(Kind::JsonLines)
        }
    }
}

fn open(path: &Path) -> Result<File, Error> {
    let unreadable = |why: String| -> Error {
        Diagnostic::error(
            Code::CaptureInvalid,
            format!("cannot read the capture {}: {why}", path.display()),
        )
        .help("give a HAR file or the recorder's JSON lines")
        .into()
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(unreadable("not a regular file".into()));
    }
    File::open(path).map_err(|e| unreadable(e.to_string()))
}

/// Reads every request of the capture at `path`, calling `each` with one at a time.
pub fn read(path: &Path, each: &mut dyn FnMut(Request)) -> Result<usize, Error> {
    let kind = Kind::of(path)?;
    read_from(kind, path, open(path)?, each)
}

/// Reads every request of a capture of `kind` from `source`; `path` names it in errors.
pub fn read_from(
    kind: Kind,
    path: &Path,
    source: impl Read,
    each: &mut dyn FnMut(Request),
) -> Result<usize, Error> {
    let reader = BufReader::new(Lossy::new(source));
    match kind {
        Kind::Har => read_har(path, reader, each),
        Kind::JsonLines => read_lines(path, reader, each),
    }
}

fn invalid(path: &Path, line: usize, column: usize, what: impl fmt::Display) -> Error {
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
    .help("export the capture again (a HAR 1.2 file, or the recorder's JSON lines); a truncated file fails where it ends")
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

/// Reads a HAR file, one entry at a time.
fn read_har(
    path: &Path,
    reader: impl BufRead,
    each: &mut dyn FnMut(Request),
) -> Result<usize, Error> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut count = 0usize;
    let seed = Document {
        each: &mut |mut r: Request| {
            count += 1;
            r.entry = count;
            each(r);
        },
    };
    seed.deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| invalid(path, e.line(), e.column(), e))?;
    Ok(count)
}

/// Reads the recorder's JSON lines.
fn read_lines(
    path: &Path,
    reader: impl BufRead,
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

/// The HAR document: `{"log": {"entries": [...]}}`, every other key skipped.
struct Document<'a> {
    each: &'a mut dyn FnMut(Request),
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR document: an object with `log`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "log" {
                map.next_value_seed(Log { each: self.each })?;
                seen = true;
                break;
            }
            map.next_value::<IgnoredAny>()?;
        }
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value::<IgnoredAny>()?;
        }
        if !seen {
            return Err(de::Error::missing_field("log"));
        }
        Ok(())
    }
}

struct Log<'a> {
    each: &'a mut dyn FnMut(Request),
}

impl<'de> DeserializeSeed<'de> for Log<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Log<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the HAR `log` object, with `entries`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "entries" && !seen {
                map.next_value_seed(Entries {
                    each: &mut *self.each,
                })?;
                seen = true;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if !seen {
            return Err(de::Error::missing_field("entries"));
        }
        Ok(())
    }
}

struct Entries<'a> {
    each: &'a mut dyn FnMut(Request),
}

impl<'de> DeserializeSeed<'de> for Entries<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the HAR `entries` array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element::<HarEntry>()? {
            (self.each)(entry.into_request());
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct HarEntry {
    request: HarRequest,
    #[serde(default, rename = "_initiator")]
    initiator: Option<HarInitiator>,
}

#[derive(Deserialize)]
struct HarRequest {
    method: String,
    url: String,
    #[serde(default, rename = "postData")]
    post_data: Option<HarPostData>,
}

#[derive(Deserialize)]
struct HarPostData {
    #[serde(default, rename = "mimeType")]
    mime_type: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    params: Vec<HarParam>,
}

#[derive(Deserialize)]
struct HarParam {
    name: String,
}

/// Chromium's `_initiator`: the script (and line) or the stack that made the request.
#[derive(Deserialize)]
struct HarInitiator {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default, rename = "lineNumber")]
    line: Option<u64>,
    #[serde(default)]
    stack: Option<HarStack>,
}

#[derive(Deserialize)]
struct HarStack {
    #[serde(default, rename = "callFrames")]
    frames: Vec<HarFrame>,
}

#[derive(Deserialize)]
struct HarFrame {
    #[serde(default)]
    url: String,
    #[serde(default, rename = "lineNumber")]
    line: u64,
}

impl HarEntry {
    fn into_request(self) -> Request {
        let initiator = self.initiator.and_then(|i| {
            let frame = i
                .stack
                .and_then(|s| s.frames.into_iter().find(|f| !f.url.is_empty()))
                .map(|f| (f.url, Some(f.line)));
            let (url, line) = frame.or(i.url.map(|u| (u, i.line)))?;
            let kind = i.kind.unwrap_or_else(|| "script".into());
            Some(match line {
                // DevTools numbers lines from 0.
                Some(l) => format!("{kind} {}:{}", strip_query(&url), l + 1),
                None => format!("{kind} {}", strip_query(&url)),
            })
        });
        let (content_type, body, form_keys) = match self.request.post_data {
            Some(p) => (
                p.mime_type,
                p.text,
                p.params.into_iter().map(|p| p.name).collect(),
            ),
            None => (None, None, Vec::new()),
        };
        Request {
            method: self.request.method,
            url: self.request.url,
            content_type,
            body,
            form_keys,
            initiator,
            opted_out: Vec::new(),
            entry: 0,
        }
    }
}

/// A URL without its query and fragment.
fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
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
