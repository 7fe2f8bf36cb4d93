//! The library as text: `list`'s table, an exercise's page, the muscle
//! table, and causes, conditions, programs and therapies, listed or one in
//! full. The lookups behind them are in `browse.rs`.

use crate::browse::{
    condition_citations, exercises_working, left_out_for, movements_ruled_out, program_seconds,
    Found, ListLayout, MuscleMatch,
};
use crate::layout::{pad, sanitise, truncate, wrap, Style};
use crate::library::{Category, Cause, Condition, Evidence, Exercise, Library, Program, Text};
use crate::timing::{describe, step_seconds, LEAD_IN_SECONDS};
use std::fmt::Write as _;

/// Output width: everything fits an 80-column terminal.
pub const WIDTH: usize = 80;

/// `list`'s table (or tab-separated rows) of what the filters found.
pub fn list(found: &[Found], layout: ListLayout) -> String {
    let width = match layout {
        ListLayout::Tsv => return tsv(found),
        ListLayout::Table { width } => width,
    };
    if found.is_empty() {
        return "no exercises match those filters\n".to_string();
    }
    let id_w = found
        .iter()
        .map(|f| f.exercise.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    // Only a terminal cuts: ids to 28 columns, muscles to what is left.
    let id_w = if width.is_some() { id_w.min(28) } else { id_w };
    // The position column is as wide as the widest found ("sitting-on-floor").
    let pos_w = found
        .iter()
        .map(|f| f.exercise.position.as_str().len())
        .max()
        .unwrap_or(0)
        .max(9);
    let fixed = id_w + 1 + 13 + 1 + 3 + 1 + pos_w + 1;
    let mut out = format!(
        "{} {} {} {} {}\n",
        pad("ID", id_w),
        pad("CATEGORY", 13),
        "LVL",
        pad("POSITION", pos_w),
        "MUSCLES"
    );
    for f in found {
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
            pad(e.position.as_str(), pos_w),
            muscles
        )
        .expect("write to String");
    }
    out
}

