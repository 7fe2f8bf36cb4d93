//! The visit report as Markdown or one self-contained, printable HTML
//! file. The content is laid out once as blocks of plain text; each format
//! escapes every string as it writes it (as the sheet does), so history
//! notes, activity names and library text can change no structure.

use crate::function;
use crate::library::Tier;
use crate::render::sheet::{escape_html, escape_md, escape_md_cell, RED_FLAG_REMINDER};
use crate::report::Report;
use std::fmt::Write as _;

/// One piece of the report, in plain (unescaped) text.
enum Block {
    Title(String),
    Heading(String),
    Para(String),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    List(Vec<String>),
    Care(String),
}

fn one(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |x| format!("{x:.1}"))
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".to_string();
    }
    format!("{:.0}%", 100.0 * part as f64 / whole as f64)
}

/// What the screen told the person to do, by tier.
fn tier_advice(t: Tier) -> &'static str {
    match t {
        Tier::Emergency => "emergency: go to an emergency department now",
        Tier::Urgent => "urgent: see a doctor today",
    }
}

fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The report as blocks, section by section; `markdown` and `html` lay
/// them out.
fn blocks(r: &Report) -> Vec<Block> {
    let mut b = Vec::new();
    title(&mut b, r);
    see_someone(&mut b, r);
    sessions(&mut b, r);
    walking(&mut b, r);
    pain(&mut b, r);
    function_ratings(&mut b, r);
    exercises(&mut b, r);
    rises(&mut b, r);
    stops(&mut b, r);
    checks(&mut b, r);
    conditions(&mut b, r);
    notes(&mut b, r);
    b.push(Block::Care(RED_FLAG_REMINDER.to_string()));
    b
}

/// The title and what the report covers.
fn title(b: &mut Vec<Block>, r: &Report) {
    let weeks = r.weeks.len();
    b.push(Block::Title(format!(
        "Home exercise report: {} to {}",
        long_date(r.from),
        long_date(r.today)
    )));
    let period = match r.started {
        Some(d) => format!(
            "The {} day{} since the first record on {}",
            r.days,
            if r.days == 1 { "" } else { "s" },
            long_date(d)
        ),
        None => format!("The last {weeks} week{}", if weeks == 1 { "" } else { "s" }),
    };
    b.push(Block::Para(format!(
        "{period} as recorded in backrelief, a home-exercise guide for low back and hip pain. Everything here is self-reported; none of it is a diagnosis."
    )));
}

/// Why to see a clinician, when the safety net says so.
fn see_someone(b: &mut Vec<Block>, r: &Report) {
    if !r.safety_net.is_empty() {
        b.push(Block::Heading("See a physiotherapist or doctor".into()));
        b.push(Block::List(
            r.safety_net
                .iter()
                .map(crate::safety_net::Reason::words)
                .collect(),
        ));
    }
}

