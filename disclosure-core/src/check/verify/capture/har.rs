//! HAR 1.2 (one JSON document): browsers' developer tools, Chromium through the DevTools
//! protocol, Playwright, mitmproxy. Streamed, one entry at a time; every key but the request's
//! method, URL, body, form fields and Chromium's `_initiator` is skipped.

use std::fmt;
use std::io::BufRead;
use std::path::Path;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::wire::ConsentCookie;
use crate::wire::consent;
use super::{CaptureReader, Request, invalid};
use crate::foundation::diagnostic::Error;

/// The HAR reader.
pub(super) struct Har;

impl CaptureReader for Har {
    fn id(&self) -> &'static str {
        "har"
    }

    fn summary(&self) -> &'static str {
        "a HAR 1.2 file"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["har"]
    }

    fn recognises(&self, start: &str) -> bool {
        start.trim_start().starts_with('{') && start.contains("\"log\"")
    }

    fn read(
        &self,
        path: &Path,
        reader: &mut dyn BufRead,
        each: &mut dyn FnMut(Request),
    ) -> Result<usize, Error> {
        read_har(path, reader, each)
    }
}

/// Reads a HAR file, one entry at a time.
fn read_har(
    path: &Path,
    reader: &mut dyn BufRead,
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
    #[serde(default, rename = "startedDateTime")]
    started: Option<String>,
    #[serde(default, rename = "_initiator")]
    initiator: Option<HarInitiator>,
}

#[derive(Deserialize)]
struct HarRequest {
    method: String,
    url: String,
    #[serde(default, rename = "postData")]
    post_data: Option<HarPostData>,
    #[serde(default)]
    cookies: Vec<HarCookie>,
    #[serde(default)]
    headers: Vec<HarHeader>,
}

#[derive(Deserialize)]
struct HarCookie {
    name: String,
    #[serde(default)]
    value: String,
}

#[derive(Deserialize)]
struct HarHeader {
    name: String,
    #[serde(default)]
    value: String,
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
        // The panel's cookie, from the HAR's parsed cookies or else the raw header.
        let consent_rid = self
            .request
            .cookies
            .iter()
            .filter(|c| c.name == consent::COOKIE)
            .find_map(|c| ConsentCookie::parse(&c.value))
            .or_else(|| {
                self.request
                    .headers
                    .iter()
                    .filter(|h| h.name.eq_ignore_ascii_case("cookie"))
                    .find_map(|h| ConsentCookie::from_header(&h.value, consent::COOKIE))
            })
            .map(|c| c.rid);
        let time_ms = self
            .started
            .and_then(|t| t.parse::<jiff::Timestamp>().ok())
            .map(|t| t.as_millisecond());
        Request {
            method: self.request.method,
            url: self.request.url,
            content_type,
            body,
            form_keys,
            initiator,
            entry: 0,
            time_ms,
            consent_rid,
            ..Request::default()
        }
    }
}

/// A URL without its query and fragment.
fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

