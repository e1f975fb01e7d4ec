//! A small service modelled on DOOR: it measures page views and in-app events with Google
//! Analytics and lets users log in with d ACCOUNT or XMarket. Each function that sends user
//! information away from the device, and each event type it sends, says so; `cargo disclosure
//! generate` turns the annotations into the published notice (see `notice.ja.md`).

pub mod analytics;
pub mod login;
