//! Checks that need the whole merged library: references between entries,
//! the fixed taxonomy, sensible doses and complete safety text.

use crate::files::Files;
use crate::id::{Id, IdError};
use crate::locate::{self, Seg};
use crate::lookups::{suggest, Lookup};
use crate::model::{
    Category, Cause, Condition, Entry, Equipment, Exercise, Field, FlagWhen, Library, Movement,
    Muscle, Origin, Position, Therapy,
};
use crate::problems::Problem;
use crate::shared_text::Text;
use crate::text;
use crate::unknown::Unknown;
use std::collections::HashSet;

/// A dose may not be zero, and no single exercise (or program step) may
/// take over an hour: hold (or tempo) x reps x sides x sets, plus rests.
const MAX_DOSE_SECONDS: u32 = 3600;

/// No program may add up to more than three hours.
pub const MAX_PROGRAM_SECONDS: u32 = 3 * 3600;

/// The only fields whose text may span lines (YAML block scalars); in every
/// other field a newline is refused like any control character (a trailing
/// one, as a folded `>` scalar leaves, is allowed).
pub const MULTI_LINE_FIELDS: &[&str] = &[
    "illustration",
    "illustration_end",
    "explanation",
    "what_to_expect",
];

struct Ctx<'a> {
    files: Files<'a>,
    problems: &'a mut Vec<Problem>,
    /// Problems that do not stop a user's library from loading: a source
    /// that is not listed, an id in reader text (errors when `strict`).
    warnings: &'a mut Vec<Problem>,
    /// The built-in library: citations and prose are held to the rules.
    strict: bool,
    /// Each file's lines, split once when a problem in it is first placed
    /// (a user file missing a new field has a warning per entry).
    lines: std::collections::HashMap<usize, Vec<&'a str>>,
}

impl Ctx<'_> {
    /// Reports a problem that is an error in the built-in library and a
    /// warning in a person's own files (which must never stop every command
    /// after an upgrade adds a rule).
    fn soft(&mut self, origin: Origin, path: &[&str], token: Option<&str>, message: String) {
        let before = self.problems.len();
        self.report(origin, path, token, message);
        if !self.strict {
            if let Some(p) = self
                .problems
                .pop()
                .filter(|_| self.problems.len() == before)
            {
                self.warnings.push(p);
            }
        }
    }

    fn report(&mut self, origin: Origin, path: &[&str], token: Option<&str>, message: String) {
        let file = self.files.get(origin.file);
        let lines = self
            .lines
            .entry(origin.file)
            .or_insert_with(|| file.text.lines().collect());
        let segs: Vec<Seg> = path
            .iter()
            .map(|p| match p.parse::<usize>() {
                Ok(i) => Seg::Index(i),
                Err(_) => Seg::Key((*p).to_string()),
            })
            .collect();
        let mut pos = locate::find_in_item(lines, origin.line, &segs);
        if let Some(token) = token {
            pos = locate::refine(lines, pos, token);
        }
        self.problems.push(Problem {
            path: file.path.to_string(),
            line: pos.0 + 1,
            column: pos.1 + 1,
            message,
        });
    }

    /// Reports every id in `refs` that is not the id of a `T` in `known`.
    /// The suggestion comes from `Library::resolve`, which also knows names
    /// and aliases.
    fn refs<T: Lookup>(
        &mut self,
        lib: &Library,
        origin: Origin,
        path: &[&str],
        refs: &[impl AsRef<str>],
        known: &HashSet<&str>,
        owner: &str,
    ) {
        let what = T::KIND;
        for r in refs {
            let r = r.as_ref();
            if !known.contains(r) {
                let near = lib
                    .resolve::<T>(r)
                    .map_or_else(|s| s, Some)
                    .or_else(|| suggest(r, known.iter().copied()));
                self.report(
                    origin,
                    path,
                    Some(r),
                    format!("{owner}: {}", Unknown::new(what, r, near)),
                );
            }
        }
    }

    fn not_empty(&mut self, origin: Origin, field: &str, text: &str, owner: &str) {
        if text.trim().is_empty() {
            self.report(
                origin,
                &[field],
                None,
                format!("{owner}: `{field}` is empty"),
            );
        }
    }
}

/// A `when` flag must name conditions and symptoms that exist, and must
/// ask for something: an empty `when` would stop every session.
fn check_flag_when(ctx: &mut Ctx, lib: &Library, origin: Origin, owner: &str, when: &FlagWhen) {
    let conditions = ids(&lib.conditions);
    ctx.refs::<Condition>(
        lib,
        origin,
        &["when", "conditions"],
        &when.conditions,
        &conditions,
        owner,
    );
    let symptoms: HashSet<&str> = lib
        .question_for(Field::Symptoms)
        .map(|q| q.choices.iter().map(|c| c.id.as_str()).collect())
        .unwrap_or_default();
    for s in &when.symptoms {
        if !symptoms.contains(s.as_str()) {
            let near = suggest(s, symptoms.iter().copied());
            ctx.report(
                origin,
                &["when", "symptoms"],
                Some(s),
                format!("{owner}: {}", Unknown::new("symptom", s, near)),
            );
        }
    }
    if when.conditions.is_empty() && when.symptoms.is_empty() && when.age_at_least.is_none() {
        ctx.report(
            origin,
            &["when"],
            None,
            format!("{owner}: `when` names no answers, so it would stop every session"),
        );
    }
}

fn ids<T: Entry>(items: &[T]) -> HashSet<&str> {
    items.iter().map(Entry::id).collect()
}

fn check_ids<T: Entry>(ctx: &mut Ctx, items: &[T]) {
    let what = T::KIND;
    for e in items {
        if ctx.files.is_base(e.origin().file) {
            continue;
        }
        let message = match Id::check(e.id()) {
            Ok(()) => continue,
            Err(why @ (IdError::TooLong(_) | IdError::Device)) => {
                format!("{what} id '{}' cannot be used: {why}", e.id())
            }
            Err(_) => format!(
                "{what} id '{}' must be kebab-case: lowercase letters, digits and single dashes",
                e.id()
            ),
        };
        ctx.report(e.origin(), &["id"], None, message);
    }
}

/// The ids of each kind, which references are checked against, and the
/// ids that must not appear in prose; gathered once for every check.
struct Known<'a> {
    muscles: HashSet<&'a str>,
    movements: HashSet<&'a str>,
    conditions: HashSet<&'a str>,
    equipment: HashSet<&'a str>,
    exercises: HashSet<&'a str>,
    causes: HashSet<&'a str>,
    therapies: HashSet<&'a str>,
    prose: HashSet<String>,
}

