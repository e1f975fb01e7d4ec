use disclosure::disclose;

#[disclose(provider = "google-analytic", data = [ip_address], purpose = [analytics])]
fn page_view() {}

fn main() {}
