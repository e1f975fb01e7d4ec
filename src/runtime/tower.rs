//! The gate as a `tower` layer, for clients and servers built on `tower::Service` over
//! `http::Request` (hyper, axum's HTTP clients, tonic): a request the gate refuses never reaches the
//! inner service; it fails with [`Blocked`](super::Blocked).

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
