use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_adress], purpose = [analytics])]
fn page_view() {}

fn main() {}
