//! Rendering a plan as text for the terminal, and as JSON.

use crate::layout::{duration, pad, truncate, wrap, Style};
use crate::library::Library;
use crate::planner::{Plan, Source};
use crate::timing::describe;
use std::fmt::Write as _;

/// The title line: "Today's session" or the program's name.
pub fn title(lib: &Library, plan: &Plan) -> String {
    match &plan.source {
        Source::Answers => "Today's session".to_string(),
        Source::Chosen => "Your routine".to_string(),
        Source::Program { id } => lib.program(id).map_or(id.clone(), |p| p.name.to_string()),
    }
}

/// The width a step's line needs in columns (phase, name, time).
const STEP_COLUMNS: usize = 76;

/// The plan as text, wrapped at `style.width`, with today's walk (a line
/// from `render::walk::plan_line`) when there is one.
pub fn plan_text(lib: &Library, plan: &Plan, walk: Option<&str>, style: &Style) -> String {
    [
        heading(lib, plan, style),
        causes(lib, plan, style),
        notes(plan, style),
        stop_signs(plan, style),
        advice(plan, style),
        steps(lib, plan, style),
        left_out(plan, style),
        closing(lib, plan, walk, style),
    ]
    .concat()
}

/// The title with the time planned and asked and today's pain, on one
/// line when they fit.
fn heading(lib: &Library, plan: &Plan, style: &Style) -> String {
    let mut out = String::new();
    let name = title(lib, plan);
    let about = format!(
        "{} ({} asked), pain {}/10",
        duration(plan.seconds_planned),
        duration(plan.minutes_requested.saturating_mul(60)),
        plan.pain
    );
    if name.chars().count() + 3 + about.chars().count() <= style.width {
        writeln!(out, "{} — {about}", style.bold(&name)).expect("write to String");
    } else {
        writeln!(out, "{}", style.bold(&name)).expect("write to String");
        out.push_str(&wrap(&about, style.width, "", ""));
    }
    out
}

/// "What may be behind it": the three likeliest causes, each with what
/// pointed to it.
fn causes(lib: &Library, plan: &Plan, style: &Style) -> String {
    if plan.causes.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", style.heading("What may be behind it"));
    for (i, c) in plan.causes.iter().take(3).enumerate() {
        let name = lib.cause(&c.id).map_or(c.id.as_str(), |c| c.name.as_str());
        let because: Vec<&str> = c
            .because
            .iter()
            .map(|b| b.split(" -> ").next().unwrap_or(b))
            .collect();
        out.push_str(&wrap(
            &format!("{name} (score {}): {}", c.score, because.join("; ")),
            style.width,
            &format!("  {}. ", i + 1),
            "     ",
        ));
    }
    out.push_str(&wrap(
        "This is a guide to choosing exercises, not a diagnosis.",
        style.width,
        "  ",
        "  ",
    ));
    out
}

/// "Before you start": the plan's notes, each marked.
fn notes(plan: &Plan, style: &Style) -> String {
    if plan.notes.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", style.heading("Before you start"));
    for n in &plan.notes {
        out.push_str(&wrap(
            n,
            style.width,
            &format!("  {} ", style.warn("!")),
            "    ",
        ));
    }
    out
}

/// "Stop signs": per condition, its signs and their source.
fn stop_signs(plan: &Plan, style: &Style) -> String {
    if plan.stop_signs.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", style.heading("Stop signs"));
    for s in &plan.stop_signs {
        out.push_str(&wrap(
            &format!("{}: {}:", s.condition, s.intro),
            style.width,
            &format!("  {} ", style.warn("!")),
            "    ",
        ));
        for sign in &s.signs {
            out.push_str(&wrap(sign, style.width, "    - ", "      "));
        }
        out.push_str(&style.dim(&wrap(
            &format!("Source: {}", s.source),
            style.width,
            "    ",
            "    ",
        )));
    }
    out
}

/// "With your conditions": advice per condition.
fn advice(plan: &Plan, style: &Style) -> String {
    if plan.advice.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", style.heading("With your conditions"));
    for a in &plan.advice {
        out.push_str(&wrap(
            &format!("{}: {}", a.condition, a.advice),
            style.width,
            "  - ",
            "    ",
        ));
    }
    out
}

/// "The plan": each step numbered with its phase and time, its dose and
/// why it was chosen.
fn steps(lib: &Library, plan: &Plan, style: &Style) -> String {
    let mut out = format!("\n{}\n", style.heading("The plan"));
    for (i, s) in plan.steps.iter().enumerate() {
        // Columns where they fit; narrower, one wrapped line that cuts nothing.
        if style.width >= STEP_COLUMNS {
            writeln!(
                out,
                "{:>3}. {} {} {:>9}",
                i + 1,
                pad(s.phase.label(), 14),
                pad(&truncate(&s.name, 44), 44),
                duration(s.seconds)
            )
            .expect("write to String");
        } else {
            out.push_str(&wrap(
                &format!("{}, {}: {}", s.name, duration(s.seconds), s.phase.label()),
                style.width,
                &format!("{:>3}. ", i + 1),
                "     ",
            ));
        }
        let category = lib.exercise(&s.exercise).map(|e| e.category);
        out.push_str(&wrap(
            &describe(&s.dose, category),
            style.width,
            "     ",
            "     ",
        ));
        if !s.why.is_empty() {
            out.push_str(&style.dim(&wrap(
                &format!("why: {}", s.why),
                style.width,
                "     ",
                "     ",
            )));
        }
    }
    out
}

