use std::collections::HashMap;

use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [page_url, browser_type], purpose = [analytics], keys = { "url" = page_url })]
fn page_view(url: &str, browser: &str) -> usize {
    let mut props = HashMap::new();
    props.insert("url", url);
    props.insert("browser", browser);
    props.len()
}

fn main() {
    page_view("/", "firefox");
}
