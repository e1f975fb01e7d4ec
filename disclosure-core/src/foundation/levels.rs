//! Lint levels, as Cargo's `[lints]` and rustc's `-A`/`-W`/`-D`: a rule names a code (or its
//! name), or `warnings` for every warning, and says `allow`, `warn` or `deny`. Rules come from
//! `[lints]` in `disclosure.toml` and from the command line; the most specific wins: a named code
//! beats `warnings`, and, between two rules as specific, the command line beats the file.
//!
//! Warnings take any level. An error is lowered only where the caller says it may be (the
//! notice's lints, whose errors the operator may accept with a reason); an input error never is.

use std::fmt;
use std::str::FromStr;

use super::diagnostic::{Code, Diagnostic, Severity};

/// What to do with a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Drop it.
    Allow,
    /// Print it; it does not fail.
    Warn,
    /// Print it; it fails.
    Deny,
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Level, String> {
        match s {
            "allow" => Ok(Level::Allow),
            "warn" => Ok(Level::Warn),
            "deny" => Ok(Level::Deny),
            other => Err(format!(
                "unknown level `{other}`: use `allow`, `warn` or `deny`"
            )),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        })
    }
}

/// What a rule names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selector {
    /// Every warning.
    Warnings,
    /// One code.
    Code(Code),
}

impl FromStr for Selector {
    type Err = String;

    /// `warnings`, a code (`D0402`) or its name (`vague-label`).
    fn from_str(s: &str) -> Result<Selector, String> {
        if s == "warnings" {
            Ok(Selector::Warnings)
        } else {
            s.parse::<Code>().map(Selector::Code)
        }
    }
}

impl Selector {
    fn matches(self, d: &Diagnostic) -> bool {
        match self {
            Selector::Warnings => d.severity == Severity::Warning,
            Selector::Code(c) => c == d.code,
        }
    }
}

/// One rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelRule {
    /// What it names.
    pub selector: Selector,
    /// What it says.
    pub level: Level,
    /// Why (required for `allow` in the file).
    pub reason: Option<String>,
    /// Given on the command line (else in `disclosure.toml`).
    pub from_command_line: bool,
}

/// The rules in force.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Levels {
    rules: Vec<LevelRule>,
}

impl Levels {
    /// No rule: every finding at its own level.
    pub fn new() -> Levels {
        Levels::default()
    }

    /// Adds a rule.
    pub fn push(&mut self, rule: LevelRule) {
        self.rules.push(rule);
    }

    /// Adds every rule of `other`.
    pub fn extend(&mut self, other: &Levels) {
        self.rules.extend(other.rules.iter().cloned());
    }

    /// The rules, in the order given.
    pub fn rules(&self) -> &[LevelRule] {
        &self.rules
    }

    /// The rule that decides `d`, if any: the most specific, then the command line's, then the
    /// last given.
    pub fn rule_for(&self, d: &Diagnostic) -> Option<&LevelRule> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.selector.matches(d))
            .max_by_key(|(i, r)| {
                (
                    matches!(r.selector, Selector::Code(_)),
                    r.from_command_line,
                    *i,
                )
            })
            .map(|(_, r)| r)
    }

    /// `d` at the level the rules give it: `None` when allowed. An error keeps its level unless
    /// `lowerable`.
    pub fn apply(&self, mut d: Diagnostic, lowerable: bool) -> Option<Diagnostic> {
        let Some(rule) = self.rule_for(&d) else {
            return Some(d);
        };
        if d.severity == Severity::Error && !lowerable {
            return Some(d);
        }
        match rule.level {
            Level::Allow => None,
            Level::Warn => {
                d.severity = Severity::Warning;
                Some(d)
            }
            Level::Deny => {
                d.severity = Severity::Error;
                Some(d)
            }
        }
    }

    /// Every diagnostic of `ds` at its level (warnings only; errors stay errors).
    pub fn apply_all(&self, ds: Vec<Diagnostic>) -> Vec<Diagnostic> {
        ds.into_iter()
            .filter_map(|d| self.apply(d, false))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(selector: &str, level: Level, cli: bool) -> LevelRule {
        LevelRule {
            selector: selector.parse().unwrap(),
            level,
            reason: None,
            from_command_line: cli,
        }
    }

    #[test]
    fn the_most_specific_rule_wins_then_the_command_line() {
        let warning = Diagnostic::warning(Code::NoticeMetadataMissing, "no date");
        let mut levels = Levels::new();
        levels.push(rule("warnings", Level::Deny, true));
        levels.push(rule("D0412", Level::Allow, false));
        // `--deny warnings` with the file's `D0412 = allow`: the named code wins.
        assert_eq!(levels.apply(warning.clone(), false), None);
        // The command line's named rule beats the file's.
        levels.push(rule("notice-metadata-missing", Level::Warn, true));
        assert_eq!(
            levels.apply(warning.clone(), false).map(|d| d.severity),
            Some(Severity::Warning)
        );
        // Another warning falls under `warnings`.
        let other = Diagnostic::warning(Code::VagueLabel, "vague");
        assert_eq!(
            levels.apply(other, false).map(|d| d.severity),
            Some(Severity::Error)
        );
    }

    #[test]
    fn an_error_is_lowered_only_where_the_caller_allows_it() {
        let error = Diagnostic::error(Code::RecipientUseMissing, "no use");
        let mut levels = Levels::new();
        levels.push(rule("D0405", Level::Allow, false));
        assert_eq!(levels.apply(error.clone(), true), None);
        assert_eq!(levels.apply(error.clone(), false), Some(error));
    }
}
