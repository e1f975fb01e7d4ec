use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], purpse = [analytics])]
fn page_view() {}

fn main() {}
