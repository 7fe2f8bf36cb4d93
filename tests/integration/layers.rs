//! The layer check: reads the source, draws the import graph between files
//! and holds the house rules. The core may not reach the terminal, output
//! or store; only `src/commands/` knows clap; no import circle. It prints
//! the longest import chain (the number of floors), and when a rule is
//! broken it names the file, the line and the import.
//!
//! An import is any path that names one of the crate's own modules (in a
//! `use` or inline, such as `crate::output::print(..)`); it points at the
//! deepest file the path reaches. `mod` lines are not imports, and test
//! modules (`#[cfg(test)] mod ...`) may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files of the pure core: the library crate, and these under `src/`
/// (a directory ends with `/`).
const CORE: &[&str] = &[
    "crates/library/src/",
    "src/answers.rs",
    "src/assess.rs",
    "src/browse.rs",
    "src/planner/",
    "src/timing.rs",
    "src/progress.rs",
    "src/record.rs",
    "src/function.rs",
    "src/runner/machine.rs",
    "src/layout.rs",
];

/// What the core may not reach, by any chain of imports: the terminal, the
/// output and the store (and the command layer above them all).
const EDGES: &[&str] = &["src/term/", "src/output.rs", "src/store/", "src/commands/"];

/// Imports that still break a rule, each with the work that removes it.
/// The check fails when one of them is no longer there, so this list only
/// shrinks.
const EXEMPT: &[(&str, &str, &str)] = &[];

/// The longest import chain allowed, in files (issue 28: at most 12).
const MAX_FLOORS: usize = 12;

#[test]
fn layers_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let graph = Graph::read(root);
    let mut broken = Vec::new();
    let exempt = |from: &str, to: &str| EXEMPT.iter().any(|(f, t, _)| *f == from && *t == to);

    // 1. Only the command layer knows clap.
    for (file, lines) in &graph.clap {
        if !file.starts_with("src/commands/") {
            for line in lines {
                broken.push(format!("{file}:{line}: uses clap; only src/commands/ may"));
            }
        }
    }

    // 2. The core reaches no edge, directly or through other files.
    for file in graph.files.keys().filter(|f| in_set(f, CORE)) {
        if let Some(chain) = graph.path_to(file, |to| in_set(to, EDGES), &exempt) {
            let to = &chain[chain.len() - 1].1;
            broken.push(format!(
                "{file}: the core reaches {to}:\n{}",
                describe(&chain)
            ));
        }
    }

    // 3. No import circle.
    let circles = graph.circles(&exempt);
    for circle in &circles {
        broken.push(format!("import circle:\n{}", describe(circle)));
    }

    // 4. The longest chain, printed; at most MAX_FLOORS files.
    if circles.is_empty() {
        let chain = graph.longest(&exempt);
        println!(
            "{} files, {} imports; longest import chain, {} files:\n{}",
            graph.files.len(),
            graph.edge_count(),
            chain.len() + 1,
            describe(&chain)
        );
        if chain.len() + 1 > MAX_FLOORS {
            broken.push(format!(
                "the longest import chain is {} files (at most {MAX_FLOORS}):\n{}",
                chain.len() + 1,
                describe(&chain)
            ));
        }
    }

    // An exemption whose import is gone must leave the list.
    for (from, to, why) in EXEMPT {
        if graph.edge(from, to).is_none() {
            broken.push(format!(
                "{from} no longer imports {to} ({why}): remove it from EXEMPT in tests/integration/layers.rs"
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "layer rules broken:\n{}",
        broken.join("\n")
    );
}

/// The rules themselves catch what they should, on a made-up house.
#[test]
fn layer_check_names_file_line_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("planner")).unwrap();
    std::fs::create_dir_all(src.join("commands")).unwrap();
    std::fs::write(src.join("lib.rs"), "mod planner; mod output; mod commands;").unwrap();
    std::fs::write(
        src.join("planner/mod.rs"),
        "//! crate::output in a comment is no import\nmod rank;\nuse self::rank::score;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("planner/rank.rs"),
        "pub fn score() {}\nfn say() {\n    let s = \"crate::output\";\n    crate::output::print(s);\n}\n",
    )
    .unwrap();
    std::fs::write(
        src.join("output.rs"),
        "use crate::planner::{self, rank::score};\n#[derive(clap::Parser)]\nstruct A;\n",
    )
    .unwrap();
    std::fs::write(src.join("commands/mod.rs"), "use clap::Parser;\n").unwrap();
    let graph = Graph::read(dir.path());
    assert_eq!(
        graph.edge("src/planner/mod.rs", "src/planner/rank.rs"),
        Some(3)
    );
    assert_eq!(graph.edge("src/planner/rank.rs", "src/output.rs"), Some(4));
    assert_eq!(graph.edge("src/output.rs", "src/planner/rank.rs"), Some(1));
    assert_eq!(graph.edge("src/output.rs", "src/planner/mod.rs"), Some(1));
    assert_eq!(graph.edge("src/planner/mod.rs", "src/output.rs"), None);
    let clap: Vec<_> = graph.clap.keys().cloned().collect();
    assert_eq!(clap, ["src/commands/mod.rs", "src/output.rs"]);
    let chain = graph
        .path_to("src/planner/mod.rs", |to| to == "src/output.rs", &|_, _| {
            false
        })
        .unwrap();
    let text = describe(&chain);
    assert!(
        text.contains("src/planner/rank.rs:4: crate::output::print"),
        "{text}"
    );
    let circles: Vec<String> = graph
        .circles(&|_, _| false)
        .iter()
        .map(|c| describe(c))
        .collect();
    assert!(
        circles
            .iter()
            .any(|c| c.contains("src/output.rs:1: crate::planner")),
        "{circles:?}"
    );
    // An exemption lifts the circle.
    assert!(graph
        .circles(&|f, t| f == "src/planner/rank.rs" && t == "src/output.rs")
        .is_empty());
}

