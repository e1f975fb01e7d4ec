//! The CI integrations: the GitHub Action's script, run on a copy of the DOOR example against the
//! built binary (fresh, stale, a flag passed through, a pull request's change summary and comment,
//! with a stand-in for the GitHub CLI, so nothing leaves the machine), and the files that wire it up:
//! `action.yml`, `.pre-commit-hooks.yaml` and the workflow in docs/ci.md.

#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{BIN, repo_root};

/// The script `action.yml` runs, relative to the repository's root.
const SCRIPT: &str = ".github/actions/disclosure-check.sh";

/// The marker the script puts in its report, by which it finds its own comment again.
const MARKER: &str = "<!-- disclosure-check -->";

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        let (source, dest) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&source, &dest);
        } else {
            fs::copy(&source, &dest).unwrap();
        }
    }
}

/// The DOOR example as a package of its own in a temporary directory, with its committed notice.
/// Its manifest inherits from the workspace, so the copy gets a standalone one (its dependency on
/// the facade only makes the annotations compile; nothing is compiled here).
fn door() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("examples/door"), dir.path());
    fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"door-example\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n",
    )
    .unwrap();
    dir
}

/// One run of the action's script.
struct Run {
    out: Output,
    /// What the run appended to the step summary (the file held `PREVIOUS` before).
    summary: String,
    /// What it wrote to `GITHUB_OUTPUT`.
    outputs: String,
}

const PREVIOUS: &str = "A previous step's summary.\n";

impl Run {
    fn code(&self) -> Option<i32> {
        self.out.status.code()
    }
    fn log(&self) -> String {
        format!(
            "--- stdout\n{}\n--- stderr\n{}\n--- summary\n{}",
            String::from_utf8_lossy(&self.out.stdout),
            String::from_utf8_lossy(&self.out.stderr),
            self.summary
        )
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
}

/// Runs the script in `dir` with the built binary and `env`, as GitHub would, but with nothing
/// inherited from a CI the tests themselves may run in.
fn action(dir: &Path, env: &[(&str, &str)]) -> Run {
    let files = tempfile::tempdir().unwrap();
    let summary = files.path().join("step-summary.md");
    let outputs = files.path().join("github-output");
    fs::write(&summary, PREVIOUS).unwrap();
    let mut command = Command::new("bash");
    command.arg(repo_root().join(SCRIPT)).current_dir(dir);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("GITHUB_")
            || key.starts_with("DISCLOSURE_")
            || key.starts_with("FAKE_GH_")
            || key == "GH_TOKEN"
        {
            command.env_remove(key);
        }
    }
    let out = command
        .env("DISCLOSURE_BIN", BIN)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("CARGO_TERM_COLOR", "never")
        .envs(env.iter().copied())
        .output()
        .expect("bash runs the script");
    let summary = fs::read_to_string(&summary).unwrap();
    let summary = summary
        .strip_prefix(PREVIOUS)
        .unwrap_or_else(|| panic!("the step summary was appended to, not replaced:\n{summary}"))
        .to_string();
    Run {
        out,
        summary,
        outputs: fs::read_to_string(&outputs).unwrap_or_default(),
    }
}

