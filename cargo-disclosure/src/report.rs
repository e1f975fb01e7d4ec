//! Diagnostics on standard error: rustc-style with snippets of the source (coloured only on a
//! terminal), or one JSON object per line (`--message-format json`, schema
//! `docs/schema/diagnostic.schema.json`). `--deny CODE` or `--deny warnings` turns warnings into
//! errors; `--allow CODE` silences a warning.

use std::io::{IsTerminal, Write};

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error, Severity};
use disclosure_core::foundation::report::{Reporter, json_line};

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum MessageFormat {
    /// rustc-style, for people.
    #[default]
    Human,
    /// One JSON object per line, for tools.
    Json,
}

/// When to colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Colour {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// A code, or every warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lint {
    /// Every warning.
    Warnings,
    /// One code.
    Code(Code),
}

fn parse_lint(s: &str) -> Result<Lint, String> {
    if s == "warnings" {
        Ok(Lint::Warnings)
    } else {
        s.parse::<Code>().map(Lint::Code)
    }
}

/// The options every subcommand takes about its diagnostics.
#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// How to print diagnostics: `human` or `json` (one object per line on standard error).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Make warnings errors: a code (`D0402`, or its name `vague-label`), or `warnings` for all.
    #[arg(long, global = true, value_name = "CODE", value_parser = parse_lint)]
    deny: Vec<Lint>,
    /// Silence a warning: a code or its name.
    #[arg(long, global = true, value_name = "CODE", value_parser = parse_lint)]
    allow: Vec<Lint>,
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Colour::Auto)]
    color: Colour,
}

/// Where diagnostics go.
pub(crate) struct Report {
    format: MessageFormat,
    deny: Vec<Lint>,
    allow: Vec<Lint>,
    reporter: Reporter,
    colour: bool,
}

impl Report {
    pub(crate) fn new(args: &ReportArgs) -> Report {
        let colour = match args.color {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Report {
            format: args.message_format,
            deny: args.deny.clone(),
            allow: args.allow.clone(),
            reporter: Reporter::new(colour && args.message_format == MessageFormat::Human),
            colour,
        }
    }

    /// Makes warnings of `code` errors, as `--deny CODE` does.
    pub(crate) fn deny(&mut self, code: Code) {
        self.deny.push(Lint::Code(code));
    }

    /// Whether standard output may be coloured (diffs).
    pub(crate) fn colour_stdout(&self) -> bool {
        self.colour && std::io::stdout().is_terminal()
    }

    fn matches(list: &[Lint], d: &Diagnostic) -> bool {
        list.iter().any(|l| match l {
            Lint::Warnings => d.severity == Severity::Warning,
            Lint::Code(c) => *c == d.code,
        })
    }

    /// Prints warnings (those `--deny` names become errors, returned; those `--allow` names are
    /// dropped).
    pub(crate) fn warnings(&mut self, warnings: Vec<Diagnostic>) -> Result<(), Error> {
        let mut denied = Vec::new();
        for mut w in warnings {
            if Report::matches(&self.deny, &w) {
                w.severity = Severity::Error;
                denied.push(w);
            } else if !Report::matches(&self.allow, &w) {
                self.print(&w);
            }
        }
        if denied.is_empty() {
            Ok(())
        } else {
            Err(Error::from_diagnostics(denied))
        }
    }

    /// Prints findings of a check (errors and warnings alike); whether any is an error after
    /// `--deny`.
    pub(crate) fn findings(&mut self, findings: Vec<Diagnostic>) -> bool {
        let mut failed = false;
        for mut d in findings {
            if d.severity == Severity::Warning && Report::matches(&self.deny, &d) {
                d.severity = Severity::Error;
            }
            if d.severity == Severity::Warning && Report::matches(&self.allow, &d) {
                continue;
            }
            failed |= d.is_error();
            self.print(&d);
        }
        failed
    }

    /// Prints every diagnostic of a failure.
    pub(crate) fn errors(&mut self, error: &Error) {
        for d in error.diagnostics() {
            self.print(d);
        }
    }

    fn print(&mut self, d: &Diagnostic) {
        let text = match self.format {
            MessageFormat::Human => format!("{}\n", self.reporter.render(d)),
            MessageFormat::Json => json_line(d),
        };
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }

    /// A line of progress ("wrote notice.md") for people; nothing in JSON mode.
    pub(crate) fn status(&self, line: &str) {
        if self.format == MessageFormat::Human {
            eprintln!("{}", disclosure_core::foundation::report::clean(line));
        }
    }
}
