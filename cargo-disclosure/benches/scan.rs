//! The scanner at monorepo scale, on two generated workspaces:
//! - the fixture: by default about 1,000,000 lines in 2,000 files of 20 crates, 10,000
//!   annotations in 5 % of the files;
//! - a large graph: by default 1,200 packages depending on each other, a few lines each.
//!
//! For each, in one run, the median of five: `grep -rl disclose` over the same files (the cost of
//! merely reading them), `cargo metadata` (what the dependency graph costs cargo), `generate` and
//! `check` cold (`--no-cache`: cargo is asked) and warm (the graph cached under `target/`), with
//! the ratios the targets are stated in, and the peak memory of `generate` on the fixture.
//! Optionally `cargo check` of the fixture (the least a compile-based approach costs).
//!
//! ```text
//! cargo bench -p cargo-disclosure --bench scan
//! BENCH_CRATES=4 BENCH_FILES=50 BENCH_GRAPH=100 cargo bench -p cargo-disclosure --bench scan  # smaller
//! BENCH_CARGO_CHECK=1 cargo bench -p cargo-disclosure --bench scan       # also time cargo check
//! ```
//!
//! The workspaces are written under `target/bench-workspace/` and `target/bench-graph/` and
//! reused while their parameters stay the same; they are never committed.

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

const RUNS: usize = 5;

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
    let bin = env!("CARGO_BIN_EXE_cargo-disclosure");

    let dir = repo.join("target/bench-workspace");
    let (files, lines, annotations) = generate_workspace(&dir, &repo, &params);
    println!(
        "fixture: {} crates, {files} files, {lines} lines, {annotations} annotations in {} files ({})",
        params.crates,
        files / params.annotated_every,
        dir.display()
    );
    let fixture = measure(bin, &dir);
    let manifest = dir.join("Cargo.toml");
    match peak_memory_kib(bin, manifest.to_str().unwrap()) {
        Some(kib) => println!(
            "  peak memory of generate:  {:>8.1} MB",
            kib as f64 / 1024.0
        ),
        None => println!("  peak memory of generate:  (GNU time not found at /usr/bin/time)"),
    }

    let graph_dir = repo.join("target/bench-graph");
    let packages = generate_graph(&graph_dir, env("BENCH_GRAPH", 1200));
    println!("large graph: {packages} packages ({})", graph_dir.display());
    let graph = measure(bin, &graph_dir);

    println!(
        "targets: warm generate and check at most 1.0x grep on the fixture and 1.5x on the large graph; cold at most 6x grep on the fixture"
    );
    for (name, m) in [("fixture", &fixture), ("large graph", &graph)] {
        println!(
            "{name:>12}: warm generate / grep {:>6.2}, warm check / grep {:>6.2}, cold generate / grep {:>6.2}, cold check / grep {:>6.2}",
            m.warm_generate / m.grep,
            m.warm_check / m.grep,
            m.cold_generate / m.grep,
            m.cold_check / m.grep,
        );
    }

    if std::env::var_os("BENCH_CARGO_CHECK").is_some() {
        let manifest = manifest.to_str().unwrap();
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
        println!("cargo check of the fixture: {:>8.3} s", check.as_secs_f64());
        println!(
            "ratio cargo check / warm generate: {:>6.1} (target: at least 50)",
            check.as_secs_f64() / fixture.warm_generate
        );
    }
}

/// Medians, in seconds.
struct Measured {
    grep: f64,
    metadata: f64,
    cold_generate: f64,
    warm_generate: f64,
    cold_check: f64,
    warm_check: f64,
}

