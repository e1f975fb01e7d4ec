//! `[[output]]`: the paths and languages of the files to generate (the formats and their options are
//! checked against the renderer's registry where outputs are planned).

use toml::Spanned;

use super::super::OutputSpec;
use super::super::places::Places;
use super::super::raw;
use super::normalise;
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Located};
use crate::foundation::localized::Lang;

pub(super) fn outputs(
    places: &Places<'_>,
    declared: Vec<raw::OutputDecl>,
    out: &mut Diagnostics,
) -> Vec<OutputSpec> {
    let mut outputs: Vec<OutputSpec> = Vec::new();
    for decl in declared {
        let at = places.of(&decl.path);
        let langs = match &decl.lang {
            Some(l) => {
                let langs = l.get_ref().to_vec();
                let mut seen: Vec<Lang> = Vec::new();
                for lang in &langs {
                    if seen.contains(lang) {
                        out.push(
                            Diagnostic::error(
                                Code::OutputInvalid,
                                format!("language `{lang}` is listed twice"),
                            )
                            .at(places.of(l))
                            .help("list each language once"),
                        );
                    }
                    seen.push(*lang);
                }
                if langs.is_empty() {
                    out.push(
                        Diagnostic::error(Code::OutputInvalid, "`lang` is an empty list")
                            .at(places.of(l))
                            .help("write `lang = \"ja\"`, `\"en\"` or `[\"ja\", \"en\"]`"),
                    );
                }
                seen
            }
            None => vec![Lang::Ja],
        };
        let normal = normalise(decl.path.get_ref());
        if let Some(first) = outputs.iter().find(|o| normalise(&o.path) == normal) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("output `{}` is declared twice", decl.path.get_ref()),
                )
                .at(at.clone())
                .label(first.at.clone(), "first declared here")
                .help("remove one of the two `[[output]]` tables"),
            );
            continue;
        }
        let located = |v: &Spanned<String>| Located::new(v.get_ref().clone(), places.of(v));
        outputs.push(OutputSpec {
            path: decl.path.get_ref().clone(),
            format: located(&decl.format),
            langs,
            template: decl.template.as_ref().map(located),
            fragment: decl.fragment.then(|| places.of(&decl.format)),
            layout: decl.layout.as_ref().map(located),
            at,
        });
    }
    outputs
}
