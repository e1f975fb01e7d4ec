//! `cargo disclosure verify` on a large capture: a HAR of about `BENCH_HAR_MB` megabytes (default
//! 1024) of page views and batched JSON bodies, checked against the web application example. Prints
//! the time, the throughput and the peak memory, which must not grow with the capture (the HAR is
//! streamed one entry at a time); a second, eight times smaller capture shows it does not.
//!
//! ```text
//! cargo bench -p cargo-disclosure --bench verify
//! BENCH_HAR_MB=64 cargo bench -p cargo-disclosure --bench verify   # smaller
//! ```
//!
//! The captures are written under `target/bench-capture/` and reused while their size stays the
//! same; they are never committed.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let megabytes: u64 = std::env::var("BENCH_HAR_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let manifest = repo.join("examples/webapp/Cargo.toml");
    let dir = repo.join("target/bench-capture");
    fs::create_dir_all(&dir).unwrap();
    for size in [megabytes / 8, megabytes] {
        let har = capture(&dir, size.max(1));
        let bytes = fs::metadata(&har).unwrap().len();
        let bin = env!("CARGO_BIN_EXE_cargo-disclosure");
        let start = Instant::now();
        let (peak, status) = run(bin, &manifest, &har);
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(status, Some(0), "the capture matches the example's notice");
        println!(
            "{:>6.0} MB capture: {seconds:>7.2} s, {:>6.1} MB/s, peak memory {}",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds,
            peak.map_or(
                "(GNU time not found at /usr/bin/time)".into(),
                |kib| format!("{:.1} MB", kib as f64 / 1024.0)
            )
        );
    }
}

/// Runs `verify` under GNU time when it is there: (peak resident set in KiB, exit status).
fn run(bin: &str, manifest: &Path, har: &Path) -> (Option<u64>, Option<i32>) {
    let args = [
        "verify".as_ref(),
        "--manifest-path".as_ref(),
        manifest.as_os_str(),
        "--observed".as_ref(),
        har.as_os_str(),
    ];
    if Path::new("/usr/bin/time").exists() {
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M", bin])
            .args(args)
            .output()
            .unwrap();
        let peak = String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok());
        (peak, out.status.code())
    } else {
        let out = Command::new(bin).args(args).output().unwrap();
        (None, out.status.code())
    }
}

/// A HAR of about `megabytes` MB: page views to Google Analytics with their query, and error
/// reports to Sentry with a JSON body of about 4 KB.
fn capture(dir: &Path, megabytes: u64) -> PathBuf {
    let path = dir.join(format!("capture-{megabytes}mb.har"));
    if path.exists() {
        return path;
    }
    let tmp = dir.join("capture.har.tmp");
    let mut out = BufWriter::new(fs::File::create(&tmp).unwrap());
    write!(out, r#"{{"log": {{"version": "1.2", "creator": {{"name": "bench", "version": "1"}}, "entries": ["#).unwrap();
    let stack = "x".repeat(4000);
    let mut written = 0u64;
    let mut i = 0u64;
    while written < megabytes * 1_000_000 {
        let entry = if i.is_multiple_of(2) {
            format!(
                r#"{{"startedDateTime": "2026-11-23T00:00:00Z", "time": 1, "request": {{"method": "POST", "url": "https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid={i}.1&en=page_view&dl=https%3A%2F%2Fexample.com%2F{i}&dr=&dt=page&ul=ja&sr=1920x1080", "headers": [], "cookies": [], "queryString": []}}, "response": {{"status": 204}}, "_initiator": {{"type": "script", "url": "https://example.com/app.js", "lineNumber": 10}}}}"#
            )
        } else {
            format!(
                r#"{{"startedDateTime": "2026-11-23T00:00:00Z", "time": 1, "request": {{"method": "POST", "url": "https://o0.ingest.sentry.io/api/1/store/", "headers": [], "cookies": [], "queryString": [], "postData": {{"mimeType": "application/json", "text": "{{\"message\": \"error {i}\", \"release\": \"webapp@0.1.0\", \"contexts\": {{\"os\": {{\"name\": \"linux\"}}}}, \"extra\": {{\"stack\": \"{stack}\"}}}}"}}}}, "response": {{"status": 200}}}}"#
            )
        };
        if i > 0 {
            out.write_all(b",\n").unwrap();
        }
        out.write_all(entry.as_bytes()).unwrap();
        written += entry.len() as u64 + 2;
        i += 1;
    }
    out.write_all(b"]}}\n").unwrap();
    out.flush().unwrap();
    drop(out);
    fs::rename(&tmp, &path).unwrap();
    path
}
