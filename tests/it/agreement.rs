//! The macro and the scanner agree: every compile test case (`tests/ui`) is scanned, and the
//! scanner's verdict, messages (with their codes and help) and positions are those the compiler
//! printed (`.stderr`). Where the compiler's own error (not the macro's) stops a case, the scanner
//! must refuse it too. Both read the catalogue by one rule: the cases' package catalogue is
//! `tests/ui/disclosure.toml`, or none for `no-catalogue/`.

use std::collections::BTreeSet;
use std::path::Path;

use disclosure_core::catalogue::Catalogue;
use disclosure_core::foundation::diagnostic::Diagnostic;
use disclosure_core::scan::scan_text;

/// One error as the compiler printed it.
#[derive(Debug, PartialEq, Eq)]
struct Printed {
    message: String,
    help: Option<String>,
    position: String,
}

/// The errors of a `.stderr` file.
fn printed(stderr: &str) -> Vec<Printed> {
    let mut out = Vec::new();
    for block in stderr
        .split("\nerror")
        .map(|b| b.trim_start_matches("error"))
    {
        let Some(rest) = block
            .strip_prefix(": ")
            .or_else(|| block.split_once("]: ").map(|(_, r)| r))
        else {
            continue;
        };
        let message = rest.lines().next().unwrap_or_default().to_string();
        let help: Vec<&str> = rest
            .lines()
            .skip_while(|l| !l.trim_start().starts_with("= help: "))
            .take_while(|l| !l.trim_start().starts_with("-->"))
            .map(|l| l.trim_start().trim_start_matches("= help: "))
            .filter(|l| !l.is_empty())
            .collect();
        let position = rest
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "))
            .and_then(|p| p.split_once(':').map(|(_, lc)| lc.to_string()))
            .unwrap_or_default();
        out.push(Printed {
            message,
            help: (!help.is_empty()).then(|| help.join("\n")),
            position,
        });
    }
    out
}

/// The scanner's errors, printed the way the macro prints them.
fn scanned(diagnostics: &[Diagnostic]) -> Vec<Printed> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| Printed {
            message: format!("{} [{}]", d.message, d.code),
            help: d.help.clone(),
            position: d
                .location
                .as_ref()
                .map(|l| format!("{}:{}", l.line, l.column))
                .unwrap_or_default(),
        })
        .collect()
}

fn check(case: &Path, catalogue: &Catalogue) {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let shown = case.strip_prefix(&ui).unwrap();
    let text = std::fs::read_to_string(case).unwrap();
    let result = scan_text(&text, shown, "disclosure-ui", &BTreeSet::new(), catalogue);
    let stderr = case.with_extension("stderr");
    if !stderr.exists() {
        // Compiles: the scanner finds no error either.
        if let Err(e) = result {
            panic!(
                "{} compiles, but the scanner refuses it:\n{e}",
                shown.display()
            );
        }
        return;
    }
    let expected = printed(&std::fs::read_to_string(&stderr).unwrap());
    let got = match result {
        Ok(_) => panic!(
            "{} does not compile, but the scanner accepts it",
            shown.display()
        ),
        Err(e) => scanned(e.diagnostics()),
    };
    let ours: Vec<&Printed> = expected
        .iter()
        .filter(|p| p.message.ends_with(']') && p.message.contains(" [D"))
        .collect();
    if ours.is_empty() {
        // The compiler's own error (a missing trait implementation): the verdict must agree.
        assert!(!got.is_empty(), "{}", shown.display());
        return;
    }
    let ours: Vec<Printed> = ours
        .into_iter()
        .map(|p| Printed {
            message: p.message.clone(),
            help: p.help.clone(),
            position: p.position.clone(),
        })
        .collect();
    assert_eq!(got, ours, "{}", shown.display());
}

#[test]
fn the_scanner_gives_every_case_the_compilers_verdict_message_and_position() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let source = std::fs::read_to_string(ui.join("disclosure.toml")).unwrap();
    // The macro names the catalogue relative to the cases' package, as here.
    let (catalogue, _) = Catalogue::parse(Path::new("disclosure.toml"), source).unwrap();
    insta::glob!("..", "ui/pass/*.rs", |case| check(case, &catalogue));
    insta::glob!("..", "ui/fail/*.rs", |case| check(case, &catalogue));
    let none = Catalogue::builtin_only();
    insta::glob!("..", "ui/no-catalogue/*/*.rs", |case| check(case, &none));
}
