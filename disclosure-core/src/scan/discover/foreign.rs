//! Declarations written outside Rust, in the annotation syntax: a comment in a template or a
//! script (`<!-- disclose(...) -->`), and a `[[transmission]]` of `disclosure.toml`. The text is
//! read by the one annotation parser and checked against the catalogue like any annotation; an
//! error points at its own characters in the file.

use std::path::Path;
use std::str::FromStr;

use proc_macro2::{Span, TokenStream};

use crate::annotation::{Annotation, SyntaxError};
use crate::catalogue::Catalogue;
use crate::declaration::Declaration;
use crate::foundation::diagnostic::{Code, Diagnostic, Location};
use crate::scan::declare::declaration_at;

/// Where an annotation's text is: the location of its first character, and whether positions in
/// the text are positions in the file (no escapes between them).
#[derive(Clone, Debug)]
pub struct TextAt {
    /// The first character.
    pub start: Location,
    /// Whether the text is in the file character for character.
    pub exact: bool,
}

impl TextAt {
    /// The file location of `span`, a span of the text.
    fn locate(&self, span: Span) -> Location {
        let (start, end) = (span.start(), span.end());
        if !self.exact || start.line == 0 {
            return self.start.clone();
        }
        let place = |line: usize, column: usize| {
            if line == 1 {
                (self.start.line, self.start.column + column)
            } else {
                (self.start.line + line - 1, column + 1)
            }
        };
        let (l, c) = place(start.line, start.column);
        let (el, ec) = place(end.line, end.column);
        Location::new(&self.start.file, l, c).to(el, ec)
    }
}

/// Parses `text` (what goes inside `disclose(...)`) as a transmission of `package`, named `item`,
/// checked against `catalogue`; every error is located in the file.
pub fn declare(
    text: &str,
    at: &TextAt,
    package: &str,
    item: String,
    catalogue: &Catalogue,
) -> Result<Declaration, Vec<Diagnostic>> {
    let tokens = TokenStream::from_str(text).map_err(|e| {
        vec![
            Diagnostic::error(
                Code::AnnotationSyntax,
                format!("the annotation does not parse: {e}"),
            )
            .at(at.start.clone())
            .help("write it as in Rust: disclose(provider = \"…\", data = [...], purpose = [...])"),
        ]
    })?;
    let to_diagnostics = |errors: Vec<SyntaxError>| -> Vec<Diagnostic> {
        errors
            .into_iter()
            .map(|e| {
                let mut d = Diagnostic::error(e.code, e.message).at(at.locate(e.span));
                if let Some(help) = e.help {
                    d = d.help(help);
                }
                d
            })
            .collect()
    };
    let annotation = Annotation::parse(tokens, Span::call_site()).map_err(to_diagnostics)?;
    annotation.resolve(catalogue).map_err(to_diagnostics)?;
    let loc = |span: Span| at.locate(span);
    Ok(declaration_at(
        package,
        item,
        at.start.clone(),
        &annotation,
        &loc,
    ))
}

/// The `[[transmission]]`s of `catalogue` as declarations of `package`: each at its text in the
/// catalogue, declaring its `source` (which must be a file). `relative` shows a path from the
/// workspace root.
pub fn transmissions(
    catalogue: &Catalogue,
    package: &str,
    relative: &dyn Fn(&Path) -> std::path::PathBuf,
) -> (Vec<Declaration>, Vec<Diagnostic>) {
    let mut declarations = Vec::new();
    let mut diagnostics = Vec::new();
    for t in &catalogue.transmissions {
        let source = catalogue.dir().join(&t.source);
        if !source.is_file() {
            diagnostics.push(
                Diagnostic::error(
                    Code::TransmissionSource,
                    format!(
                        "`source = \"{}\"` is not a file ({} does not exist)",
                        t.source,
                        relative(&source).display()
                    ),
                )
                .at(t.source_at.clone())
                .help("name the file that pulls the SDK in or sends the data, relative to disclosure.toml"),
            );
            continue;
        }
        let at = TextAt {
            start: t.text_at.clone(),
            exact: t.exact,
        };
        let shown = relative(&source);
        match declare(
            &t.text,
            &at,
            package,
            shown.display().to_string(),
            catalogue,
        ) {
            Ok(mut d) => {
                d.covers = Some(shown);
                declarations.push(d);
            }
            Err(e) => diagnostics.extend(e),
        }
    }
    (declarations, diagnostics)
}