impl<'a> Known<'a> {
    fn of(lib: &'a Library) -> Known<'a> {
        Known {
            muscles: ids(&lib.muscles),
            movements: ids(&lib.movements),
            conditions: ids(&lib.conditions),
            equipment: ids(&lib.equipment),
            exercises: exercise_ids(lib),
            causes: ids(&lib.causes),
            therapies: ids(&lib.therapies),
            prose: prose_ids(lib),
        }
    }
}

/// Exercise ids, and a renamed exercise's former ids: they are still
/// references to it.
fn exercise_ids(lib: &Library) -> HashSet<&str> {
    let mut exercises = ids(&lib.exercises);
    exercises.extend(
        lib.exercises
            .iter()
            .flat_map(|e| e.former_ids.iter().map(|f| f.as_str())),
    );
    exercises
}

/// A section's own rules.
type Rules = fn(&mut Ctx, &Known, &Library);

/// One section of the library and its checks: every entry's id, every
/// entry's text (control characters, ids in prose), and the section's own
/// rules.
struct Section {
    ids: fn(&mut Ctx, &Library),
    text: fn(&mut Ctx, &Known, &Library),
    rules: Rules,
}

/// A row of `SECTIONS`: the section's field in `Library`, what one entry
/// is called in messages, and its own rules.
macro_rules! section {
    ($field:ident, $what:literal, $rules:expr) => {
        Section {
            ids: |ctx, lib| check_ids(ctx, &lib.$field),
            text: |ctx, known, lib| check_text(ctx, &known.prose, &lib.$field, $what),
            rules: $rules,
        }
    };
}

/// Every section's checks. A new section adds its row here; a new rule for
/// a section goes in that section's rules function.
const SECTIONS: &[Section] = &[
    section!(muscles, "muscle", check_muscles),
    section!(movements, "movement", check_movements),
    section!(conditions, "condition", check_conditions),
    section!(equipment, "equipment", no_rules),
    section!(exercises, "exercise", check_exercises),
    section!(causes, "cause", check_causes),
    section!(therapies, "therapy", no_rules),
    section!(programs, "program", check_programs),
    section!(red_flags, "red flag", check_red_flags),
    section!(questions, "question", check_questions),
    section!(sources, "source", no_rules),
    section!(lessons, "lesson", no_rules),
];

/// Every check of the merged library: each section's ids, then each
/// section's text, the citations, and each section's own rules.
pub(crate) fn validate(
    lib: &Library,
    files: Files,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
    strict: bool,
) {
    let mut ctx = Ctx {
        files,
        problems,
        warnings,
        strict,
        lines: Default::default(),
    };
    let known = Known::of(lib);
    for s in SECTIONS {
        (s.ids)(&mut ctx, lib);
    }
    for s in SECTIONS {
        (s.text)(&mut ctx, &known, lib);
    }
    check_citations(&mut ctx, lib);
    for s in SECTIONS {
        (s.rules)(&mut ctx, &known, lib);
    }
}

/// Equipment, therapies, sources and lessons: their ids and text are all
/// there is to check here (sources are checked with the citations).
fn no_rules(_: &mut Ctx, _: &Known, _: &Library) {}

fn check_muscles(ctx: &mut Ctx, _: &Known, lib: &Library) {
    // Muscle names and aliases must resolve to exactly one muscle.
    let mut names: HashSet<String> = HashSet::new();
    for m in &lib.muscles {
        for n in std::iter::once(&m.id).chain(&m.aliases) {
            if !names.insert(n.to_lowercase()) {
                ctx.report(
                    m.origin,
                    &["aliases"],
                    Some(n),
                    format!(
                        "muscle '{}': name or alias '{n}' is used by another muscle",
                        m.id
                    ),
                );
            }
        }
    }
}

fn check_movements(ctx: &mut Ctx, _: &Known, lib: &Library) {
    for m in &lib.movements {
        let owner = format!("movement '{}'", m.id);
        ctx.not_empty(m.origin, "name", &m.name, &owner);
        ctx.not_empty(m.origin, "description", &m.description, &owner);
    }
}

fn check_conditions(ctx: &mut Ctx, known: &Known, lib: &Library) {
    for c in &lib.conditions {
        check_condition(ctx, lib, c, &known.movements, &known.conditions);
        check_begin_with(ctx, c, &known.exercises);
    }
    check_include_cycles(ctx, lib);
    check_condition_names(ctx, lib);
}

/// What a condition opens the plan with: each entry an exercise id or a
/// category, once.
fn check_begin_with(ctx: &mut Ctx, c: &Condition, exercises: &HashSet<&str>) {
    let owner = format!("condition '{}'", c.id);
    let categories = Category::ALL.map(Category::as_str);
    for (field, list) in [("begin_with", &c.begin_with), ("plan_with", &c.plan_with)] {
        for (i, entry) in list.iter().enumerate() {
            let e = entry.as_str();
            if list[..i].iter().any(|x| x == e) {
                ctx.report(
                    c.origin,
                    &[field],
                    Some(e),
                    format!("{owner}: '{e}' is in `{field}` twice"),
                );
            } else if !exercises.contains(e) && !categories.contains(&e) {
                let near = suggest(e, exercises.iter().copied().chain(categories));
                let hint = near.map_or(String::new(), |n| format!("; did you mean '{n}'?"));
                ctx.report(
                    c.origin,
                    &[field],
                    Some(e),
                    format!(
                        "{owner}: '{e}' in `{field}` is neither an exercise id nor a category ({}){hint}",
                        categories.join(", ")
                    ),
                );
            }
        }
    }
}

/// An id always means itself, and a name means one thing: no name or alias
/// of one condition (or capability) may equal, once normalised, another's
/// id, name or alias, or a person's words would silently switch the wrong
/// rules on ("spinal fusion" stored as an implant loses the fusion rules).
fn check_condition_names(ctx: &mut Ctx, lib: &Library) {
    use crate::lookups::normalize;
    let mut owner: std::collections::HashMap<String, (&str, &str)> = lib
        .conditions
        .iter()
        .map(|c| (normalize(&c.id), (c.id.as_str(), "id")))
        .collect();
    for c in &lib.conditions {
        let named = std::iter::once((&c.name, "name", "name"))
            .chain(c.aliases.iter().map(|a| (a, "aliases", "alias")));
        for (n, field, what) in named {
            let key = normalize(n);
            match owner.get(&key) {
                Some((other, how)) if *other != c.id.as_str() => {
                    let message = format!(
                        "condition '{}': {what} '{n}' is the {how} of condition '{other}'; a name must mean one condition (an id always means itself)",
                        c.id
                    );
                    ctx.soft(c.origin, &[field], Some(n), message);
                }
                Some(_) => {}
                None => {
                    owner.insert(
                        key,
                        (c.id.as_str(), if what == "name" { "name" } else { "alias" }),
                    );
                }
            }
        }
    }
}

fn check_exercises(ctx: &mut Ctx, known: &Known, lib: &Library) {
    for e in &lib.exercises {
        let owner = format!("exercise '{}'", e.id);
        exercise_body(ctx, known, lib, e, &owner);
        exercise_links(ctx, known, lib, e, &owner);
        exercise_dose(ctx, e, &owner);
        exercise_words(ctx, e, &owner);
    }
    check_variant_cycles(ctx, lib);
}

/// What an exercise does to the body: its muscles, movements and the
/// capabilities it needs.
fn exercise_body(ctx: &mut Ctx, known: &Known, lib: &Library, e: &Exercise, owner: &str) {
    let Known {
        muscles, movements, ..
    } = known;
    let o = e.origin;
    ctx.not_empty(o, "name", &e.name, owner);
    check_former_ids(ctx, lib, e, owner);
    if let Some(msg) = id_disagrees_with_name(e) {
        ctx.soft(o, &["name"], None, format!("{owner}: {msg}"));
    }
    if e.muscles.primary.is_empty() {
        ctx.report(
            o,
            &["muscles", "primary"],
            None,
            format!("{owner}: needs at least one primary muscle"),
        );
    }
    ctx.refs::<Muscle>(
        lib,
        o,
        &["muscles", "primary"],
        &e.muscles.primary,
        muscles,
        owner,
    );
    ctx.refs::<Muscle>(
        lib,
        o,
        &["muscles", "secondary"],
        &e.muscles.secondary,
        muscles,
        owner,
    );
    if e.movements.is_empty() {
        ctx.report(
                o,
                &["id"],
                None,
                format!(
                    "{owner}: declares no `movements`; list what it does to the body (ids from the `movements` section; `sitting` or `standing` when nothing else applies)"
                ),
            );
    }
    ctx.refs::<Movement>(lib, o, &["movements"], &e.movements, movements, owner);
    // A capability its position implies is derived, not declared
    // (`Library::involves`); any other implied movement must be listed.
    for m in lib
        .movements
        .iter()
        .filter(|m| !m.capability && m.implied_by.contains(&e.position))
    {
        if !e.movements.contains(&m.id) {
            ctx.report(
                o,
                &["movements"],
                None,
                format!(
                    "{owner}: its position ({}) always involves '{}' ({}); add it to `movements`",
                    e.position.as_str(),
                    m.id,
                    m.name
                ),
            );
        }
    }
    match &e.needs {
        Some(needs) => {
            ctx.refs::<Movement>(lib, o, &["needs"], needs, movements, owner);
            for n in needs.iter() {
                if lib.movement(n).is_some_and(|m| !m.capability) {
                    ctx.report(
                        o,
                        &["needs"],
                        Some(n),
                        format!("{owner}: '{n}' in `needs` is not a capability; list it under `movements`"),
                    );
                }
                // Getting down to the floor (the capability every floor
                // position implies) belongs to a floor position: an
                // exercise that needs it while its position is upright
                // tells the run and the planner the wrong place.
                if lib.movement(n).is_some_and(gets_down_to_the_floor) && !e.position.is_floor() {
                    ctx.soft(
                        o,
                        &["position"],
                        None,
                        format!(
                            "{owner}: it needs '{n}', so it is done on the floor, but its position is {}; give the floor position it is done in (`sitting-on-floor`, `kneeling`, `on-back`, ...)",
                            e.position.as_str()
                        ),
                    );
                }
            }
        }
        // A person's own exercise may leave it out: it is then taken
        // to need every capability (and `check` warns).
        None if ctx.files.is_base(o.file) => ctx.report(
            o,
            &["id"],
            None,
            format!(
                "{owner}: says nothing of the capabilities it takes; add `needs:` (ids of capability movements such as weight-through-hands, `[]` for none beyond its position)"
            ),
        ),
        None => {}
    }
}

/// Whether `m` is getting down to the floor: a capability every floor
/// position implies.
fn gets_down_to_the_floor(m: &Movement) -> bool {
    m.capability
        && Position::ALL
            .iter()
            .filter(|p| p.is_floor())
            .all(|p| m.implied_by.contains(p))
}

/// The entries an exercise points to: its replacement for lying flat,
/// equipment, conditions, causes and variants.
fn exercise_links(ctx: &mut Ctx, known: &Known, lib: &Library, e: &Exercise, owner: &str) {
    let Known {
        equipment,
        conditions,
        exercises,
        causes,
        ..
    } = known;
    let o = e.origin;
    if let Some(v) = &e.instead_of_lying_flat {
        ctx.refs::<Exercise>(
            lib,
            o,
            &["instead_of_lying_flat"],
            std::slice::from_ref(v),
            exercises,
            owner,
        );
        if let Some(x) = lib.exercise(v) {
            if x.id == e.id || lib.involves(x, crate::LYING_ON_BACK) {
                ctx.report(
                    o,
                    &["instead_of_lying_flat"],
                    Some(v),
                    format!("{owner}: `instead_of_lying_flat` must name an exercise that does not lie on the back, not '{v}'"),
                );
            }
        }
    }
    ctx.refs::<Equipment>(lib, o, &["equipment"], &e.equipment, equipment, owner);
    ctx.refs::<Condition>(lib, o, &["avoid_if"], &e.avoid_if, conditions, owner);
    ctx.refs::<Cause>(lib, o, &["helps"], &e.helps, causes, owner);
    for (field, variant) in [("easier", &e.easier), ("harder", &e.harder)] {
        if let Some(v) = variant {
            if v == &e.id {
                ctx.report(
                    o,
                    &[field],
                    None,
                    format!("{owner}: is its own {field} variant"),
                );
            }
            ctx.refs::<Exercise>(lib, o, &[field], std::slice::from_ref(v), exercises, owner);
        }
    }
}

/// An exercise's difficulty and dose.
fn exercise_dose(ctx: &mut Ctx, e: &Exercise, owner: &str) {
    let o = e.origin;
    if !(1..=3).contains(&e.difficulty) {
        ctx.report(
            o,
            &["difficulty"],
            None,
            format!(
                "{owner}: difficulty must be 1, 2 or 3, not {}",
                e.difficulty
            ),
        );
    }
    if let Some(msg) = dose_problem(&timed(e.dose, e.category)) {
        ctx.report(o, &["dose"], None, format!("{owner}: {msg}"));
    }
    if let Some(msg) = pyramid_problem(&e.dose) {
        ctx.report(o, &["dose", "pyramid"], None, format!("{owner}: {msg}"));
    }
    if let Some((field, msg)) = tempo_problem(&e.dose) {
        ctx.report(o, &["dose", field], None, format!("{owner}: {msg}"));
    }
    if e.stretch && (e.dose.hold.is_none() || e.dose.reps.is_some()) {
        ctx.report(
            o,
            &["stretch"],
            None,
            format!(
                "{owner}: a static stretch is a held position: give `hold` (seconds) and no `reps`"
            ),
        );
    }
}

/// The words an exercise gives the person: instructions, cautions, what
/// it feels like, how to make it easier, its illustration.
fn exercise_words(ctx: &mut Ctx, e: &Exercise, owner: &str) {
    let o = e.origin;
    if e.instructions.is_empty() {
        ctx.report(
            o,
            &["instructions"],
            None,
            format!("{owner}: instructions are empty"),
        );
    }
    for (i, step) in e.instructions.iter().enumerate() {
        if step.trim().is_empty() {
            let idx = i.to_string();
            ctx.report(
                o,
                &["instructions", &idx],
                None,
                format!("{owner}: instruction {} is empty", i + 1),
            );
        }
    }
    if e.cautions.iter().all(|c| c.trim().is_empty()) {
        ctx.report(
            o,
            &["cautions"],
            None,
            format!("{owner}: needs at least one caution"),
        );
    }
    match e.come_out.as_deref().map(str::trim) {
        Some(way) if !way.is_empty() => {}
        Some(_) => ctx.soft(
            o,
            &["come_out"],
            None,
            format!("{owner}: `come_out` is empty; say how to come out of the position and get up again"),
        ),
        None => ctx.soft(
            o,
            &["id"],
            None,
            format!(
                "{owner}: says nothing of how to come out of it ({}); add `come_out:` in plain words (how to come out of the position and get up again)",
                e.position.words()
            ),
        ),
    }
    ctx.not_empty(o, "feel", &e.feel, owner);
    ctx.not_empty(o, "make_it_easier", &e.make_it_easier, owner);
    ctx.not_empty(o, "illustration", &e.illustration, owner);
    figure_fits(ctx, o, "illustration", &e.illustration, owner);
    if let Some(end) = &e.illustration_end {
        ctx.not_empty(o, "illustration_end", end, owner);
        figure_fits(ctx, o, "illustration_end", end, owner);
    }
}

/// A figure's lines fit 40 columns (the run shows it beside the clock).
fn figure_fits(ctx: &mut Ctx, o: Origin, field: &str, figure: &str, owner: &str) {
    if let Some(wide) = figure.lines().find(|l| l.chars().count() > 40) {
        ctx.report(
            o,
            &[field],
            None,
            format!(
                "{owner}: {field} lines must fit 40 columns; this one has {}: {wide:?}",
                wide.chars().count()
            ),
        );
    }
}

fn check_causes(ctx: &mut Ctx, known: &Known, lib: &Library) {
    let Known {
        exercises,
        therapies,
        ..
    } = known;
    for c in &lib.causes {
        let owner = format!("cause '{}'", c.id);
        ctx.not_empty(c.origin, "name", &c.name, &owner);
        ctx.not_empty(c.origin, "explanation", &c.explanation, &owner);
        ctx.refs::<Exercise>(lib, c.origin, &["helps"], &c.helps, exercises, &owner);
        ctx.refs::<Condition>(
            lib,
            c.origin,
            &["until_seen"],
            &c.until_seen,
            &known.conditions,
            &owner,
        );
        for (i, x) in c.explained_by.iter().enumerate() {
            let at = i.to_string();
            ctx.refs::<Condition>(
                lib,
                c.origin,
                &["explained_by", &at, "conditions"],
                &x.conditions,
                &known.conditions,
                &owner,
            );
            if x.conditions.is_empty() || x.note.trim().is_empty() {
                ctx.report(
                    c.origin,
                    &["explained_by", &at],
                    None,
                    format!("{owner}: each `explained_by` entry names `conditions` and says a `note` in plain words"),
                );
            }
        }
        ctx.refs::<Therapy>(
            lib,
            c.origin,
            &["therapies"],
            &c.therapies,
            therapies,
            &owner,
        );
        if let Some(age) = &c.age {
            let empty = age.from.is_none() && age.to.is_none();
            let backwards = matches!((age.from, age.to), (Some(f), Some(t)) if f > t);
            if empty || backwards {
                ctx.report(
                    c.origin,
                    &["age"],
                    None,
                    format!("{owner}: `age` needs `from` or `to`, with `from` not above `to`"),
                );
            }
            if age.weight <= 0 {
                ctx.report(
                    c.origin,
                    &["age", "weight"],
                    None,
                    format!("{owner}: `age.weight` must be a positive number of points"),
                );
            }
        }
    }
}

fn check_programs(ctx: &mut Ctx, known: &Known, lib: &Library) {
    let Known {
        exercises, causes, ..
    } = known;
    // The library's own index is built after validation: look up here.
    let mut by_id: std::collections::HashMap<&str, &Exercise> = lib
        .exercises
        .iter()
        .flat_map(|e| e.former_ids.iter().map(move |f| (f.as_str(), e)))
        .collect();
    by_id.extend(lib.exercises.iter().map(|e| (e.id.as_str(), e)));
    for p in &lib.programs {
        let owner = format!("program '{}'", p.id);
        ctx.refs::<Cause>(
            lib,
            p.origin,
            &["for_causes"],
            &p.for_causes,
            causes,
            &owner,
        );
        if p.steps.is_empty() {
            ctx.report(p.origin, &["steps"], None, format!("{owner}: has no steps"));
        }
        let mut program_total: u64 = 0;
        let mut step_too_long = false;
        for (i, step) in p.steps.iter().enumerate() {
            let idx = i.to_string();
            let path = ["steps", idx.as_str(), "exercise"];
            ctx.refs::<Exercise>(
                lib,
                p.origin,
                &path,
                std::slice::from_ref(&step.exercise),
                exercises,
                &owner,
            );
            if let (Some(over), Some(&ex)) = (&step.dose, by_id.get(step.exercise.as_str())) {
                let d = timed(ex.dose.with(over), ex.category);
                let problem = dose_problem(&d).or_else(|| pyramid_problem(&d));
                if let Some(msg) = problem {
                    ctx.report(
                        p.origin,
                        &["steps", &idx, "dose"],
                        None,
                        format!("{owner}, step {}: {msg}", i + 1),
                    );
                }
            }
            if let Some(&ex) = by_id.get(step.exercise.as_str()) {
                let d = timed(step.dose.map_or(ex.dose, |o| ex.dose.with(&o)), ex.category);
                let seconds = dose_seconds(&d);
                // A step over the bound is reported on its own.
                step_too_long |= seconds > u64::from(MAX_DOSE_SECONDS);
                program_total = program_total.saturating_add(seconds);
            }
        }
        if program_total > u64::from(MAX_PROGRAM_SECONDS) && !step_too_long {
            ctx.report(
                p.origin,
                &["steps"],
                None,
                format!(
                    "{owner}: steps add up to more than {} hours ({program_total} s)",
                    MAX_PROGRAM_SECONDS / 3600
                ),
            );
        }
    }
}

fn check_red_flags(ctx: &mut Ctx, _: &Known, lib: &Library) {
    for f in &lib.red_flags {
        let owner = format!("red flag '{}'", f.id);
        match (&f.ask, &f.when) {
            (Some(ask), None) => ctx.not_empty(f.origin, "ask", ask, &owner),
            (None, Some(when)) => {
                match &f.because {
                    Some(b) => ctx.not_empty(f.origin, "because", b, &owner),
                    None => ctx.report(
                        f.origin,
                        &["when"],
                        None,
                        format!("{owner}: a flag raised by `when` needs `because` (what the person told us, in plain words)"),
                    ),
                }
                check_flag_when(ctx, lib, f.origin, &owner, when);
            }
            _ => ctx.report(
                f.origin,
                &[],
                None,
                format!("{owner}: give either `ask` (a question) or `when` (answers that raise it), not both or neither"),
            ),
        }
        ctx.not_empty(f.origin, "why", &f.why, &owner);
    }
    if lib.red_flags.is_empty() {
        ctx.problems.push(Problem::file(
            ctx.files.get(0).path,
            "the library has no red-flag questions; the screen cannot be skipped".to_string(),
        ));
    }
}

fn check_questions(ctx: &mut Ctx, known: &Known, lib: &Library) {
    let Known {
        movements,
        conditions,
        equipment,
        causes,
        ..
    } = known;
    // An answer that leaves movements out names real ones and says why.
    for q in &lib.questions {
        for (i, c) in q.choices.iter().enumerate() {
            let owner = format!("question '{}', choice '{}'", q.id, c.id);
            let at = i.to_string();
            ctx.refs::<Movement>(
                lib,
                q.origin,
                &["choices", &at, "leaves_out"],
                &c.leaves_out,
                movements,
                &owner,
            );
            ctx.refs::<Condition>(
                lib,
                q.origin,
                &["choices", &at, "brings"],
                &c.brings,
                conditions,
                &owner,
            );
            if !c.leaves_out.is_empty()
                && c.leave_out_reason
                    .as_deref()
                    .is_none_or(|r| r.trim().is_empty())
            {
                ctx.report(
                    q.origin,
                    &["choices", &at],
                    None,
                    format!("{owner}: `leaves_out` needs a `leave_out_reason` in plain words"),
                );
            }
        }
    }
    for q in &lib.questions {
        let owner = format!("question '{}'", q.id);
        ctx.not_empty(q.origin, "ask", &q.ask, &owner);
        let choices: Vec<&str> = q.choices.iter().map(|c| c.id.as_str()).collect();
        match q.field {
            Field::Pain | Field::Minutes if !q.choices.is_empty() => {
                ctx.report(
                    q.origin,
                    &["choices"],
                    None,
                    format!("{owner}: a number question has no choices"),
                );
            }
            Field::Conditions => {
                ctx.refs::<Condition>(lib, q.origin, &["choices"], &choices, conditions, &owner)
            }
            Field::Equipment => {
                ctx.refs::<Equipment>(lib, q.origin, &["choices"], &choices, equipment, &owner)
            }
            Field::Areas | Field::Symptoms if q.choices.is_empty() => {
                ctx.report(
                    q.origin,
                    &["choices"],
                    None,
                    format!("{owner}: needs choices"),
                );
            }
            _ => {}
        }
        let mut seen = HashSet::new();
        for (i, c) in q.choices.iter().enumerate() {
            let idx = i.to_string();
            if !seen.insert(c.id.as_str()) {
                ctx.report(
                    q.origin,
                    &["choices", &idx],
                    Some(&c.id),
                    format!("{owner}: duplicate choice '{}'", c.id),
                );
            }
            if c.irritable.values().any(|w| *w <= 0) {
                ctx.report(
                    q.origin,
                    &["choices", &idx, "irritable"],
                    None,
                    format!(
                        "{owner}: choice '{}': `irritable` weights must be positive",
                        c.id
                    ),
                );
            }
            let weighted: Vec<&str> = c.weights.keys().map(Text::as_str).collect();
            ctx.refs::<Cause>(
                lib,
                q.origin,
                &["choices", &idx, "weights"],
                &weighted,
                causes,
                &owner,
            );
        }
    }
}

/// A condition's rules, limits, includes and stop signs.
fn check_condition(
    ctx: &mut Ctx,
    lib: &Library,
    c: &Condition,
    movements: &HashSet<&str>,
    conditions: &HashSet<&str>,
) {
    let o = c.origin;
    let owner = format!("condition '{}'", c.id);
    ctx.not_empty(o, "name", &c.name, &owner);
    ctx.refs::<Condition>(lib, o, &["includes"], &c.includes, conditions, &owner);
    ctx.refs::<Condition>(lib, o, &["lifts"], &c.lifts, conditions, &owner);
    ctx.refs::<Condition>(
        lib,
        o,
        &["advice_covers"],
        &c.advice_covers,
        conditions,
        &owner,
    );
    let included: Vec<&str> = lib
        .with_includes(std::slice::from_ref(&c.id))
        .iter()
        .map(|x| x.id.as_str())
        .collect();
    for covered in c.advice_covers.iter() {
        if conditions.contains(covered.as_str())
            && (covered == &c.id || !included.contains(&covered.as_str()))
        {
            ctx.report(
                o,
                &["advice_covers"],
                Some(covered),
                format!("{owner}: it covers the advice of '{covered}', which it does not include"),
            );
        }
    }
    if !c.advice_covers.is_empty() && c.advice.is_none() {
        ctx.report(
            o,
            &["advice_covers"],
            None,
            format!("{owner}: `advice_covers` needs `advice` of its own that says it"),
        );
    }
    match &c.ask {
        Some(q) if c.lifts.is_empty() || q.trim().is_empty() => ctx.report(
            o,
            &["ask"],
            None,
            format!("{owner}: `ask` is the question for a condition that `lifts` another, in plain words"),
        ),
        _ => {}
    }
    for (i, r) in c.rules.iter().enumerate() {
        let idx = i.to_string();
        ctx.refs::<Movement>(
            lib,
            o,
            &["rules", &idx, "movement"],
            std::slice::from_ref(&r.movement),
            movements,
            &owner,
        );
        for (field, text) in [("reason", &r.reason), ("source", &r.source)] {
            if text.trim().is_empty() {
                ctx.report(
                    o,
                    &["rules", &idx, field],
                    None,
                    format!("{owner}, rule {}: `{field}` is empty", i + 1),
                );
            }
        }
    }
    for (i, l) in c.limits.iter().enumerate() {
        let idx = i.to_string();
        ctx.refs::<Movement>(
            lib,
            o,
            &["limits", &idx, "movement"],
            std::slice::from_ref(&l.movement),
            movements,
            &owner,
        );
        if l.max_minutes_in_a_row == 0 {
            ctx.report(
                o,
                &["limits", &idx, "max_minutes_in_a_row"],
                None,
                format!("{owner}, limit {}: `max_minutes_in_a_row` must be at least 1 (to rule a movement out, write a rule)", i + 1),
            );
        }
        for (field, text) in [("reason", &l.reason), ("source", &l.source)] {
            if text.trim().is_empty() {
                ctx.report(
                    o,
                    &["limits", &idx, field],
                    None,
                    format!("{owner}, limit {}: `{field}` is empty", i + 1),
                );
            }
        }
    }
    if let Some(s) = &c.stop_signs {
        if s.signs.iter().all(|x| x.trim().is_empty()) || s.source.trim().is_empty() {
            ctx.report(
                o,
                &["stop_signs"],
                None,
                format!("{owner}: `stop_signs` needs at least one sign and a source"),
            );
        }
    }
}

/// Following `includes` must never come back to where it started.
fn check_include_cycles(ctx: &mut Ctx, lib: &Library) {
    for start in &lib.conditions {
        let mut walk: Vec<&str> = vec![start.id.as_str()];
        let mut todo: Vec<(usize, &str)> = start.includes.iter().map(|i| (1, i.as_str())).collect();
        let mut seen: HashSet<&str> = HashSet::new();
        while let Some((depth, id)) = todo.pop() {
            walk.truncate(depth);
            if id == start.id {
                walk.push(id);
                ctx.report(
                    start.origin,
                    &["includes"],
                    None,
                    format!(
                        "condition '{}': `includes` go round in a circle: {}",
                        start.id,
                        walk.join(" -> ")
                    ),
                );
                break;
            }
            if !seen.insert(id) {
                continue;
            }
            walk.push(id);
            if let Some(c) = lib.condition(id) {
                todo.extend(c.includes.iter().map(|i| (depth + 1, i.as_str())));
            }
        }
    }
}

/// What is wrong with a dose, if anything.
fn dose_problem(d: &crate::model::Dose) -> Option<String> {
    let (hold, reps, sets) = (d.hold, d.reps, d.sets);
    if hold.is_none() && reps.is_none() {
        return Some("dose needs `hold` (seconds) or `reps`".to_string());
    }
    if hold == Some(0) || reps == Some(0) || sets == 0 {
        return Some("dose has a zero: hold, reps and sets must be at least 1".to_string());
    }
    let total = dose_seconds(d);
    if total > u64::from(MAX_DOSE_SECONDS) {
        let amount = if total == u64::MAX {
            "more than any clock can count".to_string()
        } else {
            format!("{total} s")
        };
        return Some(format!(
            "dose adds up to {amount}; one exercise may take at most an hour ({MAX_DOSE_SECONDS} s)"
        ));
    }
    None
}

/// A descending pyramid needs reps and must leave at least one rep in the
/// last set.
fn pyramid_problem(d: &crate::model::Dose) -> Option<String> {
    if d.pyramid == 0 {
        return None;
    }
    let Some(reps) = d.reps else {
        return Some("a `pyramid` takes reps away each set, so the dose needs `reps`".to_string());
    };
    let taken = u64::from(d.pyramid) * u64::from(d.sets.saturating_sub(1));
    (taken >= u64::from(reps)).then(|| {
        format!(
            "a pyramid of {} fewer reps each set leaves no reps by set {} (start with more than {taken} reps)",
            d.pyramid, d.sets
        )
    })
}

/// A tempo times reps (and agrees with `hold`); alternating reps go to
/// each side in turn, an even number of them.
fn tempo_problem(d: &crate::model::Dose) -> Option<(&'static str, String)> {
    if let Some(t) = d.tempo {
        if d.reps.is_none() {
            return Some(("tempo", "a `tempo` times each rep, so the dose needs `reps` (a sustained hold has no tempo)".to_string()));
        }
        if t.move_s == 0 || t.return_s == 0 || t.move_s > 60 || t.return_s > 60 {
            return Some((
                "tempo",
                format!(
                    "tempo [{}, {}, {}]: moving and returning take 1 to 60 seconds each",
                    t.move_s, t.hold_s, t.return_s
                ),
            ));
        }
        if let Some(h) = d.hold.filter(|&h| h != t.hold_s) {
            return Some(("tempo", format!("tempo [{}, {}, {}] holds {} s but `hold` says {h} s: give the hold once (or make them equal)", t.move_s, t.hold_s, t.return_s, t.hold_s)));
        }
    }
    if d.alternating {
        if d.per_side {
            return Some((
                "alternating",
                "`alternating` reps already go to both sides; leave out `per_side`".to_string(),
            ));
        }
        match d.reps {
            None => return Some(("alternating", "`alternating` needs `reps` (each side is one rep)".to_string())),
            Some(r) if r % 2 == 1 => return Some(("alternating", format!("{r} alternating reps would do one side more than the other: give an even number"))),
            _ => {}
        }
        if d.pyramid % 2 == 1 {
            return Some((
                "alternating",
                "an alternating pyramid must take away an even number of reps".to_string(),
            ));
        }
    }
    None
}

/// The dose as it will be timed: reps with no tempo take their category's
/// (as the loader fills in once the library is valid).
fn timed(d: crate::model::Dose, c: crate::model::Category) -> crate::model::Dose {
    crate::model::Dose {
        tempo: d.tempo.or(d.reps.map(|_| c.tempo())),
        ..d
    }
}

/// A rep's (or the hold's) seconds x reps x sides x sets, plus rests
/// between sets; saturates instead of wrapping, so a huge dose stays huge.
fn dose_seconds(d: &crate::model::Dose) -> u64 {
    let sides: u64 = if d.per_side { 2 } else { 1 };
    u64::from(d.rep_seconds())
        .saturating_mul(u64::from(d.reps.unwrap_or(1)))
        .saturating_mul(u64::from(d.sets))
        .saturating_mul(sides)
        .saturating_add(u64::from(d.rest).saturating_mul(u64::from(d.sets.saturating_sub(1))))
}

/// Refuses control and bidi characters in every text field of every entry
/// (found by serializing the entry, so no field is forgotten); newlines
/// only where `MULTI_LINE_FIELDS` allows them.
fn check_text<T: Entry + serde::Serialize>(
    ctx: &mut Ctx,
    ids: &HashSet<String>,
    items: &[T],
    what: &str,
) {
    for e in items {
        // Checked when the program was built.
        if ctx.files.is_base(e.origin().file) {
            continue;
        }
        let mut owner = None;
        crate::strings::each_string(e, &mut |path, s| {
            // Printable ASCII, nearly all library text, is checked a byte
            // at a time (vectorised); anything else a character at a time.
            let printable = s.bytes().all(|b| (b' '..b'\x7f').contains(&b));
            if !printable && s.chars().any(text::is_unsafe) {
                let owner =
                    owner.get_or_insert_with(|| format!("{what} '{}'", text::escape(e.id())));
                check_str(ctx, e.origin(), owner, s, path);
            }
            // In the same pass: an id where a reader reads words.
            let field = path
                .iter()
                .rev()
                .find(|p| p.parse::<usize>().is_err())
                .map_or("", String::as_str);
            if PROSE_FIELDS.contains(&field) {
                if let Some(id) = id_in_prose(s, ids) {
                    let owner =
                        owner.get_or_insert_with(|| format!("{what} '{}'", text::escape(e.id())));
                    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
                    ctx.soft(
                        e.origin(),
                        &segs,
                        Some(id),
                        format!(
                            "{owner}, field `{}`: '{id}' is an id, not words a reader knows; write it in plain words",
                            path.join(".")
                        ),
                    );
                }
            }
        });
    }
}

fn check_str(ctx: &mut Ctx, origin: Origin, owner: &str, s: &str, path: &[String]) {
    let field = path
        .iter()
        .rev()
        .find(|p| p.parse::<usize>().is_err())
        .map_or("", String::as_str);
    let multi = MULTI_LINE_FIELDS.contains(&field);
    let body = if multi { s } else { s.trim_end_matches('\n') };
    let Some(bad) = body
        .chars()
        .find(|&c| text::is_unsafe(c) && !(multi && c == '\n'))
    else {
        return;
    };
    let kind = if text::is_bidi_control(bad) {
        "a bidi control character"
    } else {
        "a control character"
    };
    let shown: String = text::escape(s).chars().take(60).collect();
    let dotted = path.join(".");
    let allowed = if multi {
        ""
    } else {
        " (newlines only in illustration, explanation and what_to_expect)"
    };
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    ctx.report(
        origin,
        &segs,
        None,
        format!(
            "{owner}, field `{dotted}`: {kind} ({}) is not allowed{allowed}: \"{shown}\"",
            text::escape(&bad.to_string())
        ),
    );
}

/// A former id is an id, is no exercise's current id, and belongs to one
/// exercise only: an old reference must find exactly one exercise.
fn check_former_ids(ctx: &mut Ctx, lib: &Library, e: &Exercise, owner: &str) {
    for f in e.former_ids.iter() {
        let taken = lib.exercises.iter().any(|x| x.id == *f)
            || lib
                .exercises
                .iter()
                .any(|x| x.id != e.id && x.former_ids.contains(f));
        let problem = match Id::check(f) {
            Err(why) => Some(format!("former id '{}' is not an id: {why}", text::escape(f))),
            Ok(()) if taken => Some(format!(
                "former id '{f}' is another exercise's id or former id; an old reference must find one exercise"
            )),
            Ok(()) => None,
        };
        if let Some(p) = problem {
            ctx.report(e.origin, &["former_ids"], Some(f), format!("{owner}: {p}"));
        }
    }
}

/// Words that say the opposite of each other in an exercise's id and name:
/// an id saying `lower` for an exercise named "... upper back" misleads
/// whoever reads one and writes the other.
const OPPOSITES: &[(&str, &str)] = &[
    ("lower", "upper"),
    ("left", "right"),
    ("inner", "outer"),
    ("front", "rear"),
    ("forward", "backward"),
    ("single", "double"),
    ("prone", "supine"),
    ("seated", "standing"),
    ("sitting", "standing"),
    ("kneeling", "standing"),
    ("lying", "standing"),
];

/// Words of an id that name a position, and the position they name.
const POSITION_WORDS: &[(&str, Position)] = &[
    ("seated", Position::Sitting),
    ("standing", Position::Standing),
    ("kneeling", Position::Kneeling),
    ("supine", Position::OnBack),
    ("prone", Position::OnFront),
];

/// Why an exercise's id does not agree with its name or position, if it
/// does not: the id has a word whose opposite the name has instead, or
/// the id names a position the exercise is not done in.
pub(crate) fn id_disagrees_with_name(e: &Exercise) -> Option<String> {
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let id = words(&e.id);
    let name = words(&e.name);
    let has = |ws: &[String], w: &str| ws.iter().any(|x| x == w);
    for &(a, b) in OPPOSITES {
        for (mine, other) in [(a, b), (b, a)] {
            if has(&id, mine) && has(&name, other) && !has(&name, mine) {
                return Some(format!(
                    "its id says '{mine}' but its name (\"{}\") says '{other}'; rename one (keep the old id in `former_ids`)",
                    e.name
                ));
            }
        }
    }
    POSITION_WORDS
        .iter()
        // "seated" is on a chair or on the floor.
        .find(|&&(w, p)| {
            has(&id, w)
                && e.position != p
                && !(p == Position::Sitting && e.position == Position::SittingOnFloor)
        })
        .map(|&(w, _)| {
            format!(
                "its id says '{w}' but its position is {}; rename it (keep the old id in `former_ids`) or fix `position`",
                e.position.as_str()
            )
        })
}

/// Following `easier` (or `harder`) links must never come back around.
fn check_variant_cycles(ctx: &mut Ctx, lib: &Library) {
    let index: std::collections::HashMap<&str, usize> = lib
        .exercises
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    for field in ["easier", "harder"] {
        let next = |i: usize| -> Option<usize> {
            let e = &lib.exercises[i];
            let v = if field == "easier" {
                &e.easier
            } else {
                &e.harder
            };
            v.as_deref().and_then(|id| index.get(id).copied())
        };
        // 0 = unvisited, 1 = on the current walk, 2 = known to end.
        let mut state = vec![0u8; lib.exercises.len()];
        for start in 0..lib.exercises.len() {
            let mut walk = Vec::new();
            let mut cur = Some(start);
            while let Some(i) = cur {
                match state[i] {
                    2 => break,
                    1 => {
                        let at = walk.iter().position(|&w| w == i).unwrap_or(0);
                        let cycle: Vec<&str> = walk[at..]
                            .iter()
                            .chain(std::iter::once(&i))
                            .map(|&w| lib.exercises[w].id.as_str())
                            .collect();
                        let e = &lib.exercises[i];
                        ctx.report(
                            e.origin,
                            &[field],
                            None,
                            format!(
                                "exercise '{}': `{field}` variants go round in a circle: {}",
                                e.id,
                                cycle.join(" -> ")
                            ),
                        );
                        break;
                    }
                    _ => {
                        state[i] = 1;
                        walk.push(i);
                        cur = next(i);
                    }
                }
            }
            for w in walk {
                state[w] = 2;
            }
        }
    }
}

/// Fields whose text a person reads as prose: an id there (`erector-spinae`)
/// is a slip of the writer's, not a word of the reader's.
pub(crate) const PROSE_FIELDS: &[&str] = &[
    "instructions",
    "come_out",
    "feel",
    "cautions",
    "make_it_easier",
    "summary",
    "explanation",
    "signs",
    "what_to_expect",
    "consider_when",
    "reason",
    "advice",
    "intro",
    "why",
    "claim",
    "hint",
    "label",
    "because",
    "description",
    "text",
    "title",
    "ask",
    "leave_out_reason",
    "see_clinician",
    "note",
];

/// Every id of more than one word (one-word ids are ordinary words:
/// `sitting`, `core`) that is not also what people call something (a
/// name or alias, as `cat-cow` is): such a token in prose is an id.
pub(crate) fn prose_ids(lib: &Library) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut words = HashSet::new();
    let said = |s: &str| s.trim().to_lowercase().replace(' ', "-");
    macro_rules! each {
        ($($f:ident),*) => {$(
            for e in lib.$f.iter() {
                if e.id().contains('-') {
                    ids.insert(e.id().to_lowercase());
                }
            }
        )*};
    }
    each!(
        muscles, movements, conditions, equipment, exercises, causes, therapies, programs,
        red_flags, questions, sources, lessons
    );
    for m in lib.muscles.iter() {
        words.insert(said(&m.name));
        words.extend(m.aliases.iter().map(|a| said(a)));
    }
    for e in lib.exercises.iter() {
        words.insert(said(&e.name));
        words.extend(e.aliases.iter().map(|a| said(a)));
    }
    for c in lib.conditions.iter() {
        words.insert(said(&c.name));
        words.extend(c.aliases.iter().map(|a| said(a)));
    }
    for q in lib.equipment.iter() {
        words.insert(said(&q.name));
        words.extend(q.aliases.iter().map(|a| said(a)));
    }
    for c in lib.causes.iter() {
        words.insert(said(&c.name));
    }
    ids.retain(|i| !words.contains(i));
    ids
}

