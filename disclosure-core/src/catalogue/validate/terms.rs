//! The project's own data items, purposes, purpose groups and conditions.

use toml::Spanned;

use super::super::places::{Places, choice};
use super::super::raw;
use super::super::vocabulary::{self, platforms};
use super::super::{Provenance, Term};
use crate::foundation::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::foundation::ids::IdKind;
use crate::foundation::suggest;
use crate::foundation::vocab::{Collection, Exemption, Identifier};

/// The project's own terms of `kind`, in order: each with a well-formed id that is neither built
/// in nor declared twice (a term that is either is left out), and fields that fit its kind.
pub(super) fn terms(
    places: &Places<'_>,
    kind: IdKind,
    declared: Vec<raw::TermDecl>,
    out: &mut Diagnostics,
) -> Vec<Term> {
    let builtin: std::collections::BTreeSet<&str> = vocabulary::vocabulary()
        .terms(kind)
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let mut terms: Vec<Term> = Vec::new();
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for decl in declared {
        let id = decl.id.get_ref();
        let at = places.of(&decl.id);
        check_id_form(kind, id, &at, out);
        if builtin.contains(id.as_str()) {
            out.push(builtin_redeclared(kind, id, &at));
            continue;
        }
        if let Some(first) = seen.get(id.as_str()).map(|&i| &terms[i]) {
            out.push(duplicate(kind, id, &at, first));
            continue;
        }
        seen.insert(id.clone(), terms.len());
        terms.push(project_term(places, kind, decl, at, out));
    }
    terms
}

/// A term's id is in the form its kind takes.
fn check_id_form(kind: IdKind, id: &str, at: &Location, out: &mut Diagnostics) {
    if let Err((style, fixed)) = kind.check_form(id) {
        out.push(
            Diagnostic::error(
                Code::IdFormat,
                format!("{} id `{id}` is not {style}", kind.noun()),
            )
            .at(at.clone())
            .help(format!("write `{fixed}`")),
        );
    }
}

/// The error for a term that declares a built-in id again.
fn builtin_redeclared(kind: IdKind, id: &str, at: &Location) -> Diagnostic {
    Diagnostic::error(
        Code::BuiltinRedeclared,
        format!("{} `{id}` is already built in", kind.noun()),
    )
    .at(at.clone())
    .help(format!(
        "use the built-in `{id}` without declaring it, or give yours another id"
    ))
}

/// The error for a term whose id an earlier term (`first`) already declares.
fn duplicate(kind: IdKind, id: &str, at: &Location, first: &Term) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateId,
        format!("duplicate {} id `{id}`", kind.noun()),
    )
    .at(at.clone())
    .label(
        first.at.clone().unwrap_or_else(|| at.clone()),
        "first declared here",
    )
    .help("remove one of the two declarations")
}

/// The term `decl` declares, at `at`: its platform identifiers and its fields checked for its
/// kind, attributed to the project.
fn project_term(
    places: &Places<'_>,
    kind: IdKind,
    decl: raw::TermDecl,
    at: Location,
    out: &mut Diagnostics,
) -> Term {
    let apple = platform_id(
        places,
        kind,
        &decl.apple,
        platforms::is_apple_id,
        "Apple",
        out,
    );
    let play = platform_id(
        places,
        kind,
        &decl.play,
        platforms::is_play_id,
        "Google Play",
        out,
    );
    misplaced_fields(places, kind, &decl, &at, out);
    let exemption = decl
        .exemption
        .as_ref()
        .and_then(|e| choice::<Exemption>(places, e, out));
    if let (Some(e), Some(spanned)) = (exemption, &decl.exemption) {
        exemption_claim(
            places,
            spanned,
            &decl.label,
            decl.description.as_ref(),
            e,
            out,
        );
    }
    Term {
        id: decl.id.into_inner(),
        label: decl.label,
        apple,
        play,
        examples: decl.examples,
        description: decl.description,
        personal: decl.personal,
        identifier: decl
            .identifier
            .as_ref()
            .and_then(|i| choice::<Identifier>(places, i, out)),
        not_sent: decl.not_sent,
        collection: decl
            .collected
            .as_ref()
            .and_then(|c| choice::<Collection>(places, c, out)),
        purposes: decl.purposes.iter().map(|p| p.get_ref().clone()).collect(),
        group: decl.group.map(Spanned::into_inner),
        exemption,
        at: Some(at),
        declared_by: Provenance::Project,
    }
}

