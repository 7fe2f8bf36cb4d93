//! Loading library files: layers of files are parsed (by the fast path in
//! `fast.rs` where it can, carefully here where it cannot), merged by id and
//! validated as a whole.

use crate::fast;
use crate::files::{FileRef, Files, SourceFile};
use crate::locate;
use crate::merge::{Listed, Merge, Placement};
use crate::model::{
    Cause, Condition, Equipment, Exercise, Lesson, Library, Movement, Muscle, Program, Question,
    RedFlag, Section, Source, Therapy,
};
use crate::parse_problem::entry_problem;
use crate::problems::{strip_location, strip_path_prefix, Problem, Problems};
use crate::suggest;
use crate::validate;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// Loads library files in layers: a later layer overrides earlier entries
/// with the same id; inside one layer a repeated id is an error.
#[derive(Default)]
pub struct Loader {
    files: Vec<SourceFile>,
    layer_of_file: Vec<usize>,
    layers: usize,
    problems: Vec<Problem>,
    base: Option<(Library, &'static [(&'static str, &'static str)])>,
    /// Holds every file to the built-in library's rules: a source that is
    /// not listed is an error, not a warning.
    strict: bool,
}

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

    /// Holds the files to the built-in library's rules (the build does):
    /// what is a warning in a person's own files is an error.
    pub fn strict(&mut self) -> &mut Self {
        self.strict = true;
        self
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
        let problems = std::mem::take(&mut self.problems);
        if problems.is_empty() && self.files.is_empty() {
            if let Some((lib, _)) = self.base.take() {
                // Nothing over it (an empty routines directory): as it was.
                return Ok(lib);
            }
        }
        let has_base = self.base.is_some();
        let (base, base_files) = match self.base.take() {
            Some((lib, files)) => (Some(lib), files),
            None => (None, &[][..]),
        };
        let files = Files {
            base: base_files,
            own: &self.files,
        };
        let mut merge = Merge::new(files, base, problems);
        // The base, when there is one, is layer 0; file numbers go on from its files.
        let first_layer = usize::from(has_base);
        for idx in 0..self.files.len() {
            let layer = first_layer + self.layer_of_file[idx];
            self.merge_file(idx, layer, &mut merge);
        }
        finish(merge, self.strict)
    }

    /// Entries decoded from the library cache, for `own` (the user's
    /// files, as the load that cached them read them), merged over the
    /// built-in `base` and checked exactly as parsed entries are: the same
    /// merge rules, the same floor, the same validation. What the cache
    /// holds is never used unchecked.
    pub fn merge_decoded(
        base: Library,
        base_files: &'static [(&'static str, &'static str)],
        own: &[SourceFile],
        overlay: &Library,
    ) -> Result<Library, Problems> {
        let files = Files {
            base: base_files,
            own,
        };
        let mut merge = Merge::new(files, Some(base), Vec::new());
        merge.insert_decoded(overlay, 1);
        // A person's own files, as when they were parsed: warnings, not errors.
        finish(merge, false)
    }

