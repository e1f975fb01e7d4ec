use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address], purpose = [security], basis = essential, reason = "不正アクセスの検知に必要なため", opt_out = "usage-setting")]
fn guard() {}

fn main() {}
