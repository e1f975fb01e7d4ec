use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [email_address(hashd)], purpose = [analytics])]
fn sign_up() {}

fn main() {}
