//! The gate as a `reqwest-middleware` middleware: a request the gate refuses is never sent; the
//! client gets [`Blocked`](super::Blocked) as a middleware error. Bodies given as bytes are recorded
//! when the gate records.

use std::sync::Arc;

use super::Gate;

/// The middleware.
#[derive(Clone, Debug)]
pub struct GateMiddleware {
    gate: Arc<Gate>,
}

impl GateMiddleware {
    /// A middleware over `gate`.
    pub fn new(gate: Arc<Gate>) -> GateMiddleware {
        GateMiddleware { gate }
    }
}

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for GateMiddleware {
    async fn handle(
        &self,
        request: ::reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<::reqwest::Response> {
        let content_type = request
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_string();
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let checked = self.gate.guard(
            request.method().as_str(),
            request.url().as_str(),
            body.as_deref().map(|b| (content_type.as_str(), b)),
        );
        match checked {
            Ok(()) => next.run(request, extensions).await,
            Err(blocked) => Err(reqwest_middleware::Error::middleware(blocked)),
        }
    }
}
