//! Looking things up in the library for `list`, `show`, `muscles`,
//! `causes`, `conditions` and `programs`: names, ids and aliases resolved,
//! filters applied. Their layouts are in `render/library.rs`.

use crate::error::{Error, Result};
use crate::library::{
    normalize, Category, Cause, Condition, Equipment, Exercise, Library, Muscle, Position, Program,
    Unknown,
};
use crate::timing::{step_seconds, LEAD_IN_SECONDS};

/// One of a fixed set of named values (a category, a position), or a
/// usage error that suggests the closest and lists them all.
fn parse_named<T: Copy>(
    what: &str,
    plural: &str,
    v: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T> {
    let n = normalize(v);
    all.iter().copied().find(|x| name(*x) == n).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|x| name(*x)).collect();
        let near = crate::library::suggest(&n, names.iter().copied());
        Error::from(
            Unknown::given(what, v, near).hint(format!("{plural} are: {}", names.join(", "))),
        )
    })
}

/// What `list` filters by; names, ids and aliases are resolved here.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub muscle: Option<String>,
    pub category: Option<String>,
    pub cause: Option<String>,
    pub equipment: Vec<String>,
    pub position: Option<String>,
    pub max_difficulty: Option<u8>,
}

/// How `list` lays out what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListLayout {
    /// Aligned columns; cut to `width` columns when given (a terminal),
    /// never cut otherwise (a pipe or a file).
    Table { width: Option<usize> },
    /// Tab-separated, a header row first, nothing cut or padded.
    Tsv,
}

/// How an exercise works the muscle asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MuscleMatch {
    Primary,
    Secondary,
}

/// An exercise found by `list`, and how it works the muscle asked for.
pub struct Found<'a> {
    pub exercise: &'a Exercise,
    pub muscle: Option<(&'a str, MuscleMatch)>,
}

/// How `e` works `m`, if it does.
fn muscle_match(e: &Exercise, m: &str) -> Option<MuscleMatch> {
    if e.muscles.primary.iter().any(|x| x == m) {
        Some(MuscleMatch::Primary)
    } else if e.muscles.secondary.iter().any(|x| x == m) {
        Some(MuscleMatch::Secondary)
    } else {
        None
    }
}

/// The exercises matching every given filter, in library order; with a
/// muscle, those that work it as a primary muscle come first.
pub fn filter<'a>(lib: &'a Library, args: &ListFilter) -> Result<Vec<Found<'a>>> {
    let muscle = match &args.muscle {
        Some(m) => Some(lib.resolve::<Muscle>(m).map_err(|s| {
            Error::from(
                Unknown::given("muscle", m, s).hint("see `backrelief muscles` for the list"),
            )
        })?),
        None => None,
    };
    let category = args
        .category
        .as_deref()
        .map(|v| {
            parse_named(
                "category",
                "categories",
                v,
                &Category::ALL,
                Category::as_str,
            )
        })
        .transpose()?;
    let position = args
        .position
        .as_deref()
        .map(|v| parse_named("position", "positions", v, &Position::ALL, Position::as_str))
        .transpose()?;
    let cause = match &args.cause {
        Some(c) => Some(
            lib.cause(lib.resolve::<Cause>(c).map_err(|s| {
                Error::from(
                    Unknown::given("cause", c, s).hint("see `backrelief causes` for the list"),
                )
            })?)
            .expect("resolved ids exist"),
        ),
        None => None,
    };
    let mut equipment = Vec::new();
    let mut want_none = false;
    for e in &args.equipment {
        if normalize(e) == "none" {
            want_none = true;
            continue;
        }
        equipment.push(lib.resolve::<Equipment>(e).map_err(|s| {
            Error::from(
                Unknown::given("equipment", e, s)
                    .hint("use an id such as foam-roller, chair, strap, or `none`"),
            )
        })?);
    }
    let mut found: Vec<Found> = lib
        .exercises
        .iter()
        .filter_map(|e| match muscle {
            None => Some(Found {
                exercise: e,
                muscle: None,
            }),
            Some(m) => muscle_match(e, m).map(|how| Found {
                exercise: e,
                muscle: Some((m, how)),
            }),
        })
        .filter(|f| {
            let e = f.exercise;
            category.is_none_or(|c| e.category == c)
                && position.is_none_or(|p| e.position == p)
                && args.max_difficulty.is_none_or(|d| e.difficulty <= d)
                && cause.is_none_or(|c| c.helps.contains(&e.id) || e.helps.contains(&c.id))
                && ((equipment.is_empty() && !want_none)
                    || (want_none && e.equipment.is_empty())
                    || e.equipment.iter().any(|x| equipment.contains(&x.as_str())))
        })
        .collect();
    // Stable: library order within primary and within secondary matches.
    found.sort_by_key(|f| f.muscle.map(|(_, how)| how));
    Ok(found)
}