fn in_set(file: &str, set: &[&str]) -> bool {
    set.iter().any(|p| {
        if p.ends_with('/') {
            file.starts_with(p)
        } else {
            file == *p
        }
    })
}

/// One import: from, to, line, the path as written.
type Arrow = (String, String, usize, String);

fn describe(chain: &[Arrow]) -> String {
    chain
        .iter()
        .map(|(from, to, line, path)| format!("  {from}:{line}: {path}  ->  {to}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Files and their imports (with the first line each is made on).
struct Graph {
    files: BTreeMap<String, BTreeMap<String, (usize, String)>>,
    /// Files naming clap, with the lines.
    clap: BTreeMap<String, Vec<usize>>,
}

/// A crate's source: its directory under the repository and its root file.
struct Crate {
    dir: &'static str,
    /// What other crates of the workspace call it.
    name: &'static str,
}

const CRATES: &[Crate] = &[
    Crate {
        dir: "src",
        name: "backrelief",
    },
    Crate {
        dir: "crates/library/src",
        name: "backrelief_library",
    },
];

impl Graph {
    fn read(root: &Path) -> Graph {
        let mut files = BTreeMap::new();
        for krate in CRATES {
            let dir = root.join(krate.dir);
            // The published package holds only its own crate.
            if !dir.is_dir() {
                continue;
            }
            for file in rust_files(&dir) {
                let text = std::fs::read_to_string(&file).unwrap();
                let module = module_of(&dir, &file);
                let is_main = file.ends_with("main.rs") && module.is_empty();
                files.insert(
                    relative(root, &file),
                    Source::new(krate, module, is_main, &text),
                );
            }
        }
        // Test modules in their own files (`#[cfg(test)] mod tests;`).
        let tests: BTreeSet<String> = files
            .values()
            .flat_map(|f| {
                f.test_mods.iter().filter_map(|name| {
                    let child = [f.module.as_slice(), std::slice::from_ref(name)].concat();
                    module_file(root, f.krate, &child).map(|p| relative(root, &p))
                })
            })
            .collect();
        let houses = House {
            root,
            files: &files,
        };
        let mut graph = Graph {
            files: BTreeMap::new(),
            clap: BTreeMap::new(),
        };
        for (rel, source) in files.iter().filter(|(rel, _)| !tests.contains(*rel)) {
            let imports = graph.files.entry(rel.clone()).or_default();
            for (path, line) in &source.paths {
                if path.first().is_some_and(|s| s == "clap") {
                    let lines = graph.clap.entry(rel.clone()).or_default();
                    if lines.last() != Some(line) {
                        lines.push(*line);
                    }
                }
                let Some(to) = houses.file_of(source, path, 0) else {
                    continue;
                };
                // A file's own parent module is its front door, not a
                // floor above: `super::x` for what the parent defines is
                // part of the module, not an import.
                if to == *rel || houses.is_parent(&to, source) {
                    continue;
                }
                imports.entry(to).or_insert((*line, path.join("::")));
            }
        }
        graph
    }

    fn edge(&self, from: &str, to: &str) -> Option<usize> {
        self.files.get(from)?.get(to).map(|(line, _)| *line)
    }

    fn edge_count(&self) -> usize {
        self.files.values().map(BTreeMap::len).sum()
    }

    fn steps<'a>(
        &'a self,
        from: &'a str,
        skip: &'a dyn Fn(&str, &str) -> bool,
    ) -> impl Iterator<Item = Arrow> + 'a {
        self.files
            .get(from)
            .into_iter()
            .flatten()
            .filter(move |(to, _)| !skip(from, to))
            .map(move |(to, (line, path))| (from.to_string(), to.clone(), *line, path.clone()))
    }

    /// The shortest chain of imports from `from` to a file `target` accepts.
    fn path_to(
        &self,
        from: &str,
        target: impl Fn(&str) -> bool,
        skip: &dyn Fn(&str, &str) -> bool,
    ) -> Option<Vec<Arrow>> {
        let mut came: BTreeMap<String, Arrow> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from.to_string()]);
        let mut seen = BTreeSet::from([from.to_string()]);
        while let Some(at) = queue.pop_front() {
            for step in self.steps(&at, skip) {
                let to = step.1.clone();
                if target(&to) {
                    let mut chain = vec![step];
                    while chain[0].0 != from {
                        chain.insert(0, came[&chain[0].0].clone());
                    }
                    return Some(chain);
                }
                if !seen.insert(to.clone()) {
                    continue;
                }
                came.insert(to.clone(), step);
                queue.push_back(to);
            }
        }
        None
    }

    /// Every import circle, each once.
    fn circles(&self, skip: &dyn Fn(&str, &str) -> bool) -> Vec<Vec<Arrow>> {
        let mut found: Vec<Vec<Arrow>> = Vec::new();
        let mut done = BTreeSet::new();
        for file in self.files.keys() {
            if done.contains(file) {
                continue;
            }
            // Back to itself: the circle through this file, if any.
            if let Some(chain) = self.path_to(file, |to| to == file, skip) {
                let members: BTreeSet<_> = chain.iter().map(|s| s.0.clone()).collect();
                let known = found
                    .iter()
                    .any(|c| c.iter().map(|s| s.0.clone()).collect::<BTreeSet<_>>() == members);
                if !known {
                    found.push(chain);
                }
                done.extend(members);
            }
        }
        found
    }

    /// The longest chain of imports (the graph has no circle).
    fn longest(&self, skip: &dyn Fn(&str, &str) -> bool) -> Vec<Arrow> {
        fn from_here(
            g: &Graph,
            at: &str,
            skip: &dyn Fn(&str, &str) -> bool,
            memo: &mut BTreeMap<String, Vec<Arrow>>,
        ) -> Vec<Arrow> {
            if let Some(known) = memo.get(at) {
                return known.clone();
            }
            let mut best = Vec::new();
            for step in g.steps(at, skip).collect::<Vec<_>>() {
                let rest = from_here(g, &step.1, skip, memo);
                if rest.len() + 1 > best.len() {
                    best = std::iter::once(step).chain(rest).collect();
                }
            }
            memo.insert(at.to_string(), best.clone());
            best
        }
        let mut memo = BTreeMap::new();
        let mut best = Vec::new();
        for file in self.files.keys() {
            let chain = from_here(self, file, skip, &mut memo);
            if chain.len() > best.len() {
                best = chain;
            }
        }
        best
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn relative(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A file's module path in its crate: `src/store/history.rs` is
/// `store::history`, `src/store/mod.rs` is `store`, `src/lib.rs` nothing.
fn module_of(crate_dir: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(crate_dir).unwrap();
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") || !parts.is_empty() && stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

/// One file as read: where it sits, and what it names.
struct Source {
    krate: &'static Crate,
    module: Vec<String>,
    is_main: bool,
    paths: Vec<(Vec<String>, usize)>,
    /// Names given with `use`, and the paths they stand for.
    aliases: BTreeMap<String, Vec<String>>,
    /// `use path::*`.
    globs: Vec<Vec<String>>,
    /// Items the file defines (functions, types, constants...).
    defines: BTreeSet<String>,
    /// Child modules declared for tests only.
    test_mods: Vec<String>,
}

impl Source {
    fn new(krate: &Crate, module: Vec<String>, is_main: bool, text: &str) -> Source {
        let all = tokens(text);
        let code = before_tests(&all);
        let krate = CRATES.iter().find(|c| c.dir == krate.dir).unwrap();
        let (aliases, globs) = aliases(code);
        Source {
            krate,
            module,
            is_main,
            paths: paths(code),
            aliases,
            globs,
            defines: definitions(code),
            test_mods: test_mods(&all),
        }
    }
}

struct House<'a> {
    root: &'a Path,
    files: &'a BTreeMap<String, Source>,
}

impl House<'_> {
    /// The file a path written in `from` names, when it names one of the
    /// workspace's modules: the deepest file it reaches, followed through
    /// re-exports (`pub use`) to where the item is defined.
    fn file_of(&self, from: &Source, path: &[String], depth: usize) -> Option<String> {
        let (krate, abs) = self.absolute(from, path, depth)?;
        let mut file = module_file(self.root, krate, &[]).unwrap();
        let mut n = 0;
        while n < abs.len() {
            match module_file(self.root, krate, &abs[..=n]) {
                Some(f) => file = f,
                None => break,
            }
            n += 1;
        }
        let rel = relative(self.root, &file);
        if n < abs.len() && depth < 6 {
            if let Some(there) = self.files.get(&rel) {
                let name = &abs[n];
                let rest = &abs[n + 1..];
                if !there.defines.contains(name) {
                    if let Some(target) = there.aliases.get(name) {
                        let full = [target.as_slice(), rest].concat();
                        if let Some(found) = self.file_of(there, &full, depth + 1) {
                            return Some(found);
                        }
                    }
                    for glob in &there.globs {
                        let full = [glob.as_slice(), &abs[n..]].concat();
                        if let Some(found) = self.file_of(there, &full, depth + 1) {
                            if self
                                .files
                                .get(&found)
                                .is_some_and(|f| f.defines.contains(name))
                            {
                                return Some(found);
                            }
                        }
                    }
                }
            }
        }
        Some(rel)
    }

    /// The path from its crate's root, and which crate.
    fn absolute(
        &self,
        from: &Source,
        path: &[String],
        depth: usize,
    ) -> Option<(&'static Crate, Vec<String>)> {
        let own = from.krate;
        let first = path.first()?;
        let rest = &path[1..];
        let (krate, mut abs) = match first.as_str() {
            "crate" => (own, rest.to_vec()),
            "self" => (own, [from.module.as_slice(), rest].concat()),
            "super" => {
                let mut m = from.module.clone();
                let mut rest = rest;
                m.pop();
                while rest.first().is_some_and(|s| s == "super") {
                    m.pop();
                    rest = &rest[1..];
                }
                (own, [m.as_slice(), rest].concat())
            }
            name => {
                if let Some(c) = CRATES.iter().find(|c| c.name == name && c.dir != own.dir) {
                    (c, rest.to_vec())
                } else if from.is_main && name == own.name {
                    (own, rest.to_vec())
                } else if let Some(target) = from.aliases.get(name) {
                    if depth > 6 {
                        return None;
                    }
                    let full = [target.as_slice(), rest].concat();
                    return self.absolute(from, &full, depth + 1);
                } else if child_exists(self.root, own, &from.module, name) {
                    (own, [from.module.as_slice(), path].concat())
                } else {
                    return None;
                }
            }
        };
        // `crate::library` is the library crate, re-exported.
        if own.dir == "src" && abs.first().is_some_and(|s| s == "library") {
            abs.remove(0);
            return Some((&CRATES[1], abs));
        }
        Some((krate, abs))
    }

    /// `to` is the module file `from` is a child of.
    fn is_parent(&self, to: &str, from: &Source) -> bool {
        let parent = &from.module[..from.module.len().saturating_sub(1)];
        !from.module.is_empty()
            && module_file(self.root, from.krate, parent)
                .is_some_and(|p| relative(self.root, &p) == to)
    }
}

fn module_file(root: &Path, krate: &Crate, module: &[String]) -> Option<PathBuf> {
    let base = root.join(krate.dir);
    if module.is_empty() {
        return Some(base.join("lib.rs"));
    }
    let dir = module.iter().fold(base, |p, s| p.join(s));
    let file = dir.with_extension("rs");
    if file.is_file() {
        return Some(file);
    }
    let file = dir.join("mod.rs");
    file.is_file().then_some(file)
}

fn child_exists(root: &Path, krate: &Crate, module: &[String], name: &str) -> bool {
    let child = [module, &[name.to_string()]].concat();
    module_file(root, krate, &child).is_some()
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(&'static str),
}

/// The source as identifiers and punctuation, with line numbers; comments,
/// strings and characters left out.
fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        line += usize::from(b[i] == b'\n');
                        i += 1;
                    }
                }
            }
            b'"' => i = skip_string(b, i + 1, &mut line),
            b'r' | b'b' if raw_string_at(b, i).is_some() => {
                let (hashes, start) = raw_string_at(b, i).unwrap();
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                i = start;
                while i < b.len() && !b[i..].starts_with(&close) {
                    line += usize::from(b[i] == b'\n');
                    i += 1;
                }
                i += close.len();
            }
            b'b' if b.get(i + 1) == Some(&b'"') => i = skip_string(b, i + 2, &mut line),
            b'\'' => {
                // A character ('a', '\n', '\u{..}') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else {
                    let ch_len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    if b.get(i + 1 + ch_len) == Some(&b'\'') {
                        i += 2 + ch_len;
                    } else {
                        i += 1;
                    }
                }
            }
            c if c == b'_' || c.is_ascii_alphabetic() => {
                let start = i;
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                let word = &text[start..i];
                // `r#type`
                let word = word.strip_prefix("r#").unwrap_or(word);
                out.push((Tok::Ident(word.to_string()), line));
            }
            b':' if b.get(i + 1) == Some(&b':') => {
                out.push((Tok::Punct("::"), line));
                i += 2;
            }
            _ => {
                let p = match c {
                    b'{' => "{",
                    b'}' => "}",
                    b',' => ",",
                    b';' => ";",
                    b'*' => "*",
                    b'#' => "#",
                    b'[' => "[",
                    b']' => "]",
                    b'(' => "(",
                    b')' => ")",
                    _ => "",
                };
                if !p.is_empty() {
                    out.push((Tok::Punct(p), line));
                } else if !c.is_ascii_whitespace() {
                    out.push((Tok::Punct("."), line));
                }
                i += 1;
            }
        }
    }
    out
}

