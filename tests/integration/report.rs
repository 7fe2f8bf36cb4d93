//! `backrelief report`: Markdown and HTML snapshots of six weeks of history
//! with function ratings and a profile, escaping of what the person typed,
//! and the HTML rendered to PDF by headless Chromium.

use crate::sheet::{chromium, pages, render_pdf};
use crate::support::{red_flag_answers, stderr, stdout, Home};
use std::process::Command;

const DAY: &str = "2026-11-25";
const HOSTILE: &str = "<script>alert(1)</script> | *x*";

/// Six weeks of sessions, five weekly ratings (one activity named with
/// markup), a condition and a clinician's check, and three red-flag stops
/// (one before the period, one before the check, one after it), all on
/// fixed dates.
fn home_with_history() -> Home {
    let home = Home::new();
    home.write(
        "data/history.jsonl",
        include_str!("../fixtures/history-6-weeks.jsonl"),
    );
    for (day, film, walk, odd) in [
        ("2026-10-28", 3, 4, 2),
        ("2026-11-04", 3, 4, 3),
        ("2026-11-11", 4, 5, 3),
        ("2026-11-18", 5, 6, 3),
        ("2026-11-25", 6, 7, 4),
    ] {
        home.in_process()
            .args(["--today", day, "function"])
            .args(["--rate", &format!("sitting through a film={film}")])
            .args(["--rate", &format!("a 30-minute walk={walk}")])
            .args(["--rate", &format!("{HOSTILE}={odd}")])
            .assert()
            .success();
    }
    // Stops, made as `session` makes them.
    let saddle = home.write("saddle.yaml", &red_flag_answers("saddle-numbness"));
    let fever = home.write("fever.yaml", &red_flag_answers("fever-or-unwell"));
    for (day, answers) in [
        ("2026-09-01", &fever),
        ("2026-10-30", &saddle),
        ("2026-11-20", &fever),
        ("2026-11-20", &fever),
    ] {
        home.in_process()
            .args(["--today", day, "session", "--plan", "--answers"])
            .arg(answers)
            .assert()
            .code(3);
    }
    home.in_process()
        .args(["--today", "2026-11-02", "profile"])
        .args(["--add-condition", "glaucoma", "--age", "55"])
        .args(["--checked", "saddle-numbness"])
        .assert()
        .success();
    home
}

fn report(home: &Home, extra: &[&str]) -> String {
    stdout(
        &home
            .in_process()
            .args(["--today", DAY, "report"])
            .args(extra)
            .assert()
            .success(),
    )
}

#[test]
fn markdown_report_snapshot() {
    let home = home_with_history();
    let md = report(&home, &[]);
    for part in [
        "| 19 Nov to 25 Nov | 6 | 6 of 7 |",
        "down 3.0, meaningful",
        "| sitting through a film | 3 | 3 | 4 | 5 | 6 | +3, beyond noise |",
        "| Average | 3.0 | 3.3 | 4.0 | 4.7 | 5.7 | +2.7, beyond noise |",
        "| Fri 30 Oct | 5 to 7 |",
        "checked by a clinician on 2 November 2026",
        "Glaucoma",
        "Stratford et al. 1995",
        "2 days stopped by the red-flag screen, not counted as sessions",
        "## Red-flag stops",
        "| Fri 30 Oct | emergency: go to an emergency department now | ",
        "(saddle-numbness) | 2 November 2026 |",
        "| Fri 20 Nov (2 times) | urgent: see a doctor today | ",
        "(fever-or-unwell) | not recorded |",
    ] {
        assert!(md.contains(part), "{part}\n{md}");
    }
    // The stop before the period is left out.
    assert!(!md.contains("1 Sep"), "{md}");
    // What the person typed cannot add markup or a table column.
    assert!(!md.contains("<script>"), "{md}");
    let row = md
        .lines()
        .find(|l| l.contains("alert(1)"))
        .expect("the activity row");
    assert_eq!(row.matches(" | ").count(), 6, "{row}");
    insta::assert_snapshot!(md);
}