/// Times everything on the workspace in `dir`, printing each median.
fn measure(bin: &str, dir: &Path) -> Measured {
    let manifest = dir.join("Cargo.toml");
    let manifest = manifest.to_str().unwrap();
    let tool = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.args(args)
            .args(["--manifest-path", manifest])
            .env_remove("CARGO_TARGET_DIR");
        c
    };
    // The outputs `check` compares, and the first cache entry.
    run(&mut tool(&["generate"]));
    let m = Measured {
        grep: median(|| {
            run(Command::new("grep")
                .args(["-rl", "disclose"])
                .arg(dir.join("crates")))
        }),
        // The same cargo and compiler as the tool runs (cargo keeps the compiler's answers for
        // one compiler at a time: mixing two would charge both the compiler's probes).
        metadata: median(|| {
            let cargo = Path::new(env!("CARGO"));
            let mut c = Command::new(cargo);
            c.args([
                "metadata",
                "--format-version",
                "1",
                "--locked",
                "--manifest-path",
                manifest,
            ]);
            if let Some(rustc) = cargo
                .parent()
                .map(|b| b.join("rustc"))
                .filter(|r| r.is_file())
            {
                c.env("RUSTC", rustc);
            }
            run(&mut c)
        }),
        cold_generate: median(|| run(&mut tool(&["generate", "--no-cache"]))),
        warm_generate: median(|| run(&mut tool(&["generate"]))),
        cold_check: median(|| run(&mut tool(&["check", "--no-cache"]))),
        warm_check: median(|| run(&mut tool(&["check"]))),
    };
    for (name, value) in [
        ("grep -rl disclose", m.grep),
        ("cargo metadata", m.metadata),
        ("generate, cold", m.cold_generate),
        ("generate, warm", m.warm_generate),
        ("check, cold", m.cold_check),
        ("check, warm", m.warm_check),
    ] {
        println!("  {name:<24} {value:>8.3} s");
    }
    m
}

fn median(mut f: impl FnMut()) -> f64 {
    let mut runs: Vec<Duration> = (0..RUNS).map(|_| timed(&mut f)).collect();
    runs.sort();
    runs[RUNS / 2].as_secs_f64()
}

/// A workspace of `n` small packages depending on each other (each on the one before and on
/// the one at half its index), one in fifty annotating. Returns `n`.
fn generate_graph(dir: &Path, n: usize) -> usize {
    let stamp = format!("graph {n}");
    let stamp_file = dir.join(".params");
    if fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) {
        return n;
    }
    let _ = fs::remove_dir_all(dir);
    for i in 0..n {
        let crate_dir = dir.join(format!("crates/p{i:04}"));
        fs::create_dir_all(crate_dir.join("src")).unwrap();
        let mut deps = String::new();
        let mut on: Vec<usize> = [i.checked_sub(1), (i > 1).then_some(i / 2)]
            .into_iter()
            .flatten()
            .collect();
        on.dedup();
        for d in on {
            writeln!(deps, "p{d:04} = {{ path = \"../p{d:04}\" }}").unwrap();
        }
        fs::write(
            crate_dir.join("Cargo.toml"),
            format!("[package]\nname = \"p{i:04}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{deps}"),
        )
        .unwrap();
        let mut src = String::new();
        if i % 50 == 0 {
            src.push_str("#[disclosure::disclose(provider = \"analytics\", data = [ip_address, page_url], purpose = [analytics])]\npub fn track(url: &str) -> usize { url.len() }\n\n");
        }
        for j in 0..10 {
            writeln!(
                src,
                "pub fn f{j}(x: u64) -> u64 {{\n    x.wrapping_mul({j}) + {i}\n}}"
            )
            .unwrap();
        }
        fs::write(crate_dir.join("src/lib.rs"), src).unwrap();
    }
    fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n",
    )
    .unwrap();
    fs::write(dir.join("disclosure.toml"), CATALOGUE).unwrap();
    // A lock file, as a real workspace has (path packages only: no network).
    run(Command::new("cargo")
        .args(["generate-lockfile", "--offline", "--manifest-path"])
        .arg(dir.join("Cargo.toml")));
    fs::write(&stamp_file, &stamp).unwrap();
    n
}

/// The catalogue both workspaces use, with the notice `check` compares.
const CATALOGUE: &str = "[operator]\nname = { ja = \"例株式会社\", en = \"Example K.K.\" }\n\n[[provider]]\nid = \"analytics\"\nservice = \"Analytics\"\nentity = \"Analytics Inc.\"\ncountry = \"US\"\nrecipient_use = \"Usage reports.\"\n\n[[output]]\npath = \"notice.md\"\nformat = \"markdown\"\nlang = \"ja\"\n";

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
        "{} {} {} {} {} with outputs",
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
        fs::write(dir.join("disclosure.toml"), CATALOGUE).unwrap();
        // The repository's lock file as a seed, brought up to date offline as a build would.
        let _ = fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock"));
        run(Command::new("cargo")
            .args([
                "metadata",
                "--offline",
                "--format-version",
                "1",
                "--manifest-path",
            ])
            .arg(dir.join("Cargo.toml")));
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
