//! `backrelief function`: the weekly activity ratings (Patient-Specific
//! Functional Scale): show them, rate on the terminal, or rate from the
//! command line. A session asks for them itself once a week.

use super::cli::FunctionArgs;
use super::context::Context;
use crate::error::{Error, Result};
use crate::function::{day_text, due, in_future, latest, parse_rating, Due, EVERY_DAYS};
use crate::record::{check_ratings, FunctionRecord, Rating};
use crate::store::history::Store;
use chrono::Duration;

pub fn run(ctx: &Context, args: &FunctionArgs) -> Result<()> {
    let store = ctx.history()?;
    if !args.rate.is_empty() {
        let ratings = args
            .rate
            .iter()
            .map(|r| parse_rating(r))
            .collect::<std::result::Result<Vec<Rating>, String>>()
            .map_err(|m| Error::Usage(format!("--rate: {m}")))?;
        check_ratings(&ratings).map_err(|m| {
            Error::Usage(format!(
                "--rate: {}",
                m.trim_start_matches("field `ratings`: ")
                    .trim_start_matches("field `ratings.activity`: ")
            ))
        })?;
        save(ctx, store, ratings, args.json.json)?;
        return show(ctx, store, args.json.json);
    }
    if args.ask {
        let ratings = store.read_function()?;
        let previous = latest(&ratings, ctx.clock.today()).cloned();
        let mut ask = crate::prompt::terminal();
        let given = crate::prompt::function::rate(ask.as_mut(), previous.as_ref())?;
        if given.is_empty() {
            return ctx.print("Nothing rated; nothing was saved.\n");
        }
        save(ctx, store, given, args.json.json)?;
    }
    show(ctx, store, args.json.json)
}

fn save(ctx: &Context, store: &Store, ratings: Vec<Rating>, quiet: bool) -> Result<()> {
    let record = FunctionRecord::new(ctx.clock.now(), ratings);
    store.append_function(&record)?;
    if quiet {
        // `--json`: only the document on stdout.
        return Ok(());
    }
    ctx.print(&format!(
        "Saved your ratings to {}.\n\n",
        store.path.display()
    ))
}

/// The activities with their ratings over six weeks, and when to rate next.
fn show(ctx: &Context, store: &Store, json: bool) -> Result<()> {
    let today = ctx.clock.today();
    let from = today - Duration::days(6 * 7 - 1);
    let (records, damaged) = store.read_since(from)?;
    super::context::report_damaged(ctx, &store.path, &damaged);
    let ratings = store.read_function()?;
    if json {
        let shown: Vec<_> = ratings
            .iter()
            .map(crate::render::json::Unversioned)
            .collect();
        return ctx.print(&crate::render::json::list(crate::record::FUNCTION, &shown));
    }
    warn_future(ctx, store, &ratings, today);
    let Some(last) = latest(&ratings, today) else {
        if !ratings.is_empty() {
            return ctx.print("No activities rated up to today. A session asks once a week; or rate now with\n`backrelief function --ask`.\n");
        }
        return ctx.print("No activities rated yet. A session asks once a week; or rate now with\n`backrelief function --ask`, or `backrelief function --rate \"a 30-minute walk=4\"`.\n");
    };
    let mut text = crate::render::progress::function_table(&records, &ratings, from, today);
    if text.is_empty() {
        text = "No ratings in the last six weeks.\n".to_string();
    }
    let next = last.at.date_naive() + Duration::days(EVERY_DAYS);
    text.push_str(&match due(&ratings, today) {
        Due::NotYet(_) => format!("Next rating: {}.\n", day_text(next, today)),
        _ => {
            "A rating is due: the next session asks, or `backrelief function --ask`.\n".to_string()
        }
    });
    ctx.print(&text)
}

/// Asks for the week's ratings when they are due; a rating cut short (end
/// of input, Ctrl+C) saves nothing and is not an error: the session is.
pub fn ask_if_due(ctx: &Context, store: &Store, lines: bool) -> Result<()> {
    let ratings = store.read_function()?;
    warn_future(ctx, store, &ratings, ctx.clock.today());
    let previous = match due(&ratings, ctx.clock.today()) {
        Due::NotYet(_) => return Ok(()),
        Due::First => None,
        Due::Again(last) => Some(last.clone()),
    };
    let mut ask = crate::prompt::terminal_with(lines);
    let given = match crate::prompt::function::rate(ask.as_mut(), previous.as_ref()) {
        Ok(g) => g,
        Err(Error::Interrupted(_)) => return Ok(()),
        Err(e) => return Err(e),
    };
    if given.is_empty() {
        return Ok(());
    }
    store
        .append_function(&FunctionRecord::new(ctx.clock.now(), given))
        .map_err(|e| e.prefixed("ratings not saved"))?;
    ctx.print("Ratings saved; `backrelief progress` shows how they change.\n")
}

/// Names each rating dated in the future: it is kept, shown, and left out
/// of the schedule (one rating from a clock months ahead stopped the weekly
/// rating until then).
fn warn_future(ctx: &Context, store: &Store, ratings: &[FunctionRecord], today: chrono::NaiveDate) {
    let future: Vec<_> = ratings
        .iter()
        .filter(|f| in_future(f, today))
        .map(crate::record::Future::of)
        .collect();
    super::context::warn_future(ctx, &store.path, &future, today);
}