/// Sessions and adherence, week by week.
fn sessions(b: &mut Vec<Block>, r: &Report) {
    b.push(Block::Heading("Sessions and adherence".into()));
    b.push(Block::Para(format!(
        "{} session{} on {} of {} days ({}). Planned exercises done in full: {:.0}%. Sessions stopped early: {}.",
        r.sessions,
        if r.sessions == 1 { "" } else { "s" },
        r.days_with_session,
        r.days,
        percent(r.days_with_session, r.days),
        r.steps_done * 100.0,
        r.interrupted
    )));
    if !r.stops.is_empty() {
        // Stops are not sessions: they count in no figure above.
        let n = r.stops.len();
        b.push(Block::Para(format!(
            "{n} day{} stopped by the red-flag screen, not counted as sessions (see \"Red-flag stops\" below).",
            if n == 1 { "" } else { "s" }
        )));
    }
    b.push(Block::Table {
        head: [
            "Week",
            "Sessions",
            "Days with a session",
            "Pain before",
            "Pain after",
            "Minutes",
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .weeks
            .iter()
            .map(|w| {
                vec![
                    format!("{} to {}", w.from.format("%-d %b"), w.to.format("%-d %b")),
                    w.sessions.to_string(),
                    format!("{} of {}", w.days, (w.to - w.from).num_days() + 1),
                    one(w.pain_before),
                    one(w.pain_after),
                    format!("{:.0}", w.minutes),
                ]
            })
            .collect(),
    });
}

/// Pain before and after, first week to last.
fn pain(b: &mut Vec<Block>, r: &Report) {
    b.push(Block::Heading(
        "Pain (0 none to 10 worst imaginable)".into(),
    ));
    let trend = match (r.pain_first_week, r.pain_last_week) {
        (Some(first), Some(last)) => {
            let diff = last - first;
            let meaningful = diff.abs() >= 2.0 || (first > 0.0 && diff.abs() / first >= 0.3);
            format!(
                "Average pain before sessions: {first:.1} in the first week with sessions, {last:.1} in the last ({}{:.1}{}; a change of 2 points or 30% is taken as meaningful: Childs et al. 2005, Ostelo et al. 2008).",
                if diff < 0.0 { "down " } else if diff > 0.0 { "up " } else { "" },
                diff.abs(),
                if meaningful { ", meaningful" } else { "" }
            )
        }
        _ => "No sessions in this period.".to_string(),
    };
    b.push(Block::Para(trend));
    if let Some(d) = r.mean_drop {
        b.push(Block::Para(format!(
            "Straight after a session, pain was {:.1} {} on average.",
            d.abs(),
            if d >= 0.0 { "lower" } else { "higher" }
        )));
    }
}

/// The weekly function ratings.
fn function_ratings(b: &mut Vec<Block>, r: &Report) {
    b.push(Block::Heading(
        "Function: Patient-Specific Functional Scale".into(),
    ));
    if r.ratings.is_empty() {
        b.push(Block::Para(
            "No activities were rated in this period.".into(),
        ));
    } else {
        b.push(Block::Para(
            "The person named activities their back makes hard and rated each weekly, 0 (cannot do it) to 10 (as before the problem).".into(),
        ));
        let mut head = vec!["Activity".to_string()];
        head.extend(r.ratings.iter().map(|f| f.at.format("%-d %b").to_string()));
        head.push("Change".into());
        let mut rows: Vec<Vec<String>> = r
            .trends
            .iter()
            .map(|t| {
                let mut row = vec![t.activity.clone()];
                row.extend(r.ratings.iter().map(|f| {
                    t.scores
                        .iter()
                        .find(|(d, _)| *d == f.at.date_naive())
                        .map_or("-".to_string(), |(_, s)| s.to_string())
                }));
                row.push(function::change_words(
                    t.change().map(f64::from),
                    t.meaningful(),
                ));
                row
            })
            .collect();
        let change = function::average_change(&r.trends);
        let mut avg = vec!["Average".to_string()];
        avg.extend(
            r.ratings
                .iter()
                .map(|f| format!("{:.1}", function::average(&f.ratings))),
        );
        avg.push(function::change_words(
            change,
            change.is_some_and(function::meaningful_average),
        ));
        rows.push(avg);
        b.push(Block::Table { head, rows });
        b.push(Block::Para(
            crate::render::progress::noise_sentence(&r.trends, change)
                .trim_end()
                .replace('\n', " "),
        ));
    }
}

/// Each exercise: done, skipped, and whether pain rose after it.
fn exercises(b: &mut Vec<Block>, r: &Report) {
    b.push(Block::Heading("Exercises".into()));
    if r.exercises.is_empty() {
        b.push(Block::Para("None in this period.".into()));
    } else {
        b.push(Block::Table {
            head: [
                "Exercise",
                "Done",
                "Skipped",
                "Stopped early",
                "Not reached",
                "Pain rose after",
            ]
            .map(String::from)
            .to_vec(),
            rows: r
                .exercises
                .iter()
                .map(|e| {
                    vec![
                        e.name.clone(),
                        e.done.to_string(),
                        e.skipped.to_string(),
                        e.cut_short.to_string(),
                        e.not_reached.to_string(),
                        if e.calm_step {
                            "-".to_string()
                        } else if e.linked() {
                            format!("{} of {} (a pattern)", e.rises, e.scored)
                        } else {
                            format!("{} of {}", e.rises, e.scored)
                        },
                    ]
                })
                .collect(),
        });
        let linked: Vec<String> = r
            .exercises
            .iter()
            .filter(|e| e.linked())
            .map(|e| format!("{} ({} of {} sessions)", e.name, e.rises, e.scored))
            .collect();
        b.push(Block::Para(if linked.is_empty() {
            format!("No exercise goes with pain rising: that needs a rise after at least {} sessions that included it, and after most of them. Rest positions and breathing are never counted.", crate::report::LINK_MIN_RISES)
        } else {
            format!("Pain rose after most sessions that included: {}. This is a pattern worth discussing, not proof of cause.", linked.join(", "))
        }));
    }
}

/// The sessions after which pain rose.
fn rises(b: &mut Vec<Block>, r: &Report) {
    b.push(Block::Heading("Pain rises after a session".into()));
    if r.rises.is_empty() {
        b.push(Block::Para(
            "Pain was never higher after a session than before it.".into(),
        ));
    } else {
        b.push(Block::Table {
            head: ["Date", "Pain before to after", "Exercises done"]
                .map(String::from)
                .to_vec(),
            rows: r
                .rises
                .iter()
                .map(|x| {
                    vec![
                        x.date.format("%a %-d %b").to_string(),
                        format!("{} to {}", x.before, x.after),
                        x.exercises.join(", "),
                    ]
                })
                .collect(),
        });
    }
}

/// The days the red-flag screen stopped a session.
fn stops(b: &mut Vec<Block>, r: &Report) {
    b.push(Block::Heading("Red-flag stops".into()));
    if r.stops.is_empty() {
        b.push(Block::Para(
            "The red-flag screen stopped no session in this period.".into(),
        ));
    } else {
        b.push(Block::Para(
            "Each day the red-flag screen stopped a session: the person answered yes to a sign that needs a clinician rather than exercise, and was told where to get care.".into(),
        ));
        b.push(Block::Table {
            head: [
                "Date",
                "Advice given",
                "Answered yes to",
                "Checked by a clinician since",
            ]
            .map(String::from)
            .to_vec(),
            rows: r
                .stops
                .iter()
                .map(|d| {
                    let checks: Vec<String> = d
                        .flags
                        .iter()
                        .map(|f| {
                            let on = f.checked_on.map_or("not recorded".to_string(), long_date);
                            if d.flags.len() == 1 {
                                on
                            } else {
                                format!("{}: {on}", f.id)
                            }
                        })
                        .collect();
                    vec![
                        format!(
                            "{}{}",
                            d.date.format("%a %-d %b"),
                            if d.times > 1 {
                                format!(" ({} times)", d.times)
                            } else {
                                String::new()
                            }
                        ),
                        tier_advice(d.tier).to_string(),
                        d.flags
                            .iter()
                            .map(|f| format!("{} ({})", f.question, f.id))
                            .collect::<Vec<_>>()
                            .join("; "),
                        checks.join("; "),
                    ]
                })
                .collect(),
        });
    }
}

/// Red flags a clinician has checked.
fn checks(b: &mut Vec<Block>, r: &Report) {
    b.push(Block::Heading("Red flags and clinician checks".into()));
    if r.checked.is_empty() {
        b.push(Block::Para(
            "No red flag is recorded as checked by a clinician (`backrelief profile --checked`)."
                .into(),
        ));
    } else {
        b.push(Block::List(
            r.checked
                .iter()
                .map(|c| {
                    format!(
                        "{} ({}): answered yes; checked by a clinician on {}. Since then the person is asked whether anything is new or worse.",
                        c.question,
                        c.id,
                        long_date(c.on)
                    )
                })
                .collect(),
        ));
    }
}

/// Health conditions and opt-in exercises from the profile.
fn conditions(b: &mut Vec<Block>, r: &Report) {
    b.push(Block::Heading(
        "Health conditions (from the profile)".into(),
    ));
    b.push(Block::Para(match &r.conditions {
        None => "No profile yet.".to_string(),
        Some(c) if c.is_empty() => "None declared.".to_string(),
        Some(c) => c.join(", "),
    }));
    if !r.opt_in.is_empty() {
        b.push(Block::Para(format!(
            "Cleared by a clinician as opt-in exercises: {}.",
            r.opt_in.join(", ")
        )));
    }
}

/// The person's own notes.
fn notes(b: &mut Vec<Block>, r: &Report) {
    if !r.notes.is_empty() {
        b.push(Block::Heading("The person's notes".into()));
        b.push(Block::List(
            r.notes
                .iter()
                .map(|n| format!("{}: {}", n.date.format("%a %-d %b"), n.text))
                .collect(),
        ));
    }
}

pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    for block in blocks(r) {
        match block {
            Block::Title(t) => writeln!(out, "# {}\n", escape_md(&t)),
            Block::Heading(t) => writeln!(out, "## {}\n", escape_md(&t)),
            Block::Para(t) => writeln!(out, "{}\n", escape_md(&t)),
            Block::Care(t) => writeln!(out, "> **{}**\n", escape_md(&t)),
            Block::List(items) => {
                for i in items {
                    writeln!(out, "- {}", escape_md(&i)).expect("write to String");
                }
                writeln!(out)
            }
            Block::Table { head, rows } => {
                let row = |cells: &[String]| {
                    let cells: Vec<String> = cells.iter().map(|c| escape_md_cell(c)).collect();
                    format!("| {} |\n", cells.join(" | "))
                };
                out.push_str(&row(&head));
                out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for r in &rows {
                    out.push_str(&row(r));
                }
                writeln!(out)
            }
        }
        .expect("write to String");
    }
    out
}