/// The first token of `s` that is one of `ids`.
pub(crate) fn id_in_prose<'a>(s: &'a str, ids: &HashSet<String>) -> Option<&'a str> {
    if !s.contains('-') {
        return None;
    }
    // What is in backticks is typed, not read: `profile --checked ID`.
    s.split('`')
        .step_by(2)
        .flat_map(|words| words.split(|c: char| !(c.is_alphanumeric() || c == '-')))
        .map(|t| t.trim_matches('-'))
        .filter(|t| t.contains('-'))
        .find(|t| ids.contains(&t.to_lowercase()))
}

/// What a citation stands behind, which decides what it needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cites {
    /// A claim of evidence: at least one listed source.
    Claim,
    /// A rule, limit, dose or stop sign: a listed source or a
    /// `precaution:` with its reasoning.
    Rule,
}

/// Checks one citation: every part names a listed source or gives
/// reasoning, and a claim names at least one source.
fn check_citation(
    ctx: &mut Ctx,
    lib: &Library,
    origin: Origin,
    path: &[&str],
    owner: &str,
    text: &str,
    cites: Cites,
) {
    let parts = crate::cite::parts(text);
    let mut named = 0;
    for p in &parts {
        match p {
            crate::cite::Part::Source { id, part, .. } => {
                if lib.source(id).is_some() {
                    named += 1;
                } else {
                    let near = suggest(id, lib.sources.iter().map(|s| s.id.as_str()));
                    let hint = Unknown::new("source", id, near).did_you_mean();
                    ctx.soft(
                        origin,
                        path,
                        Some(id),
                        format!(
                            "{owner}: '{}' is not a listed source{hint}; name an entry of `sources` (sources.yaml), or write `precaution: <reasoning>`",
                            crate::text::escape(part)
                        ),
                    );
                }
            }
            crate::cite::Part::Precaution(r) => {
                if r.is_empty() {
                    ctx.soft(
                        origin,
                        path,
                        None,
                        format!("{owner}: `precaution:` needs the reasoning after it"),
                    );
                }
                if cites == Cites::Claim {
                    ctx.soft(
                        origin,
                        path,
                        None,
                        format!(
                            "{owner}: a claim of evidence needs a listed source, not a precaution"
                        ),
                    );
                }
            }
        }
    }
    if parts.is_empty() {
        ctx.soft(
            origin,
            path,
            None,
            format!("{owner}: the source is empty; name an entry of `sources`, or write `precaution: <reasoning>`"),
        );
    } else if cites == Cites::Claim
        && named == 0
        && !parts
            .iter()
            .any(|p| matches!(p, crate::cite::Part::Precaution(_)))
    {
        // Reported above, part by part.
    }
}