fn skip_string(b: &[u8], mut i: usize, line: &mut usize) -> usize {
    while i < b.len() && b[i] != b'"' {
        if b[i] == b'\\' {
            i += 1;
        }
        if i < b.len() && b[i] == b'\n' {
            *line += 1;
        }
        i += 1;
    }
    i + 1
}

/// `r"`, `r#"`, `br"`...: the number of `#` and where the text starts.
fn raw_string_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    // Part of a longer identifier is no string.
    if i > 0 && (b[i - 1] == b'_' || b[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let mut j = i;
    if b[j] == b'b' {
        j += 1;
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = b[j..].iter().take_while(|c| **c == b'#').count();
    (b.get(j + hashes) == Some(&b'"')).then_some((hashes, j + hashes + 1))
}

/// The tokens before the first test module.
fn before_tests(tokens: &[(Tok, usize)]) -> &[(Tok, usize)] {
    let id = |s: &str| Tok::Ident(s.to_string());
    let cfg_test = [
        Tok::Punct("#"),
        Tok::Punct("["),
        id("cfg"),
        Tok::Punct("("),
        id("test"),
        Tok::Punct(")"),
        Tok::Punct("]"),
    ];
    for i in 0..tokens.len() {
        let window = tokens[i..].iter().map(|(t, _)| t);
        if window.clone().take(cfg_test.len()).eq(cfg_test.iter()) {
            let next = tokens.get(i + cfg_test.len()).map(|(t, _)| t);
            let after = tokens.get(i + cfg_test.len() + 1).map(|(t, _)| t);
            if next == Some(&id("mod")) || next == Some(&id("pub")) && after == Some(&id("mod")) {
                return &tokens[..i];
            }
        }
    }
    tokens
}

/// Every path written in the code (`a::b::c`, and each path a `use` tree
/// names), with its line. A single word is a path only in a `use`.
fn paths(tokens: &[(Tok, usize)]) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].0 {
            Tok::Ident(w) if w == "use" => {
                let line = tokens[i].1;
                let mut j = i + 1;
                let tree = use_tree(tokens, &mut j, Vec::new());
                // A re-export (`pub use`) is followed where it is used,
                // not counted as an import of its own.
                if !is_pub(tokens, i) {
                    out.extend(tree.into_iter().map(|(path, _)| (path, line)));
                }
                i = j;
            }
            Tok::Ident(first) => {
                // Not the tail of another path (`x::a::b` is read from x).
                let mut path = vec![first.clone()];
                let line = tokens[i].1;
                let mut j = i + 1;
                while tokens.get(j).map(|t| &t.0) == Some(&Tok::Punct("::")) {
                    match tokens.get(j + 1).map(|t| &t.0) {
                        Some(Tok::Ident(w)) => path.push(w.clone()),
                        _ => break,
                    }
                    j += 2;
                }
                if path.len() > 1 {
                    out.push((path, line));
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// The item at `tokens[i]` is `pub` (or `pub(crate)`, `pub(super)`...).
fn is_pub(tokens: &[(Tok, usize)], i: usize) -> bool {
    let pub_word = |k: usize| tokens.get(k).map(|t| &t.0) == Some(&Tok::Ident("pub".into()));
    i >= 1 && pub_word(i - 1) || i >= 4 && tokens[i - 1].0 == Tok::Punct(")") && pub_word(i - 4)
}

/// Names a file gives itself with `use` (the alias and the path it
/// stands for), and the paths it takes everything from (`use a::*`).
type Aliases = (BTreeMap<String, Vec<String>>, Vec<Vec<String>>);

fn aliases(tokens: &[(Tok, usize)]) -> Aliases {
    let mut names = BTreeMap::new();
    let mut globs = Vec::new();
    for i in 0..tokens.len() {
        if tokens[i].0 == Tok::Ident("use".into()) {
            let mut j = i + 1;
            for (path, alias) in use_tree(tokens, &mut j, Vec::new()) {
                match alias {
                    // An alias never stands for itself (`use a::b as b`
                    // in a child module `b` would loop).
                    Some(alias) if path.len() > 1 || path.first() != Some(&alias) => {
                        names.insert(alias, path);
                    }
                    Some(_) => {}
                    None => globs.push(path),
                }
            }
        }
    }
    (names, globs)
}

/// Names of the items a file defines.
fn definitions(tokens: &[(Tok, usize)]) -> BTreeSet<String> {
    const ITEMS: &[&str] = &[
        "fn", "struct", "enum", "type", "const", "static", "trait", "union", "mod",
    ];
    tokens
        .windows(2)
        .filter_map(|w| match (&w[0].0, &w[1].0) {
            (Tok::Ident(kw), Tok::Ident(name)) if ITEMS.contains(&kw.as_str()) => {
                Some(name.clone())
            }
            _ => None,
        })
        .collect()
}

/// `#[cfg(test)] mod NAME;`: the child modules only tests compile.
fn test_mods(tokens: &[(Tok, usize)]) -> Vec<String> {
    let words: Vec<String> = tokens
        .iter()
        .map(|(t, _)| match t {
            Tok::Ident(w) => w.clone(),
            Tok::Punct(p) => (*p).to_string(),
        })
        .collect();
    words
        .windows(10)
        .filter(|w| w[..7].join("") == "#[cfg(test)]" && w[7] == "mod" && w[9] == ";")
        .map(|w| w[8].clone())
        .collect()
}

/// One `use` tree from `tokens[*i]`: each full path it names, with the name
/// it is known by (none for a glob).
fn use_tree(
    tokens: &[(Tok, usize)],
    i: &mut usize,
    prefix: Vec<String>,
) -> Vec<(Vec<String>, Option<String>)> {
    let mut path = prefix;
    let mut out = Vec::new();
    if tokens.get(*i).map(|t| &t.0) == Some(&Tok::Punct("::")) {
        *i += 1;
    }
    loop {
        match tokens.get(*i).map(|t| t.0.clone()) {
            Some(Tok::Ident(w)) if w == "self" && !path.is_empty() => {
                *i += 1;
                let name = path.last().cloned();
                out.push((path.clone(), alias_after(tokens, i).or(name)));
                return out;
            }
            Some(Tok::Ident(w)) => {
                path.push(w.clone());
                *i += 1;
                if tokens.get(*i).map(|t| &t.0) == Some(&Tok::Punct("::")) {
                    *i += 1;
                    continue;
                }
                let name = alias_after(tokens, i).or(Some(w));
                out.push((path, name));
                return out;
            }
            Some(Tok::Punct("*")) => {
                *i += 1;
                out.push((path, None));
                return out;
            }
            Some(Tok::Punct("{")) => {
                *i += 1;
                loop {
                    match tokens.get(*i).map(|t| &t.0) {
                        Some(Tok::Punct("}")) => {
                            *i += 1;
                            return out;
                        }
                        Some(Tok::Punct(",")) => *i += 1,
                        None => return out,
                        _ => out.extend(use_tree(tokens, i, path.clone())),
                    }
                }
            }
            _ => return out,
        }
    }
}

/// `as NAME` after a path, if any.
fn alias_after(tokens: &[(Tok, usize)], i: &mut usize) -> Option<String> {
    if tokens.get(*i).map(|t| &t.0) == Some(&Tok::Ident("as".into())) {
        if let Some(Tok::Ident(name)) = tokens.get(*i + 1).map(|t| &t.0) {
            *i += 2;
            return Some(name.clone());
        }
    }
    None
}

/// The longest a function may be, in lines from its `fn` to its closing
/// brace (issue 28: about 120). Data tables are constants, not functions.
const MAX_FUNCTION_LINES: usize = 120;

/// Functions still longer than that, each with the work that shortens it.
/// The check fails when one of them fits, so this list only shrinks.
const LONG_EXEMPT: &[(&str, &str, &str)] = &[];

#[test]
fn functions_are_short() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    let mut exempt_seen = BTreeSet::new();
    for krate in CRATES {
        let dir = root.join(krate.dir);
        if !dir.is_dir() {
            continue;
        }
        for file in rust_files(&dir) {
            let rel = relative(root, &file);
            let text = std::fs::read_to_string(&file).unwrap();
            for (name, line, len) in long_functions(&text, MAX_FUNCTION_LINES) {
                if LONG_EXEMPT.iter().any(|(f, n, _)| *f == rel && *n == name) {
                    exempt_seen.insert((rel.clone(), name));
                } else {
                    broken.push(format!(
                        "{rel}:{line}: fn {name} is {len} lines (at most {MAX_FUNCTION_LINES}); split it into named parts"
                    ));
                }
            }
        }
    }
    for (file, name, why) in LONG_EXEMPT {
        if !exempt_seen.contains(&(file.to_string(), name.to_string())) {
            broken.push(format!(
                "{file}: fn {name} is no longer over {MAX_FUNCTION_LINES} lines ({why}): remove it from LONG_EXEMPT in tests/integration/layers.rs"
            ));
        }
    }
    assert!(broken.is_empty(), "long functions:\n{}", broken.join("\n"));
}

/// The function check measures from `fn` to the brace that closes it, over
/// a signature of several lines, and passes declarations and one-liners.
#[test]
fn long_function_check_counts_from_fn_to_its_brace() {
    let body = "        step();\n".repeat(5);
    let text = format!(
        "impl A {{\n    pub(crate) fn long(\n        a: u8,\n    ) -> u8 {{\n{body}    }}\n    fn declared(&self);\n    fn short() {{}}\n}}\n"
    );
    assert_eq!(long_functions(&text, 5), [("long".to_string(), 2, 9)]);
    assert!(long_functions(&text, 9).is_empty());
}

/// Every function longer than `max` lines: its name, first line and
/// length. A function runs from its `fn` line to the first line after it
/// that is its indentation and a closing brace (rustfmt's layout).
fn long_functions(text: &str, max: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else {
            continue;
        };
        // The signature ends at the first line ending in `{` or `;`.
        let Some(sig_end) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
        }) else {
            continue;
        };
        if !lines[sig_end].trim_end().ends_with('{') {
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        if let Some(end) = (sig_end + 1..lines.len()).find(|&j| lines[j] == close) {
            let len = end - i + 1;
            if len > max {
                out.push((name, i + 1, len));
            }
        }
    }
    out
}

/// The name of the function a line starts, if it starts one.
fn fn_name(line: &str) -> Option<String> {
    let mut rest = line.trim_start();
    if rest.starts_with("pub(") {
        rest = rest[rest.find(')')? + 1..].trim_start();
    }
    for word in ["pub ", "const ", "async ", "unsafe ", "extern \"C\" "] {
        rest = rest.strip_prefix(word).unwrap_or(rest).trim_start();
    }
    let rest = rest.strip_prefix("fn ")?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    (end > 0).then(|| rest[..end].to_string())
}
