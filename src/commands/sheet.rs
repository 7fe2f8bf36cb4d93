//! `backrelief sheet`: a printable routine sheet of the last session (the
//! default), a program, chosen exercises, or a plan from an answers file.
//! A sheet never asks anything.

use super::checkin::{prepare, stopped, AnswersSource, Prepared, SessionRequest};
use super::cli::{SheetArgs, SheetFormat};
use super::context::Context;
use crate::answers::Overrides;
use crate::assess::{Answers, RankedCause};
use crate::error::{Error, Result};
use crate::library::Unknown;
use crate::library::{Dose, Library, Program};
use crate::planner::{plan_from_list, plan_program, Plan, Source};
use crate::record::{Record, StoppedIn};
use crate::render::sheet::{html, markdown, text};
use chrono::NaiveDate;

/// What the sheet shows.
enum SheetOf {
    /// A plan made as `session --answers` makes one.
    Plan(SessionRequest),
    /// A program as defined, filtered for the profile; nothing is asked.
    Program(String),
    /// The last session in history, as it was planned.
    Last,
    /// These exercises, in this order.
    Exercises(Vec<String>),
}

/// Said when there is no last session to print.
const NO_SESSIONS: &str = "no sessions in history yet, so there is no last plan to print. \
`backrelief session` makes one; or print a program (`backrelief sheet --program desk-worker-reset`), \
chosen exercises (`--exercises cat-cow,bird-dog`) or a plan from an answers file (`--answers FILE`)";

pub fn run(ctx: &Context, args: &SheetArgs) -> Result<()> {
    let today = ctx.clock.today();
    let of = if let Some(file) = &args.answers {
        SheetOf::Plan(SessionRequest {
            answers: AnswersSource::File(file.clone()),
            program: args.program.clone(),
            overrides: Overrides {
                minutes: args.minutes,
                ..Overrides::default()
            },
            today,
            line_prompts: true,
        })
    } else if let Some(program) = &args.program {
        SheetOf::Program(program.clone())
    } else if let Some(list) = &args.exercises {
        SheetOf::Exercises(list.clone())
    } else {
        // `--last`, or no option at all: nothing is ever asked.
        SheetOf::Last
    };
    let lib = ctx.library()?;
    let store = ctx.history()?;
    let plan = match of {
        SheetOf::Plan(req) => {
            // As in `session --answers`: history that cannot be read is an
            // error only after the red-flag screen.
            let read = super::context::schedule_tail(
                ctx,
                store,
                crate::planner::history_start(req.today),
                req.today,
            );
            let (history, flares) = match &read {
                Ok(t) => (
                    crate::record::past_sessions(&t.records),
                    crate::record::flare_days(&t.flares),
                ),
                Err(_) => (Vec::new(), Vec::new()),
            };
            match prepare(ctx, lib, &req, &history, &flares)? {
                Prepared::Plan(plan, _) => {
                    read?;
                    *plan
                }
                // The same screen as `session`, so the stop is recorded too.
                Prepared::Stop(s) => {
                    let (width, at) = (ctx.style.width, ctx.clock.now());
                    return Err(stopped(ctx, lib, &s, StoppedIn::Sheet, false, width, at));
                }
            }
        }
        SheetOf::Program(query) => {
            let id = lib.resolve::<Program>(&query).map_err(|s| {
                Unknown::given("program", &query, s).hint("see `backrelief programs`")
            })?;
            let program = lib.program(id).expect("resolved ids exist");
            let (answers, opt_in) = profile_answers(ctx, lib)?;
            plan_program(lib, program, &answers, &opt_in, today)
        }
        SheetOf::Last => {
            let (records, _) = store.read_latest(1)?;
            let last = records
                .iter()
                .max_by_key(|r| r.started)
                .ok_or_else(|| Error::Usage(NO_SESSIONS.into()))?;
            let (answers, opt_in) = profile_answers(ctx, lib)?;
            last_session(lib, last, answers, &opt_in, today)
        }
        SheetOf::Exercises(queries) => {
            let mut list = Vec::new();
            for q in &queries {
                let e = crate::browse::find_exercise(lib, q)?;
                list.push((e.id.to_string(), None));
            }
            let (answers, opt_in) = profile_answers(ctx, lib)?;
            plan_from_list(lib, &list, &answers, &opt_in, today, Source::Chosen)
        }
    };
    let text = match args.format {
        SheetFormat::Text => text(lib, &plan, today),
        SheetFormat::Markdown => markdown(lib, &plan, today),
        SheetFormat::Html => html(lib, &plan, today),
    };
    match &args.output {
        Some(path) if !crate::store::files::is_stdout(path) => {
            crate::store::files::write_atomic(path, text.as_bytes())?;
            ctx.print(&format!("wrote {}\n", path.display()))
        }
        _ => ctx.print(&text),
    }
}

/// The profile's conditions and equipment, so chosen exercises are still
/// filtered for the person; with no profile, everything is allowed.
fn profile_answers(ctx: &Context, lib: &Library) -> Result<(Answers, Vec<String>)> {
    let profile = ctx.profile(lib)?;
    if profile.is_none() {
        ctx.warn("note: no profile yet, so health conditions were not checked; `backrelief profile` sets them");
    }
    let answers = Answers {
        conditions: profile
            .as_ref()
            .map(|p| p.conditions_today())
            .unwrap_or_default(),
        avoid: profile
            .as_ref()
            .map(|p| p.avoid.clone())
            .unwrap_or_default(),
        equipment: match &profile {
            Some(p) => p.equipment.clone(),
            None => lib.equipment.iter().map(|e| e.id.to_string()).collect(),
        },
        ..Answers::default()
    };
    Ok((answers, profile.map(|p| p.opt_in).unwrap_or_default()))
}

/// The last session's steps and doses, re-checked against the profile.
fn last_session(
    lib: &Library,
    last: &Record,
    answers: Answers,
    opt_in: &[String],
    today: NaiveDate,
) -> Plan {
    let list: Vec<(String, Option<Dose>)> = last
        .steps
        .iter()
        .map(|s| (s.exercise.clone(), s.dose))
        .collect();
    let answers = Answers {
        pain: last.pain_before,
        ..answers
    };
    let mut plan = plan_from_list(lib, &list, &answers, opt_in, today, last.source.clone());
    plan.causes = last
        .causes
        .iter()
        .map(|c| RankedCause {
            id: c.id.clone(),
            score: c.score,
            because: Vec::new(),
        })
        .collect();
    plan
}
