//! A small service modelled on DOOR: it measures page views and in-app events with Google
//! Analytics and lets users log in with d ACCOUNT or XMarket. Each function that sends user
//! information away from the device says so with `#[disclose(...)]`; `cargo disclosure generate`
//! turns the annotations into the published notice (see `notice.ja.md`).

mod analytics;
mod login;

fn main() {
    let page = analytics::PageView {
        url: "https://door.example/rooms/42".into(),
        referrer: Some("https://door.example/".into()),
    };
    analytics::track_page_view(&page);
    analytics::track_event("enter_room");
    for provider in [login::Login::DAccount, login::Login::XMarket] {
        let session = provider.authenticate("token");
        println!("logged in as {session}");
    }
}
