//! Every type shape `#[derive(Disclose)]` accepts, and the constant it produces.

use disclosure::{Disclose, Disclosure};
use serde::Serialize;

/// A fragment: no container attribute, only ever sent inside another type.
#[derive(Clone, Disclose, Serialize)]
struct Device {
    #[disclose(data = [os_type, device_type])]
    os: String,
}

#[derive(Disclose, Serialize)]
#[disclose(provider = "google-analytics", purpose = [analytics, service_improvement], mechanism = tag)]
struct PageView<'a> {
    #[disclose(data = page_url)]
    url: &'a str,
    #[disclose(data = [referrer, page_url])]
    referrer: Option<String>,
    #[disclose(nested)]
    device: Option<Box<Device>>,
    #[disclose(skip = "picks the endpoint; never sent")]
    #[serde(skip)]
    region: u8,
    #[serde(skip_serializing)]
    cache: Vec<u8>,
    #[serde(rename = "r#type", skip)]
    r#type: u8,
}

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct Tuple(#[disclose(data = usage_history)] String, #[disclose(skip = "local only")] u64);

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct Unit;

#[derive(Disclose)]
#[disclose(provider = "google-analytics", purpose = analytics)]
struct Generic<T, const N: usize>
where
    T: Clone,
{
    #[disclose(nested)]
    inner: T,
    #[disclose(data = usage_history)]
    counts: [u32; N],
}

#[derive(Disclose)]
#[disclose(provider = "d-account", purpose = [login_authentication], when = "logged-in")]
enum Login {
    Started,
    Finished { #[disclose(data = login_provider_id)] id: String },
    Failed(#[disclose(skip = "only shown to the user")] String),
    Device(#[disclose(nested)] Vec<Device>),
}

fn main() {
    const PAGE_VIEW: Disclosure = <PageView<'static> as Disclose>::DISCLOSURE;
    assert_eq!(PAGE_VIEW.provider, Some("google-analytics"));
    assert_eq!(PAGE_VIEW.data, ["page_url", "referrer"]);
    assert_eq!(PAGE_VIEW.purposes, ["analytics", "service_improvement"]);
    assert!(PAGE_VIEW.sends("os_type"));
    assert!(!PAGE_VIEW.sends("email_address"));

    assert_eq!(Device::DISCLOSURE.provider, None);
    assert_eq!(Tuple::DISCLOSURE.data, ["usage_history"]);
    assert_eq!(Unit::DISCLOSURE.data, [] as [&str; 0]);
    assert!(Generic::<Device, 2>::DISCLOSURE.sends("device_type"));
    assert_eq!(Login::DISCLOSURE.when, ["logged-in"]);
    assert!(Login::DISCLOSURE.sends("login_provider_id") && Login::DISCLOSURE.sends("os_type"));

    let view = PageView {
        url: "/",
        referrer: None,
        device: None,
        region: 0,
        cache: Vec::new(),
        r#type: 0,
    };
    let _ = (view.url, view.referrer, view.device.map(|d| d.os), view.region, view.cache, view.r#type);
    let Tuple(event, n) = Tuple("e".into(), 1);
    let _ = (event, n, Unit);
    let g = Generic::<Device, 1> { inner: Device { os: "ios".into() }, counts: [1] };
    let _ = (g.inner.os, g.counts);
    for login in [Login::Started, Login::Finished { id: "x".into() }, Login::Failed("e".into()), Login::Device(vec![])] {
        match login {
            Login::Finished { id } => drop(id),
            Login::Failed(e) => drop(e),
            Login::Device(d) => drop(d),
            Login::Started => {}
        }
    }
}
