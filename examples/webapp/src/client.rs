//! A client of the application's API that reports its errors to Sentry. Every request passes the
//! consent gate: a request to a provider the user opted out of is never sent, and a recording
//! gate writes what was sent for `cargo disclosure verify`.

use std::sync::Arc;

use disclosure::disclose;
use disclosure::runtime::Gate;
use disclosure::runtime::reqwest::GateMiddleware;
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};

/// The client.
#[derive(Debug)]
pub struct Client {
    http: ClientWithMiddleware,
    api: String,
    errors: String,
}

/// What went wrong: the gate refused the request, or it failed.
pub type Error = reqwest_middleware::Error;

impl Client {
    /// A client of the API at `api` reporting errors to the Sentry ingest host `errors`
    /// (`https://o0.ingest.sentry.io`), through `gate`.
    pub fn new(http: reqwest::Client, gate: Arc<Gate>, api: &str, errors: &str) -> Client {
        Client {
            http: ClientBuilder::new(http)
                .with(GateMiddleware::new(gate))
                .build(),
            api: api.trim_end_matches('/').to_string(),
            errors: errors.trim_end_matches('/').to_string(),
        }
    }

    /// The API's greeting.
    pub async fn greeting(&self) -> Result<String, Error> {
        let url = format!("{}/api/greeting", self.api);
        Ok(self.http.get(url).send().await?.text().await?)
    }

    /// Reports an error: what happened, the application's release and the kind of OS.
    #[disclose(
        provider = "sentry",
        data = [error_log, app_version, os_type, os_info],
        purpose = [error_monitoring],
        opt_out = "error-reports",
        keys = {
            "message" = error_log,
            "release" = app_version,
            "contexts.os.name" = os_type,
            "platform" = none,
        },
    )]
    pub async fn report_error(&self, message: &str) -> Result<(), Error> {
        let event = serde_json::json!({
            "message": message,
            "release": concat!("webapp@", env!("CARGO_PKG_VERSION")),
            "platform": "native",
            "contexts": { "os": { "name": std::env::consts::OS } },
        });
        self.http
            .post(format!("{}/api/1/store/", self.errors))
            .header("content-type", "application/json")
            .body(event.to_string())
            .send()
            .await?;
        Ok(())
    }
}
