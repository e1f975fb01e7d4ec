//! The same sources give the same bytes: twice in a row, and from copies of the tree whose files
//! were created in different orders, at different paths.

use std::fs;
use std::path::{Path, PathBuf};

use disclosure_core::foundation::localized::Lang;
use disclosure_core::render::Format;

fn all() -> [(Format, Lang); 3] {
    [
        (Format::named("markdown"), Lang::Ja),
        (Format::named("markdown"), Lang::En),
        (Format::named("json"), Lang::Ja),
    ]
}

#[test]
fn generating_twice_gives_identical_bytes() {
    for example in ["door", "hennge"] {
        let manifest = crate::common::example_manifest(example);
        for (format, lang) in all() {
            crate::common::assert_same(
                &crate::common::generate(&manifest, format, lang),
                &crate::common::generate(&manifest, format, lang),
                &format!("{example} {format} {lang}"),
            );
        }
    }
}

/// Every file below `dir`, relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Copies the example's catalogue and sources into `to` as a package of its own, creating the files
/// in the order given.
fn copy_example(example: &str, to: &Path, order: &[PathBuf]) {
    let from = crate::common::root().join("examples").join(example);
    for rel in order {
        let dest = to.join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        if rel == Path::new("Cargo.toml") {
            // Standalone: the copy is not a member of this repository's workspace.
            fs::write(
                &dest,
                format!("[package]\nname = \"{example}-copy\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n"),
            )
            .unwrap();
        } else {
            fs::copy(from.join(rel), &dest).unwrap();
        }
    }
}

#[test]
fn copies_created_in_another_order_give_identical_bytes() {
    for example in ["door", "hennge"] {
        let source = crate::common::root().join("examples").join(example);
        let order: Vec<PathBuf> = files(&source)
            .into_iter()
            .filter(|p| !p.starts_with("target"))
            .collect();
        let reversed: Vec<PathBuf> = order.iter().rev().cloned().collect();
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        copy_example(example, a.path(), &order);
        copy_example(example, b.path(), &reversed);
        for (format, lang) in all() {
            let first = crate::common::generate(&a.path().join("Cargo.toml"), format, lang);
            let second = crate::common::generate(&b.path().join("Cargo.toml"), format, lang);
            crate::common::assert_same(&first, &second, &format!("{example} {format} {lang}"));
        }
    }
}
