//! `cargo disclosure explain`: what a diagnostic code means, printed offline as rustc's
//! `--explain` does: the code's whole section of the diagnostics reference (what triggers it, a
//! failing example, the fix and, for the notice's lints, the explanation in Japanese). The
//! reference is `docs/diagnostics.md`, built into the binary (`cargo-disclosure/diagnostics.md`
//! links to it), so the text an installed user reads is the one the repository documents.

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};

use crate::Outcome;
use crate::terminal;

/// The diagnostics reference, one `## Dxxxx name` section per code.
const REFERENCE: &str = include_str!("../../diagnostics.md");

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The code (`D0206`) or its name (`unknown-id`); none lists every code.
    code: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, Error> {
    let Some(given) = &args.code else {
        let mut out = String::new();
        for code in Code::ALL {
            out.push_str(&format!(
                "{}  {:28}  {}\n",
                code.id(),
                code.name(),
                code.summary()
            ));
        }
        return terminal::write_stdout(&out);
    };
    let code: Code = given.parse().map_err(|e: String| {
        Error::from(
            Diagnostic::error(Code::FlagInvalid, e)
                .help("`cargo disclosure explain` lists every code"),
        )
    })?;
    terminal::write_stdout(&explanation(code))
}

/// The text `explain` prints for `code`: its heading line, then its section of the reference.
fn explanation(code: Code) -> String {
    let body = section(REFERENCE, code.id()).unwrap_or_else(|| code.summary());
    format!(
        "{} ({}): {}\n\n{}\n",
        code.id(),
        code.name(),
        code.summary(),
        body.trim()
    )
}

/// The body of the `## {id} …` section of `reference`, up to the next heading of level one or
/// two (a code's section has no heading of its own inside).
fn section<'a>(reference: &'a str, id: &str) -> Option<&'a str> {
    let heading = format!("## {id} ");
    let mut offset = 0;
    let mut start = None;
    let mut in_fence = false;
    for line in reference.split_inclusive('\n') {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence {
            if let Some(begin) = start {
                if line.starts_with("# ") || line.starts_with("## ") {
                    return Some(&reference[begin..offset]);
                }
            } else if line.starts_with(&heading) {
                start = Some(offset + line.len());
            }
        }
        offset += line.len();
    }
    start.map(|begin| &reference[begin..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_whole_section() {
        for code in Code::ALL {
            let body = section(REFERENCE, code.id())
                .unwrap_or_else(|| panic!("{} has no section in docs/diagnostics.md", code.id()));
            assert!(
                body.trim().len() > 40,
                "{}: the section says almost nothing",
                code.id()
            );
            assert!(
                !body.contains("\n## D"),
                "{}: ran into the next code",
                code.id()
            );
        }
    }

    #[test]
    fn a_lint_is_explained_in_both_languages_with_its_example() {
        let text = explanation(Code::RecipientUseMissing);
        assert!(
            text.starts_with("D0405 (recipient-use-missing): "),
            "{text}"
        );
        assert!(text.contains("```text\nerror[D0405]"), "{text}");
        assert!(
            text.contains("**日本語**: 送信先における利用目的"),
            "{text}"
        );
        assert!(!text.contains("## D0406"), "{text}");
    }

    #[test]
    fn a_fence_with_a_heading_inside_does_not_end_the_section() {
        let reference = "## D0001 a\n\n```md\n## not a heading\n```\n\nafter\n\n## D0002 b\n\nx\n";
        let body = section(reference, "D0001").unwrap();
        assert!(body.contains("after"), "{body}");
        assert!(!body.contains('x'), "{body}");
        assert_eq!(section(reference, "D0002").unwrap().trim(), "x");
        assert_eq!(section(reference, "D0003"), None);
    }
}
