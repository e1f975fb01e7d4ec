use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [security, analytics], basis = essential, reason = "不正アクセスの検知に必要なため")]
fn page_view() {}

fn main() {}
