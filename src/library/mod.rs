//! The exercise library: its model, loading from YAML, merging of layers
//! and validation.
//!
//! This module depends only on std, serde, serde_yaml, serde_path_to_error
//! and strsim, because `build.rs` compiles it too: the build fails when the
//! built-in library is invalid.

mod fast;
mod files;
mod locate;
mod model;
pub mod synthetic;
pub mod text;
mod validate;

pub use files::{collect_files, SourceFile, MAX_FILE_BYTES};
pub use model::*;

use locate::Seg;
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::collections::HashMap;
use std::fmt;

/// One problem in a library file, reported as `path:line:column: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// One-based line.
    pub line: usize,
    /// One-based column.
    pub column: usize,
    pub message: String,
}

impl Problem {
    /// A problem with a whole file rather than a place in it.
    pub fn file(path: &str, message: String) -> Problem {
        Problem {
            path: path.to_string(),
            line: 1,
            column: 1,
            message,
        }
    }
}

/// Shown with every control or bidi character in the path and message
/// escaped (`\u{1b}`): messages quote text from the file.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            text::escape(&self.path),
            self.line,
            self.column,
            text::escape(&self.message)
        )
    }
}

/// Every problem found while loading, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Loads library files in layers: a later layer overrides earlier entries
/// with the same id; inside one layer a repeated id is an error.
#[derive(Default)]
pub struct Loader {
    files: Vec<SourceFile>,
    layer_of_file: Vec<usize>,
    layers: usize,
    problems: Vec<Problem>,
}

/// Where each merged entry's id is, per section: its layer, origin and
/// position in its section's list.
type Seen = HashMap<(usize, String), (usize, Origin, usize)>;

impl Loader {
    pub fn new() -> Loader {
        Loader::default()
    }

    /// Adds the files of the next layer.
    pub fn layer(&mut self, files: Vec<SourceFile>) -> &mut Self {
        for f in files {
            self.files.push(f);
            self.layer_of_file.push(self.layers);
        }
        self.layers += 1;
        self
    }

    /// Problems found before parsing (unreadable files and the like).
    pub fn problems(&mut self, mut problems: Vec<Problem>) -> &mut Self {
        self.problems.append(&mut problems);
        self
    }