pub fn find_exercise<'a>(lib: &'a Library, query: &str) -> Result<&'a Exercise> {
    let id = lib.resolve::<Exercise>(query).map_err(|s| {
        Error::from(
            Unknown::given("exercise", query, s).hint("see `backrelief list` for every exercise"),
        )
    })?;
    Ok(lib.exercise(id).expect("resolved ids exist"))
}

/// The cause named by id, name or alias.
pub fn find_cause<'a>(lib: &'a Library, query: &str) -> Result<&'a Cause> {
    let id = lib.resolve::<Cause>(query).map_err(|s| {
        Error::from(Unknown::given("cause", query, s).hint("see `backrelief causes` for the list"))
    })?;
    Ok(lib.cause(id).expect("resolved ids exist"))
}

/// The condition named by id, name or alias.
pub fn find_condition<'a>(lib: &'a Library, query: &str) -> Result<&'a Condition> {
    let id = lib.resolve::<Condition>(query).map_err(|s| {
        Error::from(
            Unknown::given("condition", query, s).hint("see `backrelief conditions` for the list"),
        )
    })?;
    Ok(lib.condition(id).expect("resolved ids exist"))
}

/// The program named by id, name or alias.
pub fn find_program<'a>(lib: &'a Library, query: &str) -> Result<&'a Program> {
    let id = lib.resolve::<Program>(query).map_err(|s| {
        Error::from(
            Unknown::given("program", query, s).hint("see `backrelief programs` for the list"),
        )
    })?;
    Ok(lib.program(id).expect("resolved ids exist"))
}

/// How many exercises work a muscle, as a primary or a secondary one.
pub fn exercises_working(lib: &Library, muscle: &str) -> usize {
    lib.exercises
        .iter()
        .filter(|e| {
            e.muscles
                .primary
                .iter()
                .chain(&e.muscles.secondary)
                .any(|x| *x == muscle)
        })
        .count()
}

/// The movements a condition rules out (with the conditions it
/// includes), by name, each once: included conditions share rules (both
/// hip approaches rule out inversion).
pub fn movements_ruled_out(lib: &Library, c: &Condition) -> Vec<String> {
    let mut what: Vec<String> = lib
        .with_includes(std::slice::from_ref(&c.id))
        .iter()
        .flat_map(|x| x.rules.iter())
        .map(|r| {
            lib.movement(&r.movement)
                .map_or(r.movement.to_string(), |m| m.name.to_string())
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    what.retain(|m| seen.insert(m.clone()));
    what
}

/// Every source a condition's page cites: its rules' (with the conditions
/// it includes), its limits' and its stop signs'.
pub fn condition_citations<'a>(lib: &'a Library, c: &Condition) -> Vec<&'a str> {
    let one = std::slice::from_ref(&c.id);
    let mut cited: Vec<&str> = Vec::new();
    for x in lib.with_includes(one) {
        cited.extend(x.rules.iter().map(|r| r.source.as_str()));
    }
    cited.extend(
        lib.limits_for(one)
            .into_iter()
            .map(|(_, l)| l.source.as_str()),
    );
    cited.extend(
        lib.stop_signs_for(one)
            .into_iter()
            .map(|(_, s)| s.source.as_str()),
    );
    cited
}

/// A program's time in seconds, each step at its own dose with its
/// lead-in (steps whose exercise is missing count nothing).
pub fn program_seconds(lib: &Library, p: &Program) -> u32 {
    p.steps
        .iter()
        .filter_map(|s| {
            let e = lib.exercise(&s.exercise)?;
            let dose = s.dose.map_or(e.dose, |o| e.dose.with(&o));
            Some(step_seconds(&dose, LEAD_IN_SECONDS))
        })
        .fold(0u32, u32::saturating_add)
}

/// The exercises a condition leaves out, with why.
pub(crate) fn left_out_for<'a>(
    lib: &'a Library,
    c: &crate::library::Condition,
) -> Vec<(&'a Exercise, String)> {
    lib.exercises
        .iter()
        .filter_map(|e| {
            crate::planner::condition_exclusion(lib, e, std::slice::from_ref(&c.id)).map(|w| (e, w))
        })
        .collect()
}
