use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], data = [page_url], purpose = [analytics])]
fn page_view() {}

fn main() {}
