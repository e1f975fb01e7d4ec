//! Login through external identity providers.

use disclosure::disclose;

/// The identity providers a user can log in with.
#[derive(Clone, Copy, Debug)]
pub enum Login {
    DAccount,
    XMarket,
}

impl Login {
    /// Authenticates the user with the chosen provider and returns the session name.
    pub fn authenticate(&self, token: &str) -> String {
        match self {
            Login::DAccount => d_account_login(token),
            Login::XMarket => xmarket_login(token),
        }
    }
}

#[disclose(
    provider = "d-account",
    data = [docomo_id],
    purpose = [login_authentication, event_participant_authentication],
    when = "d-account-login",
)]
fn d_account_login(token: &str) -> String {
    format!("d-account:{}", token.len())
}

#[disclose(
    provider = "xmarket",
    data = [xmarket_id],
    purpose = [login_authentication, event_participant_authentication],
    when = "xmarket-login",
)]
fn xmarket_login(token: &str) -> String {
    format!("xmarket:{}", token.len())
}