/// "Left out for you": each exercise left out, and why.
fn left_out(plan: &Plan, style: &Style) -> String {
    if plan.left_out.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", style.heading("Left out for you"));
    for l in &plan.left_out {
        out.push_str(&wrap(
            &format!("{}: {}", l.exercise, l.reason),
            style.width,
            "  - ",
            "    ",
        ));
    }
    out
}

/// The therapies worth considering, today's walk, and the stop line that
/// always ends the plan.
fn closing(lib: &Library, plan: &Plan, walk: Option<&str>, style: &Style) -> String {
    let mut out = String::new();
    if !plan.therapies.is_empty() {
        let names: Vec<String> = plan
            .therapies
            .iter()
            .filter_map(|t| lib.therapy(t).map(|t| t.name.to_string()))
            .collect();
        out.push_str(&wrap(
            &format!(
                "Also worth considering, alongside exercise: {}.",
                names.join(", ")
            ),
            style.width,
            "\n",
            "",
        ));
    }
    if let Some(walk) = walk {
        out.push_str(&wrap(walk, style.width, "\n", ""));
    }
    out.push_str(&wrap(
        "Stop any exercise that causes sharp pain, or pain, tingling or numbness that spreads down a leg.",
        style.width,
        "",
        "",
    ));
    out
}

/// The plan on one screen, for the question before a session when the
/// whole plan would scroll away: the possible causes in a line, the
/// numbered steps with their times, where the details are, then the notes
/// and stop signs last, so they stand just above "Start the session now?".
pub fn plan_summary(lib: &Library, plan: &Plan, style: &Style) -> String {
    let mut out = String::new();
    let w = style.width;
    out.push_str(&wrap(
        &format!(
            "{} — {} ({} asked), pain {}/10",
            style.bold(&title(lib, plan)),
            duration(plan.seconds_planned),
            duration(plan.minutes_requested.saturating_mul(60)),
            plan.pain
        ),
        w,
        "",
        "",
    ));
    if !plan.causes.is_empty() {
        let names: Vec<&str> = plan
            .causes
            .iter()
            .take(3)
            .map(|c| lib.cause(&c.id).map_or(c.id.as_str(), |c| c.name.as_str()))
            .collect();
        out.push_str(&wrap(
            &format!(
                "What may be behind it: {} (a guide to choosing exercises, not a diagnosis).",
                names.join(", ")
            ),
            w,
            "",
            "",
        ));
    }
    out.push_str(&format!("\n{}\n", style.heading("The plan")));
    for (i, s) in plan.steps.iter().enumerate() {
        out.push_str(&wrap(
            &format!("{}, {}", s.name, duration(s.seconds)),
            w,
            &format!("{:>3}. ", i + 1),
            "     ",
        ));
    }
    out.push_str(&style.dim(&wrap(
        "Each step's dose and why, and what was left out: backrelief session --plan",
        w,
        "",
        "",
    )));
    if !plan.notes.is_empty() || !plan.stop_signs.is_empty() {
        out.push_str(&format!("\n{}\n", style.heading("Before you start")));
    }
    for n in &plan.notes {
        out.push_str(&wrap(n, w, &format!("  {} ", style.warn("!")), "    "));
    }
    for s in &plan.stop_signs {
        out.push_str(&wrap(
            &format!("{}: {}: {}.", s.condition, s.intro, s.signs.join("; ")),
            w,
            &format!("  {} ", style.warn("!")),
            "    ",
        ));
    }
    out.push_str(&wrap(
        "Stop any exercise that causes sharp pain, or pain, tingling or numbness that spreads down a leg.",
        w,
        "",
        "",
    ));
    out
}

/// The closing summary: time, steps done and skipped, pain before and after.
pub fn summary(r: &crate::record::Record, elapsed: std::time::Duration, plan: &Plan) -> String {
    use crate::record::Status;
    let count = |s: Status| r.steps.iter().filter(|x| x.status == s).count();
    let mut out = format!(
        "\n{} {} of {} planned. {} of {} exercises done",
        if r.interrupted {
            "Stopped early after"
        } else {
            "Session complete:"
        },
        crate::layout::duration(elapsed.as_secs() as u32),
        crate::layout::duration(plan.seconds_planned),
        count(Status::Done),
        r.steps.len()
    );
    let skipped = count(Status::Skipped);
    let cut = count(Status::CutShort);
    if skipped + cut > 0 {
        out.push_str(&format!(" ({skipped} skipped, {cut} cut short)"));
    }
    out.push_str(".\n");
    match r.pain_after {
        Some(after) => {
            let change = i32::from(after) - i32::from(r.pain_before);
            let words = match change {
                c if c <= -2 => "down by a meaningful amount",
                c if c < 0 => "a little lower",
                0 => "the same",
                c if c >= 2 => {
                    "higher: next time will be gentler, and tell a clinician if it keeps rising"
                }
                _ => "a little higher",
            };
            out.push_str(&format!("Pain {} -> {after} ({words}).\n", r.pain_before));
        }
        None => out.push_str(&format!(
            "Pain before: {}; no pain score after.\n",
            r.pain_before
        )),
    }
    out
}
