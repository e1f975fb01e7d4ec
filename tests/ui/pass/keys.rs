//! Functions whose property keys are all mapped, or explained.

use std::collections::{BTreeMap, HashMap};

use disclosure::disclose;

/// Stands in for `serde_json::json!`: the macro reads the object's keys either way.
macro_rules! json {
    ($($tokens:tt)*) => {
        0usize
    };
}

struct Event {
    props: Vec<(String, String)>,
}

impl Event {
    fn property(mut self, key: &str, value: &str) -> Self {
        self.props.push((key.into(), value.into()));
        self
    }

    fn set_tag_opt(mut self, key: &str, value: Option<&str>) -> Self {
        if let Some(value) = value {
            self.props.push((key.into(), value.into()));
        }
        self
    }
}

/// A free key builder, as telemetry crates write them.
fn attr(key: &str, value: &str) -> (String, String) {
    (key.into(), value.into())
}

#[disclose(
    provider = "google-analytics",
    data = [page_url, os_type],
    purpose = [analytics],
    keys = { "url" = page_url, "name" = os_type, "v" = none },
)]
fn mapped(url: &str) -> usize {
    let mut props = HashMap::new();
    props.insert("url".to_string(), url.to_string());
    let built = Event { props: Vec::new() }.property("v", "2");
    let body = json!({ "v": 2, "device": { "os": { "name": std::env::consts::OS } } });
    let pairs = BTreeMap::from([("url", url)]);
    props.len() + built.props.len() + body + pairs.len()
}

#[disclose(
    provider = "google-analytics",
    data = [page_url],
    purpose = [analytics],
    dynamic_keys = "the keys are the names of the form's fields, each a page URL",
)]
fn dynamic(fields: &[(String, String)]) -> usize {
    let mut props = BTreeMap::new();
    for (name, value) in fields {
        props.insert(name.clone(), value.clone());
    }
    props.len()
}

#[disclose(
    provider = "google-analytics",
    data = [page_url, referrer, os_type],
    purpose = [analytics],
    keys = { "ref" = referrer, "url" = page_url, "os" = os_type, "lang" = none },
)]
fn every_form(url: &str, referrer: Option<&str>) -> usize {
    let event = Event { props: Vec::new() }.set_tag_opt("ref", referrer);
    let url = attr("url", url);
    let more: Vec<(&str, &str)> = vec![("os", std::env::consts::OS)];
    let lang: HashMap<&str, &str> = [("lang", "ja")].into();
    event.props.len() + url.0.len() + more.len() + lang.len()
}

fn main() {
    assert_eq!(mapped("/"), 3);
    assert_eq!(dynamic(&[("a".into(), "/".into())]), 1);
}
