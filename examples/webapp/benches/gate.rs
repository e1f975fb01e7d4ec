//! The run-time gate's cost, on this example's own notice: one decision (`Gate::check`), the
//! per-user gate a server builds from the consent panel's cookie (`Gate::for_request`), and the
//! tower layers around a service that does nothing, against the same service without them. Prints
//! the median of five samples of each, in nanoseconds per call.
//!
//! ```text
//! cargo bench -p webapp --bench gate
//! ```

use std::future::Future;
use std::hint::black_box;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use disclosure::runtime::tower::{ConsentLayer, GateLayer};
use disclosure::runtime::{COOKIE, ConsentCookie, CookieEntry, Gate, MemoryStore};
use tower::{Layer, Service};

const COLLECT: &str = "https://region1.google-analytics.com/g/collect?v=2&tid=G-1&en=page_view";
const SAMPLES: usize = 5;
const CALLS: u32 = 50_000;

fn main() {
    let gate = Arc::new(Gate::from_notice(webapp::NOTICE_JSON, MemoryStore::default()).unwrap());
    let ga = gate
        .units()
        .iter()
        .find(|u| u.id == "google-analytics")
        .unwrap()
        .clone();
    let cookie = format!(
        "theme=dark; {COOKIE}={}",
        ConsentCookie::new(
            "0123456789abcdef",
            1765000000,
            vec![CookieEntry::new(&ga.id, true, &ga.fingerprint)],
        )
    );

    report("Gate::check (one decision)", || {
        black_box(gate.check("GET", black_box(COLLECT), None));
    });
    report(
        "Gate::for_request + check (a user's gate from the cookie)",
        || {
            let user = gate.for_request(Some(black_box(&cookie)));
            black_box(user.check("GET", COLLECT, None));
        },
    );

    // An outgoing request through the gate's layer, against the bare service.
    let bare = || {
        tower::service_fn(|_: http::Request<()>| async {
            Ok::<_, std::convert::Infallible>(http::Response::new(()))
        })
    };
    let mut plain = bare();
    let plain_ns = report("service, no layer", || {
        black_box(call(&mut plain, http::Request::get(COLLECT).body(()).unwrap()).unwrap());
    });
    // The gate of a user who consented: the request is allowed and reaches the service.
    let user = Arc::new(gate.for_request(Some(&cookie)));
    let mut gated = GateLayer::new(user).layer(bare());
    let gated_ns = report("service + GateLayer (an allowed request)", || {
        black_box(
            call(&mut gated, http::Request::get(COLLECT).body(()).unwrap()).expect("allowed"),
        );
    });
    let mut consenting = ConsentLayer::new(Arc::clone(&gate)).layer(bare());
    let consent_ns = report("service + ConsentLayer (a request with the cookie)", || {
        let request = http::Request::get("/checkout")
            .header(http::header::COOKIE, &cookie)
            .body(())
            .unwrap();
        black_box(call(&mut consenting, request).unwrap());
    });
    println!(
        "GateLayer adds {:.0} ns a request, ConsentLayer {:.0} ns (the bare service: {plain_ns:.0} ns)",
        gated_ns - plain_ns,
        consent_ns - plain_ns
    );
}

/// Prints and returns the median over `SAMPLES` samples of the nanoseconds one call of `f` takes.
fn report(what: &str, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..CALLS {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(CALLS)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let median = samples[SAMPLES / 2];
    println!("{what:<60} {median:>9.0} ns");
    median
}

/// Calls a service that is always ready and whose future completes at once.
fn call<S, R>(service: &mut S, request: R) -> Result<S::Response, S::Error>
where
    S: Service<R>,
{
    let mut cx = Context::from_waker(Waker::noop());
    match service.poll_ready(&mut cx) {
        Poll::Ready(Ok(())) => {}
        Poll::Ready(Err(e)) => return Err(e),
        Poll::Pending => panic!("the service is always ready"),
    }
    let mut future = std::pin::pin!(service.call(request));
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(result) => result,
        Poll::Pending => panic!("the service answers at once"),
    }
}
