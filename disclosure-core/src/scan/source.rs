//! Reading source files: in parallel, with a cheap byte test first so that only files that may
//! annotate or declare module files are parsed, refusing what is not UTF-8 or nests too deep, and
//! parsing on a thread with a large fixed stack so that no input can overflow it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::host_search::HostMatcher;
use super::kept_scans::{Found, KeptScans, Outcome, Seen, Stamp};
use super::visit::FileScan;
use crate::foundation::diagnostic::{Code, Diagnostic, Error, Location};

/// The largest source file read (16 MiB); larger ones are refused with a located error.
pub const MAX_SOURCE_BYTES: u64 = 16 * 1024 * 1024;

/// A file read from disk (or known from the last run): its text when it needs parsing, or why it
/// could not be read.
#[derive(Debug)]
pub(super) enum Read {
    /// It cannot annotate nor declare a module file: nothing to parse.
    Skip(Seen),
    /// Its text, to parse, and whether it names a catalogued host.
    Text(String, bool, Seen),
    /// What the last run found in it, unchanged since: it was not read.
    Kept(KeptSource, Seen),
    /// It could not be read, or is not UTF-8.
    Failed(Error),
}

/// What the last run found in a source file.
#[derive(Debug)]
pub(super) enum KeptSource {
    /// Nothing to parse.
    Skip,
    /// Its scan, in the context whose key is `context`.
    Scanned { context: u64, scan: Box<FileScan> },
}

/// The cores to use, asked of the system once per process (the answer reads cgroup files).
pub(super) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// How the files of one package are read: where paths are shown from, the catalogue hosts to
/// search for (a workspace member's files), and the results kept from the last run.
#[derive(Clone, Copy)]
pub(super) struct Reader<'a> {
    pub(super) relative: &'a (dyn Fn(&Path) -> PathBuf + Sync),
    pub(super) hosts: Option<&'a HostMatcher>,
    /// The key of `hosts`, which a kept result must have been found with.
    pub(super) hosts_key: u64,
    pub(super) kept: &'a KeptScans,
}

impl<'a> Reader<'a> {
    /// Reads every file of `paths` in parallel (see [`Reader::read`]).
    pub(super) fn read_all(&self, paths: &[PathBuf]) -> HashMap<PathBuf, Read> {
        let workers = cores().min(8).min(paths.len()).max(1);
        if workers == 1 {
            return paths
                .iter()
                .map(|p| (p.clone(), self.read(p, true)))
                .collect();
        }
        let chunk = paths.len().div_ceil(workers).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = paths
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|path| (path.clone(), self.read(path, true)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    }

    /// Reads one file: what the last run found in it when that still holds (and `reuse`), else
    /// its text when it may annotate, declare a module file or (with `hosts`, for a workspace
    /// member) name a catalogued host.
    pub(super) fn read(&self, path: &Path, reuse: bool) -> Read {
        let shown = (self.relative)(path);
        let unreadable = |e: std::io::Error| {
            Read::Failed(
                Diagnostic::error(Code::SourceUnreadable, format!("cannot read {}: {e}", shown.display()))
                    .help("make the file readable (a regular file of at most 16 MiB), or remove the module that names it")
                    .into(),
            )
        };
        let meta = match regular_file(path) {
            Ok(meta) => meta,
            Err(e) => return unreadable(e),
        };
        let (stamp, compared) = if reuse {
            match self
                .kept
                .find(path, &meta, self.hosts_key, || read_bytes(path).ok())
            {
                Found::Known(Outcome::Skip, seen) => return Read::Kept(KeptSource::Skip, seen),
                Found::Known(Outcome::Scanned { context, scan }, seen) => {
                    return Read::Kept(KeptSource::Scanned { context, scan }, seen);
                }
                // Kept as an asset (discovery's): read as a source now.
                Found::Known(Outcome::Asset { .. } | Outcome::Listed { .. }, seen) => {
                    (seen.stamp, None)
                }
                Found::Unknown(stamp, compared) => (stamp, compared),
            }
        } else {
            (Stamp::of(&meta), None)
        };
        let (bytes, seen) = match self.kept.read_unknown(stamp, compared, || read_bytes(path)) {
            Ok(read) => read,
            Err(e) => return unreadable(e),
        };
        let names_host = self.hosts.is_some_and(|h| h.may_match(&bytes));
        if !needs_parsing(&bytes) && !names_host {
            return Read::Skip(seen);
        }
        match source_text(bytes, &shown) {
            Ok(text) => Read::Text(text, names_host, seen),
            Err(e) => Read::Failed(e),
        }
    }
}

fn regular_file(path: &Path) -> std::io::Result<fs::Metadata> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(meta)
}

/// The file's bytes; the bounded reader refuses anything but a regular file itself.
fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    crate::foundation::files::read_bounded(path, MAX_SOURCE_BYTES)
}

