//! Diagnostics on standard error: rustc-style with snippets of the source (coloured only on a
//! terminal), or one JSON object per line (`--message-format json`, schema
//! `docs/schema/diagnostic.schema.json`). Each finding at its level: `--allow`, `--warn` and
//! `--deny` (a code, its name, or `warnings`) over the project's `[lints]`, the most specific rule
//! winning (`foundation::levels`).

use std::io::{IsTerminal, Write};

use disclosure_core::foundation::diagnostic::{Code, Diagnostic, Error};
use disclosure_core::foundation::levels::{Level, LevelRule, Levels, Selector};
use disclosure_core::foundation::report::{Reporter, json_line};
use disclosure_core::pipeline::Project;

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

/// The options every subcommand takes about its diagnostics.
#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// How to print diagnostics: `human` or `json` (one object per line on standard error).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Make findings errors: a code (`D0402`, or its name `vague-label`), or `warnings` for all.
    /// A named code beats `warnings`; the command line beats `[lints]` in disclosure.toml.
    #[arg(long, global = true, value_name = "CODE")]
    deny: Vec<Selector>,
    /// Print findings as warnings (a lint's error too): a code, its name, or `warnings`.
    #[arg(long, global = true, value_name = "CODE")]
    warn: Vec<Selector>,
    /// Silence findings (a lint's error too, which the notice then leaves as it is): a code, its
    /// name, or `warnings`.
    #[arg(long, global = true, value_name = "CODE")]
    allow: Vec<Selector>,
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Colour::Auto)]
    color: Colour,
    /// Say more about the work done: how many source files were read, and how many were known
    /// unchanged from the last run's results.
    #[arg(long, short = 'v', global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// Print no status line (`wrote notice.md`), only diagnostics: for a build system's actions,
    /// which show whatever a successful one prints.
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
}

/// Where diagnostics go.
pub(crate) struct Report {
    format: MessageFormat,
    /// The command line's rules, then, once a project is loaded, with its `[lints]`.
    command_line: Levels,
    levels: Levels,
    reporter: Reporter,
    colour: bool,
    verbose: bool,
    quiet: bool,
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
        let mut command_line = Levels::new();
        for (list, level) in [
            (&args.allow, Level::Allow),
            (&args.warn, Level::Warn),
            (&args.deny, Level::Deny),
        ] {
            for selector in list {
                command_line.push(LevelRule {
                    selector: *selector,
                    level,
                    reason: None,
                    from_command_line: true,
                });
            }
        }
        Report {
            format: args.message_format,
            levels: command_line.clone(),
            command_line,
            reporter: Reporter::new(colour && args.message_format == MessageFormat::Human),
            colour,
            verbose: args.verbose,
            quiet: args.quiet,
        }
    }

    /// Makes findings of `code` errors, as `--deny CODE` does.
    pub(crate) fn deny(&mut self, code: Code) {
        let rule = LevelRule {
            selector: Selector::Code(code),
            level: Level::Deny,
            reason: None,
            from_command_line: true,
        };
        self.command_line.push(rule.clone());
        self.levels.push(rule);
    }

    /// Takes the project's `[lints]` under the command line's rules, and gives the project the
    /// command line's, so that the lints it runs are at the same levels.
    pub(crate) fn adopt(&mut self, project: &mut Project) {
        self.reporter.set_root(&project.workspace.root);
        project.levels.extend(&self.command_line);
        self.levels = project.levels.clone();
    }

    /// Whether messages are for people (not `--message-format json`).
    pub(crate) fn for_people(&self) -> bool {
        self.format == MessageFormat::Human
    }

    /// Whether standard output may be coloured (diffs).
    pub(crate) fn colour_stdout(&self) -> bool {
        self.colour && std::io::stdout().is_terminal()
    }

    /// Prints warnings at their levels (denied ones become errors, returned; allowed ones are
    /// dropped).
    pub(crate) fn warnings(&mut self, warnings: Vec<Diagnostic>) -> Result<(), Error> {
        let mut denied = Vec::new();
        for d in warnings {
            match self.levels.apply(d, false) {
                Some(d) if d.is_error() => denied.push(d),
                Some(d) => self.print(&d),
                None => {}
            }
        }
        if denied.is_empty() {
            Ok(())
        } else {
            Err(Error::from_diagnostics(denied))
        }
    }

    /// Prints findings of a check (errors and warnings alike) at their levels; whether any is an
    /// error.
    pub(crate) fn findings(&mut self, findings: Vec<Diagnostic>) -> bool {
        let mut failed = false;
        for d in findings {
            if let Some(d) = self.levels.apply(d, false) {
                failed |= d.is_error();
                self.print(&d);
            }
        }
        failed
    }

    /// Prints every diagnostic of a failure.
    pub(crate) fn errors(&mut self, error: &Error) {
        if let Some(root) = error.root() {
            self.reporter.set_root(root);
        }
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
    /// A line of [`Report::status`] printed only with `--verbose`.
    pub(crate) fn detail(&self, line: &str) {
        if self.verbose {
            self.status(line);
        }
    }

    pub(crate) fn status(&self, line: &str) {
        if self.format == MessageFormat::Human && !self.quiet {
            eprintln!("{}", disclosure_core::foundation::report::clean(line));
        }
    }
}