/// Aims the exemption for essential information never covers: a purpose that names one is not
/// essential, whatever function it also names.
const NOT_EXEMPT: &[&str] = &[
    "広告",
    "分析",
    "解析",
    "統計",
    "マーケティング",
    "改善",
    "パーソナライズ",
    "最適化",
    "効果測定",
    "レコメンド",
    "おすすめ",
    "調査",
    "販売促進",
    "advertis",
    "analytic",
    "statistic",
    "marketing",
    "improv",
    "personali",
    "optimi",
    "recommend",
    "research",
    "promotion",
];

/// The words that name each exempt function (施行規則 第22条の2の27 第1号 and MIC's explanation).
fn exempt_words(e: Exemption) -> &'static [&'static str] {
    match e {
        Exemption::Display => &[
            "表示", "画面", "言語", "文字", "display", "screen", "language", "font",
        ],
        Exemption::Input => &[
            "入力",
            "保持",
            "カート",
            "フォーム",
            "input",
            "entered",
            "cart",
            "form",
        ],
        Exemption::Authentication => &[
            "認証",
            "ログイン",
            "本人確認",
            "authenticat",
            "sign-in",
            "sign in",
            "log in",
            "login",
        ],
        Exemption::Security => &[
            "セキュリティ",
            "不正",
            "防止",
            "保護",
            "攻撃",
            "security",
            "fraud",
            "abuse",
            "protect",
            "attack",
        ],
        Exemption::Network => &[
            "ネットワーク",
            "負荷",
            "通信",
            "分散",
            "network",
            "load",
            "traffic",
            "balanc",
        ],
    }
}

/// A project purpose that claims the exemption for essential information must name the exempt
/// function it serves, and no aim the exemption does not cover (「広告配信のためのセキュリティの
/// 確保」 is not essential): otherwise any purpose could be printed as essential.
fn exemption_claim(
    places: &Places<'_>,
    at: &Spanned<String>,
    label: &crate::foundation::localized::Localized,
    description: Option<&crate::foundation::localized::Localized>,
    exemption: Exemption,
    out: &mut Diagnostics,
) {
    use crate::foundation::choice::Choice as _;
    use crate::foundation::localized::Lang;
    // Each language's words are looked for in every language's text, lower-cased: a label given
    // only in English is read as carefully as one in Japanese.
    let text = [Some(label), description]
        .into_iter()
        .flatten()
        .flat_map(|t| [Lang::Ja, Lang::En].map(|l| t.get(l)))
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let aim = NOT_EXEMPT.iter().find(|w| text.contains(**w));
    let names_function = exempt_words(exemption).iter().any(|w| text.contains(w));
    let message = match (aim, names_function) {
        (Some(aim), _) => format!(
            "this purpose claims the `{}` exemption, but names 「{aim}」, an aim the exemption for essential information does not cover",
            exemption.id()
        ),
        (None, false) => format!(
            "this purpose claims the `{}` exemption, but its label does not name the function it serves ({})",
            exemption.id(),
            exempt_words(exemption).join("、")
        ),
        (None, true) => return,
    };
    out.push(
        Diagnostic::error(Code::ExemptionClaim, message)
            .at(places.of(at))
            .help("a purpose is exempt only when the service cannot work without it for that function: name the function in the label (「不正なログインの防止」), or remove `exemption` and publish the transmission as any other"),
    );
}