/// The cheap byte test before any parse: the file may annotate (`disclose`, `Disclose`), or
/// declares a module file (`mod name;`), or includes one (`include!`).
pub(super) fn needs_parsing(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"isclose").is_some()
        || declares_module_file(bytes)
        || memchr::memmem::find(bytes, b"include!").is_some()
}

/// Whether the text has an out-of-line module declaration, `mod name;`.
fn declares_module_file(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"mod ").any(|i| {
        let rest = &bytes[i + 4..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let ident = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'#')
            .count();
        ident > 0
            && rest[ident..]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|b| *b == b';')
    })
}

/// The bytes as UTF-8 text, or an error at the first invalid byte.
pub(super) fn source_text(bytes: Vec<u8>, relative: &Path) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::error(
            Code::SourceNotUtf8,
            format!("{} is not UTF-8", relative.display()),
        )
        .at(Location::at_offset(relative, &text, valid))
        .help("Rust source files must be UTF-8; re-save the file as UTF-8")
        .into()
    })
}

/// The deepest nesting the scanner parses: brackets, plus the tokens `syn` parses by recursion
/// (prefix operators, `=`, `<`, closures, `return`, `dyn`, …) since the last `;`, `,` or brace,
/// counted outside strings and comments. Real code stays far below it.
pub const MAX_NESTING: usize = 1024;

/// The stack the parser runs on: enough for [`MAX_NESTING`] levels of any construct `syn` parses
/// recursively, in an unoptimised build, with a wide margin.
pub(super) const PARSE_STACK: usize = 256 * 1024 * 1024;

/// Parses `text` as a Rust file, after refusing text that nests deeper than [`MAX_NESTING`].
/// Call it on a thread with a [`PARSE_STACK`]-sized stack: then every input either parses or gets
/// a located error.
pub(super) fn parse_file(text: &str, relative: &Path) -> Result<syn::File, Error> {
    if let Some(at) = too_many_annotations(text) {
        return Err(Diagnostic::error(
            Code::SourceTooManyAnnotations,
            format!(
                "{} holds more than {MAX_ANNOTATIONS} annotations",
                relative.display()
            ),
        )
        .at(Location::at_offset(relative, text, at))
        .help("split the file: the scanner reads at most this many from one file, so that a generated file cannot make a run take minutes and gigabytes")
        .into());
    }
    if let Some(at) = nesting_too_deep(text) {
        return Err(Diagnostic::error(
            Code::SourceTooDeep,
            format!("{} nests more than {MAX_NESTING} levels deep", relative.display()),
        )
        .at(Location::at_offset(relative, text, at))
        .help("the scanner refuses such text rather than risk its stack; no Rust code needs this depth")
        .into());
    }
    syn::parse_file(text).map_err(|e| {
        Diagnostic::error(
            Code::SourceSyntax,
            format!("{} does not parse as Rust: {e}", relative.display()),
        )
        .at(super::span_location(relative, e.span()))
        .help("fix the syntax error (`cargo check` shows it too); annotations cannot be read until the file parses")
        .into()
    })
}

/// The most annotations read from one source file: far above any real file (the largest example
/// has a dozen), far below what makes a parse cost minutes (100,000 took 27 s and 563 MB).
pub const MAX_ANNOTATIONS: usize = 10_000;

/// The byte offset of the first `disclose` past [`MAX_ANNOTATIONS`], if the text has that many.
fn too_many_annotations(text: &str) -> Option<usize> {
    memchr::memmem::find_iter(text.as_bytes(), b"disclose").nth(MAX_ANNOTATIONS)
}

/// Keywords after which `syn` parses what follows by recursion.
const RECURSIVE_KEYWORDS: &[&[u8]] = &[
    b"return", b"break", b"yield", b"become", b"move", b"async", b"dyn", b"impl", b"box", b"mut",
    b"ref", b"raw", b"const", b"fn", b"unsafe", b"static",
];