#[test]
fn the_script_passes_a_fresh_notice_and_fails_a_stale_one() {
    let door = door();

    let run = action(door.path(), &[("GITHUB_EVENT_NAME", "push")]);
    assert_eq!(run.code(), Some(0), "{}", run.log());
    assert!(run.summary.starts_with(MARKER), "{}", run.log());
    // Japanese by default; the check's own report is quoted below the verdict.
    assert!(run.summary.contains("✅ **最新です**"), "{}", run.log());
    assert!(
        run.summary
            .contains("fresh: 4 outputs match the code and disclosure.toml"),
        "{}",
        run.log()
    );
    assert!(!run.summary.contains("プルリクエスト"), "{}", run.log());
    assert_eq!(run.outputs, "exit-code=0\n");
    // The log shows the check's report too.
    assert!(run.stdout().contains("fresh: 4 outputs"), "{}", run.log());

    // Someone edits a published file by hand: the committed notice no longer is what the code says.
    let ja = door.path().join("notice.ja.md");
    let edited = fs::read_to_string(&ja).unwrap().replacen(
        "株式会社NTTコノキュー",
        "株式会社NTTコノキュー（旧）",
        1,
    );
    fs::write(&ja, edited).unwrap();
    let run = action(
        door.path(),
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("DISCLOSURE_SUMMARY_LANG", "en"),
        ],
    );
    assert_eq!(run.code(), Some(1), "{}", run.log());
    assert!(
        run.summary.contains(
            "❌ **Stale, or a `[policy]` rule is violated, or a denied lint fired** (exit status 1)"
        ),
        "{}",
        run.log()
    );
    for expected in [
        "stale: notice.ja.md",
        "+++ b/notice.ja.md",
        "（旧）",
        "## Changes to the external transmission notice",
        "1 of 4 outputs are stale",
        "cargo disclosure generate",
        "error[D0802]: notice.ja.md is stale",
        "<details open>",
    ] {
        assert!(
            run.summary.contains(expected),
            "the summary lacks {expected:?}:\n{}",
            run.log()
        );
    }
    assert!(!run.summary.contains("fresh:"), "{}", run.log());
    assert_eq!(run.outputs, "exit-code=1\n");
    // The check's output sits in one fenced block that nothing in it closes early.
    let fences = run.summary.lines().filter(|l| l.starts_with("```")).count();
    assert_eq!(fences, 2, "{}", run.log());
}

