//! `[lints]`: each lint's level, as Cargo's table of the same name.

use std::collections::BTreeMap;

use toml::Spanned;

use super::super::places::Places;
use super::super::raw::LintDecl;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::foundation::levels::{Level, LevelRule, Levels, Selector};
use crate::foundation::suggest;

pub(super) fn levels(
    places: &Places<'_>,
    lints: BTreeMap<Spanned<String>, LintDecl>,
    out: &mut Diagnostics,
) -> Levels {
    let mut levels = Levels::new();
    for (key, decl) in lints {
        let selector = match key.get_ref().parse::<Selector>() {
            Ok(s) => s,
            Err(_) => {
                let names = Code::ALL.iter().map(|c| c.name()).chain(["warnings"]);
                let mut help = "name a code (`D0412`), its name (`notice-metadata-missing`) or `warnings`; `cargo disclosure explain CODE` describes each".to_string();
                if let Some(s) = suggest::did_you_mean(key.get_ref(), names) {
                    help = format!("{s} {help}");
                }
                out.push(
                    Diagnostic::error(
                        Code::LintLevel,
                        format!("`[lints]` names no known lint: `{}`", key.get_ref()),
                    )
                    .at(places.of(&key))
                    .help(help),
                );
                continue;
            }
        };
        // A level written alone is pointed at by its key.
        let (level, at, reason) = match &decl {
            LintDecl::Level(l) => (l.as_str(), places.of(&key), None),
            LintDecl::Table { level, reason } => {
                (level.get_ref().as_str(), places.of(level), reason.clone())
            }
        };
        let parsed = match level.parse::<Level>() {
            Ok(l) => l,
            Err(message) => {
                out.push(Diagnostic::error(Code::LintLevel, message).at(at).help(
                    "write `\"warn\"`, `\"deny\"` or `{ level = \"allow\", reason = \"…\" }`",
                ));
                continue;
            }
        };
        let reason = reason.filter(|r| !r.trim().is_empty());
        if parsed == Level::Allow && reason.is_none() {
            out.push(
                Diagnostic::error(
                    Code::LintLevel,
                    format!("`{}` is allowed without a reason", key.get_ref()),
                )
                .at(at)
                .help(format!(
                    "say why the finding does not apply, for reviewers: {} = {{ level = \"allow\", reason = \"…\" }}",
                    key.get_ref()
                )),
            );
            continue;
        }
        levels.push(LevelRule {
            selector,
            level: parsed,
            reason,
            from_command_line: false,
        });
    }
    levels
}
