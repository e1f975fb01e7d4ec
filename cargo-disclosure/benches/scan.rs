//! The scanner at monorepo scale: on one generated workspace (by default about 1,000,000 lines in
//! 2,000 files, 10,000 annotations in 5 % of the files), time `cargo disclosure generate` (scan +
//! model + render), `grep -rl disclose` over the same files (the cost of merely reading them), and
//! `cargo check` of the workspace (the least a compile-based approach costs), and print the ratios
//! and the peak memory of `generate`.
//!
//! ```text
//! cargo bench -p cargo-disclosure --bench scan
//! BENCH_CRATES=4 BENCH_FILES=50 cargo bench -p cargo-disclosure --bench scan   # smaller
//! BENCH_SKIP_CHECK=1 cargo bench -p cargo-disclosure --bench scan              # no cargo check
//! ```
//!
//! The workspace is written under `target/bench-workspace/` and reused while its parameters stay
//! the same; it is never committed.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Params {
    crates: usize,
    files_per_crate: usize,
    lines_per_file: usize,
    /// One file in `annotated_every` annotates.
    annotated_every: usize,
    annotations_per_file: usize,
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument may follow. Neither matters here.
    let params = Params {
        crates: env("BENCH_CRATES", 20),
        files_per_crate: env("BENCH_FILES", 100),
        lines_per_file: env("BENCH_LINES", 500),
        annotated_every: env("BENCH_ANNOTATED_EVERY", 20),
        annotations_per_file: env("BENCH_ANNOTATIONS", 100),
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let dir = repo.join("target/bench-workspace");
    let (files, lines, annotations) = generate_workspace(&dir, &repo, &params);
    println!(
        "workspace: {} crates, {files} files, {lines} lines, {annotations} annotations in {} files ({})",
        params.crates,
        files / params.annotated_every,
        dir.display()
    );

    let bin = env!("CARGO_BIN_EXE_cargo-disclosure");
    let manifest = dir.join("Cargo.toml");
    let manifest = manifest.to_str().unwrap();
    let generate = best_of(3, || {
        run(Command::new(bin).args(["generate", "--manifest-path", manifest, "--lang", "ja"]))
    });
    let grep = best_of(3, || {
        run(Command::new("grep")
            .args(["-rl", "disclose"])
            .arg(dir.join("crates")))
    });
    let peak = peak_memory_kib(bin, manifest);
    println!(
        "cargo disclosure generate: {:>9.3} s",
        generate.as_secs_f64()
    );
    println!("grep -rl disclose:         {:>9.3} s", grep.as_secs_f64());
    match peak {
        Some(kib) => println!("peak memory of generate:   {:>9.1} MB", kib as f64 / 1024.0),
        None => println!("peak memory of generate:   (GNU time not found at /usr/bin/time)"),
    }
    println!(
        "ratio generate / grep:     {:>9.2} (target: at most 3)",
        generate.as_secs_f64() / grep.as_secs_f64()
    );
    if std::env::var_os("BENCH_SKIP_CHECK").is_none() {
        let target = dir.join("target");
        // The dependencies (disclosure, syn, …) are built first: only the workspace is timed.
        run(Command::new("cargo")
            .args([
                "check",
                "--quiet",
                "-p",
                "disclosure",
                "--manifest-path",
                manifest,
            ])
            .env("CARGO_TARGET_DIR", &target));
        let _ = fs::remove_dir_all(target.join("debug/.fingerprint"));
        let check = timed(|| {
            run(Command::new("cargo")
                .args([
                    "check",
                    "--quiet",
                    "--workspace",
                    "--manifest-path",
                    manifest,
                ])
                .env("CARGO_TARGET_DIR", &target))
        });
        println!("cargo check:               {:>9.3} s", check.as_secs_f64());
        println!(
            "ratio cargo check / generate: {:>6.1} (target: at least 50)",
            check.as_secs_f64() / generate.as_secs_f64()
        );
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("the command runs");
    // grep exits 1 when nothing matches; anything else is a failure of the benchmark itself.
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n).map(|_| timed(&mut f)).min().unwrap()
}

/// The peak resident set of one `generate`, from GNU time (`%M`, KiB).
fn peak_memory_kib(bin: &str, manifest: &str) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .args([
            "-f",
            "%M",
            bin,
            "generate",
            "--manifest-path",
            manifest,
            "--lang",
            "ja",
        ])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// Writes the workspace unless it is there with the same parameters. Returns (files, lines,
