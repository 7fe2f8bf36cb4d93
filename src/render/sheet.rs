//! The routine sheet: a page for the fridge or the physio, as text (80
//! columns, one or two printed pages), Markdown, or one self-contained,
//! printable HTML file. Every string from the library is escaped.

use crate::layout::{duration, pad, truncate, wrap};
use crate::layout::{sanitise, sanitise_lines};
use crate::library::{Exercise, Library};
use crate::planner::{Plan, Step};
use crate::render::plan::title;
use crate::timing::describe;
use chrono::{Duration, NaiveDate};
use std::fmt::Write as _;

const WIDTH: usize = 80;

/// When to stop and get care: printed on every sheet.
pub const RED_FLAG_REMINDER: &str = "Get care: go to an emergency department now for new numbness around the genitals or back passage, new bladder or bowel trouble, leg weakness that is getting worse, or symptoms in both legs. See a doctor today for fever, unexplained weight loss, constant night pain, or new pain after cancer or a fall.";

const TICK_DAYS: i64 = 7;

/// The one-line rule at the top of every sheet.
const STOP_IF: &str = "Stop if pain is sharp or spreads down a leg.";

/// The least score a cause needs to head a sheet as what it is "For:":
/// one tick of a single sign is not enough to name a cause at the top.
pub const FOR_MIN_SCORE: i32 = 3;

