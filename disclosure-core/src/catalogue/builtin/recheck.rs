//! Keeping the built-in catalogue true over time: which facts were checked longer ago than a given
//! number of days ([`stale`]), and whether each quote is still on its page ([`recheck`]). Fetching
//! is behind the [`Fetch`] trait: the command line fetches over https; tests serve pages from the
//! loopback address, so no test ever reaches the internet.

use std::collections::BTreeMap;

use serde::Serialize;

use super::providers::{BuiltinEntry, FactRecord};
use crate::catalogue::Evidence;
use crate::foundation::date::Date;

/// One fact whose check is older than the limit.
#[derive(Clone, Debug, Serialize)]
pub struct StaleFact {
    /// The provider id.
    pub provider: String,
    /// The fact.
    pub fact: String,
    /// The oldest check of its evidence.
    pub checked: Date,
    /// Days since.
    pub days: i64,
    /// The page.
    pub url: String,
}

/// Every fact of `entries` whose evidence was checked more than `days` before `today` (each fact
/// once, with its oldest check). Unverified facts have no check and are not listed here.
pub fn stale(entries: &[BuiltinEntry], days: i64, today: Date) -> Vec<StaleFact> {
    let mut out = Vec::new();
    for e in entries {
        for f in e.facts() {
            let Some(oldest) = f.evidence.iter().min_by_key(|ev| ev.checked) else {
                continue;
            };
            let age = oldest.checked.days_until(today);
            if age > days {
                out.push(StaleFact {
                    provider: e.id.clone(),
                    fact: f.fact.clone(),
                    checked: oldest.checked,
                    days: age,
                    url: oldest.url.clone(),
                });
            }
        }
    }
    out
}

/// Fetches a page's text.
pub trait Fetch {
    /// The body of the page at `url`, or why it could not be fetched.
    fn fetch(&self, url: &str) -> Result<String, String>;
}

/// What became of one quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// The page still has the sentence.
    Found,
    /// The page no longer has it: the fact must be checked again.
    Missing,
    /// The page could not be fetched.
    Unreachable {
        /// Why.
        reason: String,
    },
}

