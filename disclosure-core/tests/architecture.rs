//! The invariants of `docs/architecture.md`, checked on the source: the top-level modules form one
//! chain (each imports only modules before it, so none import each other), and nothing downstream
//! of the declaration type names `syn` or `proc_macro2`.

use std::path::{Path, PathBuf};

/// The top-level modules, in the order data flows through them.
const ORDER: [&str; 12] = [
    "host",
    "wire",
    "foundation",
    "catalogue",
    "annotation",
    "declaration",
    "scan",
    "model",
    "check",
    "render",
    "changes",
    "pipeline",
];

/// Modules that never see a syntax tree.
const WITHOUT_SYNTAX: [&str; 6] = [
    "declaration",
    "model",
    "check",
    "render",
    "changes",
    "pipeline",
];

fn sources(module: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(module);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    out
}

#[test]
fn each_top_level_module_imports_only_the_ones_before_it() {
    for (i, module) in ORDER.iter().enumerate() {
        for (path, text) in sources(module) {
            for (j, other) in ORDER.iter().enumerate() {
                if j <= i {
                    continue;
                }
                let uses = [
                    format!("crate::{other}::"),
                    format!("crate::{other}}}"),
                    format!("crate::{{{other}"),
                ];
                assert!(
                    !uses.iter().any(|u| text.contains(u.as_str())),
                    "{} ({module}) imports {other}, which comes after it",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn nothing_downstream_of_the_declaration_names_a_syntax_tree() {
    for module in WITHOUT_SYNTAX {
        for (path, text) in sources(module) {
            for name in ["syn::", "proc_macro2", "use syn"] {
                assert!(
                    !text.contains(name),
                    "{} ({module}) names `{name}`",
                    path.display()
                );
            }
        }
    }
}
