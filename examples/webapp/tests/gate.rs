//! The run-time gate in each client integration, built from the notice this package generates:
//! it blocks the provider the user opted out of and lets the others through; and what a
//! recording gate writes is what `cargo disclosure verify` checks.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use disclosure::engine::{Finding, Project, Verification, VerifyOptions as Options, verify};
use disclosure::runtime::tower::GateLayer;
use disclosure::runtime::{Blocked, Decision, Gate, MemoryStore, Recorder};
use tower::{Layer, ServiceExt};
use webapp::client::Client;

fn gate(consent: &MemoryStore) -> Arc<Gate> {
    Arc::new(Gate::from_notice(webapp::NOTICE_JSON, consent.clone()).unwrap())
}

#[tokio::test]
async fn the_tower_layer_blocks_an_opted_out_provider_and_lets_others_through() {
    let consent = MemoryStore::default();
    let calls = Arc::new(AtomicUsize::new(0));
    let inner = {
        let calls = Arc::clone(&calls);
        tower::service_fn(move |_: http::Request<String>| {
            calls.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, std::convert::Infallible>(http::Response::new(String::new())) }
        })
    };
    let service = GateLayer::new(gate(&consent)).layer(inner);
    let request = |url: &str| http::Request::post(url).body(String::new()).unwrap();

    consent.opt_out("google-analytics");
    let refused = service
        .clone()
        .oneshot(request(
            "https://region1.google-analytics.com/g/collect?v=2",
        ))
        .await
        .unwrap_err();
    let blocked = refused
        .downcast_ref::<Blocked>()
        .expect("the gate's refusal");
    assert_eq!(
        blocked.decision,
        Decision::Block {
            recipient: "google-analytics".into()
        }
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "a refused request never reaches the inner service"
    );

    service
        .clone()
        .oneshot(request("https://o0.ingest.sentry.io/api/1/store/"))
        .await
        .unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "another provider's request goes through"
    );
}

/// A stand-in for the error-reporting host on loopback, counting what reaches it.
async fn ingest() -> (SocketAddr, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&hits);
    let app = axum::Router::new().route(
        "/api/1/store/",
        axum::routing::post(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            async { "{}" }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, hits)
}

/// A client whose error reports go to Sentry's host name, resolved to the loopback stand-in.
fn client(gate: Arc<Gate>, ingest: SocketAddr) -> Client {
    let host = "o0.ingest.sentry.io";
    let http = reqwest::Client::builder()
        .resolve(host, ingest)
        .build()
        .unwrap();
    Client::new(
        http,
        gate,
        "http://127.0.0.1:9",
        &format!("http://{host}:{}", ingest.port()),
    )
}

#[tokio::test]
async fn the_reqwest_middleware_blocks_an_opted_out_provider_and_lets_others_through() {
    let (addr, hits) = ingest().await;
    let consent = MemoryStore::default();
    consent.opt_out("google-analytics");
    let client = client(gate(&consent), addr);
    client.report_error("first").await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 1, "sentry is not opted out of");

    consent.opt_out("sentry");
    let error = client.report_error("second").await.unwrap_err();
    let reqwest_middleware::Error::Middleware(error) = error else {
        panic!("not the gate's refusal: {error}");
    };
    let blocked = error.downcast_ref::<Blocked>().expect("the gate's refusal");
    assert_eq!(
        blocked.url,
        format!("http://o0.ingest.sentry.io:{}/api/1/store/", addr.port())
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "a blocked report is never sent"
    );
}

fn verify_capture(capture: &std::path::Path) -> Verification {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let (project, _) = Project::load(Some(&manifest)).unwrap();
    let (notice, _) = project.notice().unwrap();
    verify(
        &project.catalogue,
        &notice,
        &project.declarations,
        &[capture.to_path_buf()],
        &Options::default(),
    )
    .unwrap()
}

