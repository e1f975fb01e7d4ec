//! The gate as a `tower` layer, for clients and servers built on `tower::Service` over
//! `http::Request` (hyper, axum's HTTP clients, tonic): a request the gate refuses never reaches the
//! inner service; it fails with [`Blocked`](super::Blocked). For servers, [`ConsentLayer`] gives
//! each incoming request the gate of the user who sent it, from the consent panel's cookie.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::Gate;

/// The error of a gated service: the inner service's, or [`Blocked`](super::Blocked).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Wraps a service with the gate.
#[derive(Clone, Debug)]
pub struct GateLayer {
    gate: Arc<Gate>,
}

impl GateLayer {
    /// A layer over `gate`.
    pub fn new(gate: Arc<Gate>) -> GateLayer {
        GateLayer { gate }
    }
}

impl<S> tower::Layer<S> for GateLayer {
    type Service = GateService<S>;

    fn layer(&self, inner: S) -> GateService<S> {
        GateService {
            inner,
            gate: Arc::clone(&self.gate),
        }
    }
}

/// A service whose requests pass the gate first.
#[derive(Clone, Debug)]
pub struct GateService<S> {
    inner: S,
    gate: Arc<Gate>,
}

impl<S, B> tower::Service<http::Request<B>> for GateService<S>
where
    S: tower::Service<http::Request<B>>,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let url = request.uri().to_string();
        match self.gate.guard(request.method().as_str(), &url, None) {
            Ok(()) => {
                let future = self.inner.call(request);
                Box::pin(async move { future.await.map_err(Into::into) })
            }
            Err(blocked) => Box::pin(async move { Err(Box::new(blocked) as BoxError) }),
        }
    }
}

/// For servers: gives each request the gate of the user who sent it ([`Gate::for_request`]: the
/// choices the consent panel stored in its cookie), as the extension [`UserGate`], for handlers
/// that send on the user's behalf (axum: `Extension<UserGate>`). The server then decides as the
/// page's script does.
#[derive(Clone, Debug)]
pub struct ConsentLayer {
    gate: Arc<Gate>,
}

impl ConsentLayer {
    /// A layer over `gate` (the notice's gate; each request gets it with its user's choices).
    pub fn new(gate: Arc<Gate>) -> ConsentLayer {
        ConsentLayer { gate }
    }
}

/// The gate of the user who sent a request, with the choices from its consent cookie.
#[derive(Clone, Debug)]
pub struct UserGate(pub Gate);

impl<S> tower::Layer<S> for ConsentLayer {
    type Service = ConsentService<S>;

    fn layer(&self, inner: S) -> ConsentService<S> {
        ConsentService {
            inner,
            gate: Arc::clone(&self.gate),
        }
    }
}

/// A service whose requests carry their user's gate.
#[derive(Clone, Debug)]
pub struct ConsentService<S> {
    inner: S,
    gate: Arc<Gate>,
}

impl<S, B> tower::Service<http::Request<B>> for ConsentService<S>
where
    S: tower::Service<http::Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        // HTTP/2 may split cookies over several headers; they join with "; " (RFC 9113 8.2.3).
        let cookies: Vec<&str> = request
            .headers()
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let header = (!cookies.is_empty()).then(|| cookies.join("; "));
        let gate = self.gate.for_request(header.as_deref());
        request.extensions_mut().insert(UserGate(gate));
        self.inner.call(request)
    }
}
