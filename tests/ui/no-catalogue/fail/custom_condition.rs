use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics], when = "logged-in")]
fn page_view() {}

fn main() {}