#[test]
fn html_report_snapshot_is_self_contained_and_escaped() {
    let home = home_with_history();
    let html = report(&home, &["--format", "html"]);
    for banned in ["<script", "http://", "https://", "<link", "src="] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *x*"));
    crate::sheet::assert_accessible(&html);
    assert!(html.contains("<th scope=\"col\">"));
    insta::assert_snapshot!(html);
}

#[test]
fn a_short_period_and_an_empty_history() {
    let home = home_with_history();
    let one = report(&home, &["--weeks", "1"]);
    assert!(one.contains("6 sessions on 6 of 7 days (86%)"), "{one}");
    assert!(one.contains("| Activity | 25 Nov | Change |"), "{one}");
    let empty = Home::new();
    let md = stdout(&empty.run_in_process(&["report"]).success());
    assert!(md.contains("0 sessions on 0 of 42 days"), "{md}");
    assert!(md.contains("No activities were rated"), "{md}");
    assert!(md.contains("No profile yet."), "{md}");
    empty.run_in_process(&["report", "--weeks", "0"]).code(2);
}

#[test]
fn html_report_prints_in_chromium_with_its_content() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED: Chromium is not installed and could not be (see .ci/setup); the HTML report was not rendered");
        return;
    };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!(
            "SKIPPED: pdftotext (poppler-utils) is not installed; the HTML report was not checked"
        );
        return;
    }
    let home = home_with_history();
    let html = home.path().join("report.html");
    home.in_process()
        .args(["--today", DAY, "report", "--format", "html", "-o"])
        .arg(&html)
        .assert()
        .success();
    let pdf = home.path().join("report.pdf");
    render_pdf(&browser, &html, &pdf, &home.path().join("chromium"));
    let pages = pages(&pdf);
    assert!((1..=4).contains(&pages.len()), "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate() {
        for (x0, x1, w) in page {
            assert!(
                *x0 >= 30.0 && *x1 <= 565.0,
                "page {}: '{w}' overflows ({x0}-{x1})",
                n + 1
            );
        }
    }
    let text: String = pages
        .iter()
        .flatten()
        .map(|w| w.2.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for part in [
        "Home exercise report: 15 October 2026 to 25 November 2026",
        "Sessions and adherence",
        "35 sessions on 35 of 42 days (83%)",
        "sitting through a film",
        "beyond noise",
        "<script>alert(1)</script>",
        "Pain rises after a session",
        "Child's pose",
        "checked by a clinician on 2 November 2026",
        "Red-flag stops",
        "Fri 30 Oct",
        "emergency: go to an emergency department now",
        "Fri 20 Nov (2 times)",
        "not recorded",
        "Glaucoma",
        "Get care:",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
}

#[test]
fn a_stop_line_written_by_hand_cannot_add_markup_or_escapes() {
    // A flag id with markup or a table bar, or with a terminal escape, is
    // not an id: refused as import refuses it, and named.
    let home = Home::new();
    home.write(
        "data/history.jsonl",
        "{\"schema\":2,\"kind\":\"red_flag_stop\",\"id\":\"r1\",\"at\":\"2026-11-20T08:00:00+00:00\",\"tier\":\"urgent\",\"flags\":[\"<b>x</b> | red\"],\"command\":\"session\"}\n\
         {\"schema\":2,\"kind\":\"red_flag_stop\",\"id\":\"r2\",\"at\":\"2026-11-21T08:00:00+00:00\",\"tier\":\"urgent\",\"flags\":[\"\\u001b[31mred\"],\"command\":\"session\"}\n",
    );
    let out = home.run_in_process(&["report"]).success();
    let err = stderr(&out);
    assert!(
        err.contains("history.jsonl:1: invalid record skipped: field `flags`: \"<b>x</b> | red\" is not an id"),
        "{err}"
    );
    assert!(
        err.contains("history.jsonl:2: invalid record skipped: field `flags`"),
        "{err}"
    );
    for format in ["markdown", "html"] {
        let text = report(&home, &["--format", format]);
        assert!(
            !text.contains("Sat 21 Nov") && !text.contains("Fri 20 Nov"),
            "{text}"
        );
        assert!(!text.contains("<b>x") && !text.contains('\u{1b}'), "{text}");
    }
}
