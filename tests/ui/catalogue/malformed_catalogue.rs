use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics])]
fn page_view() {}

fn main() {}
