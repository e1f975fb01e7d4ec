//! The invariants of `docs/architecture.md`, checked on the parsed source (`syn`): the top-level
//! modules form one chain (each uses only modules before it); inside every folder, at every depth,
//! the modules that share a parent use each other without a cycle; and nothing downstream of the
//! declaration type names `syn` or `proc_macro2`.
//!
//! An edge is a path the code names (`use`, or a path in an expression or a type) that leads from
//! one module into a sibling's subtree; a module using its own ancestors (the items of a folder's
//! `mod.rs`) is its interface, not an edge. Test-only code (`tests.rs`, `test_support.rs`, the
//! registries' `registry_test*.rs`, `#[cfg(test)]` items) is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The top-level modules, in the order data flows through them (leaves first).
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
    "changes",
    "render",
    "pipeline",
];

type Module = Vec<String>;

/// Every non-test source file of the crate, with its module path (`scan/discover/npm.rs` →
/// `[scan, discover, npm]`; a `mod.rs` is its folder).
fn modules() -> Vec<(PathBuf, Module)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if stem == "tests" || stem == "test_support" || stem.starts_with("registry_test") {
            continue;
        }
        let relative = path.strip_prefix(&root).unwrap();
        let mut module: Module = relative
            .parent()
            .unwrap()
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if stem != "mod" && !(module.is_empty() && stem == "lib") {
            module.push(stem);
        }
        out.push((path, module));
    }
    out.sort();
    out
}

/// The paths a file names, each as written (`crate::scan::host_search::HostMatcher`,
/// `super::packages::report`), outside `#[cfg(test)]` items.
#[derive(Default)]
struct Paths {
    paths: Vec<Vec<String>>,
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Expr>()
                .is_ok_and(|e| matches!(&e, syn::Expr::Path(p) if p.path.is_ident("test")))
    })
}

impl Paths {
    fn use_tree(&mut self, prefix: &[String], tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut next = prefix.to_vec();
                next.push(p.ident.to_string());
                self.use_tree(&next, &p.tree);
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.to_vec();
                if n.ident != "self" {
                    path.push(n.ident.to_string());
                }
                self.paths.push(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.to_vec();
                path.push(r.ident.to_string());
                self.paths.push(path);
            }
            syn::UseTree::Glob(_) => self.paths.push(prefix.to_vec()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&[], &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.paths
            .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // A macro's own path, and the paths in its tokens that parse as paths (`crate::registry!`
        // lists modules by name, which the files themselves declare).
        self.visit_path(&mac.path);
    }
}

/// The module a path leads to from `from`, when it leads into the crate: the longest prefix
/// that is a known module.
fn target(from: &Module, path: &[String], known: &BTreeSet<Module>) -> Option<Module> {
    let (mut base, rest): (Module, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("super") => {
            let mut base = from.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        Some("self") => (from.clone(), &path[1..]),
        _ => return None,
    };
    let mut found = base.clone();
    for segment in rest {
        base.push(segment.clone());
        if known.contains(&base) {
            found = base.clone();
        } else {
            break;
        }
    }
    Some(found)
}

/// Every edge between modules of one parent: (parent, from child, to child).
fn edges() -> BTreeSet<(Module, String, String)> {
    let files = modules();
    let known: BTreeSet<Module> = files.iter().map(|(_, m)| m.clone()).collect();
    let mut out = BTreeSet::new();
    for (path, module) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut paths = Paths::default();
        paths.visit_file(&file);
        for p in &paths.paths {
            let Some(to) = target(module, p, &known) else {
                continue;
            };
            let common = module.iter().zip(&to).take_while(|(a, b)| a == b).count();
            // An ancestor or the module itself: its interface, not an edge.
            if common == module.len() || common == to.len() {
                continue;
            }
            out.insert((
                module[..common].to_vec(),
                module[common].clone(),
                to[common].clone(),
            ));
        }
    }
    out
}

/// A cycle in `graph`, if it has one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            let mut c = stack[i..].to_vec();
            c.push(node.to_string());
            return Some(c);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_top_level_modules_form_one_chain() {
    for (parent, from, to) in edges() {
        if !parent.is_empty() {
            continue;
        }
        let rank = |m: &str| ORDER.iter().position(|o| *o == m);
        let (Some(a), Some(b)) = (rank(&from), rank(&to)) else {
            panic!("`{from}` or `{to}` is not in the architecture's order (tests/architecture.rs)");
        };
        assert!(b < a, "`{from}` uses `{to}`, which comes after it");
    }
}

#[test]
fn no_two_modules_use_each_other_at_any_depth() {
    let mut graphs: BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (parent, from, to) in edges() {
        graphs
            .entry(parent)
            .or_default()
            .entry(from)
            .or_default()
            .insert(to);
    }
    assert!(
        graphs.len() > 5,
        "the edges of {} folders: the test sees the code",
        graphs.len()
    );
    let cycles: Vec<String> = graphs
        .iter()
        .filter_map(|(parent, graph)| {
            cycle(graph)
                .map(|c| format!("inside `crate::{}`: {}", parent.join("::"), c.join(" → ")))
        })
        .collect();
    assert!(cycles.is_empty(), "cycles:\n{}", cycles.join("\n"));
}

#[test]
fn nothing_downstream_of_the_declaration_names_a_syntax_tree() {
    for (path, module) in modules() {
        if !module
            .first()
            .is_some_and(|m| WITHOUT_SYNTAX.contains(&m.as_str()))
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let file = syn::parse_file(&text).unwrap();
        let mut paths = Paths::default();
        paths.visit_file(&file);
        for p in &paths.paths {
            assert!(
                !matches!(p.first().map(String::as_str), Some("syn" | "proc_macro2")),
                "{} names `{}`",
                path.display(),
                p.join("::")
            );
        }
    }
}

#[test]
fn a_cycle_is_found_and_named() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
    let mut acyclic = graph.clone();
    acyclic.get_mut("c").unwrap().clear();
    assert_eq!(cycle(&acyclic), None);
}
