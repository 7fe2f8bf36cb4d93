//! Issue 27: records dated in the future (a clock set wrong, a backup from
//! one), of every kind, are named and never used for a schedule.

use crate::support::{stderr, stdout, today, Home, SHORT};
use backrelief::library::Tier;
use backrelief::record::{FlareRecord, FunctionRecord, Rating, StopRecord, StoppedIn};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

fn day(offset: i64) -> NaiveDate {
    today().parse::<NaiveDate>().unwrap() + Duration::days(offset)
}

fn at(offset: i64) -> DateTime<FixedOffset> {
    day(offset)
        .and_hms_opt(7, 30, 0)
        .unwrap()
        .and_utc()
        .fixed_offset()
}

/// A session line as `session` writes it, `offset` days from today.
fn session_line(offset: i64, n: u32) -> String {
    let date = day(offset);
    format!(
        r#"{{"schema":1,"id":"{}-073000-0000000{n}","started":"{date}T07:30:00+00:00","ended":"{date}T07:45:00+00:00","source":{{"kind":"answers"}},"causes":[],"pain_before":6,"pain_after":3,"minutes_planned":15.0,"steps":[{{"exercise":"cat-cow","status":"done","seconds_held":90,"seconds_planned":90}}],"interrupted":false}}"#,
        date.format("%Y%m%d")
    )
}

/// The same history, with and without one record of every kind dated
/// `ahead` days from today.
fn histories(ahead: i64) -> (String, String, Vec<String>) {
    let past: Vec<String> = [-9, -8, -3, -2, -1]
        .iter()
        .enumerate()
        .map(|(n, off)| session_line(*off, n as u32))
        .collect();
    let rating = FunctionRecord::new(
        at(-8),
        vec![Rating {
            activity: "a 30-minute walk".into(),
            score: 4,
        }],
    );
    let mut base = past.clone();
    base.push(serde_json::to_string(&rating).unwrap());
    let session = session_line(ahead, 8);
    let flare = FlareRecord::new(at(ahead), 8, true);
    let stop = StopRecord::new(
        at(ahead),
        Tier::Urgent,
        &["fever-or-unwell".to_string()],
        StoppedIn::Session,
    );
    let later = FunctionRecord::new(
        at(ahead),
        vec![Rating {
            activity: "a 30-minute walk".into(),
            score: 9,
        }],
    );
    let ids = vec![
        serde_json::from_str::<serde_json::Value>(&session).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string(),
        flare.id.clone(),
        stop.id.clone(),
        later.id.clone(),
    ];
    let mut with = base.clone();
    with.extend([
        session,
        serde_json::to_string(&flare).unwrap(),
        serde_json::to_string(&stop).unwrap(),
        serde_json::to_string(&later).unwrap(),
    ]);
    (base.join("\n") + "\n", with.join("\n") + "\n", ids)
}

/// Every command that schedules from history gives the same answer with
/// the future records as without them, and names each of them.
#[test]
fn records_of_every_kind_dated_in_the_future_are_named_and_change_no_schedule() {
    // Weeks ahead, and months ahead (the year is named then too).
    for ahead in [2, 30, 200] {
        let (base, with, ids) = histories(ahead);
        let clean = Home::new();
        clean.write("data/history.jsonl", &base);
        let dated = Home::new();
        dated.write("data/history.jsonl", &with);
        for home in [&clean, &dated] {
            home.write("a.yaml", SHORT);
        }
        let answers = |h: &Home| h.path().join("a.yaml").display().to_string();
        let commands: Vec<Vec<String>> = vec![
            vec!["progress".into()],
            vec!["progress".into(), "--json".into()],
            vec!["report".into()],
            vec!["function".into()],
            vec!["session".into(), "--plan".into(), "--answers".into()],
        ];
        for args in commands {
            let run = |h: &Home| {
                let mut a = args.clone();
                if a.last().is_some_and(|x| x == "--answers") {
                    a.push(answers(h));
                }
                h.in_process().args(&a).assert().success()
            };
            let (want, got) = (run(&clean), run(&dated));
            assert_eq!(
                stdout(&want).replace(&answers(&clean), "A"),
                stdout(&got).replace(&answers(&dated), "A"),
                "{args:?}, {ahead} days ahead"
            );
            assert!(!stderr(&want).contains("after today"), "{}", stderr(&want));
            let warned = stderr(&got);
            let kinds = ["session", "flare", "red-flag stop", "function rating"];
            for (id, kind) in ids.iter().zip(kinds) {
                // `function` reads only the ratings for its schedule.
                if args[0] == "function" && kind != "function rating" {
                    continue;
                }
                // Named once: each command reads history once (`session`
                // for its plan and today's walk alike).
                let named = format!(
                    "the {kind} {id} is dated {}, after today ({})",
                    day(ahead),
                    today()
                );
                assert_eq!(warned.matches(&named).count(), 1, "{args:?}: {warned}");
            }
            assert!(warned.contains("not used to schedule"), "{warned}");
        }
    }
}

/// Tomorrow is not the future: a record stamped just past midnight in
/// another time zone still counts (and is not named).
#[test]
fn a_record_dated_tomorrow_is_used() {
    let (base, with, _) = histories(1);
    let clean = Home::new();
    clean.write("data/history.jsonl", &base);
    let dated = Home::new();
    dated.write("data/history.jsonl", &with);
    let want = clean.run_in_process(&["progress", "--json"]).success();
    let got = dated.run_in_process(&["progress", "--json"]).success();
    assert!(!stderr(&got).contains("after today"), "{}", stderr(&got));
    assert_ne!(stdout(&want), stdout(&got));
}
