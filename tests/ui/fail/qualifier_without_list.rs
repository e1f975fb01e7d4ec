use disclosure::disclose;

#[disclose(provider = "google-analytics", data = page_url(path_only), purpose = [analytics])]
fn page_view() {}

fn main() {}