    pub fn load(&mut self) -> Result<Library, Problems> {
        let mut lib = Library::default();
        let mut problems = std::mem::take(&mut self.problems);
        let mut seen: Seen = HashMap::new();
        let plans: Vec<Option<Vec<fast::Job>>> = self
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| fast::split(i, &f.text))
            .collect();
        let jobs: Vec<&fast::Job> = plans.iter().flatten().flatten().collect();
        let mut results = fast::parse_all(&jobs, &self.files).into_iter();
        for (idx, plan) in plans.iter().enumerate() {
            let Some(jobs) = plan else {
                self.parse_file(idx, &mut lib, &mut seen, &mut problems);
                continue;
            };
            let mine: Vec<_> = results.by_ref().take(jobs.len()).collect();
            if mine.iter().any(|r| matches!(r, Err(fast::Failure::Syntax))) {
                self.parse_file(idx, &mut lib, &mut seen, &mut problems);
                continue;
            }
            for (job, result) in jobs.iter().zip(mine) {
                let at = Placement {
                    file_idx: idx,
                    layer: self.layer_of_file[idx],
                    section: job.section,
                    item_line: job.item_line,
                };
                let (files, seen, problems) = (&self.files[..], &mut seen, &mut problems);
                match result {
                    Err(fast::Failure::Problem(p)) => problems.push(p),
                    Err(fast::Failure::Syntax) => {}
                    Ok(fast::Parsed::Muscle(e)) => {
                        insert(e, at, files, &mut lib.muscles, seen, problems)
                    }
                    Ok(fast::Parsed::Condition(e)) => {
                        insert(e, at, files, &mut lib.conditions, seen, problems)
                    }
                    Ok(fast::Parsed::Equipment(e)) => {
                        insert(e, at, files, &mut lib.equipment, seen, problems)
                    }
                    Ok(fast::Parsed::Exercise(e)) => {
                        insert(*e, at, files, &mut lib.exercises, seen, problems)
                    }
                    Ok(fast::Parsed::Cause(e)) => {
                        insert(e, at, files, &mut lib.causes, seen, problems)
                    }
                    Ok(fast::Parsed::Therapy(e)) => {
                        insert(e, at, files, &mut lib.therapies, seen, problems)
                    }
                    Ok(fast::Parsed::Program(e)) => {
                        insert(e, at, files, &mut lib.programs, seen, problems)
                    }
                    Ok(fast::Parsed::RedFlag(e)) => {
                        insert(e, at, files, &mut lib.red_flags, seen, problems)
                    }
                    Ok(fast::Parsed::Question(e)) => {
                        insert(e, at, files, &mut lib.questions, seen, problems)
                    }
                }
            }
        }
        validate::validate(&lib, &self.files, &mut problems);
        if problems.is_empty() {
            lib.reindex();
            Ok(lib)
        } else {
            Err(Problems(problems))
        }
    }

    fn parse_file(
        &self,
        idx: usize,
        lib: &mut Library,
        seen: &mut Seen,
        problems: &mut Vec<Problem>,
    ) {
        let file = &self.files[idx];
        let value: Value = match serde_yaml::from_str(&file.text) {
            Ok(v) => v,
            Err(e) => {
                let (line, column) = e
                    .location()
                    .map(|l| (l.line(), l.column()))
                    .unwrap_or((1, 1));
                let message = strip_location(&e.to_string());
                problems.push(Problem {
                    path: file.path.clone(),
                    line,
                    column,
                    message,
                });
                return;
            }
        };
        let lines: Vec<&str> = file.text.lines().collect();
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => {
                problems.push(Problem::file(
                    &file.path,
                    format!(
                        "file is empty; a library file is a mapping with one or more of: {}",
                        SECTIONS.join(", ")
                    ),
                ));
                return;
            }
            _ => {
                problems.push(Problem::file(
                    &file.path,
                    format!(
                        "expected a mapping with one or more of: {}",
                        SECTIONS.join(", ")
                    ),
                ));
                return;
            }
        };
        for (key, items) in map {
            let name = key.as_str().unwrap_or("").to_string();
            let key_line = locate::top_key(&lines, &name).unwrap_or(0);
            let Some(section) = SECTIONS.iter().position(|s| *s == name) else {
                problems.push(Problem {
                    path: file.path.clone(),
                    line: key_line + 1,
                    column: 1,
                    message: format!(
                        "unknown section `{name}`{}; expected one of: {}",
                        suggest(&name, SECTIONS.iter().copied())
                            .map(|s| format!(" (did you mean `{s}`?)"))
                            .unwrap_or_default(),
                        SECTIONS.join(", ")
                    ),
                });
                continue;
            };
            let items = match items {
                Value::Sequence(s) => s,
                Value::Null => continue,
                _ => {
                    problems.push(Problem {
                        path: file.path.clone(),
                        line: key_line + 1,
                        column: 1,
                        message: format!(
                            "`{name}` must be a list of entries (each starting with `- `)"
                        ),
                    });
                    continue;
                }
            };
            let starts = locate::section_items(&lines, &name);
            let ctx = ParseCtx {
                idx,
                files: &self.files,
                layer: self.layer_of_file[idx],
                file,
                starts: &starts,
                section,
            };
            match section {
                0 => ctx.section(items, &mut lib.muscles, seen, problems),
                1 => ctx.section(items, &mut lib.conditions, seen, problems),
                2 => ctx.section(items, &mut lib.equipment, seen, problems),
                3 => ctx.section(items, &mut lib.exercises, seen, problems),
                4 => ctx.section(items, &mut lib.causes, seen, problems),
                5 => ctx.section(items, &mut lib.therapies, seen, problems),
                6 => ctx.section(items, &mut lib.programs, seen, problems),
                7 => ctx.section(items, &mut lib.red_flags, seen, problems),
                _ => ctx.section(items, &mut lib.questions, seen, problems),
            }
        }
    }
}

struct ParseCtx<'a> {
    idx: usize,
    files: &'a [SourceFile],
    layer: usize,
    file: &'a SourceFile,
    starts: &'a [usize],
    section: usize,
}

