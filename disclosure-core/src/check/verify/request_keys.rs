//! The keys a request carries, and where: the URL's query, a form body (one hit per line, as
//! Google Analytics batches them), the form fields a HAR lists, and the paths of a JSON body
//! (`events[].params.page_location`). Values are never kept.

use super::capture::Request;
use std::collections::HashSet;

use super::request_url::{RequestUrl, form_keys};
use crate::foundation::vocab::Place;

/// The most keys read from one request; a request with more is reported (`Finding::TooManyKeys`),
/// and reading it stays linear in its size.
pub const MAX_KEYS: usize = 1_000;

/// Every (place, key) of `request`, each once.
pub fn keys(url: &RequestUrl, request: &Request) -> Vec<(Place, String)> {
    let mut out: Vec<(Place, String)> = Vec::new();
    let mut seen: HashSet<(Place, String)> = HashSet::new();
    let mut add = |place: Place, key: String, out: &mut Vec<(Place, String)>| {
        if out.len() < MAX_KEYS && seen.insert((place, key.clone())) {
            out.push((place, key));
        }
    };
    for k in form_keys(&url.query) {
        add(Place::Query, k, &mut out);
    }
    for k in &request.form_keys {
        add(Place::Form, k.clone(), &mut out);
    }
    if let Some(body) = &request.body {
        let trimmed = body.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            // One JSON value, or one per line (an envelope of Sentry's, a batch of JSON lines).
            let values: Vec<serde_json::Value> = match serde_json::from_str(body) {
                Ok(value) => vec![value],
                Err(_) => body
                    .lines()
                    .filter_map(|line| serde_json::from_str(line).ok())
                    .collect(),
            };
            let mut paths = Vec::new();
            for value in &values {
                json_paths(value, String::new(), &mut paths);
            }
            for p in paths {
                add(Place::Json, p, &mut out);
            }
        } else if body.contains('=') {
            for line in body.lines() {
                for k in form_keys(line) {
                    add(Place::Form, k, &mut out);
                }
            }
        }
    }
    out
}

/// Every path of `value`: object keys joined by `.`, an array's elements as `[]` (the elements of
/// a top-level array as roots).
fn json_paths(value: &serde_json::Value, prefix: String, out: &mut Vec<String>) {
    if out.len() >= MAX_KEYS {
        return;
    }
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.push(path.clone());
                json_paths(v, path, out);
            }
        }
        serde_json::Value::Array(items) => {
            // A batch at the top level: each element is a request of its own.
            let path = if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}[]")
            };
            for v in items {
                json_paths(v, path.clone(), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str) -> Request {
        Request {
            method: "POST".into(),
            url: "https://a.example/c?v=2&tid=G-1".into(),
            body: Some(body.into()),
            ..Request::default()
        }
    }

    #[test]
    fn query_form_lines_and_json_paths() {
        let r = request("en=page_view&ep.plan=x\nen=scroll&epn.depth=3");
        let url = RequestUrl::parse(&r.url).unwrap();
        let k = keys(&url, &r);
        assert!(k.contains(&(Place::Query, "tid".into())));
        assert!(k.contains(&(Place::Form, "ep.plan".into())));
        assert!(k.contains(&(Place::Form, "epn.depth".into())));
        let r = request(
            r#"{"events": [{"name": "a", "params": {"page_location": "https://x"}}], "user_id": "u"}"#,
        );
        let k = keys(&url, &r);
        assert!(k.contains(&(Place::Json, "events[].params.page_location".into())));
        assert!(k.contains(&(Place::Json, "user_id".into())));
        let r = request(r#"[{"event": "x", "properties": {"$current_url": "u"}}]"#);
        let k = keys(&url, &r);
        assert!(
            k.contains(&(Place::Json, "properties.$current_url".into())),
            "{k:?}"
        );
        let r =
            request("{\"event_id\":\"e\"}\n{\"type\":\"event\"}\n{\"user\":{\"email\":\"a@b\"}}\n");
        let k = keys(&url, &r);
        assert!(
            k.contains(&(Place::Json, "user.email".into())),
            "an envelope's lines: {k:?}"
        );
    }
}
