//! Loading library files: layers of files are parsed (by the fast path in
//! `fast.rs` where it can, carefully here where it cannot), merged by id and
//! validated as a whole.

use crate::fast;
use crate::files::{FileRef, Files, SourceFile};
use crate::locate::{self, Seg};
use crate::model::{Entry, Library, Origin, Section};
use crate::problems::{backticked, strip_location, strip_path_prefix, Problem, Problems};
use crate::suggest;
use crate::validate;
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::collections::HashMap;

/// Loads library files in layers: a later layer overrides earlier entries
/// with the same id; inside one layer a repeated id is an error.
#[derive(Default)]
pub struct Loader {
    files: Vec<SourceFile>,
    layer_of_file: Vec<usize>,
    layers: usize,
    problems: Vec<Problem>,
    base: Option<(Library, &'static [(&'static str, &'static str)])>,
}

/// Where each merged entry's id is, per section: its layer, origin and
/// position in its section's list.
type Seen = HashMap<(Section, String), (usize, Origin, usize)>;

impl Loader {
    pub fn new() -> Loader {
        Loader::default()
    }

    /// Starts from a library that was loaded and validated before (the
    /// built-in one, as embedded at build time) instead of parsing its
    /// files again: it is the first layer, so its red flags stay protected,
    /// and `files` (its files' paths and text, numbered as its entries'
    /// origins) are read only to point at one of its entries in a message.
    /// Only the entries of later layers are checked on their own; checks
    /// across the merged library (references, cycles, aliases) cover all.
    pub fn over(base: Library, files: &'static [(&'static str, &'static str)]) -> Loader {
        Loader {
            base: Some((base, files)),
            ..Loader::default()
        }
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
        let mut problems = std::mem::take(&mut self.problems);
        let mut seen: Seen = HashMap::new();
        if problems.is_empty() && self.files.is_empty() {
            if let Some((lib, _)) = self.base.take() {
                // Nothing over it (an empty routines directory): as it was.
                return Ok(lib);
            }
        }
        let has_base = self.base.is_some();
        let (mut lib, base_files) = match self.base.take() {
            Some((lib, files)) => {
                seen_base(&lib, &mut seen);
                (lib, files)
            }
            None => (Library::default(), &[][..]),
        };
        let files = Files {
            base: base_files,
            own: &self.files,
        };
        // The base, when there is one, is layer 0; file numbers go on from its files.
        let first_layer = usize::from(has_base);
        let first_file = base_files.len();
        for idx in 0..self.files.len() {
            let file_idx = first_file + idx;
            let layer = first_layer + self.layer_of_file[idx];
            let Some(jobs) = fast::split(file_idx, &self.files[idx].text) else {
                self.parse_file(idx, files, layer, &mut lib, &mut seen, &mut problems);
                continue;
            };
            let mine: Vec<_> = jobs.iter().map(|j| fast::parse(j, files)).collect();
            if mine.iter().any(|r| matches!(r, Err(fast::Failure::Syntax))) {
                self.parse_file(idx, files, layer, &mut lib, &mut seen, &mut problems);
                continue;
            }
            for (job, result) in jobs.iter().zip(mine) {
                let at = Placement {
                    file_idx,
                    layer,
                    section: job.section,
                    item_line: job.item_line,
                };
                let (seen, problems) = (&mut seen, &mut problems);
                match result {
                    Err(fast::Failure::Problem(p)) => problems.push(p),
                    Err(fast::Failure::Syntax) => {}
                    Ok(fast::Parsed::Muscle(e)) => {
                        insert(e, at, files, lib.muscles.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::Movement(e)) => {
                        insert(e, at, files, lib.movements.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::Condition(e)) => {
                        insert(e, at, files, lib.conditions.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::Equipment(e)) => {
                        insert(e, at, files, lib.equipment.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::Exercise(e)) => {
                        insert(*e, at, files, lib.exercises.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::Cause(e)) => {
                        insert(e, at, files, lib.causes.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::Therapy(e)) => {
                        insert(e, at, files, lib.therapies.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::Program(e)) => {
                        insert(e, at, files, lib.programs.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::RedFlag(e)) => {
                        insert(e, at, files, lib.red_flags.to_mut(), seen, problems)
                    }
                    Ok(fast::Parsed::Question(e)) => {
                        insert(e, at, files, lib.questions.to_mut(), seen, problems)
                    }
                }
            }
        }
        validate::validate(&lib, files, &mut problems);
        if problems.is_empty() {
            // Reps with no tempo of their own take their category's, so
            // every consumer (planner, runner, sheet) times a rep alike.
            for e in lib.exercises.to_mut().iter_mut() {
                if e.dose.reps.is_some() && e.dose.tempo.is_none() {
                    // The dose's own hold is the middle of the tempo, so a
                    // library validated again later (merged under a user's
                    // files) agrees with itself.
                    let mut t = e.category.tempo();
                    if let Some(h) = e.dose.hold {
                        t.hold_s = h;
                    }
                    e.dose.tempo = Some(t);
                }
            }
            lib.reindex();
            Ok(lib)
        } else {
            Err(Problems(problems))
        }
    }

    fn parse_file(
        &self,
        idx: usize,
        files: Files,
        layer: usize,
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
                        Section::keys()
                    ),
                ));
                return;
            }
            _ => {
                problems.push(Problem::file(
                    &file.path,
                    format!(
                        "expected a mapping with one or more of: {}",
                        Section::keys()
                    ),
                ));
                return;
            }
        };
        for (key, items) in map {
            let name = key.as_str().unwrap_or("").to_string();
            let key_line = locate::top_key(&lines, &name).unwrap_or(0);
            let Some(section) = Section::from_key(&name) else {
                problems.push(Problem {
                    path: file.path.clone(),
                    line: key_line + 1,
                    column: 1,
                    message: format!(
                        "unknown section `{name}`{}; expected one of: {}",
                        suggest(&name, Section::ALL.map(Section::key))
                            .map(|s| format!(" (did you mean `{s}`?)"))
                            .unwrap_or_default(),
                        Section::keys()
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
                idx: files.base.len() + idx,
                files,
                layer,
                file: FileRef {
                    path: &file.path,
                    text: &file.text,
                },
                starts: &starts,
                section,
            };
            match section {
                Section::Muscles => ctx.section(items, lib.muscles.to_mut(), seen, problems),
                Section::Movements => ctx.section(items, lib.movements.to_mut(), seen, problems),
                Section::Conditions => ctx.section(items, lib.conditions.to_mut(), seen, problems),
                Section::Equipment => ctx.section(items, lib.equipment.to_mut(), seen, problems),
                Section::Exercises => ctx.section(items, lib.exercises.to_mut(), seen, problems),
                Section::Causes => ctx.section(items, lib.causes.to_mut(), seen, problems),
                Section::Therapies => ctx.section(items, lib.therapies.to_mut(), seen, problems),
                Section::Programs => ctx.section(items, lib.programs.to_mut(), seen, problems),
                Section::RedFlags => ctx.section(items, lib.red_flags.to_mut(), seen, problems),
                Section::Questions => ctx.section(items, lib.questions.to_mut(), seen, problems),
            }
        }
    }
}

struct ParseCtx<'a> {
    idx: usize,
    files: Files<'a>,
    layer: usize,
    file: FileRef<'a>,
    starts: &'a [usize],
    section: Section,
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
pub(crate) fn entry_problem(
    file: FileRef,
    section: Section,
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
    let singular = section.singular();
    let id_hint = id.map(|s| format!(" '{s}'")).unwrap_or_default();
    let field = err.path().to_string();
    let where_ = if field == "." || field.is_empty() {
        String::new()
    } else {
        format!(", field `{field}`")
    };
    let message = strip_path_prefix(&strip_location(&inner), &field);
    Problem {
        path: file.path.to_string(),
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
    section: Section,
    item_line: usize,
}

/// Adds an entry: new ids are appended, a later layer replaces an earlier
/// entry in place, and a repeated id within one layer is a problem.
fn insert<T: Entry>(
    mut entry: T,
    at: Placement,
    files: Files,
    into: &mut Vec<T>,
    seen: &mut Seen,
    problems: &mut Vec<Problem>,
) {
    let origin = Origin {
        file: at.file_idx,
        line: at.item_line,
    };
    entry.set_origin(origin);
    let singular = at.section.singular();
    let key = (at.section, entry.id().to_string());
    match seen.get(&key) {
        Some(&(layer, first, _)) if layer == at.layer => {
            let lines: Vec<&str> = files.get(at.file_idx).text.lines().collect();
            let (line, col) = locate::find_in_item(&lines, at.item_line, &[Seg::Key("id".into())]);
            problems.push(Problem {
                path: files.get(at.file_idx).path.to_string(),
                line: line + 1,
                column: col + 1,
                message: format!(
                    "duplicate {singular} id '{}' (first defined at {}:{})",
                    entry.id(),
                    files.get(first.file).path,
                    first.line + 1
                ),
            });
        }
        Some(&(0, first, _)) if at.section == Section::RedFlags => {
            // Nothing switches the screen off: the first (built-in) layer's
            // red flags, their wording and tier, cannot be overridden.
            let lines: Vec<&str> = files.get(at.file_idx).text.lines().collect();
            let (line, col) = locate::find_in_item(&lines, at.item_line, &[Seg::Key("id".into())]);
            problems.push(Problem {
                path: files.get(at.file_idx).path.to_string(),
                line: line + 1,
                column: col + 1,
                message: format!(
                    "red flag '{}' is built in (first defined at {}:{}); a library may add red flags but never change or remove one, nor its tier — give yours a new id",
                    entry.id(),
                    files.get(first.file).path,
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

/// Records every entry of a base library as seen in layer 0.
fn seen_base(lib: &Library, seen: &mut Seen) {
    fn each<T: Entry>(section: Section, items: &[T], seen: &mut Seen) {
        for (i, e) in items.iter().enumerate() {
            seen.insert((section, e.id().to_string()), (0, e.origin(), i));
        }
    }
    each(Section::Muscles, &lib.muscles, seen);
    each(Section::Movements, &lib.movements, seen);
    each(Section::Conditions, &lib.conditions, seen);
    each(Section::Equipment, &lib.equipment, seen);
    each(Section::Exercises, &lib.exercises, seen);
    each(Section::Causes, &lib.causes, seen);
    each(Section::Therapies, &lib.therapies, seen);
    each(Section::Programs, &lib.programs, seen);
    each(Section::RedFlags, &lib.red_flags, seen);
    each(Section::Questions, &lib.questions, seen);
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