/// A term's identifier on a platform's form (`apple`, `play`), when given: one the platform
/// publishes for the kind (`known`); a condition has none.
fn platform_id(
    places: &Places<'_>,
    kind: IdKind,
    value: &Option<Spanned<String>>,
    known: fn(&str, bool) -> bool,
    platform: &str,
    out: &mut Diagnostics,
) -> Option<String> {
    let purpose = kind == IdKind::Purpose;
    let v = value.as_ref()?;
    if kind == IdKind::Condition {
        out.push(
            Diagnostic::error(
                Code::UnknownId,
                format!("a condition has no {platform} identifier"),
            )
            .at(places.of(v))
            .help("remove it: only data items and purposes map to the platforms' forms"),
        );
        return None;
    }
    if known(v.get_ref(), purpose) {
        Some(v.get_ref().clone())
    } else {
        out.push(
            Diagnostic::error(
                Code::UnknownId,
                format!(
                    "`{}` is not one of {platform}'s published {} identifiers",
                    v.get_ref(),
                    if purpose { "purpose" } else { "data type" }
                ),
            )
            .at(places.of(v))
            .help("use an identifier from the platform's published list (docs/platforms.md), or leave it out so the export reports the item instead of guessing"),
        );
        None
    }
}

/// Fields of a term that do not apply to its kind: examples, personal, identifier and not_sent
/// describe data items; group and exemption purposes; description purposes and groups.
fn misplaced_fields(
    places: &Places<'_>,
    kind: IdKind,
    decl: &raw::TermDecl,
    at: &Location,
    out: &mut Diagnostics,
) {
    let data = kind == IdKind::DataItem;
    let purpose = kind == IdKind::Purpose;
    let given = [
        ("examples", decl.examples.is_some(), data),
        ("personal", decl.personal.is_some(), data),
        ("identifier", decl.identifier.is_some(), data),
        ("not_sent", decl.not_sent.is_some(), data),
        ("collected", decl.collected.is_some(), data),
        ("purposes", !decl.purposes.is_empty(), data),
        ("group", decl.group.is_some(), purpose),
        ("exemption", decl.exemption.is_some(), purpose),
        (
            "description",
            decl.description.is_some(),
            purpose || kind == IdKind::PurposeGroup,
        ),
    ];
    for (field, present, applies) in given {
        if present && !applies {
            let at = match field {
                "group" => decl.group.as_ref().map(|g| places.of(g)),
                "exemption" => decl.exemption.as_ref().map(|e| places.of(e)),
                "identifier" => decl.identifier.as_ref().map(|i| places.of(i)),
                _ => None,
            }
            .unwrap_or_else(|| at.clone());
            out.push(
                Diagnostic::error(
                    Code::TermField,
                    format!("a {} has no `{field}`", kind.noun()),
                )
                .at(at)
                .help(match field {
                    "examples" | "personal" | "identifier" | "not_sent" => {
                        "only a [[data]] item takes it: remove it here"
                    }
                    "group" | "exemption" => "only a [[purpose]] takes it: remove it here",
                    _ => "only a [[purpose]] or [[purpose_group]] takes it: remove it here",
                }),
            );
        }
    }
}

/// Every purpose's `group` names a declared `[[purpose_group]]`.
pub(super) fn check_groups(purposes: &[Term], groups: &[Term], out: &mut Diagnostics) {
    for p in purposes {
        let Some(group) = &p.group else { continue };
        if groups.iter().any(|g| &g.id == group) {
            continue;
        }
        let mut help = String::from("declare it as a [[purpose_group]] with an id and a label");
        if let Some(s) = suggest::did_you_mean(group, groups.iter().map(Term::id)) {
            help = format!("{s} {help}");
        }
        out.push(
            Diagnostic::error(
                Code::UnknownId,
                format!(
                    "purpose `{}` names an unknown purpose group `{group}`",
                    p.id
                ),
            )
            .at_opt(p.at.clone())
            .help(help),
        );
    }
}
