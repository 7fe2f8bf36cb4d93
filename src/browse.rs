//! Browsing the library: list, show, muscles, causes, programs, therapies.
//! Each returns the text to print.

use crate::error::{Error, Result};
use crate::layout::sanitise;
use crate::layout::{pad, truncate, wrap, Style};
use crate::library::{
    normalize, Category, Cause, Equipment, Exercise, Library, Muscle, Position, Program, Text,
};
use crate::timing::{describe, step_seconds, LEAD_IN_SECONDS};
use std::fmt::Write as _;

/// Output width: everything fits an 80-column terminal.
pub const WIDTH: usize = 80;

/// "no muscle 'hamstring' — did you mean 'hamstrings'?"
pub fn unknown(what: &str, value: &str, suggestion: Option<&str>, hint: &str) -> Error {
    match suggestion {
        Some(s) => Error::Usage(format!(
            "no {what} '{}' — did you mean '{}'?",
            sanitise(value),
            sanitise(s)
        )),
        None => Error::Usage(format!("no {what} '{}'; {hint}", sanitise(value))),
    }
}

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
        unknown(
            what,
            v,
            crate::library::suggest(&n, names.iter().copied()),
            &format!("{plural} are: {}", names.join(", ")),
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
        Some(m) => Some(
            lib.resolve::<Muscle>(m)
                .map_err(|s| unknown("muscle", m, s, "see `backrelief muscles` for the list"))?,
        ),
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
            lib.cause(
                lib.resolve::<Cause>(c)
                    .map_err(|s| unknown("cause", c, s, "see `backrelief causes` for the list"))?,
            )
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
            unknown(
                "equipment",
                e,
                s,
                "use an id such as foam-roller, chair, strap, or `none`",
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

/// The MUSCLES cell: the primary muscles, then the muscle asked for when
/// it is a secondary one, marked so.
fn muscles_cell(f: &Found) -> String {
    let mut muscles = f.exercise.muscles.primary.join(", ");
    if let Some((m, MuscleMatch::Secondary)) = f.muscle {
        write!(muscles, ", {m} (secondary)").expect("write to String");
    }
    muscles
}

pub fn list(lib: &Library, args: &ListFilter, layout: ListLayout) -> Result<String> {
    let found = filter(lib, args)?;
    let width = match layout {
        ListLayout::Tsv => {
            let mut out = String::from("ID\tCATEGORY\tLVL\tPOSITION\tMUSCLES\n");
            for f in &found {
                let e = f.exercise;
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    sanitise(&e.id),
                    e.category.as_str(),
                    e.difficulty,
                    e.position.as_str(),
                    sanitise(&muscles_cell(f))
                )
                .expect("write to String");
            }
            return Ok(out);
        }
        ListLayout::Table { width } => width,
    };
    if found.is_empty() {
        return Ok("no exercises match those filters\n".to_string());
    }
    let id_w = found
        .iter()
        .map(|f| f.exercise.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    // Only a terminal cuts: ids to 28 columns, muscles to what is left.
    let id_w = if width.is_some() { id_w.min(28) } else { id_w };
    let fixed = id_w + 1 + 13 + 1 + 3 + 1 + 9 + 1;
    let mut out = format!(
        "{} {} {} {} {}\n",
        pad("ID", id_w),
        pad("CATEGORY", 13),
        "LVL",
        pad("POSITION", 9),
        "MUSCLES"
    );
    for f in &found {
        let e = f.exercise;
        let muscles = muscles_cell(f);
        let (id, muscles) = match width {
            Some(w) => (
                truncate(&e.id, id_w),
                truncate(&muscles, w.saturating_sub(fixed).max(10)),
            ),
            None => (
                sanitise(&e.id).into_owned(),
                sanitise(&muscles).into_owned(),
            ),
        };
        writeln!(
            out,
            "{} {} {} {} {}",
            pad(&id, id_w),
            pad(e.category.as_str(), 13),
            pad(&e.difficulty.to_string(), 3),
            pad(e.position.as_str(), 9),
            muscles
        )
        .expect("write to String");
    }
    Ok(out)
}

fn names_of(
    lib: &Library,
    ids: &[Text],
    name: impl Fn(&Library, &str) -> Option<String>,
) -> String {
    ids.iter()
        .map(|id| sanitise(&name(lib, id).unwrap_or_else(|| id.to_string())).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each claim with its source, as a list.
fn evidence_list(out: &mut String, lib: &Library, items: &[crate::library::Evidence]) {
    for ev in items {
        out.push_str(&wrap(
            &format!("{} ({})", ev.claim, lib.cite(&ev.source)),
            WIDTH,
            "  - ",
            "    ",
        ));
    }
}

/// An "Evidence" section, when there is any.
fn evidence(out: &mut String, style: &Style, lib: &Library, items: &[crate::library::Evidence]) {
    if !items.is_empty() {
        section(out, style, "Evidence");
        evidence_list(out, lib, items);
    }
}

/// A "Sources" section: each listed source the citations name, once, in
/// full with its link, so a reader can look it up.
fn sources<'a>(
    out: &mut String,
    style: &Style,
    lib: &Library,
    citations: impl IntoIterator<Item = &'a str>,
) {
    let mut seen: Vec<&crate::library::Source> = Vec::new();
    for c in citations {
        for s in lib.cited(c) {
            if !seen.iter().any(|x| x.id == s.id) {
                seen.push(s);
            }
        }
    }
    if seen.is_empty() {
        return;
    }
    section(out, style, "Sources");
    for s in seen {
        out.push_str(&wrap(&s.reference(), WIDTH, "  - ", "    "));
    }
}

fn section(out: &mut String, style: &Style, title: &str) {
    out.push('\n');
    out.push_str(&style.heading(title));
    out.push('\n');
}

pub fn find_exercise<'a>(lib: &'a Library, query: &str) -> Result<&'a Exercise> {
    let id = lib.resolve::<Exercise>(query).map_err(|s| {
        unknown(
            "exercise",
            query,
            s,
            "see `backrelief list` for every exercise",
        )
    })?;
    Ok(lib.exercise(id).expect("resolved ids exist"))
}

pub fn show(lib: &Library, query: &str, style: &Style) -> Result<String> {
    let e = find_exercise(lib, query)?;
    Ok(describe_exercise(lib, e, style))
}

/// The full page for one exercise, as `show` prints it.
/// An honest word with every "realignment" exercise: the name is the
/// tradition's, the effect is on muscles.
pub use crate::planner::REALIGNMENT_NOTE;

pub fn describe_exercise(lib: &Library, e: &Exercise, style: &Style) -> String {
    let mut out = String::new();
    writeln!(out, "{}  ({})", style.bold(&e.name), sanitise(&e.id)).expect("write to String");
    let equipment = if e.equipment.is_empty() {
        "no equipment".to_string()
    } else {
        names_of(lib, &e.equipment, |l, id| {
            l.equipment_item(id).map(|x| x.name.to_lowercase())
        })
    };
    writeln!(
        out,
        "{} · {} · difficulty {}/3 · {}",
        e.category.as_str(),
        e.position.as_str(),
        e.difficulty,
        equipment
    )
    .expect("write to String");
    if !e.aliases.is_empty() {
        out.push_str(&wrap(&e.aliases.join(", "), WIDTH, "Also called: ", "  "));
    }
    if e.category == Category::Realignment {
        out.push_str(&wrap(REALIGNMENT_NOTE, WIDTH, "", ""));
    }
    out.push('\n');
    for line in e.illustration.trim_end().lines() {
        writeln!(out, "    {}", sanitise(line)).expect("write to String");
    }
    section(&mut out, style, "Dose");
    out.push_str(&wrap(
        &format!(
            "{} (about {})",
            describe(&e.dose, Some(e.category)),
            crate::layout::duration(step_seconds(&e.dose, LEAD_IN_SECONDS))
        ),
        WIDTH,
        "  ",
        "  ",
    ));
    if let Some(d) = &e.dose_source {
        out.push_str(&style.dim(&wrap(
            &format!("Dose from: {}", lib.cite(d)),
            WIDTH,
            "  ",
            "  ",
        )));
    }
    section(&mut out, style, "Targets");
    // Muscle names, not ids: the reader reads words.
    let muscle_names = |ids: &[Text]| {
        ids.iter()
            .map(|id| {
                lib.muscle(id)
                    .map_or(id.to_string(), |m| m.name.to_string())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut targets = format!("{} (primary)", muscle_names(&e.muscles.primary));
    if !e.muscles.secondary.is_empty() {
        write!(
            targets,
            "; {} (secondary)",
            muscle_names(&e.muscles.secondary)
        )
        .expect("write to String");
    }
    out.push_str(&wrap(&targets, WIDTH, "  ", "  "));
    section(&mut out, style, "How to do it");
    for (i, step) in e.instructions.iter().enumerate() {
        out.push_str(&wrap(step, WIDTH, &format!("  {}. ", i + 1), "     "));
    }
    if let Some(way) = &e.come_out {
        out.push_str(&wrap(way, WIDTH, "  To come out: ", "    "));
    }
    section(&mut out, style, "What you should feel");
    out.push_str(&wrap(&e.feel, WIDTH, "  ", "  "));
    section(&mut out, style, "Cautions");
    for c in &e.cautions {
        out.push_str(&wrap(c, WIDTH, "  ! ", "    "));
    }
    let left_out_for: Vec<String> = lib
        .conditions
        .iter()
        .filter_map(|c| {
            crate::planner::condition_exclusion(lib, e, std::slice::from_ref(&c.id))
                .map(|why| format!("{} ({why})", c.name))
        })
        .collect();
    if !left_out_for.is_empty() {
        section(&mut out, style, "Left out for");
        for line in &left_out_for {
            out.push_str(&wrap(line, WIDTH, "  - ", "    "));
        }
    }
    if e.opt_in {
        out.push_str(&wrap(
            "Only planned after you say a clinician has cleared you for it (backrelief profile --opt-in).",
            WIDTH,
            "  ",
            "  ",
        ));
    }
    section(&mut out, style, "Variants");
    out.push_str(&wrap(
        &e.make_it_easier,
        WIDTH,
        "  To make it easier: ",
        "    ",
    ));
    for (label, v) in [("Easier", &e.easier), ("Harder", &e.harder)] {
        if let Some(id) = v {
            let name = lib.exercise(id).map_or(id.as_str(), |x| x.name.as_str());
            writeln!(out, "  {label}: {} ({})", sanitise(name), sanitise(id))
                .expect("write to String");
        }
    }
    if !e.helps.is_empty() {
        section(&mut out, style, "Helps with");
        let names = names_of(lib, &e.helps, |l, id| {
            l.cause(id).map(|c| c.name.to_string())
        });
        out.push_str(&wrap(&names, WIDTH, "  ", "  "));
    }
    evidence(&mut out, style, lib, &e.evidence);
    sources(
        &mut out,
        style,
        lib,
        e.evidence
            .iter()
            .map(|ev| ev.source.as_str())
            .chain(e.dose_source.as_deref()),
    );
    out
}

/// The muscle table; on a terminal (`cut` is its width) the aliases are cut
/// to fit, piped every one is kept.
pub fn muscles(lib: &Library, cut: Option<usize>) -> String {
    let mut out = format!(
        "{} {} {}\n",
        pad("MUSCLE", 20),
        pad("EXERCISES", 9),
        "ALIASES"
    );
    for m in &lib.muscles {
        let count = lib
            .exercises
            .iter()
            .filter(|e| {
                e.muscles
                    .primary
                    .iter()
                    .chain(&e.muscles.secondary)
                    .any(|x| *x == m.id)
            })
            .count();
        writeln!(
            out,
            "{} {} {}",
            pad(&m.id, 20),
            pad(&count.to_string(), 9),
            match cut {
                Some(_) => truncate(&m.aliases.join(", "), WIDTH - 31),
                None => sanitise(&m.aliases.join(", ")).into_owned(),
            }
        )
        .expect("write to String");
    }
    out
}

pub fn causes(lib: &Library, query: Option<&str>, style: &Style) -> Result<String> {
    let Some(q) = query else {
        let mut out = String::new();
        for c in &lib.causes {
            writeln!(
                out,
                "{}  {}",
                style.bold(&pad(&c.id, 18)),
                sanitise(&c.name)
            )
            .expect("write to String");
            out.push_str(&wrap(&c.summary, WIDTH, "    ", "    "));
        }
        out.push_str("\nMore: backrelief causes ID\n");
        return Ok(out);
    };
    let id = lib
        .resolve::<Cause>(q)
        .map_err(|s| unknown("cause", q, s, "see `backrelief causes` for the list"))?;
    let c = lib.cause(id).expect("resolved ids exist");
    let mut out = format!("{}  ({})\n", style.bold(&c.name), sanitise(&c.id));
    out.push_str(&wrap(&c.summary, WIDTH, "", ""));
    section(&mut out, style, "What is going on");
    out.push_str(&wrap(&c.explanation, WIDTH, "  ", "  "));
    section(&mut out, style, "Signs that point to it");
    for s in &c.signs {
        out.push_str(&wrap(s, WIDTH, "  - ", "    "));
    }
    section(&mut out, style, "What helps");
    for id in &c.helps {
        if let Some(e) = lib.exercise(id) {
            writeln!(out, "  {} {}", pad(&e.id, 28), sanitise(&e.name)).expect("write to String");
        }
    }
    if !c.therapies.is_empty() {
        section(&mut out, style, "Professional care to consider");
        for id in &c.therapies {
            if let Some(t) = lib.therapy(id) {
                out.push_str(&wrap(
                    &format!("{}: {}", t.name, t.consider_when),
                    WIDTH,
                    "  - ",
                    "    ",
                ));
            }
        }
    }
    evidence(&mut out, style, lib, &c.evidence);
    sources(
        &mut out,
        style,
        lib,
        c.evidence
            .iter()
            .map(|ev| ev.source.as_str())
            .chain(c.age.as_ref().map(|a| a.source.as_str())),
    );
    Ok(out)
}

/// Every condition with what it rules out, or one condition in full: its
/// rules with sources, limits, stop signs and the exercises left out.
pub fn conditions(lib: &Library, query: Option<&str>, style: &Style) -> Result<String> {
    let Some(q) = query else {
        let mut out = String::new();
        for c in &lib.conditions {
            let n = left_out_for(lib, c).len();
            writeln!(out, "{}  {}", style.bold(&pad(&c.id, 26)), c.name).expect("write to String");
            let mut what: Vec<String> = lib
                .with_includes(std::slice::from_ref(&c.id))
                .iter()
                .flat_map(|x| x.rules.iter())
                .map(|r| {
                    lib.movement(&r.movement)
                        .map_or(r.movement.to_string(), |m| m.name.to_string())
                })
                .collect();
            // Included conditions share rules (both hip approaches rule
            // out inversion): name each movement once.
            let mut seen = std::collections::HashSet::new();
            what.retain(|m| seen.insert(m.clone()));
            let left = match n {
                1 => "1 exercise left out".to_string(),
                n => format!("{n} exercises left out"),
            };
            let line = if what.is_empty() {
                format!("rules out no movement; {left}")
            } else {
                format!("rules out: {}; {left}", what.join("; "))
            };
            out.push_str(&wrap(&line, WIDTH, "    ", "    "));
        }
        out.push_str("\nMore: backrelief conditions ID\n");
        return Ok(out);
    };
    let id = lib.resolve::<crate::library::Condition>(q).map_err(|s| {
        unknown(
            "condition",
            q,
            s,
            "see `backrelief conditions` for the list",
        )
    })?;
    let c = lib.condition(id).expect("resolved ids exist");
    let mut out = format!("{}  ({})\n", style.bold(&c.name), c.id);
    if !c.aliases.is_empty() {
        out.push_str(&wrap(&c.aliases.join(", "), WIDTH, "Also: ", "  "));
    }
    let all = lib.with_includes(std::slice::from_ref(&c.id));
    if all.len() > 1 {
        let names: Vec<&str> = all[1..].iter().map(|x| x.id.as_str()).collect();
        out.push_str(&wrap(&names.join(", "), WIDTH, "Includes: ", "  "));
    }
    section(&mut out, style, "Rules out");
    for x in &all {
        for r in &x.rules {
            out.push_str(&wrap(&lib.rule_text(r), WIDTH, "  - ", "    "));
            // A precaution says so in its citation ("a precaution: ...").
            let basis = match r.basis {
                Some(crate::library::Basis::Guideline) => " (guideline)",
                _ => "",
            };
            out.push_str(&style.dim(&wrap(
                &format!("Source: {}{basis}", lib.cite(&r.source)),
                WIDTH,
                "    ",
                "    ",
            )));
        }
    }
    let limits = lib.limits_for(std::slice::from_ref(&c.id));
    if !limits.is_empty() {
        section(&mut out, style, "Limits");
        for (_, l) in limits {
            let name = lib
                .movement(&l.movement)
                .map_or(l.movement.as_str(), |m| m.name.as_str());
            out.push_str(&wrap(
                &format!(
                    "{name}: at most {} minutes in a row, {}",
                    l.max_minutes_in_a_row, l.reason
                ),
                WIDTH,
                "  - ",
                "    ",
            ));
            out.push_str(&style.dim(&wrap(
                &format!("Source: {}", lib.cite(&l.source)),
                WIDTH,
                "    ",
                "    ",
            )));
        }
    }
    for (_, s) in lib.stop_signs_for(std::slice::from_ref(&c.id)) {
        section(&mut out, style, "Stop signs");
        out.push_str(&wrap(&format!("{}:", s.intro), WIDTH, "  ", "  "));
        for sign in &s.signs {
            out.push_str(&wrap(sign, WIDTH, "  - ", "    "));
        }
        out.push_str(&style.dim(&wrap(
            &format!("Source: {}", lib.cite(&s.source)),
            WIDTH,
            "    ",
            "    ",
        )));
    }
    if let Some(a) = &c.advice {
        section(&mut out, style, "Advice");
        out.push_str(&wrap(a, WIDTH, "  ", "  "));
    }
    section(&mut out, style, "Exercises left out");
    let left = left_out_for(lib, c);
    if left.is_empty() {
        out.push_str("  none\n");
    }
    for (e, why) in left {
        out.push_str(&wrap(&format!("{}: {why}", e.name), WIDTH, "  - ", "    "));
    }
    let mut cited: Vec<&str> = Vec::new();
    for x in &all {
        cited.extend(x.rules.iter().map(|r| r.source.as_str()));
    }
    cited.extend(
        lib.limits_for(std::slice::from_ref(&c.id))
            .into_iter()
            .map(|(_, l)| l.source.as_str()),
    );
    cited.extend(
        lib.stop_signs_for(std::slice::from_ref(&c.id))
            .into_iter()
            .map(|(_, s)| s.source.as_str()),
    );
    sources(&mut out, style, lib, cited);
    Ok(out)
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

pub fn programs(lib: &Library, query: Option<&str>, style: &Style) -> Result<String> {
    let Some(q) = query else {
        let mut out = String::new();
        for p in &lib.programs {
            let minutes: u32 = p
                .steps
                .iter()
                .filter_map(|s| {
                    let e = lib.exercise(&s.exercise)?;
                    let dose = s.dose.map_or(e.dose, |o| e.dose.with(&o));
                    Some(step_seconds(&dose, LEAD_IN_SECONDS))
                })
                .fold(0u32, u32::saturating_add)
                .div_ceil(60);
            writeln!(
                out,
                "{}  {} ({} steps, about {} min)",
                style.bold(&pad(&p.id, 26)),
                sanitise(&p.name),
                p.steps.len(),
                minutes
            )
            .expect("write to String");
            out.push_str(&wrap(&p.summary, WIDTH, "    ", "    "));
        }
        out.push_str("\nSteps: backrelief programs ID\n");
        return Ok(out);
    };
    let id = lib
        .resolve::<Program>(q)
        .map_err(|s| unknown("program", q, s, "see `backrelief programs` for the list"))?;
    let p = lib.program(id).expect("resolved ids exist");
    let mut out = format!("{}  ({})\n", style.bold(&p.name), sanitise(&p.id));
    out.push_str(&wrap(&p.summary, WIDTH, "", ""));
    if !p.for_causes.is_empty() {
        out.push_str(&wrap(&p.for_causes.join(", "), WIDTH, "For: ", "     "));
    }
    out.push('\n');
    let mut total = 0;
    for (i, s) in p.steps.iter().enumerate() {
        let Some(e) = lib.exercise(&s.exercise) else {
            continue;
        };
        let dose = s.dose.map_or(e.dose, |o| e.dose.with(&o));
        total = step_seconds(&dose, LEAD_IN_SECONDS).saturating_add(total);
        writeln!(out, "{:>3}. {}", i + 1, style.bold(&e.name)).expect("write to String");
        out.push_str(&wrap(
            &describe(&dose, Some(e.category)),
            WIDTH,
            "     ",
            "     ",
        ));
    }
    writeln!(out, "\nAbout {} in all.", crate::layout::duration(total)).expect("write to String");
    Ok(out)
}

pub fn therapies(lib: &Library, style: &Style) -> String {
    let mut out = String::from(
        "These are done by a professional, not timed steps in a session. They work best alongside exercise.\n",
    );
    for t in &lib.therapies {
        section(&mut out, style, &format!("{} ({})", t.name, t.id));
        out.push_str(&wrap(&t.summary, WIDTH, "  ", "  "));
        out.push_str(&wrap(&t.what_to_expect, WIDTH, "  What to expect: ", "  "));
        out.push_str(&wrap(&t.consider_when, WIDTH, "  Consider it when: ", "  "));
        for c in &t.cautions {
            out.push_str(&wrap(c, WIDTH, "  ! ", "    "));
        }
        evidence_list(&mut out, lib, &t.evidence);
    }
    out
}