fn causes_line(lib: &Library, plan: &Plan) -> Option<String> {
    let parts: Vec<String> = plan
        .causes
        .iter()
        .take(2)
        .filter(|c| c.score >= FOR_MIN_SCORE)
        .map(|c| {
            let name = lib
                .cause(&c.id)
                .map_or(c.id.clone(), |x| x.name.to_string());
            let why: Vec<&str> = c
                .because
                .iter()
                .take(2)
                .map(|b| b.split(" -> ").next().unwrap_or(b))
                .collect();
            if why.is_empty() {
                name
            } else {
                format!("{name} ({})", why.join("; "))
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(". "))
}

/// The listed sources behind the sheet: each exercise's evidence and dose,
/// and the stop signs', each once.
pub fn plan_sources(lib: &Library, plan: &Plan) -> Vec<crate::planner::SourceLink> {
    let mut out: Vec<crate::planner::SourceLink> = Vec::new();
    let mut add = |l: crate::planner::SourceLink| {
        if !out.contains(&l) {
            out.push(l);
        }
    };
    for step in &plan.steps {
        let Some(e) = exercise(lib, step) else {
            continue;
        };
        let cited = e
            .evidence
            .iter()
            .map(|ev| ev.source.as_str())
            .chain(e.dose_source.as_deref());
        for c in cited {
            for s in lib.cited(c) {
                add(crate::planner::SourceLink {
                    reference: s.citation(),
                    link: s.link(),
                });
            }
        }
    }
    for s in &plan.stop_signs {
        for l in &s.links {
            add(l.clone());
        }
    }
    out
}

/// "downward-dog (not safe with glaucoma), ..." for the left-out line.
fn left_out_list(plan: &Plan) -> String {
    plan.left_out
        .iter()
        .map(|l| format!("{} ({})", l.exercise, l.reason))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each declared condition's stop signs in one line: "Pregnancy: Stop
/// exercising ... if you have: a; b; c. (Source: ...)".
pub fn stop_sign_lines(plan: &Plan) -> Vec<String> {
    plan.stop_signs
        .iter()
        .map(|s| {
            format!(
                "{}: {}: {}. (Source: {})",
                s.condition,
                s.intro,
                s.signs.join("; "),
                s.source
            )
        })
        .collect()
}

/// Each declared condition's advice in one line: "High blood pressure:
/// Breathe out on the effort ...".
pub fn advice_lines(plan: &Plan) -> Vec<String> {
    plan.advice
        .iter()
        .map(|a| format!("{}: {}", a.condition, a.advice))
        .collect()
}

fn exercise<'a>(lib: &'a Library, step: &Step) -> Option<&'a Exercise> {
    lib.exercise(&step.exercise)
}

fn days(date: NaiveDate) -> Vec<NaiveDate> {
    (0..TICK_DAYS).map(|i| date + Duration::days(i)).collect()
}

/// Plain text, 80 columns: the illustration beside the steps.
pub fn text(lib: &Library, plan: &Plan, date: NaiveDate) -> String {
    let mut out = String::new();
    let heading = format!(
        "{} — {}",
        sanitise(&title(lib, plan)),
        date.format("%A %-d %B %Y")
    );
    writeln!(out, "{heading}").expect("write to String");
    if let Some(c) = causes_line(lib, plan) {
        out.push_str(&wrap(&c, WIDTH, "For: ", "     "));
    }
    out.push_str(&wrap(
        &format!(
            "About {} min, {} exercises. {STOP_IF}",
            (plan.seconds_planned + 30) / 60,
            plan.steps.len()
        ),
        WIDTH,
        "",
        "",
    ));
    out.push('\n');
    for (i, step) in plan.steps.iter().enumerate() {
        let Some(e) = exercise(lib, step) else {
            continue;
        };
        // No blank line between exercises: two printed pages hold a 15-minute plan.
        let head = format!(
            "{}. {} ({}) — {} · {}",
            i + 1,
            e.name,
            step.phase.label(),
            describe(&step.dose, Some(e.category)).replace(" between sets", ""),
            crate::layout::clock_face(u64::from(step.seconds))
        );
        out.push_str(&wrap(&head, WIDTH, "", "   "));
        let figures = super::library::figures(e);
        let art: Vec<&str> = figures.lines().collect();
        let art_w = art
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
            .min(40);
        let text_w = WIDTH - art_w - 1;
        let mut right: Vec<String> = Vec::new();
        for (n, s) in e.instructions.iter().enumerate() {
            right.extend(
                wrap(s, text_w, &format!("{}. ", n + 1), "   ")
                    .lines()
                    .map(String::from),
            );
        }
        if let Some(way) = &e.come_out {
            right.extend(
                wrap(way, text_w, "To come out: ", "   ")
                    .lines()
                    .map(String::from),
            );
        }
        for row in 0..art.len().max(right.len()) {
            let left = art.get(row).copied().unwrap_or("");
            let r = right.get(row).map(String::as_str).unwrap_or("");
            let line = format!("{} {r}", pad(left, art_w));
            writeln!(out, "{}", line.trim_end()).expect("write to String");
        }
        out.push_str(&wrap(&e.cautions.join(" "), WIDTH, "! ", "  "));
    }
    for line in stop_sign_lines(plan) {
        out.push('\n');
        out.push_str(&wrap(&line, WIDTH, "STOP SIGNS for ", "  "));
    }
    for line in advice_lines(plan) {
        out.push('\n');
        out.push_str(&wrap(&line, WIDTH, "WITH ", "  "));
    }
    if !plan.left_out.is_empty() {
        out.push('\n');
        out.push_str(&wrap(
            &left_out_list(plan),
            WIDTH,
            "Left out for you: ",
            "  ",
        ));
    }
    out.push('\n');
    out.push_str(&wrap(RED_FLAG_REMINDER, WIDTH, "", ""));
    out.push('\n');
    let name_w = WIDTH - 5 * TICK_DAYS as usize - 1;
    let mut header = pad("Tick each day you do it", name_w);
    for d in days(date) {
        header.push_str(&format!(" {}", d.format("%a")));
        header.push(' ');
    }
    writeln!(out, "{}", header.trim_end()).expect("write to String");
    for step in &plan.steps {
        let mut row = pad(&truncate(&step.name, name_w - 1), name_w);
        for _ in 0..TICK_DAYS {
            row.push_str(" [ ] ");
        }
        writeln!(out, "{}", row.trim_end()).expect("write to String");
    }
    out
}

/// Escapes one field for Markdown so it cannot change the structure around
/// it: line breaks become spaces (no new block can start inside a field),
/// other control characters are sanitised, HTML-significant characters
/// become entities (renderers pass raw HTML through), Markdown punctuation
/// gets a backslash, and so does a leading `-`, `+`, `=` or list number
/// (`1.`), which could start a list or underline a heading.
pub fn escape_md(s: &str) -> String {
    let flat: String = s
        .trim_end_matches(['\n', '\r'])
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let flat = sanitise(&flat);
    let mut out = escape_md_chars(&flat);
    let digits = flat.chars().take_while(char::is_ascii_digit).count();
    if matches!(flat.chars().next(), Some('-' | '+' | '=')) {
        out.insert(0, '\\');
    } else if digits > 0 && matches!(flat[digits..].chars().next(), Some('.' | ')')) {
        // Digits are never escaped, so the marker is still at `digits`.
        out.insert(digits, '\\');
    }
    out
}

/// Escapes a Markdown table cell: as `escape_md`, but a leading `-` or
/// `1.` needs no backslash (nothing starts a block inside a cell), so
/// numbers stay readable in the raw text.
pub fn escape_md_cell(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    escape_md_chars(&sanitise(&flat))
}

/// Entities and backslashes, character by character.
fn escape_md_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' | '{' | '}' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code fence longer than any run of backticks inside `s`.
fn fence_for(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

pub fn markdown(lib: &Library, plan: &Plan, date: NaiveDate) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "# {} — {}\n",
        escape_md(&title(lib, plan)),
        date.format("%A %-d %B %Y")
    )
    .expect("write to String");
    if let Some(c) = causes_line(lib, plan) {
        writeln!(out, "**For:** {}\n", escape_md(&c)).expect("write to String");
    }
    writeln!(
        out,
        "**Total:** about {} · {} exercises. {STOP_IF}\n",
        duration(plan.seconds_planned),
        plan.steps.len()
    )
    .expect("write to String");
    for (i, step) in plan.steps.iter().enumerate() {
        let Some(e) = exercise(lib, step) else {
            continue;
        };
        writeln!(
            out,
            "## {}. {} ({})\n",
            i + 1,
            escape_md(&e.name),
            step.phase.label()
        )
        .expect("write to String");
        writeln!(
            out,
            "**Dose:** {} · {}\n",
            escape_md(&describe(&step.dose, Some(e.category))),
            duration(step.seconds)
        )
        .expect("write to String");
        let figures = super::library::figures(e);
        let art = sanitise_lines(&figures);
        let fence = fence_for(&art);
        writeln!(out, "{fence}text\n{art}\n{fence}\n").expect("write to String");
        for (n, s) in e.instructions.iter().enumerate() {
            writeln!(out, "{}. {}", n + 1, escape_md(s)).expect("write to String");
        }
        if let Some(way) = &e.come_out {
            writeln!(out, "\n**To come out:** {}", escape_md(way)).expect("write to String");
        }
        out.push('\n');
        for c in &e.cautions {
            writeln!(out, "- **Caution:** {}", escape_md(c)).expect("write to String");
        }
        writeln!(out, "- **Easier:** {}\n", escape_md(&e.make_it_easier)).expect("write to String");
    }
    for line in stop_sign_lines(plan) {
        writeln!(out, "**Stop signs for** {}\n", escape_md(&line)).expect("write to String");
    }
    for line in advice_lines(plan) {
        writeln!(out, "**With** {}\n", escape_md(&line)).expect("write to String");
    }
    if !plan.left_out.is_empty() {
        writeln!(
            out,
            "**Left out for you:** {}\n",
            escape_md(&left_out_list(plan))
        )
        .expect("write to String");
    }
    writeln!(out, "> **{}**\n", escape_md(RED_FLAG_REMINDER)).expect("write to String");
    out.push_str("## Tick each day you do it\n\n| Exercise |");
    for d in days(date) {
        write!(out, " {} |", d.format("%a %-d")).expect("write to String");
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(TICK_DAYS as usize));
    out.push('\n');
    for step in &plan.steps {
        write!(out, "| {} |", escape_md(&step.name)).expect("write to String");
        out.push_str(&" ☐ |".repeat(TICK_DAYS as usize));
        out.push('\n');
    }
    out
}

