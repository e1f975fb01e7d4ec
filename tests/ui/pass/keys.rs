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

fn main() {
    assert_eq!(mapped("/"), 3);
    assert_eq!(dynamic(&[("a".into(), "/".into())]), 1);
}
