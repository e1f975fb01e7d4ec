use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [analytics])]
static ENDPOINT: &str = "https://www.google-analytics.com/g/collect";

fn main() {}
