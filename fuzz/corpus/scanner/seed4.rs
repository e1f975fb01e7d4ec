//! Runs the DOOR example once: a page view, an event, and both logins.

use door_example::analytics::{self, AppEvent, Device, PageView};
use door_example::login;

fn main() {
    let consented = ["google-analytics"];
    let view = PageView {
        url: "https://door.example/rooms/42".into(),
        referrer: Some("https://door.example/".into()),
        device: Device {
            kind: "smartphone".into(),
            os: "Android".into(),
            browser: "Chrome".into(),
            language: "ja".into(),
        },
    };
    let event = AppEvent {
        name: "enter_room".into(),
        sequence: 1,
    };
    for payload in [
        analytics::send(&view, &consented),
        analytics::send(&event, &consented),
    ]
    .into_iter()
    .flatten()
    {
        println!("sent {payload}");
    }
    for provider in [login::Login::DAccount, login::Login::XMarket] {
        let session = provider.authenticate("token");
        println!("logged in as {session}");
    }
}