#[test]
fn the_scripts_args_reach_check() {
    let door = door();
    // DOOR allows, with its reasons, what its published text does not state (`[lints]` in its
    // disclosure.toml); a flag outranks the file, so `--deny D0122` makes one of them an error.
    // A denied lint fails the check (exit status 1) without hiding that an output is stale.
    let ja = door.path().join("notice.ja.md");
    let edited = fs::read_to_string(&ja).unwrap().replacen(
        "株式会社NTTコノキュー",
        "株式会社NTTコノキュー（旧）",
        1,
    );
    fs::write(&ja, edited).unwrap();
    let run = action(
        door.path(),
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("DISCLOSURE_SUMMARY_LANG", "en"),
            ("DISCLOSURE_ARGS", "--deny D0122"),
        ],
    );
    assert_eq!(run.code(), Some(1), "{}", run.log());
    assert!(
        run.summary.contains("denied lint fired** (exit status 1)"),
        "{}",
        run.log()
    );
    assert!(run.summary.contains("error[D0122]"), "{}", run.log());
    assert!(run.summary.contains("+++ b/notice.ja.md"), "{}", run.log());
    assert!(run.summary.contains("（旧）"), "{}", run.log());
    fs::copy(repo_root().join("examples/door/notice.ja.md"), &ja).unwrap();

    // A manifest elsewhere than the working directory.
    let parent = door.path().parent().unwrap();
    let manifest = door.path().join("Cargo.toml");
    let run = action(
        parent,
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("DISCLOSURE_MANIFEST_PATH", manifest.to_str().unwrap()),
        ],
    );
    assert_eq!(run.code(), Some(0), "{}", run.log());
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A stand-in for the GitHub CLI: it logs each call's arguments, keeps the body it was given, lists
/// `FAKE_GH_EXISTING` as the id of an earlier comment of the script's, and, when `FAKE_GH_FAIL` is
/// set, refuses to write, as GitHub does with a fork's read-only token (which may still list).
fn fake_gh(dir: &Path) -> PathBuf {
    let path = dir.join("gh");
    fs::write(
        &path,
        r#"#!/usr/bin/env bash
set -euo pipefail
printf '%s\n' "$*" >>"$FAKE_GH_LOG"
if [[ -n ${FAKE_GH_FAIL:-} && " $* " == *" --method "* ]]; then
    echo 'HTTP 403: Resource not accessible by integration' >&2
    exit 1
fi
for arg in "$@"; do
    case $arg in
        body=@*) cp -- "${arg#body=@}" "$FAKE_GH_BODY" ;;
    esac
done
if [[ " $* " == *" --paginate "* ]]; then
    printf '%s\n' "${FAKE_GH_EXISTING:-}"
fi
"#,
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn on_a_pull_request_the_change_summary_lands_in_the_step_summary_and_the_comment() {
    // A repository whose base branch, `origin/main`, has the DOOR example as published, less its
    // contact (so that every run has a warning to print).
    let door = door();
    let catalogue = door.path().join("disclosure.toml");
    let text = fs::read_to_string(&catalogue).unwrap();
    let without_contact: String = text
        .lines()
        .filter(|l| !l.starts_with("contact = "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without_contact, text);
    fs::write(&catalogue, without_contact).unwrap();
    git(door.path(), &["init", "-q"]);
    git(door.path(), &["add", "."]);
    git(door.path(), &["commit", "-q", "-m", "base"]);
    git(
        door.path(),
        &["update-ref", "refs/remotes/origin/main", "HEAD"],
    );

    // The pull request stops sending the referrer to Google Analytics, and regenerates the notice.
    let analytics = door.path().join("src/analytics.rs");
    let source = fs::read_to_string(&analytics).unwrap();
    let changed = source.replace(
        "    #[disclose(data = referrer)]\n    pub referrer: Option<String>,\n",
        "",
    );
    assert_ne!(changed, source);
    fs::write(&analytics, changed).unwrap();
    let generated = Command::new(BIN)
        .arg("generate")
        .current_dir(door.path())
        .output()
        .unwrap();
    assert!(generated.status.success());

    // What `diff --since` says, straight from the binary.
    let expected = Command::new(BIN)
        .args(["diff", "--since", "origin/main", "--lang", "en"])
        .current_dir(door.path())
        .output()
        .unwrap();
    assert!(expected.status.success());
    let expected = String::from_utf8(expected.stdout).unwrap();
    assert!(expected.contains("(the referrer)"), "{expected}");

    let tools = tempfile::tempdir().unwrap();
    let gh = fake_gh(tools.path());
    let log = tools.path().join("gh.log");
    let body = tools.path().join("body.md");
    let pr_env = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, String)> {
        let mut env = vec![
            ("GITHUB_EVENT_NAME", "pull_request".to_string()),
            ("GITHUB_BASE_REF", "main".to_string()),
            ("GITHUB_REF", "refs/pull/7/merge".to_string()),
            ("GITHUB_REPOSITORY", "owner/repo".to_string()),
            ("DISCLOSURE_SUMMARY_LANG", "en".to_string()),
            ("DISCLOSURE_GH", gh.to_str().unwrap().to_string()),
            ("FAKE_GH_LOG", log.to_str().unwrap().to_string()),
            ("FAKE_GH_BODY", body.to_str().unwrap().to_string()),
        ];
        env.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        env
    };
    let run_pr = |extra: &[(&'static str, &'static str)]| {
        let env = pr_env(extra);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        action(door.path(), &env)
    };

    // Commenting off: the step summary has the change, the CLI is never called.
    let run = run_pr(&[("DISCLOSURE_COMMENT", "false")]);
    assert_eq!(run.code(), Some(0), "{}", run.log());
    assert!(run.summary.contains("✅ **Fresh**"), "{}", run.log());
    assert!(
        run.summary.contains("### What this pull request changes"),
        "{}",
        run.log()
    );
    // The summary's own heading sits under the report's.
    assert!(
        run.summary
            .contains("#### Changes to the external transmission notice"),
        "{}",
        run.log()
    );
    for line in expected.lines().filter(|l| !l.starts_with("## ")) {
        assert!(
            run.summary.contains(line),
            "the summary lacks {line:?}:\n{}",
            run.log()
        );
    }
    assert!(!log.exists(), "gh was called with commenting off");
    // Each warning once in the job's log: check's, not repeated by diff.
    let whom = "the notice says nowhere whom to ask about it";
    let job_log = format!(
        "{}{}",
        run.stdout(),
        String::from_utf8_lossy(&run.out.stderr)
    );
    assert_eq!(job_log.matches(whom).count(), 1, "{}", run.log());

    // Commenting on, no earlier comment: one is created on pull request 7, with the same report.
    let run = run_pr(&[]);
    assert_eq!(run.code(), Some(0), "{}", run.log());
    let calls = fs::read_to_string(&log).unwrap();
    assert!(
        calls.contains("api --paginate repos/owner/repo/issues/7/comments --jq"),
        "{calls}"
    );
    assert!(
        calls.contains("api --method POST repos/owner/repo/issues/7/comments -F body=@"),
        "{calls}"
    );
    let posted = fs::read_to_string(&body).unwrap();
    assert_eq!(
        posted, run.summary,
        "the comment is the step summary's report"
    );
    assert!(posted.starts_with(MARKER));

    // An earlier comment of the script's is updated in place, not repeated.
    fs::remove_file(&log).unwrap();
    let run = run_pr(&[("FAKE_GH_EXISTING", "42")]);
    assert_eq!(run.code(), Some(0), "{}", run.log());
    let calls = fs::read_to_string(&log).unwrap();
    assert!(
        calls.contains("api --method PATCH repos/owner/repo/issues/comments/42 -F body=@"),
        "{calls}"
    );
    assert!(!calls.contains("POST"), "{calls}");

    // A token that may not comment (a fork's): a warning, and the job keeps check's verdict.
    fs::remove_file(&log).unwrap();
    let run = run_pr(&[("FAKE_GH_FAIL", "1")]);
    assert_eq!(run.code(), Some(0), "{}", run.log());
    let calls = fs::read_to_string(&log).unwrap();
    assert!(calls.contains("api --method POST"), "{calls}");
    assert!(
        run.stdout()
            .contains("::warning title=cargo disclosure::could not comment on the pull request"),
        "{}",
        run.log()
    );
    assert!(
        run.summary.contains("### What this pull request changes"),
        "{}",
        run.log()
    );

    // Stale on a pull request: exit status 1, whatever the comment did.
    fs::write(door.path().join("notice.en.md"), "old\n").unwrap();
    let run = run_pr(&[("FAKE_GH_FAIL", "1")]);
    assert_eq!(run.code(), Some(1), "{}", run.log());
    assert!(run.summary.contains("stale: notice.en.md"), "{}", run.log());

    // A base branch that cannot be found: a warning instead of a summary; the check still decides.
    let run = run_pr(&[
        ("GITHUB_BASE_REF", "no-such-branch"),
        ("DISCLOSURE_COMMENT", "false"),
    ]);
    assert_eq!(run.code(), Some(1), "{}", run.log());
    assert!(
        run.summary
            .contains("The change summary could not be produced"),
        "{}",
        run.log()
    );
}

/// The values of `key:` on the lines of `text`, trimmed, a double-quoted one unquoted.
fn values<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix(key)?.strip_prefix(':'))
        .map(|v| {
            let v = v.trim();
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v)
        })
        .collect()
}

