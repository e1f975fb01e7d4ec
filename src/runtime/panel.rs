//! The consent panel's script and stylesheet, to serve beside the fragment `cargo disclosure
//! generate --format consent` writes (docs/consent-markup.md). Both are static files, the same for
//! every notice: plain ES2017 and CSS, no dependency, no request to anything but the page's own
//! origin, working under `default-src 'self'; script-src 'self'; style-src 'self'`.
//!
//! ```
//! use disclosure::runtime::panel;
//!
//! // The page links them by these names, under any path the server chooses.
//! assert_eq!(panel::SCRIPT_NAME, "disclosure-consent.js");
//! assert!(panel::SCRIPT.contains("disclosure_consent"));
//! assert!(panel::STYLESHEET.contains(".dc-banner"));
//! ```

/// The script's file name.
pub const SCRIPT_NAME: &str = "disclosure-consent.js";
/// The script: shows the banner, runs the settings dialog, keeps the choices in the cookie,
/// activates the page's inert tags as they allow, and posts each save to `[notice] consent_log`.
pub const SCRIPT: &str = include_str!("assets/disclosure-consent.js");
/// The stylesheet's file name.
pub const STYLESHEET_NAME: &str = "disclosure-consent.css";
/// The stylesheet.
pub const STYLESHEET: &str = include_str!("assets/disclosure-consent.css");

/// The file of the two named `name` (its content and its `Content-Type`), for a server's route.
pub fn file(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        SCRIPT_NAME => Some((SCRIPT, "text/javascript; charset=utf-8")),
        STYLESHEET_NAME => Some((STYLESHEET, "text/css; charset=utf-8")),
        _ => None,
    }
}