/// Every citation in the library's own (not pre-validated) entries, and
/// the doses that give none.
fn check_citations(ctx: &mut Ctx, lib: &Library) {
    source_citations(ctx, lib);
    exercise_citations(ctx, lib);
    cause_citations(ctx, lib);
    therapy_citations(ctx, lib);
    condition_citations(ctx, lib);
    red_flag_citations(ctx, lib);
    lesson_citations(ctx, lib);
}

/// A source's own fields: authors, title, year, DOI, link.
fn source_citations(ctx: &mut Ctx, lib: &Library) {
    for s in lib.sources.iter() {
        if ctx.files.is_base(s.origin.file) {
            continue;
        }
        let owner = format!("source '{}'", s.id);
        for (field, v) in [
            ("authors", &s.authors),
            ("title", &s.title),
            ("published", &s.published),
        ] {
            ctx.not_empty(s.origin, field, v, &owner);
        }
        if !(1800..=2200).contains(&s.year) {
            ctx.report(
                s.origin,
                &["year"],
                None,
                format!("{owner}: year {} is not a year of publication", s.year),
            );
        }
        if let Some(d) = &s.doi {
            if !(d.starts_with("10.") && d.contains('/')) || d.contains(char::is_whitespace) {
                ctx.report(
                    s.origin,
                    &["doi"],
                    None,
                    format!(
                        "{owner}: `doi` is the DOI itself (10.xxxx/...), not a link: '{}'",
                        crate::text::escape(d)
                    ),
                );
            }
        }
        if let Some(u) = &s.url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                ctx.report(
                    s.origin,
                    &["url"],
                    None,
                    format!("{owner}: `url` must start with https:// or http://"),
                );
            }
        }
    }
}

