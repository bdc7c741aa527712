//! The layout of the code, checked: no circle in the import graph — between top-level modules,
//! nor between files (a file may use its own parent module's items, as Rust modules do; a
//! parent and its children otherwise form no circle), every source and test file opens with its
//! `//!` paragraph, and none is over 600 lines. The graph is read from `use` statements and
//! `crate::`/`super::` paths, comments and unit-test modules left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source or test file may be, in lines.
const MAX_LINES: usize = 600;

/// A module path, from the crate root (`["build", "run"]`).
type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module a file under `src/` defines (`src/build/mod.rs` → `build`; `lib.rs` → the root).
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut m: Module = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if m.last().is_some_and(|l| l == "mod" || l == "lib") {
        m.pop();
    }
    m
}

/// A `use` tree expanded into its paths: `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let (prefix, inner) = (&tree[..open], &tree[open + 1..tree.len() - 1]);
    let (mut parts, mut depth, mut current) = (Vec::new(), 0, String::new());
    for ch in inner.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if ch == ',' && depth == 0 {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(ch);
        }
    }
    parts.push(current);
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p))
        .map(|p| format!("{prefix}{p}"))
        .collect()
}

/// The code of a file without comments and without its unit-test module.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::`, `super::` and `self::` path a file's code names.
fn paths(code: &str) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        for p in expand(&rest[..end]) {
            let p = p.split(" as ").next().unwrap_or(&p).trim().to_string();
            out.insert(p.split("::").map(str::to_string).collect());
        }
    }
    for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
        if word.starts_with("crate::") || word.starts_with("super::") {
            out.insert(word.split("::").map(str::to_string).collect());
        }
    }
    out.retain(|p: &Vec<String>| {
        p.first()
            .is_some_and(|s| s == "crate" || s == "super" || s == "self")
    });
    out
}

/// The module file a path from `from` leads into: the longest prefix that is a module.
fn target(from: &Module, path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    let mut full: Module = Vec::new();
    let mut segs = path.iter().peekable();
    match segs.next().map(String::as_str) {
        Some("crate") => {}
        Some("self") => full = from.clone(),
        Some("super") => {
            full = from[..from.len().saturating_sub(1)].to_vec();
            while segs.peek().is_some_and(|s| *s == "super") {
                segs.next();
                full.pop();
            }
        }
        _ => return None,
    }
    full.extend(segs.filter(|s| !s.is_empty()).cloned());
    (0..=full.len())
        .rev()
        .map(|k| full[..k].to_vec())
        .find(|m| modules.contains(m))
}

/// A circle in a directed graph, if there is one.
fn circle<T: Ord + Clone>(edges: &BTreeMap<T, BTreeSet<T>>) -> Option<Vec<T>> {
    fn visit<T: Ord + Clone>(
        u: &T,
        edges: &BTreeMap<T, BTreeSet<T>>,
        state: &mut BTreeMap<T, u8>,
        stack: &mut Vec<T>,
    ) -> Option<Vec<T>> {
        state.insert(u.clone(), 1);
        stack.push(u.clone());
        for v in edges.get(u).into_iter().flatten() {
            match state.get(v) {
                Some(1) => {
                    let start = stack.iter().position(|x| x == v).unwrap_or(0);
                    let mut c = stack[start..].to_vec();
                    c.push(v.clone());
                    return Some(c);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(v, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(u.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for u in edges.keys() {
        if !state.contains_key(u) {
            if let Some(c) = visit(u, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// The file-level import graph of `src/`: a file's edges to the module files it names, but
/// not to its own ancestors.
fn import_graph(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(src, f)).collect();
    let mut edges = BTreeMap::new();
    for f in &files {
        let from = module_of(src, f);
        let text = std::fs::read_to_string(f).unwrap();
        let to: BTreeSet<Module> = paths(&code(&text))
            .iter()
            .filter_map(|p| target(&from, p, &modules))
            .filter(|t| *t != from && !(t.len() < from.len() && from.starts_with(t)))
            .collect();
        edges.insert(from, to);
    }
    edges
}

fn shown(m: &[String]) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

#[test]
fn the_import_graph_has_no_circle() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = import_graph(&src);
    assert!(
        files.contains_key(&vec!["build".to_string()]),
        "the graph was read"
    );
    if let Some(c) = circle(&files) {
        let c: Vec<String> = c.iter().map(|m| shown(m)).collect();
        panic!("files import each other: {}", c.join(" → "));
    }
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in &files {
        for t in to {
            if let (Some(a), Some(b)) = (from.first(), t.first()) {
                if a != b {
                    top.entry(a.clone()).or_default().insert(b.clone());
                }
            }
        }
    }
    assert!(top["cli"].contains("build"), "{top:?}");
    assert!(!top.get("layers").is_some_and(|t| t.contains("output")));
    if let Some(c) = circle(&top) {
        panic!("modules import each other: {}", c.join(" → "));
    }
}

#[test]
fn a_circle_is_found_where_there_is_one() {
    let m = |s: &str| -> Module { s.split("::").map(str::to_string).collect() };
    let modules: BTreeSet<Module> = ["layers", "output", "output::geojson"]
        .iter()
        .map(|s| m(s))
        .collect();
    let layers = "use crate::output::geojson::point_feature_head;\nfn f() {}";
    let geojson = "use crate::layers::{Feature, Geometry};\nuse super::FeatureSink;";
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (from, text) in [("layers", layers), ("output::geojson", geojson)] {
        let to = paths(&code(text))
            .iter()
            .filter_map(|p| target(&m(from), p, &modules))
            .filter(|t| *t != m(from) && !(t.len() < m(from).len() && m(from).starts_with(t)))
            .collect();
        edges.insert(m(from), to);
    }
    assert_eq!(
        edges[&m("output::geojson")],
        BTreeSet::from([m("layers")]),
        "a child's use of its parent is no edge"
    );
    assert_eq!(
        circle(&edges),
        Some(vec![m("layers"), m("output::geojson"), m("layers")])
    );
}

#[test]
fn every_file_opens_with_its_paragraph_and_is_at_most_600_lines() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests/it", "benches", "examples"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "{} files", files.len());
    let mut problems = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let rel = f.strip_prefix(&root).unwrap().display();
        if !text.starts_with("//!") {
            problems.push(format!("{rel} does not open with a //! paragraph"));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!("{rel} has {lines} lines, more than {MAX_LINES}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
