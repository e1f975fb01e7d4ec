//! Compile time of the macros beside their peers, in one run, on generated crates: 1,000 functions
//! with `#[disclose]` against the same with `#[tracing::instrument]`, and 1,000 structs with
//! `#[derive(Disclose)]` against the same with `#[derive(serde::Serialize)]`. Each crate is built
//! once to compile its dependencies, then timed on a rebuild of the crate alone (best of 3).
//!
//! ```text
//! cargo bench -p cargo-disclosure --bench macros
//! BENCH_ITEMS=200 cargo bench -p cargo-disclosure --bench macros   # smaller
//! ```
//!
//! The crates are written under `target/bench-macros/`; they are never committed.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let items: usize = std::env::var("BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let root = repo.join("target/bench-macros");
    let disclosure = format!("disclosure = {{ path = {:?} }}", repo.display().to_string());
    let cases = [
        (
            "disclose-fn",
            disclosure.as_str(),
            functions(
                items,
                "#[disclosure::disclose(provider = \"analytics\", data = [ip_address, page_url], purpose = [analytics])]",
            ),
        ),
        (
            "tracing-fn",
            "tracing = \"0.1\"",
            functions(items, "#[tracing::instrument]"),
        ),
        (
            "disclose-derive",
            disclosure.as_str(),
            structs(
                items,
                "#[derive(disclosure::Disclose)]\n#[disclose(provider = \"analytics\", purpose = [analytics])]",
                "#[disclose(data = page_url)]",
            ),
        ),
        (
            "serde-derive",
            "serde = { version = \"1\", features = [\"derive\"] }",
            structs(items, "#[derive(serde::Serialize)]", ""),
        ),
    ];
    let mut times = Vec::new();
    for (name, dependency, source) in &cases {
        let dir = root.join(name);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\n{dependency}\n"),
        )
        .unwrap();
        fs::write(
            dir.join("disclosure.toml"),
            "[operator]\nname = \"Example K.K.\"\n\n[[provider]]\nid = \"analytics\"\nservice = \"Analytics\"\nentity = \"Analytics Inc.\"\n",
        )
        .unwrap();
        fs::write(dir.join("src/lib.rs"), source).unwrap();
        let _ = fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock"));
        let target = root.join("target");
        let build = || {
            let out = Command::new("cargo")
                .args(["build", "--quiet"])
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &target)
                .output()
                .expect("cargo runs");
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        build(); // the dependencies
        let best = (0..3)
            .map(|_| {
                // Touch the crate so only it rebuilds.
                fs::write(dir.join("src/lib.rs"), source).unwrap();
                let start = Instant::now();
                build();
                start.elapsed()
            })
            .min()
            .unwrap();
        println!("{name:16} {items} items: {:>7.3} s", best.as_secs_f64());
        times.push(best);
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "#[disclose] / #[tracing::instrument]: {:.2} (target: at most 0.4)",
        ratio(times[0], times[1])
    );
    println!(
        "derive(Disclose) / derive(Serialize): {:.2} (target: at most 0.8)",
        ratio(times[2], times[3])
    );
}

fn functions(n: usize, attribute: &str) -> String {
    let mut out = String::new();
    for i in 0..n {
        writeln!(out, "{attribute}\npub fn send_{i}(url: &str, count: u32) -> usize {{\n    url.len() + count as usize + {i}\n}}\n").unwrap();
    }
    out
}

fn structs(n: usize, derive: &str, field: &str) -> String {
    let mut out = String::new();
    for i in 0..n {
        writeln!(out, "{derive}\npub struct Event{i} {{\n    {field}\n    pub url: String,\n    {field}\n    pub referrer: String,\n}}\n").unwrap();
    }
    out
}
