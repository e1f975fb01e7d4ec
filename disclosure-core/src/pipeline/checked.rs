//! `check` as one library call: the notice built and linted, the outputs compared with their
//! files, the organisation's `[policy]` evaluated, the dependency graph's coverage checked when
//! asked, and the change summary for a reviewer. `cargo disclosure check`, the build script
//! (`disclosure::build`) and the test helper (`disclosure::testing`) all call it, so a `deny` rule
//! stops each of them alike.

use super::{Output, Project, render_all};
use crate::changes;
use crate::check::coverage::{self, Coverage};
use crate::check::policy;
use crate::check::staleness::{self, Existing, Freshness};
use crate::foundation::date::Date;
use crate::foundation::diagnostic::{Code, Diagnostic, Error};
use crate::foundation::localized::Lang;
use crate::model::Notice;

/// What to check beyond the notice itself.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CheckOptions {
    /// The date `[policy]` exceptions expire against.
    pub today: Date,
    /// The outputs to compare with their files; none for a build script, which writes its own.
    pub compare: Vec<Output>,
    /// Also check the dependency graph's coverage: an undeclared recipient fails the check.
    pub coverage: bool,
    /// The language of the change summary.
    pub summary_lang: Lang,
}

impl CheckOptions {
    /// The policy on `today`, nothing compared, no coverage; the summary in Japanese.
    pub fn new(today: Date) -> CheckOptions {
        CheckOptions {
            today,
            compare: Vec::new(),
            coverage: false,
            summary_lang: Lang::Ja,
        }
    }

    /// Compares `outputs` with their files.
    pub fn compare(mut self, outputs: Vec<Output>) -> CheckOptions {
        self.compare = outputs;
        self
    }

    /// Checks the dependency graph's coverage too.
    pub fn coverage(mut self, coverage: bool) -> CheckOptions {
        self.coverage = coverage;
        self
    }

    /// Words the change summary in `lang`.
    pub fn summary_lang(mut self, lang: Lang) -> CheckOptions {
        self.summary_lang = lang;
        self
    }
}

/// An output whose file differs from what the code and the catalogue give today.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct StaleOutput {
    /// The output.
    pub output: Output,
    /// How its file differs.
    pub freshness: Freshness,
    /// What the file should hold.
    pub expected: String,
}

/// What `check` found.
#[derive(Debug)]
#[non_exhaustive]
pub struct Checked {
    /// The notice of the code as it is.
    pub notice: Notice,
    /// How many outputs were compared.
    pub compared: usize,
    /// The outputs whose files are missing or differ.
    pub stale: Vec<StaleOutput>,
    /// The coverage of the dependency graph, when asked.
    pub coverage: Option<Coverage>,
    /// What decides the check: the policy's findings, the coverage's, and one error per stale
    /// output.
    pub findings: Vec<Diagnostic>,
    /// What changed since the committed JSON notice, in plain words, when an output is stale.
    pub summary: Option<String>,
}

impl Checked {
    /// Whether a finding is an error: the check fails.
    pub fn failed(&self) -> bool {
        self.findings.iter().any(Diagnostic::is_error)
    }
}

/// Checks `project`; the warnings of building and rendering the notice come back beside it.
pub fn check(
    project: &Project,
    options: &CheckOptions,
) -> Result<(Checked, Vec<Diagnostic>), Error> {
    let (notice, mut warnings) = project.notice()?;
    let (rendered, more) = render_all(&notice, &options.compare)?;
    warnings.extend(more);
    let mut stale = Vec::new();
    for (output, expected) in rendered {
        let freshness = staleness::compare(&output.path, &expected)?;
        if freshness != Freshness::Fresh {
            stale.push(StaleOutput {
                output,
                freshness,
                expected,
            });
        }
    }
    let mut findings = policy::evaluate(&project.catalogue, &project.declarations, options.today);
    let coverage = options.coverage.then(|| {
        coverage::check(
            &project.catalogue,
            &project.declarations,
            &project.workspace.crates,
            &project.found,
        )
    });
    if let Some(c) = &coverage {
        findings.extend(c.diagnostics());
    }
    findings.extend(stale.iter().map(stale_error));
    let summary = if stale.is_empty() {
        None
    } else {
        Some(summary(&notice, &options.compare, options.summary_lang)?)
    };
    Ok((
        Checked {
            notice,
            compared: options.compare.len(),
            stale,
            coverage,
            findings,
            summary,
        },
        warnings,
    ))
}

/// The error of one stale output.
fn stale_error(s: &StaleOutput) -> Diagnostic {
    let path = s.output.path.display();
    let what = if matches!(s.freshness, Freshness::Missing) {
        "missing"
    } else {
        "stale"
    };
    Diagnostic::error(Code::OutputStale, format!("{path} is {what}"))
        .at_opt(s.output.declared_at.clone())
        .help("run `cargo disclosure generate` and commit the result")
}

/// The change summary against the committed JSON notice, when one is among the outputs;
/// otherwise a hint.
fn summary(notice: &Notice, outputs: &[Output], lang: Lang) -> Result<String, Error> {
    let committed = outputs
        .iter()
        .find(|o| o.options.format.is_model() && o.options.template.is_none())
        .map(|o| &o.path);
    let Some(path) = committed else {
        return Ok(
            "(declare a json [[output]] to get a summary of what changed, in plain words)\n".into(),
        );
    };
    let old = match staleness::read(path)? {
        Existing::Bytes(bytes) => match serde_json::from_slice::<Notice>(&bytes) {
            Ok(old) => old,
            Err(e) => {
                return Ok(format!(
                    "({} is not a notice this version reads ({e}); no change summary)\n",
                    path.display()
                ));
            }
        },
        Existing::Missing | Existing::TooLarge => Notice::empty_like(notice),
    };
    Ok(changes::summary(&old, notice, lang))
}