/// An exercise's evidence and the source of its dose.
fn exercise_citations(ctx: &mut Ctx, lib: &Library) {
    for e in lib.exercises.iter() {
        if ctx.files.is_base(e.origin.file) {
            continue;
        }
        let owner = format!("exercise '{}'", e.id);
        for (i, ev) in e.evidence.iter().enumerate() {
            let i = i.to_string();
            check_citation(
                ctx,
                lib,
                e.origin,
                &["evidence", &i, "source"],
                &owner,
                &ev.source,
                Cites::Claim,
            );
        }
        match &e.dose_source {
            Some(d) => check_citation(ctx, lib, e.origin, &["dose_source"], &owner, d, Cites::Rule),
            None => ctx.soft(
                e.origin,
                &["dose"],
                None,
                format!("{owner}: its dose names no source; add `dose_source:` (a source id, or `precaution: <reasoning>`)"),
            ),
        }
    }
}

/// A cause's evidence and the source of its age range.
fn cause_citations(ctx: &mut Ctx, lib: &Library) {
    for c in lib.causes.iter() {
        if ctx.files.is_base(c.origin.file) {
            continue;
        }
        let owner = format!("cause '{}'", c.id);
        for (i, ev) in c.evidence.iter().enumerate() {
            let i = i.to_string();
            check_citation(
                ctx,
                lib,
                c.origin,
                &["evidence", &i, "source"],
                &owner,
                &ev.source,
                Cites::Claim,
            );
        }
        if let Some(a) = &c.age {
            check_citation(
                ctx,
                lib,
                c.origin,
                &["age", "source"],
                &owner,
                &a.source,
                Cites::Rule,
            );
        }
    }
}

