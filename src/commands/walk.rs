//! `backrelief walk`: record a walk (or the activity done instead), show
//! today's walk from the walking programme, or undo the walk recorded
//! last. The suggestion itself is `crate::walking`, pure.

use super::cli::{ActivityArg, WalkArgs};
use super::context::{schedule_tail, Context};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::record::{Activity, Record, WalkRecord};
use crate::store::history::Tail;
use crate::walking::{self, Mode, Walked};
use chrono::{Duration, NaiveDate};

/// `--activity`, as the record has it.
fn activity(a: ActivityArg) -> Activity {
    match a {
        ActivityArg::Walk => Activity::Walk,
        ActivityArg::Intervals => Activity::Intervals,
        ActivityArg::Cycle => Activity::Cycle,
        ActivityArg::Wheel => Activity::Wheel,
        ActivityArg::Other => Activity::Other,
    }
}

/// What a walk recorded without `--activity` was, by the mode.
pub fn default_activity(mode: Mode) -> Activity {
    match mode {
        Mode::Walk => Activity::Walk,
        Mode::Intervals { .. } => Activity::Intervals,
        Mode::Other => Activity::Other,
    }
}

/// "today", "on Sunday 6 December" (with the year when it is not this year's).
fn day_words(day: NaiveDate, today: NaiveDate) -> String {
    use chrono::Datelike;
    if day == today {
        "today".into()
    } else if day.year() == today.year() {
        day.format("on %A %-d %B").to_string()
    } else {
        day.format("on %A %-d %B %Y").to_string()
    }
}

pub fn run(ctx: &Context, args: &WalkArgs) -> Result<()> {
    let store = ctx.history()?;
    let today = ctx.clock.today();
    if args.undo {
        return match store.undo_last_walk()? {
            Some(w) => ctx.print(&format!(
                "Removed the {} minutes ({}) {} from your history.\n",
                w.minutes,
                w.activity.words(),
                day_words(w.on, today)
            )),
            None => ctx.print("There is no walk to undo.\n"),
        };
    }
    let lib = ctx.library()?;
    if let Some(minutes) = args.minutes {
        let on = args.on.unwrap_or(today);
        if on > today {
            return Err(Error::Usage(format!(
                "--on {on}: that is after today ({today}); record a walk once it is done"
            )));
        }
        let profile = load_profile(ctx, lib)?;
        let mode = mode(lib, profile.as_ref(), &[]);
        let kind = args
            .activity
            .map(activity)
            .unwrap_or(default_activity(mode));
        let walk = WalkRecord::new(ctx.clock.now(), on, minutes, kind);
        store.append_walk(&walk)?;
        if !args.json.json {
            let mut text = format!(
                "Saved: {} minutes ({}) {}.",
                minutes,
                kind.words(),
                day_words(on, today)
            );
            if on < today - Duration::weeks(walking::LOOKBACK_WEEKS) {
                text +=
                    " It is kept in your history; the walking programme looks back eight weeks.";
            }
            ctx.print(&(text + " `backrelief walk --undo` takes it back.\n\n"))?;
        }
    }
    show(ctx, lib, store, today, args.json.json)
}

fn load_profile(ctx: &Context, lib: &Library) -> Result<Option<crate::profile::Profile>> {
    ctx.profile(lib)
}

/// The mode for this person: from their conditions and the causes of
/// their latest session with answers in `records`.
pub fn mode(lib: &Library, profile: Option<&crate::profile::Profile>, records: &[Record]) -> Mode {
    let conditions = profile.map(|p| p.conditions.as_slice()).unwrap_or(&[]);
    let latest = records
        .iter()
        .filter(|r| !r.causes.is_empty())
        .max_by_key(|r| r.started)
        .map(|r| r.causes.as_slice())
        .unwrap_or(&[]);
    Mode::for_facts(walking::facts(lib, conditions, latest))
}

/// The history the programme reads: from the Monday eight weeks back.
pub fn since(today: NaiveDate) -> NaiveDate {
    walking::monday(today) - Duration::weeks(walking::LOOKBACK_WEEKS)
}