/// Tab-separated, a header row first, nothing cut or padded.
fn tsv(found: &[Found]) -> String {
    let mut out = String::from("ID\tCATEGORY\tLVL\tPOSITION\tMUSCLES\n");
    for f in found {
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
    out
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

/// The full page for one exercise, as `show` prints it.
pub fn exercise(lib: &Library, e: &Exercise, style: &Style) -> String {
    let mut out = exercise_heading(lib, e, style);
    exercise_dose(&mut out, lib, e, style);
    targets(&mut out, lib, e, style);
    section(&mut out, style, "How to do it");
    for (i, step) in e.instructions.iter().enumerate() {
        out.push_str(&wrap(step, WIDTH, &format!("  {}. ", i + 1), "     "));
    }
    if let Some(way) = &e.come_out {
        out.push_str(&wrap(way, WIDTH, "  To come out: ", "    "));
    }
    section(&mut out, style, "What you should feel");
    out.push_str(&wrap(&e.feel, WIDTH, "  ", "  "));
    cautions(&mut out, lib, e, style);
    variants(&mut out, lib, e, style);
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

/// The name and id, category, position, difficulty and equipment, other
/// names, an honest word with every "realignment" exercise (the name is
/// the tradition's, the effect is on muscles), and the figure.
fn exercise_heading(lib: &Library, e: &Exercise, style: &Style) -> String {
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
        out.push_str(&wrap(crate::planner::REALIGNMENT_NOTE, WIDTH, "", ""));
    }
    out.push('\n');
    for line in figures(e).lines() {
        writeln!(out, "    {}", sanitise(line)).expect("write to String");
    }
    out
}

/// The exercise's figure, and below it its end position when it has one
/// (`then:` between them): what `show` and the sheets print.
pub fn figures(e: &Exercise) -> String {
    let start = e.illustration.trim_end();
    match &e.illustration_end {
        Some(end) => format!("{start}\nthen:\n{}", end.trim_end()),
        None => start.to_string(),
    }
}

/// "Dose": the dose in words with its time, and where it comes from.
fn exercise_dose(out: &mut String, lib: &Library, e: &Exercise, style: &Style) {
    section(out, style, "Dose");
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
}

/// "Targets": the muscles by name, not id (the reader reads words).
fn targets(out: &mut String, lib: &Library, e: &Exercise, style: &Style) {
    section(out, style, "Targets");
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
}

/// "Cautions", the conditions that leave the exercise out, and whether it
/// needs a clinician's clearing first.
fn cautions(out: &mut String, lib: &Library, e: &Exercise, style: &Style) {
    section(out, style, "Cautions");
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
        section(out, style, "Left out for");
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
}

/// "Variants": how to make it easier, and the easier and harder exercises.
fn variants(out: &mut String, lib: &Library, e: &Exercise, style: &Style) {
    section(out, style, "Variants");
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
        writeln!(
            out,
            "{} {} {}",
            pad(&m.id, 20),
            pad(&exercises_working(lib, &m.id).to_string(), 9),
            match cut {
                Some(_) => truncate(&m.aliases.join(", "), WIDTH - 31),
                None => sanitise(&m.aliases.join(", ")).into_owned(),
            }
        )
        .expect("write to String");
    }
    out
}

/// Every cause with its summary.
pub fn causes(lib: &Library, style: &Style) -> String {
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
    out
}

/// One cause in full: what is going on, its signs, what helps, care to
/// consider, evidence and sources.
pub fn cause(lib: &Library, c: &Cause, style: &Style) -> String {
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
    out
}

/// Every condition with what it rules out and how many exercises that
/// leaves out.
pub fn conditions(lib: &Library, style: &Style) -> String {
    let mut out = String::new();
    for c in &lib.conditions {
        let n = left_out_for(lib, c).len();
        writeln!(out, "{}  {}", style.bold(&pad(&c.id, 26)), c.name).expect("write to String");
        let what = movements_ruled_out(lib, c);
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
    out
}

/// One condition in full: its rules with sources, limits, stop signs,
/// advice and the exercises left out.
pub fn condition(lib: &Library, c: &Condition, style: &Style) -> String {
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
    for r in all.iter().flat_map(|x| &x.rules) {
        out.push_str(&wrap(&lib.rule_text(r), WIDTH, "  - ", "    "));
        // A precaution says so in its citation ("a precaution: ...").
        let basis = match r.basis {
            Some(crate::library::Basis::Guideline) => " (guideline)",
            _ => "",
        };
        out.push_str(&source_line(
            &format!("{}{basis}", lib.cite(&r.source)),
            style,
        ));
    }
    condition_limits(&mut out, lib, c, style);
    for (_, s) in lib.stop_signs_for(std::slice::from_ref(&c.id)) {
        section(&mut out, style, "Stop signs");
        out.push_str(&wrap(&format!("{}:", s.intro), WIDTH, "  ", "  "));
        for sign in &s.signs {
            out.push_str(&wrap(sign, WIDTH, "  - ", "    "));
        }
        out.push_str(&source_line(&lib.cite(&s.source), style));
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
    sources(&mut out, style, lib, condition_citations(lib, c));
    out
}

/// "Limits": the minutes in a row a condition allows a movement, each
/// with its source.
fn condition_limits(out: &mut String, lib: &Library, c: &Condition, style: &Style) {
    let limits = lib.limits_for(std::slice::from_ref(&c.id));
    if limits.is_empty() {
        return;
    }
    section(out, style, "Limits");
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
        out.push_str(&source_line(&lib.cite(&l.source), style));
    }
}

/// "Source: ..." under a rule, a limit or a stop sign, dimmed.
fn source_line(cited: &str, style: &Style) -> String {
    style.dim(&wrap(&format!("Source: {cited}"), WIDTH, "    ", "    "))
}

/// Every program with its steps and time.
pub fn programs(lib: &Library, style: &Style) -> String {
    let mut out = String::new();
    for p in &lib.programs {
        writeln!(
            out,
            "{}  {} ({} steps, about {} min)",
            style.bold(&pad(&p.id, 26)),
            sanitise(&p.name),
            p.steps.len(),
            program_seconds(lib, p).div_ceil(60)
        )
        .expect("write to String");
        out.push_str(&wrap(&p.summary, WIDTH, "    ", "    "));
    }
    out.push_str("\nSteps: backrelief programs ID\n");
    out
}

/// One program in full: each step with its dose, and the time in all.
pub fn program(lib: &Library, p: &Program, style: &Style) -> String {
    let mut out = format!("{}  ({})\n", style.bold(&p.name), sanitise(&p.id));
    out.push_str(&wrap(&p.summary, WIDTH, "", ""));
    if !p.for_causes.is_empty() {
        out.push_str(&wrap(&p.for_causes.join(", "), WIDTH, "For: ", "     "));
    }
    out.push('\n');
    for (i, s) in p.steps.iter().enumerate() {
        let Some(e) = lib.exercise(&s.exercise) else {
            continue;
        };
        let dose = s.dose.map_or(e.dose, |o| e.dose.with(&o));
        writeln!(out, "{:>3}. {}", i + 1, style.bold(&e.name)).expect("write to String");
        out.push_str(&wrap(
            &describe(&dose, Some(e.category)),
            WIDTH,
            "     ",
            "     ",
        ));
    }
    writeln!(
        out,
        "\nAbout {} in all.",
        crate::layout::duration(program_seconds(lib, p))
    )
    .expect("write to String");
    out
}

/// Every therapy: what it is, what to expect, when to consider it,
/// cautions and evidence.
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
fn evidence_list(out: &mut String, lib: &Library, items: &[Evidence]) {
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
fn evidence(out: &mut String, style: &Style, lib: &Library, items: &[Evidence]) {
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
