use disclosure::disclose;

#[disclose(provider = "d-account", data = [login_provider_id], purpose = [login_authentication], when = "loged-in")]
fn login() {}

fn main() {}