/// A therapy's evidence.
fn therapy_citations(ctx: &mut Ctx, lib: &Library) {
    for t in lib.therapies.iter() {
        if ctx.files.is_base(t.origin.file) {
            continue;
        }
        let owner = format!("therapy '{}'", t.id);
        for (i, ev) in t.evidence.iter().enumerate() {
            let i = i.to_string();
            check_citation(
                ctx,
                lib,
                t.origin,
                &["evidence", &i, "source"],
                &owner,
                &ev.source,
                Cites::Claim,
            );
        }
    }
}

/// A condition's rules (with their basis), limits and stop signs.
fn condition_citations(ctx: &mut Ctx, lib: &Library) {
    for c in lib.conditions.iter() {
        if ctx.files.is_base(c.origin.file) {
            continue;
        }
        let owner = format!("condition '{}'", c.id);
        for (i, r) in c.rules.iter().enumerate() {
            let i = i.to_string();
            let path = ["rules", i.as_str(), "source"];
            check_citation(ctx, lib, c.origin, &path, &owner, &r.source, Cites::Rule);
            let reasoned = crate::cite::is_precaution(&r.source);
            match r.basis {
                Some(crate::model::Basis::Precaution) if !reasoned => ctx.soft(
                    c.origin,
                    &path,
                    None,
                    format!("{owner}: a rule with `basis: precaution` gives its reasoning in `source` as `precaution: <reasoning>`"),
                ),
                Some(crate::model::Basis::Guideline)
                    if !crate::cite::parts(&r.source)
                        .iter()
                        .any(|p| matches!(p, crate::cite::Part::Source { .. })) =>
                {
                    ctx.soft(
                        c.origin,
                        &["rules", i.as_str(), "basis"],
                        None,
                        format!("{owner}: a rule with `basis: guideline` names a listed source; one resting on reasoning alone has `basis: precaution`"),
                    )
                }
                _ => {}
            }
        }
        for (i, l) in c.limits.iter().enumerate() {
            let i = i.to_string();
            check_citation(
                ctx,
                lib,
                c.origin,
                &["limits", &i, "source"],
                &owner,
                &l.source,
                Cites::Rule,
            );
        }
        if let Some(s) = &c.stop_signs {
            check_citation(
                ctx,
                lib,
                c.origin,
                &["stop_signs", "source"],
                &owner,
                &s.source,
                Cites::Rule,
            );
        }
    }
}

