//! Every function shape `#[disclose(...)]` accepts; each compiles and runs unchanged.

use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics])]
fn free_function(url: &str) -> usize {
    url.len()
}

/// Existing docs stay; the "Transmits" section follows them.
#[disclose(provider = "google-analytics", data = page_url, purpose = analytics, mechanism = tag)]
pub fn public_with_docs() {}

#[disclose(provider = "google-analytics", data = [usage_history], purpose = [analytics])]
pub(crate) async fn asynchronous(event: String) -> String {
    event
}

#[disclose(provider = "google-analytics", data = [usage_history], purpose = [analytics])]
fn generic<T: AsRef<str>>(event: T) -> usize
where
    T: Clone,
{
    event.as_ref().len()
}

#[disclose(provider = "google-analytics", data = [usage_history], purpose = [analytics])]
const fn constant(n: u32) -> u32 {
    n + 1
}

#[disclose(provider = "google-analytics", data = [usage_history], purpose = [analytics])]
unsafe fn unsafe_function(p: *const u8) -> u8 {
    unsafe { *p }
}

struct Client {
    sent: u32,
}

impl Client {
    #[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics])]
    fn new() -> Self {
        Client { sent: 0 }
    }

    #[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics])]
    fn send(&mut self) -> u32 {
        self.sent += 1;
        self.sent
    }

    #[disclose(
        provider = "d-account",
        data = [login_provider_id],
        purpose = [login_authentication],
        when = "logged-in",
        mechanism = server_api,
    )]
    async fn login(&self) -> u32 {
        self.sent
    }
}

trait Transport {
    #[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics])]
    fn declared(&self) -> u32;

    #[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics])]
    fn with_default(&self) -> u32 {
        7
    }
}

impl Transport for Client {
    #[disclose(provider = "google-analytics", data = [page_url], purpose = [analytics])]
    fn declared(&self) -> u32 {
        self.sent
    }
}

#[disclosure::disclose(provider = "google-analytics", data = [referrer], purpose = [analytics])]
fn path_qualified() -> u8 {
    #[disclose(provider = "google-analytics", data = [referrer], purpose = [analytics])]
    fn nested_inside() -> u8 {
        3
    }
    nested_inside()
}

fn main() {
    assert_eq!(free_function("abc"), 3);
    public_with_docs();
    let _future = asynchronous("e".into());
    assert_eq!(generic("abcd"), 4);
    assert_eq!(constant(1), 2);
    assert_eq!(unsafe { unsafe_function(&9) }, 9);
    let mut client = Client::new();
    assert_eq!(client.send(), 1);
    let _future = client.login();
    assert_eq!(client.declared(), 1);
    assert_eq!(client.with_default(), 7);
    assert_eq!(path_qualified(), 3);
}