/// The byte offset where `text` first nests deeper than [`MAX_NESTING`].
pub fn nesting_too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut run = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += memchr::memchr(b'\n', &bytes[i..]).unwrap_or(bytes.len() - i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'\'' => {
                // A character literal ('x', '\n', '\u{..}'), else a lifetime or label.
                if let Some(end) = char_literal_end(bytes, i) {
                    i = end;
                    continue;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if b == b'{' {
                    run = 0;
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            b'}' => {
                depth = depth.saturating_sub(1);
                run = 0;
            }
            b';' | b',' => run = 0,
            b'&' | b'*' | b'!' | b'-' | b'=' | b'<' | b'|' | b'?' | b'#' | b'.' => run += 1,
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let len = bytes[i..].iter().take_while(|c| is_ident_byte(**c)).count();
                let word = &bytes[i..i + len];
                let next = bytes.get(i + len).copied();
                if matches!(word, b"r" | b"br" | b"cr") && matches!(next, Some(b'"' | b'#')) {
                    i = skip_raw_string(bytes, i + len);
                    continue;
                }
                if matches!(word, b"b" | b"c") && next == Some(b'"') {
                    i = skip_string(bytes, i + len);
                    continue;
                }
                if RECURSIVE_KEYWORDS.contains(&word) {
                    run += 1;
                }
                i += len;
                if depth + run > MAX_NESTING {
                    return Some(i - len);
                }
                continue;
            }
            _ => {}
        }
        if depth + run > MAX_NESTING {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    // Block comments nest in Rust.
    let mut level = 0usize;
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            level += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
            level -= 1;
            i += 2;
            if level == 0 {
                break;
            }
        } else {
            i += 1;
        }
    }
    i
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Skips a raw string whose `#`s or opening quote start at `i`.
fn skip_raw_string(bytes: &[u8], mut i: usize) -> usize {
    let hashes = bytes[i..].iter().take_while(|b| **b == b'#').count();
    i += hashes;
    if bytes.get(i) != Some(&b'"') {
        return i;
    }
    i += 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|b| **b == b'#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    bytes.len()
}

fn char_literal_end(bytes: &[u8], start: usize) -> Option<usize> {
    let rest = &bytes[start + 1..];
    if rest.first() == Some(&b'\\') {
        let close = rest.iter().skip(1).position(|b| *b == b'\'')?;
        return (close < 12).then_some(start + 1 + 1 + close + 1);
    }
    // One UTF-8 character, then a quote.
    let len = match rest.first()? {
        b if *b < 0x80 => 1,
        b if *b >= 0xF0 => 4,
        b if *b >= 0xE0 => 3,
        _ => 2,
    };
    (rest.get(len) == Some(&b'\'')).then_some(start + 1 + len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_that_annotate_or_declare_module_files_are_parsed() {
        assert!(needs_parsing(b"#[disclose(provider = \"x\")]"));
        assert!(needs_parsing(b"#[derive(Disclose)]"));
        assert!(needs_parsing(b"mod telemetry ;"));
        assert!(needs_parsing(b"include!(\"x.rs\");"));
        assert!(!needs_parsing(b"#[cfg(test)]\nmod tests {\n fn t() {}\n}"));
        assert!(!needs_parsing(b"fn main() {}"));
    }

    #[test]
    fn nesting_is_measured_on_tokens_outside_strings_and_comments() {
        let deep = |s: &str, n: usize| s.repeat(n);
        assert_eq!(
            nesting_too_deep(&format!("let s = \"{}\";", deep("(", 1000))),
            None
        );
        assert_eq!(
            nesting_too_deep(&format!("/* {} */ fn f() {{}}", deep(")", 1000))),
            None
        );
        assert_eq!(nesting_too_deep(&format!("// {}\n", deep("[", 1000))), None);
        assert_eq!(
            nesting_too_deep(&format!("let c = '('; let s = r#\"{}\"#;", deep("{", 1000))),
            None
        );
        assert!(nesting_too_deep(&format!("type T = {}u8;", deep("&", MAX_NESTING + 1))).is_some());
        assert!(
            nesting_too_deep(&format!(
                "fn f() {{ {}x }}",
                deep("return ", MAX_NESTING + 1)
            ))
            .is_some()
        );
        assert!(nesting_too_deep(&deep("(", MAX_NESTING + 1)).is_some());
        assert_eq!(nesting_too_deep(&deep("(", MAX_NESTING)), None);
        // Long but flat code is fine: commas and semicolons end a run.
        assert_eq!(
            nesting_too_deep(&format!("const A: [u8; 5000] = [{}];", deep("1, ", 5000))),
            None
        );
        // A `")"` in a string does not lower the count either.
        let tricky = format!("{}\")\"{}", deep("(", MAX_NESTING), "(");
        assert!(nesting_too_deep(&tricky).is_some());
    }

    #[test]
    fn every_nesting_construct_at_the_limit_parses_without_overflow() {
        let n = MAX_NESTING - 2;
        let cases = [
            format!("type T = {}u8;", "&".repeat(n)),
            format!("fn f() {{ let x = {}1{}; }}", "(".repeat(n), ")".repeat(n)),
            format!("fn f() {{ {} }}", "{".repeat(n) + &"}".repeat(n)),
            format!("fn f() {{ let x = {}1; }}", "-".repeat(n)),
            format!("fn f() {{ let x = {}true; }}", "!".repeat(n)),
            format!("type T = {}u8{};", "Vec<".repeat(n / 2), ">".repeat(n / 2)),
            format!("fn f() {{ let x = {}0{}; }}", "[".repeat(n), "]".repeat(n)),
        ];
        for case in cases {
            let result = std::thread::scope(|s| {
                std::thread::Builder::new()
                    .stack_size(PARSE_STACK)
                    .spawn_scoped(s, || parse_file(&case, Path::new("deep.rs")).map(|_| ()))
                    .unwrap()
                    .join()
                    .unwrap()
            });
            if let Err(e) = result {
                panic!("{case:.40}…: {e}");
            }
        }
    }
}
