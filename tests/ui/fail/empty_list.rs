use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [], purpose = [analytics])]
fn page_view() {}

fn main() {}