/// Escapes text for HTML content and attribute values, after sanitising it
/// (newlines kept, for the illustration's `<pre>`).
pub fn escape_html(s: &str) -> String {
    let s = sanitise_lines(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = "
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.25; color: #000; background: #fff; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 16pt; margin: 0 0 3pt; }
h2 { font-size: 12pt; margin: 0 0 1pt; }
h2 small { font-weight: normal; font-size: 10pt; }
p { margin: 2pt 0; }
.exercise { break-inside: avoid; page-break-inside: avoid; border-top: 1pt solid #000; padding: 4pt 0; display: grid; grid-template-columns: 60mm 1fr; column-gap: 4mm; }
.exercise .art { min-width: 0; }
.exercise .body { min-width: 0; }
pre { font-family: 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 7pt; line-height: 1.1; margin: 0; white-space: pre; }
ol { margin: 1pt 0 1pt 14pt; padding: 0; }
ul { margin: 1pt 0 0 12pt; padding: 0; }
.dose { font-weight: bold; }
.care { break-inside: avoid; border: 2pt solid #000; padding: 5pt; margin: 6pt 0; font-weight: bold; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; }
th, td { border: 1pt solid #000; padding: 2pt 4pt; text-align: left; overflow-wrap: anywhere; }
td { height: 16pt; }
td.box { width: 9%; }
.sources { font-size: 8pt; margin-top: 4pt; overflow-wrap: anywhere; }
.sources h2 { font-size: 9pt; }
th[scope=row] { font-weight: normal; }
@media screen and (max-width: 600px) { .exercise { grid-template-columns: 1fr; } }
@media print { body { max-width: none; } }
";

pub fn html(lib: &Library, plan: &Plan, date: NaiveDate) -> String {
    let h = escape_html;
    let mut out = String::new();
    let title_text = format!("{} — {}", title(lib, plan), date.format("%A %-d %B %Y"));
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        h(&title_text),
        h(&title_text)
    )
    .expect("write to String");
    if let Some(c) = causes_line(lib, plan) {
        writeln!(out, "<p><strong>For:</strong> {}</p>", h(&c)).expect("write to String");
    }
    writeln!(
        out,
        "<p><strong>Total:</strong> about {} · {} exercises. {STOP_IF}</p>",
        duration(plan.seconds_planned),
        plan.steps.len()
    )
    .expect("write to String");
    for (i, step) in plan.steps.iter().enumerate() {
        let Some(e) = exercise(lib, step) else {
            continue;
        };
        writeln!(out, "<section class=\"exercise\">").expect("write to String");
        writeln!(
            out,
            "<div class=\"art\"><pre role=\"img\" aria-label=\"Drawing: {}\">{}</pre></div>",
            h(&e.name),
            h(&super::library::figures(e))
        )
        .expect("write to String");
        writeln!(out, "<div class=\"body\">").expect("write to String");
        writeln!(
            out,
            "<h2>{}. {} <small>({})</small></h2>",
            i + 1,
            h(&e.name),
            step.phase.label()
        )
        .expect("write to String");
        writeln!(
            out,
            "<p class=\"dose\">{} · {}</p>",
            h(&describe(&step.dose, Some(e.category))),
            duration(step.seconds)
        )
        .expect("write to String");
        out.push_str("<ol>");
        for s in &e.instructions {
            write!(out, "<li>{}</li>", h(s)).expect("write to String");
        }
        out.push_str("</ol>\n<ul>");
        if let Some(way) = &e.come_out {
            write!(out, "<li>To come out: {}</li>", h(way)).expect("write to String");
        }
        for c in &e.cautions {
            write!(out, "<li>Caution: {}</li>", h(c)).expect("write to String");
        }
        write!(out, "<li>Easier: {}</li>", h(&e.make_it_easier)).expect("write to String");
        out.push_str("</ul>\n</div>\n</section>\n");
    }
    for line in stop_sign_lines(plan) {
        writeln!(
            out,
            "<p class=\"stop\"><strong>Stop signs for</strong> {}</p>",
            h(&line)
        )
        .expect("write to String");
    }
    for line in advice_lines(plan) {
        writeln!(
            out,
            "<p class=\"advice\"><strong>With</strong> {}</p>",
            h(&line)
        )
        .expect("write to String");
    }
    if !plan.left_out.is_empty() {
        writeln!(
            out,
            "<p><strong>Left out for you:</strong> {}</p>",
            h(&left_out_list(plan))
        )
        .expect("write to String");
    }
    writeln!(out, "<div class=\"care\">{}</div>", h(RED_FLAG_REMINDER)).expect("write to String");
    out.push_str("<table>\n<tr><th scope=\"col\">Tick each day you do it</th>");
    for d in days(date) {
        write!(out, "<th scope=\"col\">{}</th>", d.format("%a %-d")).expect("write to String");
    }
    out.push_str("</tr>\n");
    for step in &plan.steps {
        write!(out, "<tr><th scope=\"row\">{}</th>", h(&step.name)).expect("write to String");
        out.push_str(&"<td class=\"box\"></td>".repeat(TICK_DAYS as usize));
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    let sources = plan_sources(lib, plan);
    if !sources.is_empty() {
        out.push_str("<section class=\"sources\">\n<h2>Sources</h2>\n<ul>\n");
        for s in &sources {
            match &s.link {
                Some(l) => writeln!(
                    out,
                    "<li>{} <a href=\"{}\">{}</a></li>",
                    h(&s.reference),
                    h(l),
                    h(l)
                ),
                None => writeln!(out, "<li>{}</li>", h(&s.reference)),
            }
            .expect("write to String");
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<script>alert(1)</script> & \"x\""),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
        );
        assert_eq!(
            escape_md("<b>*x*</b> & [y]"),
            "&lt;b&gt;\\*x\\*&lt;/b&gt; &amp; \\[y\\]"
        );
        assert_eq!(fence_for("a ``` b"), "````");
        assert_eq!(escape_md("a\n# b\n"), "a \\# b");
        assert_eq!(escape_md("- x"), "\\- x");
        assert_eq!(escape_md("12. x"), "12\\. x");
        assert_eq!(escape_md("= x"), "\\= x");
        assert_eq!(
            escape_md("\u{1b}]0;t\u{7}"),
            "\\\\u\\{1b\\}\\]0;t\\\\u\\{7\\}"
        );
        assert_eq!(escape_html("\u{202e}x\ny"), "\\u{202e}x\ny");
        assert_eq!(fence_for("plain"), "```");
    }
}