#[test]
fn action_yml_runs_the_script_in_the_repository() {
    let root = repo_root();
    let action = fs::read_to_string(root.join("action.yml")).unwrap();
    assert_eq!(values(&action, "using"), ["composite"]);

    // The inputs, with their defaults.
    let inputs: Vec<&str> = action
        .split("\ninputs:\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    assert_eq!(
        inputs,
        [
            "manifest-path",
            "args",
            "diff-args",
            "summary-lang",
            "comment",
            "github-token",
            "graph-cache"
        ]
    );
    let defaults = values(&action, "default");
    assert_eq!(
        defaults,
        [
            "Cargo.toml",
            "",
            "",
            "ja",
            "true",
            "${{ github.token }}",
            "false"
        ]
    );
    // Every input reaches the script.
    for input in &inputs {
        assert!(
            action.contains(&format!("${{{{ inputs.{input}")),
            "{input} is not used"
        );
    }
    // The graph cache is off unless asked for.
    assert!(
        action.contains("DISCLOSURE_NO_CACHE: ${{ inputs.graph-cache == 'true' && '' || '1' }}")
    );

    // The CLI is installed from the action's own checkout: that path is the package, and the
    // built binary is cached on a hash of the action's sources.
    let runs: Vec<&str> = values(&action, "run")
        .into_iter()
        .filter(|r| *r != "|")
        .collect();
    assert_eq!(
        runs[0],
        "cargo install --locked --path \"$ACTION_PATH/cargo-disclosure\""
    );
    assert!(action.contains("uses: actions/cache@v4"));
    assert!(action.contains("if: steps.cache.outputs.cache-hit != 'true'"));
    assert!(action.contains("ACTION_PATH: ${{ github.action_path }}"));
    let manifest = fs::read_to_string(root.join("cargo-disclosure/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"cargo-disclosure\""));

    // Then the script, which exists, and reads every variable the action sets.
    let script_path = runs[1]
        .strip_prefix("bash \"$GITHUB_ACTION_PATH/")
        .and_then(|p| p.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{}", runs[1]));
    assert_eq!(script_path, SCRIPT);
    let script = fs::read_to_string(root.join(script_path)).unwrap();
    assert!(script.starts_with("#!/usr/bin/env bash\n"));
    assert!(script.contains("\nset -euo pipefail\n"));
    let set: Vec<&str> = action
        .lines()
        .filter_map(|l| l.trim().split_once(": "))
        .map(|(k, _)| k)
        .filter(|k| k.starts_with("DISCLOSURE_") || *k == "GH_TOKEN")
        .collect();
    assert_eq!(set.len(), 9, "{set:?}");
    for var in set {
        if var == "GH_TOKEN" || var == "DISCLOSURE_NO_CACHE" {
            continue; // read by gh, and by cargo-disclosure itself
        }
        assert!(
            script.contains(&format!("${{{var}")),
            "the script never reads {var}"
        );
    }

    // The script is valid bash.
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(root.join(SCRIPT))
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
}

#[test]
fn the_pre_commit_hooks_run_real_subcommands() {
    let hooks = fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    assert_eq!(
        values(&hooks, "- id"),
        ["disclosure-check", "disclosure-generate"]
    );
    assert_eq!(values(&hooks, "language"), ["system", "system"]);
    assert_eq!(values(&hooks, "pass_filenames"), ["false", "false"]);
    assert_eq!(values(&hooks, "stages"), ["[manual]"]);
    let entries = values(&hooks, "entry");
    assert_eq!(
        entries,
        ["cargo disclosure check", "cargo disclosure generate"]
    );
    for entry in entries {
        let sub = entry.strip_prefix("cargo disclosure ").unwrap();
        let out = Command::new(BIN).args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "`{entry}` is not a command");
    }
    let files = values(&hooks, "files");
    assert_eq!(files.len(), 1);
    for part in [r"\.rs", r"disclosure\.toml", r"Cargo\.(toml|lock)", "html?"] {
        assert!(files[0].contains(part), "{}", files[0]);
    }
}