    /// Parses file `idx` of this loader (by the fast path where it can)
    /// and merges its entries.
    fn merge_file(&self, idx: usize, layer: usize, merge: &mut Merge) {
        let files = merge.files;
        let file_idx = files.base.len() + idx;
        let Some(jobs) = fast::split(file_idx, &self.files[idx].text) else {
            self.parse_file(idx, layer, merge);
            return;
        };
        let mine: Vec<_> = jobs.iter().map(|j| fast::parse(j, files)).collect();
        // A field this version does not know, in a person's own file, is
        // left out with a warning: the careful path does that.
        let unknown_field = |r: &Result<fast::Parsed, fast::Failure>| matches!(r, Err(fast::Failure::Problem(p)) if p.message.contains(UNKNOWN_FIELD));
        if mine
            .iter()
            .any(|r| matches!(r, Err(fast::Failure::Syntax)) || (!self.strict && unknown_field(r)))
        {
            self.parse_file(idx, layer, merge);
            return;
        }
        for (job, result) in jobs.iter().zip(mine) {
            let at = Placement {
                file_idx,
                layer,
                section: job.section,
                item_line: job.item_line,
            };
            match result {
                Err(fast::Failure::Problem(p)) => merge.problems.push(p),
                Err(fast::Failure::Syntax) => {}
                Ok(fast::Parsed::Muscle(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Movement(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Condition(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Equipment(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Exercise(e)) => merge.insert(*e, at),
                Ok(fast::Parsed::Cause(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Therapy(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Program(e)) => merge.insert(e, at),
                Ok(fast::Parsed::RedFlag(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Question(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Source(e)) => merge.insert(e, at),
                Ok(fast::Parsed::Lesson(e)) => merge.insert(e, at),
            }
        }
    }

    fn parse_file(&self, idx: usize, layer: usize, merge: &mut Merge) {
        let files = merge.files;
        let file = &self.files[idx];
        let value: Value = match serde_yaml::from_str(&file.text) {
            Ok(v) => v,
            Err(e) => {
                let (line, column) = e
                    .location()
                    .map(|l| (l.line(), l.column()))
                    .unwrap_or((1, 1));
                let message = strip_location(&e.to_string());
                merge.problems.push(Problem {
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
                merge.problems.push(Problem::file(
                    &file.path,
                    format!(
                        "file is empty; a library file is a mapping with one or more of: {}",
                        Section::keys()
                    ),
                ));
                return;
            }
            _ => {
                merge.problems.push(Problem::file(
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
                let problem = Problem {
                    path: file.path.clone(),
                    line: key_line + 1,
                    column: 1,
                    message: crate::Unknown::new(
                        "section",
                        &name,
                        suggest(&name, Section::ALL.map(Section::key)),
                    )
                    .key()
                    .hint(format!("expected one of: {}", Section::keys()))
                    .to_string(),
                };
                // In a person's own file, a newer backrelief's section (or
                // a typo) is left out with a warning, as an unknown field is.
                if self.strict {
                    merge.problems.push(problem);
                } else {
                    merge.warnings.push(left_out(problem, false));
                }
                continue;
            };
            let items = match items {
                Value::Sequence(s) => s,
                Value::Null => continue,
                _ => {
                    merge.problems.push(Problem {
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
                strict: self.strict,
                idx: files.base.len() + idx,
                layer,
                file: FileRef {
                    path: &file.path,
                    text: &file.text,
                },
                starts: &starts,
                section,
            };
            match section {
                Section::Muscles => ctx.section::<Muscle>(items, merge),
                Section::Movements => ctx.section::<Movement>(items, merge),
                Section::Conditions => ctx.section::<Condition>(items, merge),
                Section::Equipment => ctx.section::<Equipment>(items, merge),
                Section::Exercises => ctx.section::<Exercise>(items, merge),
                Section::Causes => ctx.section::<Cause>(items, merge),
                Section::Therapies => ctx.section::<Therapy>(items, merge),
                Section::Programs => ctx.section::<Program>(items, merge),
                Section::RedFlags => ctx.section::<RedFlag>(items, merge),
                Section::Questions => ctx.section::<Question>(items, merge),
                Section::Sources => ctx.section::<Source>(items, merge),
                Section::Lessons => ctx.section::<Lesson>(items, merge),
            }
        }
    }
}

/// The merged library checked as a whole (its floor, then every check
/// across it), with each rep given its tempo; or every problem found.
fn finish(mut merge: Merge, strict: bool) -> Result<Library, Problems> {
    merge.check_floor();
    let mut warnings = std::mem::take(&mut merge.warnings);
    validate::validate(
        &merge.lib,
        merge.files,
        &mut merge.problems,
        &mut warnings,
        strict,
    );
    if !merge.problems.is_empty() {
        return Err(Problems(merge.problems));
    }
    let mut lib = merge.lib;
    lib.warnings = warnings;
    // Reps with no tempo of their own take their category's, so every
    // consumer (planner, runner, sheet) times a rep alike.
    for e in lib.exercises.to_mut().iter_mut() {
        if e.dose.reps.is_some() && e.dose.tempo.is_none() {
            // The dose's own hold is the middle of the tempo, so a library
            // validated again later (merged under a user's files) agrees
            // with itself.
            let mut t = e.category.tempo();
            if let Some(h) = e.dose.hold {
                t.hold_s = h;
            }
            e.dose.tempo = Some(t);
        }
    }
    lib.reindex();
    Ok(lib)
}

/// How serde words a field the type does not have.
const UNKNOWN_FIELD: &str = "unknown field `";

struct ParseCtx<'a> {
    /// The built-in library's rules: a field it does not know is an error.
    strict: bool,
    idx: usize,
    layer: usize,
    file: FileRef<'a>,
    starts: &'a [usize],
    section: Section,
}

impl ParseCtx<'_> {
    fn section<T: DeserializeOwned + Listed>(&self, items: Vec<Value>, merge: &mut Merge) {
        for (i, mut item) in items.into_iter().enumerate() {
            let item_line = self.starts.get(i).copied().unwrap_or(0);
            let id = item.get("id").and_then(Value::as_str).map(str::to_string);
            // Each field this version does not know, in a person's own
            // file, is left out with a warning, and the entry read again:
            // a newer backrelief's field (or a typo) never stops every
            // command. The built-in library refuses it.
            let entry: Option<T> = loop {
                let err = match serde_path_to_error::deserialize(&item) {
                    Ok(e) => break Some(e),
                    Err(err) => err,
                };
                let problem = entry_problem(
                    self.file.path,
                    self.file.text,
                    self.section,
                    item_line,
                    id.as_deref(),
                    &err,
                    None,
                );
                if !self.strict && remove_unknown_field(&mut item, &err) {
                    // The field left out may have been a safety one (a
                    // misspelt `avoid_if`): until it is fixed the exercise
                    // is planned only for someone who opts in to it.
                    let careful =
                        matches!(self.section, Section::Exercises) && set_opt_in(&mut item);
                    merge.warnings.push(left_out(problem, careful));
                    continue;
                }
                merge.problems.push(problem);
                break None;
            };
            let Some(entry) = entry else {
                continue;
            };
            let at = Placement {
                file_idx: self.idx,
                layer: self.layer,
                section: self.section,
                item_line,
            };
            merge.insert(entry, at);
        }
    }
}

/// What ends the warning for a field or section of a person's own file
/// that this version does not know, and leaves out.
pub const LEFT_OUT: &str =
    "left out: this backrelief does not know it (a newer one may have written it, or it is misspelt)";

/// `problem`, about a field or section this version does not know, as
/// the warning that says it is left out.
fn left_out(problem: Problem, opt_in: bool) -> Problem {
    let careful = if opt_in {
        " (until it is fixed, plans leave this exercise out unless you opt in to it: `backrelief profile --opt-in ID`)"
    } else {
        ""
    };
    Problem {
        message: format!("{}{careful}; {LEFT_OUT}", problem.message),
        ..problem
    }
}

/// Marks an exercise entry opt-in; false when it is not a mapping.
fn set_opt_in(item: &mut Value) -> bool {
    match item {
        Value::Mapping(m) => {
            m.insert(Value::from("opt_in"), Value::from(true));
            true
        }
        _ => false,
    }
}

impl Library {
    /// The warnings about fields and sections of a person's own files
    /// that this version does not know and left out: every command says
    /// these (one may be a misspelt safety field, such as `avoid_if`),
    /// where the other warnings are left to `check`.
    pub fn left_out(&self) -> impl Iterator<Item = &Problem> {
        self.warnings
            .iter()
            .filter(|w| w.message.ends_with(LEFT_OUT))
    }
}

/// Takes out of `item` the field that `err` says its type does not know;
/// false when `err` is about something else (or the field is not found).
fn remove_unknown_field(
    item: &mut Value,
    err: &serde_path_to_error::Error<serde_yaml::Error>,
) -> bool {
    let Some(field) = crate::problems::backticked(&err.inner().to_string(), UNKNOWN_FIELD) else {
        return false;
    };
    let mut path: Vec<&serde_path_to_error::Segment> = err.path().iter().collect();
    // The path ends at the unknown field itself.
    if matches!(path.last(), Some(serde_path_to_error::Segment::Map { key }) if *key == field) {
        path.pop();
    }
    let mut node = item;
    for segment in path {
        node = match (segment, node) {
            (serde_path_to_error::Segment::Map { key }, Value::Mapping(m)) => {
                match m.get_mut(key.as_str()) {
                    Some(v) => v,
                    None => return false,
                }
            }
            (serde_path_to_error::Segment::Seq { index }, Value::Sequence(s)) => {
                match s.get_mut(*index) {
                    Some(v) => v,
                    None => return false,
                }
            }
            _ => return false,
        };
    }
    match node {
        Value::Mapping(m) => m.remove(field.as_str()).is_some(),
        _ => false,
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
