//! Each file's scan result (a Rust source's, a template's), kept under `target/disclosure/`
//! between runs: a run with nothing changed opens no file, and a change to one file, to the
//! catalogue or to the features is followed by exactly what it touches, with the output of a run
//! that keeps nothing.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use crate::common::{BIN, CATALOGUE, stderr};

const LIB: &str = "mod a;\nmod b;\nmod plain;\n";

const A: &str = r#"use disclosure::disclose;

#[disclose(provider = "google-analytics", data = [ip_address, page_url], purpose = [analytics])]
pub fn page_view() {}
"#;

const B: &str = r#"use disclosure::disclose;

#[cfg(feature = "web")]
#[disclose(provider = "google-analytics", data = [ip_address, device_info], purpose = [analytics])]
pub fn web_vitals() {}
"#;

const PLAIN: &str = "pub fn nothing_sent() -> u32 {\n    42\n}\n";

/// A page that loads Google's tag, with the declaration beside it.
const PAGE: &str = r#"<!-- disclose(provider = "google-analytics", data = [ip_address, cookie_id], purpose = [analytics]) -->
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
"#;

/// A page that loads the tag with nothing declaring it: a place `coverage` reports.
const OTHER: &str =
    "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-OTHER\"></script>\n";

const FILES: [(&str, &str); 6] = [
    ("src/lib.rs", LIB),
    ("src/a.rs", A),
    ("src/b.rs", B),
    ("src/plain.rs", PLAIN),
    ("templates/page.html", PAGE),
    ("templates/other.html", OTHER),
];

/// A package whose module tree has four files (a root declaring three modules, one annotated
/// file, one annotated only with the `web` feature, one with nothing to parse), a template that
/// declares what its tag sends and one that does not.
fn package() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[features]\nweb = []\n",
    )
    .unwrap();
    fs::write(root.join("disclosure.toml"), CATALOGUE).unwrap();
    fs::create_dir(root.join("src")).unwrap();
    fs::create_dir(root.join("templates")).unwrap();
    for (file, text) in FILES {
        fs::write(root.join(file), text).unwrap();
    }
    age(root);
    dir
}

/// An hour ago: long past any file system's timestamp granularity.
fn an_hour_ago() -> SystemTime {
    SystemTime::now() - Duration::from_secs(3600)
}

/// Sets every source file's modification time an hour back.
fn age(root: &Path) {
    for (file, _) in FILES {
        set_modified(&root.join(file), an_hour_ago());
    }
}

fn set_modified(path: &Path, when: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

/// The tool in `dir`, keeping its results under `dir/target/`.
fn tool(dir: &Path) -> Command {
    let mut command = Command::new(BIN);
    command
        .current_dir(dir)
        .env("CARGO", env!("CARGO"))
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("DISCLOSURE_NO_CACHE")
        .env("CARGO_TERM_COLOR", "never");
    command
}

fn run(dir: &Path, extra: &[&str]) -> Output {
    tool(dir)
        .args(["generate", "--format", "json", "--out", "-", "--verbose"])
        .args(extra)
        .output()
        .expect("the binary runs")
}

/// The notice, and how many files the run read.
fn notice(dir: &Path, extra: &[&str]) -> (String, usize) {
    let out = run(dir, extra);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let read = err
        .lines()
        .find_map(|l| {
            let (read, rest) = l.strip_prefix("read ")?.split_once(" of ")?;
            rest.ends_with(" files (sources, templates, assets, manifests); the others are unchanged since the last run")
                .then_some(read)
        })
        .unwrap_or_else(|| panic!("no count of files read in:\n{err}"))
        .parse()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), read)
}

/// The notice a run that keeps nothing gives.
fn fresh(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["--no-cache"];
    args.extend_from_slice(extra);
    notice(dir, &args).0
}

#[test]
fn a_run_with_nothing_changed_opens_no_file() {
    let package = package();
    let dir = package.path();
    let (cold, read) = notice(dir, &[]);
    assert_eq!(read, 6, "the first run reads every file");
    let (warm, read) = notice(dir, &[]);
    assert_eq!(read, 0, "nothing changed: nothing read");
    assert!(warm == cold, "the same notice");
    // A run from a member's directory (whose messages show paths from there) keeps its own
    // results: taking turns with runs from the root, neither reads again.
    let src = dir.join("src");
    assert_eq!(notice(&src, &[]).1, 6, "the first run from there");
    assert_eq!(notice(dir, &[]).1, 0, "the root's results are still kept");
    assert_eq!(notice(&src, &[]).1, 0, "and that directory's");
    assert!(cold.contains("page_url"), "{cold}");
    assert!(
        cold.contains("cookie_id"),
        "the template's declaration: {cold}"
    );
    // Proof that the files are not opened: each holds text that cannot parse, of the same size
    // and time (and the same inode), and the run still gives the same notice.
    for (file, text) in FILES {
        let path = dir.join(file);
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        fs::write(&path, format!("disclose{}", "(".repeat(text.len() - 8))).unwrap();
        set_modified(&path, modified);
    }
    let (unopened, read) = notice(dir, &[]);
    assert_eq!(read, 0);
    assert!(unopened == cold, "the same notice, from the kept results");
    // What discovery found is kept too: `coverage` still reports the undeclared tag.
    let coverage = tool(dir).arg("coverage").output().unwrap();
    assert_eq!(coverage.status.code(), Some(1), "{}", stderr(&coverage));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&coverage.stdout),
        stderr(&coverage)
    );
    assert!(report.contains("templates/other.html"), "{report}");
}