/// Today's suggestion from what `tail` holds.
pub fn suggestion(
    lib: &Library,
    profile: Option<&crate::profile::Profile>,
    tail: &Tail,
    today: NaiveDate,
) -> walking::Suggestion {
    let recent: Vec<Record> = tail
        .records
        .iter()
        .filter(|r| r.started.date_naive() >= today - Duration::days(28))
        .cloned()
        .collect();
    let mode = mode(lib, profile, &recent);
    walking::suggest(
        today,
        &walked(tail),
        &crate::record::flare_days(&tail.flares),
        mode,
    )
}

/// Today's suggestion for a session plan: as `suggestion`, with today
/// counted as a flare day when the plan is a flare plan (its flare is
/// recorded only when the session runs), so the walk steps back with it.
/// `tail` is the history read from `since(today)` (the session reads it
/// once, for the plan and for this).
pub fn for_plan(
    lib: &Library,
    profile: Option<&crate::profile::Profile>,
    tail: &Tail,
    today: NaiveDate,
    flare_today: bool,
) -> walking::Suggestion {
    let s = suggestion(lib, profile, tail, today);
    if !flare_today {
        return s;
    }
    let mut flares = crate::record::flare_days(&tail.flares);
    flares.push(today);
    walking::suggest(today, &walked(tail), &flares, s.mode)
}

/// The walks of `tail`, as the programme reads them.
pub fn walked(tail: &Tail) -> Vec<Walked> {
    tail.walks
        .iter()
        .map(|w| Walked {
            on: w.on,
            minutes: w.minutes,
        })
        .collect()
}

fn show(
    ctx: &Context,
    lib: &Library,
    store: &crate::store::history::Store,
    today: NaiveDate,
    json: bool,
) -> Result<()> {
    let tail = schedule_tail(ctx, store, since(today), today)?;
    let profile = load_profile(ctx, lib)?;
    let s = suggestion(lib, profile.as_ref(), &tail, today);
    let weeks = walking::weeks(&walked(&tail), today, 4);
    if json {
        let walks = tail
            .walks
            .iter()
            .filter(|w| w.on >= weeks[0].start)
            .map(crate::render::json::Unversioned)
            .collect();
        return ctx.print(&crate::render::json::object(
            crate::views::WALK,
            &crate::views::WalkJson {
                today,
                suggestion: &s,
                weeks: &weeks,
                walks,
            },
        ));
    }
    let mut text = crate::render::walk::suggestion(&s);
    text.push('\n');
    text += &crate::render::walk::weeks(&weeks, s.mode);
    text.push('\n');
    text += &crate::render::walk::basis(lib, &s);
    ctx.print(&text)
}

/// After a finished session on a terminal: "Did you walk today?", minutes
/// or Enter to skip; asked only when no walk is recorded for today. A
/// question cut short (end of input, Ctrl+C) saves nothing and is not an
/// error: the session is what counts.
pub fn ask_after_session(
    ctx: &Context,
    lib: &Library,
    store: &crate::store::history::Store,
    lines: bool,
) -> Result<()> {
    let today = ctx.clock.today();
    let tail = store.read_tail(today)?;
    if tail.walks.iter().any(|w| w.on == today) {
        return Ok(());
    }
    let profile = load_profile(ctx, lib).ok().flatten();
    let mode = mode(lib, profile.as_ref(), &tail.records);
    let question = match mode {
        Mode::Other => "Did you do your activity today (wheeling, arm cycling, seated exercise)? Minutes, or Enter to skip.",
        _ => "Did you walk today? Minutes, or Enter to skip.",
    };
    let mut ask = crate::prompt::terminal_with(lines);
    let minutes = loop {
        let answer = match ask.text(question) {
            Ok(a) => a,
            Err(Error::Interrupted(_)) => return Ok(()),
            Err(e) => return Err(e),
        };
        if answer.trim().is_empty() {
            return Ok(());
        }
        match super::cli::parse_walk_minutes(&answer) {
            Ok(m) => break m,
            Err(why) => ask.say(&format!("  {why}\n"))?,
        }
    };
    let walk = WalkRecord::new(ctx.clock.now(), today, minutes, default_activity(mode));
    store
        .append_walk(&walk)
        .map_err(|e| e.prefixed("walk not saved"))?;
    ctx.print(&format!(
        "Saved: {minutes} minutes ({}) today; `backrelief walk` shows the week.\n",
        walk.activity.words()
    ))
}
