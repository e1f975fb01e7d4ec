//! The gate as a `reqwest-middleware` middleware: a request the gate refuses is never sent; the
//! client gets [`Blocked`](super::Blocked) as a middleware error. Bodies given as bytes are recorded
//! when the gate records.
//!
//! reqwest follows redirects inside the client, below any middleware, so the middleware sees only
//! the first request: build the client with [`redirect_policy`] so that the gate decides every
//! hop too, and a redirect to a provider the user opted out of is never followed.

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

/// A redirect policy that asks `gate` before following each redirect (at most ten): a hop the
/// gate refuses ends the request with [`Blocked`](super::Blocked) as the redirect's error, and is
/// recorded like any request when the gate records. Give it to the client the middleware wraps:
///
/// ```ignore
/// let http = reqwest::Client::builder()
///     .redirect(disclosure::runtime::reqwest::redirect_policy(Arc::clone(&gate)))
///     .build()?;
/// let client = reqwest_middleware::ClientBuilder::new(http)
///     .with(GateMiddleware::new(gate))
///     .build();
/// ```
pub fn redirect_policy(gate: Arc<Gate>) -> ::reqwest::redirect::Policy {
    ::reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 10 {
            return attempt.error("disclosure: more than ten redirects");
        }
        // The method of the hop is not known here (a 303 turns a POST into a GET); the decision
        // depends on the host alone.
        match gate.guard("GET", attempt.url().as_str(), None) {
            Ok(()) => attempt.follow(),
            Err(blocked) => attempt.error(blocked),
        }
    })
}