/// One quote, re-checked.
#[derive(Clone, Debug, Serialize)]
pub struct Rechecked {
    /// The provider id.
    pub provider: String,
    /// The fact.
    pub fact: String,
    /// The page.
    pub url: String,
    /// The quote.
    pub quote: String,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Fetches each source of `entries` (of the provider `only`, when given) once and says, for each
/// quote, whether the page still has it. Markup, character references and white space are ignored
/// on both sides, so a page that only reflowed its text still matches.
pub fn recheck(entries: &[BuiltinEntry], only: Option<&str>, fetch: &dyn Fetch) -> Vec<Rechecked> {
    recheck_with_progress(entries, only, fetch, &mut |_, _, _| {})
}

/// [`recheck`], telling `progress` after each quote how many are done, of how many, and whose
/// (for a progress bar on a terminal).
pub fn recheck_with_progress(
    entries: &[BuiltinEntry],
    only: Option<&str>,
    fetch: &dyn Fetch,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Vec<Rechecked> {
    let mut pages: BTreeMap<String, Result<String, String>> = BTreeMap::new();
    let mut out = Vec::new();
    let selected = || entries.iter().filter(|e| only.is_none_or(|id| e.id == id));
    let total: usize = selected()
        .flat_map(|e| e.facts())
        .map(|f| f.evidence.len())
        .sum();
    for e in selected() {
        for FactRecord { fact, evidence, .. } in e.facts() {
            for Evidence { url, quote, .. } in evidence {
                progress(out.len(), total, &e.id);
                let page = pages
                    .entry(url.clone())
                    .or_insert_with(|| fetch.fetch(&url).map(|body| normalise(&text_of(&body))));
                let outcome = match page {
                    Err(reason) => Outcome::Unreachable {
                        reason: reason.clone(),
                    },
                    Ok(text) if text.contains(&normalise(&quote)) => Outcome::Found,
                    Ok(_) => Outcome::Missing,
                };
                out.push(Rechecked {
                    provider: e.id.clone(),
                    fact: fact.clone(),
                    url,
                    quote,
                    outcome,
                });
            }
        }
    }
    progress(out.len(), total, "");
    out
}

/// `source` (a provider file) with `checked` set to `date` on every evidence line that cites
/// `url` and quotes `quote`, as the file writes them (one inline table per line); the number of
/// lines changed comes back with it.
pub fn with_checked(source: &str, url: &str, quote: &str, date: &str) -> (String, usize) {
    let url_key = format!("url = {}", basic_string(url));
    let quote_key = format!("quote = {}", basic_string(quote));
    let mut changed = 0;
    let lines: Vec<String> = source
        .split_inclusive('\n')
        .map(|line| {
            if !(line.contains(&url_key) && line.contains(&quote_key)) {
                return line.to_string();
            }
            let Some(at) = line.find("checked = ") else {
                return line.to_string();
            };
            let value = at + "checked = ".len();
            let old = line.get(value..value + 10).unwrap_or_default();
            let is_date = old.len() == 10
                && old.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            if !is_date || old == date {
                return line.to_string();
            }
            changed += 1;
            format!("{}{date}{}", &line[..value], &line[value + 10..])
        })
        .collect();
    (lines.concat(), changed)
}

/// `text` as a TOML basic string, as the provider files write strings.
fn basic_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text of an HTML (or plain) page: tags dropped, the common character references decoded.
fn text_of(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text without white space: markup that splits a sentence (`a <b>word</b>`), a reflowed
/// paragraph and a page's indentation all compare equal.
fn normalise(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod checked_tests {
    use super::with_checked;

    #[test]
    fn only_the_confirmed_quote_gets_the_new_date() {
        let source = "[role]\nvalue = \"processor\"\nevidence = [\n  { url = \"https://a.example/dpa\", quote = \"We act as a \\\"processor\\\".\", checked = 2026-01-01, document_date = 2025-06-01, date_kind = \"effective\" },\n  { url = \"https://a.example/dpa\", quote = \"Other.\", checked = 2026-01-01, document_date = 2025-06-01, date_kind = \"effective\" },\n]\n";
        let (out, n) = with_checked(
            source,
            "https://a.example/dpa",
            "We act as a \"processor\".",
            "2026-12-07",
        );
        assert_eq!(n, 1);
        assert!(
            out.contains("processor\\\".\", checked = 2026-12-07, document_date = 2025-06-01"),
            "{out}"
        );
        assert!(out.contains("\"Other.\", checked = 2026-01-01"), "{out}");
        let (same, n) = with_checked(
            &out,
            "https://a.example/dpa",
            "We act as a \"processor\".",
            "2026-12-07",
        );
        assert_eq!((same, n), (out, 0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = r#"
service = "Example"
category = "analytics"
mechanism = "tag"
sites = ["example.com"]

[role]
value = "processor"
evidence = [{ url = "https://example.com/dpa", quote = "We act as a processor.", checked = 2026-01-01, document_date = 2025-06-01, date_kind = "effective" }]

[customer_data]
value = "https://example.com/dpa"
evidence = [{ url = "https://example.com/terms", quote = "Customer Data is yours.", checked = 2026-11-01, document_date = 2026-11-01, date_kind = "seen" }]
"#;

    fn entries() -> Vec<BuiltinEntry> {
        let path = std::path::Path::new("data/providers/example.toml");
        vec![BuiltinEntry::parse("example", path, ENTRY).unwrap()]
    }

    #[test]
    fn facts_checked_longer_ago_than_the_limit_are_stale() {
        let today = Date::parse("2026-11-23").unwrap();
        let stale = stale(&entries(), 90, today);
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].fact, "role");
        assert_eq!(stale[0].days, 326);
    }

    struct Pages;

    impl Fetch for Pages {
        fn fetch(&self, url: &str) -> Result<String, String> {
            match url {
                "https://example.com/dpa" => Ok("<p>We act as a\n  <b>processor</b>.</p>".into()),
                "https://example.com/terms" => Ok("<p>Nothing here.</p>".into()),
                _ => Err("404".into()),
            }
        }
    }

    #[test]
    fn a_quote_is_found_through_markup_and_reflowed_text_or_reported_missing() {
        let results = recheck(&entries(), None, &Pages);
        let outcome = |fact: &str| {
            results
                .iter()
                .find(|r| r.fact == fact)
                .unwrap()
                .outcome
                .clone()
        };
        assert_eq!(outcome("role"), Outcome::Found);
        assert_eq!(outcome("customer_data"), Outcome::Missing);
        assert!(recheck(&entries(), Some("other"), &Pages).is_empty());
    }
}
