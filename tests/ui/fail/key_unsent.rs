use std::collections::HashMap;

use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [page_url, referrer], purpose = [analytics], keys = { "url" = page_url, "ref" = referrer })]
fn page_view(url: &str) -> usize {
    let mut props = HashMap::new();
    props.insert("url", url);
    props.len()
}

fn main() {}