impl ParseCtx<'_> {
    fn section<T: DeserializeOwned + Entry>(
        &self,
        items: Vec<Value>,
        into: &mut Vec<T>,
        seen: &mut Seen,
        problems: &mut Vec<Problem>,
    ) {
        for (i, item) in items.into_iter().enumerate() {
            let item_line = self.starts.get(i).copied().unwrap_or(0);
            let id = item.get("id").and_then(Value::as_str).map(str::to_string);
            let entry: T = match serde_path_to_error::deserialize(item) {
                Ok(e) => e,
                Err(err) => {
                    problems.push(entry_problem(
                        self.file,
                        self.section,
                        item_line,
                        id.as_deref(),
                        &err,
                        None,
                    ));
                    continue;
                }
            };
            let at = Placement {
                file_idx: self.idx,
                layer: self.layer,
                section: self.section,
                item_line,
            };
            insert(entry, at, self.files, into, seen, problems);
        }
    }
}

/// The problem for an entry that failed to deserialize. `at` is its exact
/// one-based position when serde_yaml knows it; otherwise the failing
/// field's path is followed through the text.
fn entry_problem(
    file: &SourceFile,
    section: usize,
    item_line: usize,
    id: Option<&str>,
    err: &serde_path_to_error::Error<serde_yaml::Error>,
    at: Option<(usize, usize)>,
) -> Problem {
    let inner = err.inner().to_string();
    let (line, column) = at.unwrap_or_else(|| {
        let mut path: Vec<Seg> = err
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                _ => None,
            })
            .collect();
        if let Some(field) = backticked(&inner, "unknown field `") {
            path.push(Seg::Key(field));
        }
        let lines: Vec<&str> = file.text.lines().collect();
        let (l, c) = locate::find_in_item(&lines, item_line, &path);
        (l + 1, c + 1)
    });
    let singular = SECTIONS[section].trim_end_matches('s');
    let id_hint = id.map(|s| format!(" '{s}'")).unwrap_or_default();
    let field = err.path().to_string();
    let where_ = if field == "." || field.is_empty() {
        String::new()
    } else {
        format!(", field `{field}`")
    };
    let message = strip_path_prefix(&strip_location(&inner), &field);
    Problem {
        path: file.path.clone(),
        line,
        column,
        message: format!("{singular}{id_hint}{where_}: {message}"),
    }
}

/// Where a freshly parsed entry came from.
#[derive(Clone, Copy)]
struct Placement {
    file_idx: usize,
    layer: usize,
    section: usize,
    item_line: usize,
}

/// Adds an entry: new ids are appended, a later layer replaces an earlier
/// entry in place, and a repeated id within one layer is a problem.
fn insert<T: Entry>(
    mut entry: T,
    at: Placement,
    files: &[SourceFile],
    into: &mut Vec<T>,
    seen: &mut Seen,
    problems: &mut Vec<Problem>,
) {
    let origin = Origin {
        file: at.file_idx,
        line: at.item_line,
    };
    entry.set_origin(origin);
    let singular = SECTIONS[at.section].trim_end_matches('s');
    let key = (at.section, entry.id().to_string());
    match seen.get(&key) {
        Some(&(layer, first, _)) if layer == at.layer => {
            let lines: Vec<&str> = files[at.file_idx].text.lines().collect();
            let (line, col) = locate::find_in_item(&lines, at.item_line, &[Seg::Key("id".into())]);
            problems.push(Problem {
                path: files[at.file_idx].path.clone(),
                line: line + 1,
                column: col + 1,
                message: format!(
                    "duplicate {singular} id '{}' (first defined at {}:{})",
                    entry.id(),
                    files[first.file].path,
                    first.line + 1
                ),
            });
        }
        Some(&(_, _, pos)) => {
            // A later layer overrides the entry in place, keeping its order.
            into[pos] = entry;
            seen.insert(key, (at.layer, origin, pos));
        }
        None => {
            seen.insert(key, (at.layer, origin, into.len()));
            into.push(entry);
        }
    }
}