#[tokio::test]
async fn what_the_recorder_writes_verify_checks_against_the_notice() {
    let (addr, _) = ingest().await;
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("requests.jsonl");
    let recorder = Recorder::memory();
    let gate = Arc::new(
        Gate::from_notice(webapp::NOTICE_JSON, MemoryStore::default())
            .unwrap()
            .recording(recorder.clone()),
    );
    client(Arc::clone(&gate), addr)
        .report_error("an error")
        .await
        .unwrap();
    recorder.write_to(&capture).unwrap();
    let verification = verify_capture(&capture);
    assert!(
        !verification.failed(&Options::default()),
        "the client sends what the notice declares: {:?}",
        verification.findings
    );
    assert_eq!(verification.observed["sentry"].requests, 1);

    // A call the notice does not declare, made through the plain guard as any other client would.
    gate.guard(
        "POST",
        "https://api.segment.io/v1/t",
        Some(("application/json", r#"{"userId": "u-1"}"#)),
    )
    .unwrap();
    recorder.write_to(&capture).unwrap();
    let verification = verify_capture(&capture);
    assert!(verification.failed(&Options::default()));
    let undeclared: Vec<_> = verification
        .findings
        .iter()
        .filter_map(|f| match f {
            Finding::UndeclaredHost {
                host,
                provider,
                examples,
                ..
            } => Some((host.as_str(), provider.as_deref(), examples[0].url.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        undeclared,
        [(
            "api.segment.io",
            Some("segment"),
            "https://api.segment.io/v1/t"
        )]
    );
}

/// M2: reqwest follows redirects below the middleware; with the gate's redirect policy every hop
/// is decided by the gate, so an allowed host that redirects to an opted-out provider reaches it
/// no more than a direct request would.
#[tokio::test]
async fn a_redirect_to_an_opted_out_provider_is_not_followed() {
    let analytics_hits = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&analytics_hits);
    let analytics = "region1.google-analytics.com";
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let target = format!("http://{analytics}:{}/g/collect?v=2", addr.port());
    let app = axum::Router::new()
        .route(
            "/api/1/store/",
            axum::routing::post(move || {
                let target = target.clone();
                async move { axum::response::Redirect::temporary(&target) }
            }),
        )
        .route(
            "/g/collect",
            axum::routing::post(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                async { "" }
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let consent = MemoryStore::default();
    consent.opt_out("google-analytics");
    let recorder = Recorder::memory();
    let gate = Arc::new(
        Gate::from_notice(webapp::NOTICE_JSON, consent.clone())
            .unwrap()
            .recording(recorder.clone()),
    );
    let sentry = "o0.ingest.sentry.io";
    let http = reqwest::Client::builder()
        .resolve(sentry, addr)
        .resolve(analytics, addr)
        .redirect(disclosure::runtime::reqwest::redirect_policy(Arc::clone(
            &gate,
        )))
        .build()
        .unwrap();
    let client = Client::new(
        http,
        gate,
        "http://127.0.0.1:9",
        &format!("http://{sentry}:{}", addr.port()),
    );
    let error = client.report_error("redirected").await.unwrap_err();
    assert!(
        format!("{error:?}").contains("Block { recipient: \"google-analytics\" }"),
        "{error:?}"
    );
    assert_eq!(
        analytics_hits.load(Ordering::SeqCst),
        0,
        "the opted-out provider is never reached"
    );
}

#[tokio::test]
async fn a_server_decides_for_each_user_by_the_consent_panels_cookie() {
    use disclosure::runtime::tower::{ConsentLayer, UserGate};
    use disclosure::runtime::{COOKIE, ConsentCookie, CookieEntry};

    let notice = r#"{"schema_version": 3, "recipients": [{"id": "google-analytics",
        "facts": {"domains": {"value": ["*.google-analytics.com"]}},
        "transmissions": [{"origin": "device", "basis": "consent", "data": [{"id": "page_url"}], "purposes": ["analytics"]}]}]}"#;
    let gate = Arc::new(Gate::from_notice(notice, MemoryStore::default()).unwrap());
    let unit = gate.units()[0].clone();
    // The handler sends on the user's behalf only as the user's gate allows.
    let inner = tower::service_fn(|request: http::Request<String>| async move {
        let UserGate(user) = request.extensions().get::<UserGate>().unwrap().clone();
        let sent = user
            .guard(
                "POST",
                "https://region1.google-analytics.com/mp/collect",
                None,
            )
            .is_ok();
        Ok::<_, std::convert::Infallible>(http::Response::new(sent))
    });
    let service = ConsentLayer::new(Arc::clone(&gate)).layer(inner);
    let request = |cookie: Option<String>| {
        let mut builder = http::Request::get("/checkout");
        if let Some(cookie) = cookie {
            builder = builder.header(http::header::COOKIE, cookie);
        }
        builder.body(String::new()).unwrap()
    };
    let sends = |cookie: Option<String>| {
        let service = service.clone();
        async move { *service.oneshot(request(cookie)).await.unwrap().body() }
    };
    let cookie = |allowed: bool, fingerprint: &str| {
        let value = ConsentCookie::new(
            "0123456789abcdef",
            1765000000,
            vec![CookieEntry::new(&unit.id, allowed, fingerprint)],
        );
        Some(format!("theme=dark; {COOKIE}={value}"))
    };
    assert!(
        !sends(None).await,
        "no choice yet: nothing that needs consent"
    );
    assert!(sends(cookie(true, &unit.fingerprint)).await);
    assert!(!sends(cookie(false, &unit.fingerprint)).await);
    assert!(
        !sends(cookie(true, "00000000")).await,
        "consent given to an earlier version of the transmission does not cover it"
    );
}

#[tokio::test]
async fn the_server_keeps_each_save_of_the_panel_and_decides_by_its_cookie() {
    use disclosure::runtime::{COOKIE, ConsentCookie, CookieEntry, SqliteLog};

    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(SqliteLog::open(dir.path().join("consent.sqlite")).unwrap());
    let app = webapp::router(webapp::bundled_assets(), log.clone());
    let call = |request: http::Request<axum::body::Body>| {
        let app = app.clone();
        async move { app.oneshot(request).await.unwrap() }
    };
    let body = |response: axum::response::Response| async move {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    };

    // The page carries the generated panel in its place, and the panel's script is served.
    let page = body(call(http::Request::get("/").body(Default::default()).unwrap()).await).await;
    assert!(
        page.contains(r#"data-transmission="google-analytics""#),
        "{page}"
    );
    assert!(!page.contains("<!--#disclosure-consent-->"));
    let script = call(
        http::Request::get("/disclosure/disclosure-consent.js")
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(script.status(), 200);

    // A save is kept; anything else is refused and nothing is kept of it.
    let posted = r#"{"format":1,"rid":"0123456789abcdef","notice":"1a2b3c4d5e6f7081","time":1765000000,"choices":{"google-analytics":true}}"#;
    let post = |text: &str| {
        http::Request::post("/disclosure/consent")
            .header("content-type", "application/json")
            .body(axum::body::Body::from(text.to_string()))
            .unwrap()
    };
    assert_eq!(call(post(posted)).await.status(), 204);
    assert_eq!(
        call(post(&posted.replace("0123456789abcdef", "me@example.com")))
            .await
            .status(),
        400
    );
    let kept = log.records().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].choices.get("google-analytics"), Some(&true));

    // The server's gate reads the same cookie as the page's script.
    let gate = Gate::from_notice(webapp::NOTICE_JSON, MemoryStore::default()).unwrap();
    let ga = gate
        .units()
        .iter()
        .find(|u| u.id == "google-analytics")
        .unwrap()
        .clone();
    let state = |cookie: Option<String>| {
        let mut request = http::Request::get("/api/consent");
        if let Some(cookie) = cookie {
            request = request.header(http::header::COOKIE, cookie);
        }
        let request = request.body(Default::default()).unwrap();
        async move {
            let text = body(call(request).await).await;
            serde_json::from_str::<serde_json::Value>(&text).unwrap()["google-analytics"].clone()
        }
    };
    assert_eq!(state(None).await, false, "no choice: no consent");
    let cookie = ConsentCookie::new(
        "0123456789abcdef",
        1765000000,
        vec![CookieEntry::new(&ga.id, true, &ga.fingerprint)],
    );
    assert_eq!(state(Some(format!("{COOKIE}={cookie}"))).await, true);
}
