//! ```text
//! cargo run -p webapp -- serve                        # http://127.0.0.1:8080/
//! cargo run -p webapp -- serve --addr 127.0.0.1:0     # any free port (printed on the first line)
//! cargo run -p webapp -- serve --assets DIR           # the page from another directory
//! cargo run -p webapp -- serve --consent-log FILE     # the consent log (`.sqlite`: a database;
//!                                                     # default: webapp-consent.jsonl in the temp dir)
//! cargo run -p webapp -- client --api URL --record requests.jsonl [--opt-out sentry]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use disclosure::runtime::{ConsentLog, FileLog, Gate, MemoryStore, Recorder, SqliteLog};
use webapp::client::Client;

/// Where error reports go (the project's Sentry ingest host).
const SENTRY_INGEST: &str = "https://o0.ingest.sentry.io";

fn value(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => serve(&args).await,
        Some("client") => client(&args).await,
        _ => {
            eprintln!(
                "usage: webapp serve [--addr ADDR] [--assets DIR] [--consent-log FILE] | webapp client --api URL [--errors URL] [--record FILE] [--opt-out PROVIDER]"
            );
            ExitCode::from(2)
        }
    }
}

async fn serve(args: &[String]) -> ExitCode {
    let addr = value(args, "--addr").unwrap_or_else(|| "127.0.0.1:8080".into());
    let assets = value(args, "--assets").map_or_else(webapp::bundled_assets, PathBuf::from);
    // The consent log: JSON lines, or an SQLite database for a name ending in `.sqlite`.
    let log_path = value(args, "--consent-log").unwrap_or_else(|| {
        let default = std::env::temp_dir().join("webapp-consent.jsonl");
        default.to_string_lossy().into_owned()
    });
    let log: Arc<dyn ConsentLog> = if log_path.ends_with(".sqlite") {
        match SqliteLog::open(&log_path) {
            Ok(log) => Arc::new(log),
            Err(e) => {
                eprintln!("cannot open {log_path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        Arc::new(FileLog::new(&log_path))
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        // The address first: scripts read it from the first line.
        Ok(local) => println!("http://{local}/\nthe consent log: {log_path}"),
        Err(e) => {
            eprintln!("cannot read the address: {e}");
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = axum::serve(listener, webapp::router(assets, log)).await {
        eprintln!("the server stopped: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

async fn client(args: &[String]) -> ExitCode {
    let Some(api) = value(args, "--api") else {
        eprintln!("webapp client needs --api URL");
        return ExitCode::from(2);
    };
    let errors = value(args, "--errors").unwrap_or_else(|| SENTRY_INGEST.into());
    let consent = MemoryStore::default();
    if let Some(provider) = value(args, "--opt-out") {
        consent.opt_out(&provider);
    }
    let mut gate = match Gate::from_notice(webapp::NOTICE_JSON, consent) {
        Ok(gate) => gate,
        Err(e) => {
            eprintln!("the embedded notice cannot be read: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(path) = value(args, "--record") {
        match Recorder::to_file(&path) {
            Ok(recorder) => gate = gate.recording(recorder),
            Err(e) => {
                eprintln!("cannot write {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let client = Client::new(reqwest::Client::new(), Arc::new(gate), &api, &errors);
    match client.greeting().await {
        Ok(text) => println!("greeting: {text}"),
        Err(e) => println!("greeting failed: {e}"),
    }
    // Where the ingest host cannot be reached the attempt is still recorded, which is all
    // `cargo disclosure verify` needs.
    match client.report_error("the greeting was empty").await {
        Ok(()) => println!("error reported"),
        Err(e) => println!("error not reported: {e}"),
    }
    ExitCode::SUCCESS
}