/// annotations).
fn generate_workspace(dir: &Path, repo: &Path, p: &Params) -> (usize, usize, usize) {
    let stamp = format!(
        "{} {} {} {} {}",
        p.crates, p.files_per_crate, p.lines_per_file, p.annotated_every, p.annotations_per_file
    );
    let stamp_file = dir.join(".params");
    let (mut files, mut lines, mut annotations) = (0, 0, 0);
    let reuse = fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp);
    if !reuse {
        let _ = fs::remove_dir_all(dir.join("crates"));
    }
    let mut members = Vec::new();
    for c in 0..p.crates {
        let name = format!("app{c:03}");
        members.push(format!("\"crates/{name}\""));
        let src = dir.join("crates").join(&name).join("src");
        let mut modules = String::new();
        for f in 0..p.files_per_crate {
            let annotated = (c * p.files_per_crate + f).is_multiple_of(p.annotated_every);
            let (text, n_lines, n_annotations) = source_file(c, f, annotated, p);
            files += 1;
            lines += n_lines;
            annotations += n_annotations;
            writeln!(modules, "pub mod m{f:03};").unwrap();
            if !reuse {
                fs::create_dir_all(&src).unwrap();
                fs::write(src.join(format!("m{f:03}.rs")), text).unwrap();
            }
        }
        if !reuse {
            fs::write(src.join("lib.rs"), modules).unwrap();
            fs::write(
                src.parent().unwrap().join("Cargo.toml"),
                format!(
                    "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\ndisclosure = {{ path = {:?} }}\n",
                    repo.display().to_string()
                ),
            )
            .unwrap();
        }
    }
    if !reuse {
        fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
                members.join(", ")
            ),
        )
        .unwrap();
        fs::write(
            dir.join("disclosure.toml"),
            "[operator]\nname = { ja = \"例株式会社\", en = \"Example K.K.\" }\n\n[[provider]]\nid = \"analytics\"\nservice = \"Analytics\"\nentity = \"Analytics Inc.\"\ncountry = \"US\"\nrecipient_use = \"Usage reports.\"\n",
        )
        .unwrap();
        let _ = fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock"));
        fs::write(&stamp_file, &stamp).unwrap();
    }
    (files, lines, annotations)
}

/// One file of realistic Rust: structs, impls, generics, matches, macros, tests; annotated
/// functions in the files that annotate.
fn source_file(c: usize, f: usize, annotated: bool, p: &Params) -> (String, usize, usize) {
    let mut out = String::new();
    let mut n = 0;
    let mut annotations = 0;
    if annotated {
        out.push_str("use disclosure::disclose;\n\n");
    }
    let mut unit = 0;
    while out.lines().count() < p.lines_per_file {
        let i = unit;
        unit += 1;
        if annotated && annotations < p.annotations_per_file {
            annotations += 1;
            writeln!(
                out,
                "#[disclose(provider = \"analytics\", data = [ip_address, page_url], purpose = [analytics])]\npub fn track_{i}(url: &str) -> usize {{\n    url.len() + {i}\n}}\n"
            )
            .unwrap();
            continue;
        }
        writeln!(
            out,
            "/// Record {i} of module {c}.{f}.
#[derive(Debug, Clone, PartialEq)]
pub struct Record{i}<T: Clone> {{
    pub id: u64,
    pub name: String,
    pub values: Vec<T>,
}}

impl<T: Clone + std::fmt::Debug> Record{i}<T> {{
    pub fn new(id: u64, name: &str) -> Self {{
        Self {{ id, name: name.to_string(), values: Vec::new() }}
    }}

    pub fn push(&mut self, value: T) -> usize {{
        self.values.push(value);
        self.values.len()
    }}

    pub fn describe(&self) -> String {{
        match self.values.len() {{
            0 => format!(\"{{}}: empty\", self.name),
            1 => format!(\"{{}}: one value {{:?}}\", self.name, self.values[0]),
            n => format!(\"{{}}: {{}} values\", self.name, n),
        }}
    }}
}}

macro_rules! sum_{i} {{
    ($($x:expr),*) => {{ 0 $(+ $x)* }};
}}

pub fn total_{i}() -> i64 {{
    let v = vec![1, 2, 3, {i}];
    v.iter().map(|x| x * 2).sum::<i64>() + sum_{i}!(1, 2, 3)
}}
"
        )
        .unwrap();
    }
    writeln!(out, "#[cfg(test)]\nmod tests {{\n    #[test]\n    fn works() {{\n        assert_eq!(1 + 1, 2);\n    }}\n}}").unwrap();
    n += out.lines().count();
    (out, n, annotations)
}