const CSS: &str = "
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; font-size: 10pt; line-height: 1.3; color: #000; background: #fff; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 15pt; margin: 0 0 4pt; }
h2 { font-size: 11.5pt; margin: 10pt 0 3pt; break-after: avoid; page-break-after: avoid; }
p { margin: 3pt 0; }
ul { margin: 2pt 0 2pt 14pt; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; }
.care { break-inside: avoid; border: 2pt solid #000; padding: 5pt; margin: 8pt 0; font-weight: bold; }
@media print { body { max-width: none; } th { background: none; } }
";

pub fn html(r: &Report) -> String {
    let h = escape_html;
    let mut out = String::new();
    let blocks = blocks(r);
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_default();
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        h(&title)
    )
    .expect("write to String");
    for block in blocks {
        match block {
            Block::Title(t) => writeln!(out, "<h1>{}</h1>", h(&t)),
            Block::Heading(t) => writeln!(out, "<h2>{}</h2>", h(&t)),
            Block::Para(t) => writeln!(out, "<p>{}</p>", h(&t)),
            Block::Care(t) => writeln!(out, "<div class=\"care\">{}</div>", h(&t)),
            Block::List(items) => {
                out.push_str("<ul>");
                for i in items {
                    write!(out, "<li>{}</li>", h(&i)).expect("write to String");
                }
                writeln!(out, "</ul>")
            }
            Block::Table { head, rows } => {
                out.push_str("<table>\n<tr>");
                for c in &head {
                    write!(out, "<th scope=\"col\">{}</th>", h(c)).expect("write to String");
                }
                out.push_str("</tr>\n");
                for row in &rows {
                    out.push_str("<tr>");
                    for c in row {
                        write!(out, "<td>{}</td>", h(c)).expect("write to String");
                    }
                    out.push_str("</tr>\n");
                }
                writeln!(out, "</table>")
            }
        }
        .expect("write to String");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The walking programme's weeks, when there was a walk in the period.
fn walking(b: &mut Vec<Block>, r: &Report) {
    if r.walks.iter().all(|w| w.days == 0) {
        return;
    }
    let minutes: u32 = r.walks.iter().map(|w| w.minutes).sum();
    let days: u32 = r.walks.iter().map(|w| u32::from(w.days)).sum();
    b.push(Block::Heading("Walking".into()));
    b.push(Block::Para(format!(
        "{minutes} minutes on {days} day{} (the walking programme aims for about {} minutes, {} days a week; walks are not counted as sessions).",
        if days == 1 { "" } else { "s" },
        crate::walking::GOAL_MINUTES,
        crate::walking::GOAL_DAYS,
    )));
    b.push(Block::Table {
        head: ["Week", "Days with a walk", "Minutes"]
            .map(String::from)
            .to_vec(),
        rows: r
            .walks
            .iter()
            .map(|w| {
                vec![
                    format!("{} to {}", w.from.format("%-d %b"), w.to.format("%-d %b")),
                    format!("{} of {}", w.days, (w.to - w.from).num_days() + 1),
                    w.minutes.to_string(),
                ]
            })
            .collect(),
    });
}
