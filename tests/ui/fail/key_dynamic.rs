use std::collections::BTreeMap;

use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics], keys = { "url" = page_url })]
fn page_view(fields: &[(String, String)]) -> usize {
    let mut props = BTreeMap::new();
    for (name, value) in fields {
        props.insert(name.clone(), value.clone());
    }
    props.len()
}

fn main() {
    page_view(&[]);
}