#[test]
fn the_documented_workflow_uses_the_actions_inputs() {
    let root = repo_root();
    let action = fs::read_to_string(root.join("action.yml")).unwrap();
    let docs = fs::read_to_string(root.join("docs/ci.md")).unwrap();
    let (_, after) = docs
        .split_once("uses: disclosure-rs/disclosure@main\n")
        .expect("docs/ci.md shows the action");
    let with: Vec<&str> = after
        .lines()
        .skip(1) // `with:`
        .take_while(|l| l.starts_with("          "))
        .filter_map(|l| l.trim().split_once(':'))
        .map(|(k, _)| k)
        .collect();
    assert!(!with.is_empty(), "{after}");
    for key in with {
        assert!(
            action.contains(&format!("\n  {key}:\n")),
            "docs/ci.md passes `{key}`, which action.yml does not take"
        );
    }
    assert!(docs.contains(
        "cargo install --git https://github.com/disclosure-rs/disclosure cargo-disclosure --locked"
    ));
    assert!(!docs.contains("cargo install cargo-disclosure"));
    assert!(docs.contains("repo: https://github.com/disclosure-rs/disclosure"));
    for hook in ["disclosure-check", "disclosure-generate"] {
        assert!(docs.contains(hook), "docs/ci.md does not name {hook}");
    }
}
