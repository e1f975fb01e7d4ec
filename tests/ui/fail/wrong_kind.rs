use disclosure::disclose;

#[disclose(provider = google_analytics, data = [ip_address], purpose = [analytics])]
fn page_view() {}

fn main() {}
