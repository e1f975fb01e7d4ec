//! A web application checked against its own notice.
//!
//! - [`router`]: the server. Its page carries a measurement tag (Google Analytics) and calls the
//!   server's own API; `.ci/run` loads it in headless Chromium, records the requests as a HAR and
//!   runs `cargo disclosure verify` on it.
//! - [`client::Client`]: a client of the API that reports errors to Sentry, every request passing
//!   the run-time consent gate ([`disclosure::runtime`]) built from the notice this package's build
//!   script generated.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
pub mod client;

/// The notice, as HTML (Japanese and English).
pub const NOTICE_HTML: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.html"));
/// The notice model, as JSON: what the gate reads each recipient's hosts from.
pub const NOTICE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.json"));

/// The page's assets bundled with the example.
pub fn bundled_assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

/// The server, serving the page and its scripts from `assets`.
pub fn router(assets: PathBuf) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/notice", get(|| async { Html(NOTICE_HTML) }))
        .route("/api/greeting", get(greeting))
        .route("/{file}", get(asset))
        .with_state(Arc::new(assets))
}

/// The page: it carries the Google Analytics tag, declared where it is (`assets/index.html`).
async fn index(State(assets): State<Arc<PathBuf>>) -> Response {
    serve(&assets, "index.html").await
}

async fn asset(State(assets): State<Arc<PathBuf>>, UrlPath(file): UrlPath<String>) -> Response {
    serve(&assets, &file).await
}

async fn greeting() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"greeting": "こんにちは"}"#,
    )
}

/// A file of `assets` by its plain name (no directories, no hidden files).
async fn serve(assets: &Path, file: &str) -> Response {
    let plain = !file.starts_with('.')
        && file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    let content_type = match file.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
    match plain {
        true => match tokio::fs::read(assets.join(file)).await {
            Ok(body) => ([(header::CONTENT_TYPE, content_type)], body).into_response(),
            Err(_) => StatusCode::NOT_FOUND.into_response(),
        },
        false => StatusCode::NOT_FOUND.into_response(),
    }
}
