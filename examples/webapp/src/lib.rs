//! A web application checked against its own notice.
//!
//! - [`router`]: the server. Its page carries the consent panel generated from its notice
//!   (`consent.html`, with the panel's script and stylesheet from [`disclosure::runtime::panel`]),
//!   a measurement tag (Google Analytics) inert until the user consents, and calls the server's
//!   own API. Each save of the user's choices is kept in the consent log; `/api/consent` answers
//!   what the server's gate allows for the user, read from the same cookie the page's script
//!   keeps. The browser test drives it in headless Chromium and `cargo disclosure verify` checks
//!   its HAR with the consent log beside it (`.ci/run`).
//! - [`client::Client`]: a client of the API that reports errors to Sentry, every request passing
//!   the run-time consent gate ([`disclosure::runtime`]) built from the notice this package's build
//!   script generated.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use disclosure::runtime::{COOKIE, ConsentLog, ConsentLogError, Gate, MemoryStore, panel};
pub mod client;

/// The notice, as HTML (Japanese and English).
pub const NOTICE_HTML: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.html"));
/// The notice model, as JSON: what the gate reads each recipient's hosts from.
pub const NOTICE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/notice.json"));
/// The consent panel's fragment (Japanese and English), placed where the page says
/// `<!--#disclosure-consent-->`.
pub const CONSENT_HTML: &str = include_str!(concat!(env!("OUT_DIR"), "/consent.html"));

/// Where the page marks the panel's place.
const PANEL_PLACE: &str = "<!--#disclosure-consent-->";

/// What the server's routes share.
struct App {
    assets: PathBuf,
    log: Arc<dyn ConsentLog>,
    gate: Gate,
}

/// The page's assets bundled with the example.
pub fn bundled_assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

/// The server, serving the page and its scripts from `assets` and keeping each save of the user's
/// choices in `log`.
pub fn router(assets: PathBuf, log: Arc<dyn ConsentLog>) -> Router {
    let gate = Gate::from_notice(NOTICE_JSON, MemoryStore::default())
        .expect("the notice this package's build script generated");
    Router::new()
        .route("/", get(index))
        .route("/notice", get(|| async { Html(NOTICE_HTML) }))
        .route("/api/greeting", get(greeting))
        .route("/api/consent", get(consent_state))
        .route("/disclosure/consent", post(keep_choices))
        .route("/disclosure/{file}", get(panel_file))
        .route("/{file}", get(asset))
        .with_state(Arc::new(App { assets, log, gate }))
}

/// The page, with the panel in its place. It carries the Google Analytics tag, declared where it
/// is (`assets/index.html`).
async fn index(State(app): State<Arc<App>>) -> Response {
    match tokio::fs::read_to_string(app.assets.join("index.html")).await {
        Ok(page) => Html(page.replacen(PANEL_PLACE, CONSENT_HTML, 1)).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The panel's script and stylesheet.
async fn panel_file(UrlPath(file): UrlPath<String>) -> Response {
    match panel::file(&file) {
        Some((body, content_type)) => {
            ([(header::CONTENT_TYPE, content_type)], body).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A save of the user's choices, as the panel posts it: checked and kept in the consent log.
async fn keep_choices(State(app): State<Arc<App>>, body: Bytes) -> StatusCode {
    let log = Arc::clone(&app.log);
    let kept =
        tokio::task::spawn_blocking(move || disclosure::runtime::accept(log.as_ref(), &body)).await;
    match kept {
        Ok(Ok(_)) => StatusCode::NO_CONTENT,
        Ok(Err(ConsentLogError::Invalid(_))) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// What the server's gate allows for this user, by consent unit: read from the cookie the page's
/// script keeps, so the server decides as the page does.
async fn consent_state(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let cookie = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    let choices = app.gate.cookie_consent(cookie, COOKIE);
    let state: serde_json::Map<String, serde_json::Value> = app
        .gate
        .units()
        .iter()
        .map(|u| (u.id.clone(), choices.allowed(&u.id).into()))
        .collect();
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::Value::Object(state).to_string(),
    )
        .into_response()
}

async fn asset(State(app): State<Arc<App>>, UrlPath(file): UrlPath<String>) -> Response {
    serve(&app.assets, &file).await
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
