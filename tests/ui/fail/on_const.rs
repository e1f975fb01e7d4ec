use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics])]
const ENDPOINT: &str = "https://www.google-analytics.com/g/collect";

fn main() {}