/// A red flag's source.
fn red_flag_citations(ctx: &mut Ctx, lib: &Library) {
    for f in lib.red_flags.iter() {
        if ctx.files.is_base(f.origin.file) {
            continue;
        }
        if let Some(s) = &f.source {
            let owner = format!("red flag '{}'", f.id);
            check_citation(ctx, lib, f.origin, &["source"], &owner, s, Cites::Rule);
        }
    }
}

/// A lesson card's text and source; a card stays brief.
fn lesson_citations(ctx: &mut Ctx, lib: &Library) {
    for l in lib.lessons.iter() {
        if ctx.files.is_base(l.origin.file) {
            continue;
        }
        let owner = format!("lesson '{}'", l.id);
        ctx.not_empty(l.origin, "title", &l.title, &owner);
        ctx.not_empty(l.origin, "text", &l.text, &owner);
        check_citation(
            ctx,
            lib,
            l.origin,
            &["source"],
            &owner,
            &l.source,
            Cites::Claim,
        );
        let sentences = l
            .text
            .split_inclusive(['.', '!', '?'])
            .filter(|s| s.trim().len() > 1)
            .count();
        if sentences > 4 {
            ctx.soft(
                l.origin,
                &["text"],
                None,
                format!("{owner}: {sentences} sentences; a lesson card keeps to two or three (brief is what helps: traeger-2019)"),
            );
        }
    }
}