/// serde_yaml appends " at line L column C"; the position is shown up front.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Reads one YAML document into `T`. With the loader, this is the only code
/// that touches serde_yaml (archived upstream), so a maintained fork can
/// replace it here. The error reads `:line:column: field `x`: problem`, to
/// follow a file name.
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let de = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let at = e
            .inner()
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        let field = e.path().to_string();
        let message = strip_path_prefix(&strip_location(&e.inner().to_string()), &field);
        if field == "." {
            format!("{at}: {message}")
        } else {
            format!("{at}: field `{field}`: {message}")
        }
    })
}

/// Writes `value` as YAML.
pub fn to_yaml<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("plain data serializes to YAML")
}

/// serde_yaml starts some messages with the path it was at ("dose: unknown
/// field"); the field is already named, so that prefix is dropped.
pub fn strip_path_prefix(message: &str, field: &str) -> String {
    if let Some((head, rest)) = message.split_once(": ") {
        if !head.contains(' ') && !head.is_empty() && field.starts_with(head) {
            return rest.to_string();
        }
    }
    message.to_string()
}

fn backticked(message: &str, prefix: &str) -> Option<String> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The closest candidate to `wanted`, if it is close enough to be a typo.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

impl Library {
    /// Rebuilds the id index; call after changing `exercises` by hand.
    pub fn reindex(&mut self) {
        self.index = self
            .exercises
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }
}

/// Lower-case, with spaces and underscores as dashes and no apostrophes, so
/// "Child's Pose", "childs_pose" and "child-pose" compare equal.
pub fn normalize(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .filter(|c| *c != '\'' && *c != '’')
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .collect()
}

/// Finds the id whose id, name or alias matches `query` (normalized).
/// On a miss, returns the id of the closest candidate, if any is close.
pub fn resolve<'a, I>(query: &str, candidates: I) -> Result<&'a str, Option<&'a str>>
where
    I: IntoIterator<Item = (&'a str, Vec<&'a str>)>,
{
    let wanted = normalize(query);
    let mut names: Vec<(String, &'a str)> = Vec::new();
    for (id, aliases) in candidates {
        if normalize(id) == wanted {
            return Ok(id);
        }
        names.push((normalize(id), id));
        for a in aliases {
            names.push((normalize(a), id));
        }
    }
    if let Some((_, id)) = names.iter().find(|(n, _)| *n == wanted) {
        return Ok(id);
    }
    let best = names
        .iter()
        .map(|(n, id)| (strsim::jaro_winkler(&wanted, n), *id))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id);
    Err(best)
}

impl Library {
    pub fn resolve_muscle(&self, q: &str) -> Result<&str, Option<&str>> {
        resolve(
            q,
            self.muscles
                .iter()
                .map(|m| (m.id.as_str(), with_name(&m.name, &m.aliases))),
        )
    }
    pub fn resolve_condition(&self, q: &str) -> Result<&str, Option<&str>> {
        resolve(
            q,
            self.conditions
                .iter()
                .map(|m| (m.id.as_str(), with_name(&m.name, &m.aliases))),
        )
    }
    pub fn resolve_equipment(&self, q: &str) -> Result<&str, Option<&str>> {
        resolve(
            q,
            self.equipment
                .iter()
                .map(|m| (m.id.as_str(), with_name(&m.name, &m.aliases))),
        )
    }
    pub fn resolve_exercise(&self, q: &str) -> Result<&str, Option<&str>> {
        resolve(
            q,
            self.exercises
                .iter()
                .map(|e| (e.id.as_str(), with_name(&e.name, &e.aliases))),
        )
    }
    pub fn resolve_cause(&self, q: &str) -> Result<&str, Option<&str>> {
        resolve(
            q,
            self.causes
                .iter()
                .map(|c| (c.id.as_str(), vec![c.name.as_str()])),
        )
    }
    pub fn resolve_program(&self, q: &str) -> Result<&str, Option<&str>> {
        resolve(
            q,
            self.programs
                .iter()
                .map(|p| (p.id.as_str(), vec![p.name.as_str()])),
        )
    }
    pub fn resolve_therapy(&self, q: &str) -> Result<&str, Option<&str>> {
        resolve(
            q,
            self.therapies
                .iter()
                .map(|t| (t.id.as_str(), vec![t.name.as_str()])),
        )
    }
}

fn with_name<'a>(name: &'a str, aliases: &'a [String]) -> Vec<&'a str> {
    std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .collect()
}