#[test]
fn a_change_is_followed_by_exactly_what_it_touches() {
    let package = package();
    let dir = package.path();
    let _ = notice(dir, &[]);
    // One source file changes, then one template: each alone is read, and the notice follows.
    for (file, text, old, new) in [
        ("src/a.rs", A, "page_url", "referrer"),
        ("templates/page.html", PAGE, "cookie_id", "user_agent"),
    ] {
        fs::write(dir.join(file), text.replace(old, new)).unwrap();
        set_modified(&dir.join(file), an_hour_ago());
        let (changed, read) = notice(dir, &[]);
        assert_eq!(read, 1, "{file}");
        assert!(changed.contains(new) && !changed.contains(old), "{file}");
        assert!(
            changed == fresh(dir, &[]),
            "what a run that keeps nothing gives"
        );
    }
    // The catalogue changes: every file is read again (its hosts and terms may differ).
    fs::write(
        dir.join("disclosure.toml"),
        format!("{CATALOGUE}\n# reviewed\n"),
    )
    .unwrap();
    let (_, read) = notice(dir, &[]);
    assert_eq!(read, 6);
    // A feature turns on: the files that were parsed are scanned again in the new build; the one
    // with nothing to parse is not read.
    let (web, read) = notice(dir, &["--features", "web"]);
    assert_eq!(read, 3);
    assert!(web.contains("device_info"), "the feature's transmission");
    assert!(
        web == fresh(dir, &["--features", "web"]),
        "what a run that keeps nothing gives"
    );
    let (_, read) = notice(dir, &["--features", "web"]);
    assert_eq!(read, 0);
}

/// A directory whose time is unchanged since the last run (and was settled then) is not listed
/// again: adding, removing or renaming an entry changes a directory's time, so a new template in
/// it is still found.
#[test]
fn a_directory_unchanged_since_the_last_run_is_not_listed_again() {
    let package = package();
    let dir = package.path();
    let _ = notice(dir, &[]);
    // The first run made `target/` in the root: every directory is set an hour back.
    for sub in ["", "src", "templates"] {
        fs::File::open(dir.join(sub))
            .unwrap()
            .set_modified(an_hour_ago())
            .unwrap();
    }
    assert_eq!(listed(dir), (3, 3), "listed again: their times changed");
    assert_eq!(listed(dir), (0, 3), "known unchanged");
    fs::write(
        dir.join("templates/new.html"),
        PAGE.replace("cookie_id", "user_agent"),
    )
    .unwrap();
    let (notice, read) = notice(dir, &[]);
    assert_eq!(read, 1, "the new template alone");
    assert!(notice.contains("user_agent"), "{notice}");
    assert!(
        notice == fresh(dir, &[]),
        "what a run that keeps nothing gives"
    );
}

/// How many directories a run listed, of how many it walked.
fn listed(dir: &Path) -> (usize, usize) {
    let out = run(dir, &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let (listed, walked) = err
        .lines()
        .find_map(|l| {
            l.strip_prefix("listed ")?
                .strip_suffix(" directories; the others are unchanged since the last run")?
                .split_once(" of ")
        })
        .unwrap_or_else(|| panic!("no count of directories listed in:\n{err}"));
    (listed.parse().unwrap(), walked.parse().unwrap())
}

/// A file modified within the file system's timestamp granularity of the run that read it can
/// change again without its time changing ("racily clean", as git's index calls it): the next run
/// compares its content, and follows a change of the same size and time. (The file's time is set
/// an hour ahead, so that it stays within the granularity of every run, however slow the machine.)
#[test]
fn a_racily_clean_file_is_compared_by_content() {
    let package = package();
    let dir = package.path();
    let path = dir.join("src/a.rs");
    let just_now = SystemTime::now() + Duration::from_secs(3600);
    set_modified(&path, just_now);
    let (first, read) = notice(dir, &[]);
    assert_eq!(read, 6);
    let (again, read) = notice(dir, &[]);
    assert_eq!(read, 1, "the recent file is compared");
    assert!(again == first, "and found unchanged");
    fs::write(&path, A.replace("page_url", "referrer")).unwrap();
    set_modified(&path, just_now);
    let (changed, read) = notice(dir, &[]);
    assert_eq!(read, 1);
    assert!(
        changed.contains("referrer"),
        "the same size and time, new content: followed"
    );
}

/// The kept results are an input anyone who can write `target/` can plant; one edited, cut short
/// or foreign is ignored and rewritten.
#[test]
fn kept_results_edited_or_cut_short_are_ignored() {
    let package = package();
    let dir = package.path();
    let (expected, _) = notice(dir, &[]);
    let kept = fs::read_dir(dir.join("target/disclosure"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("scans-")
        })
        .expect("results kept");
    let good = fs::read_to_string(&kept).unwrap();
    let (mac, json) = good.split_once('\n').unwrap();
    // The annotated file's result emptied under the old mac: refused.
    let edited = json.replace("page_url", "referrer");
    assert_ne!(edited, json);
    for bad in [
        format!("{mac}\n{edited}"),
        good[..good.len() / 2].to_string(),
        String::new(),
    ] {
        fs::write(&kept, &bad).unwrap();
        let (notice, read) = notice(dir, &[]);
        assert_eq!(
            (&notice, read),
            (&expected, 6),
            "{}",
            &bad[..bad.len().min(80)]
        );
        assert_eq!(fs::read_to_string(&kept).unwrap(), good, "rewritten");
    }
}
