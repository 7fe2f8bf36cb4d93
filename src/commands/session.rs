//! `backrelief session` and `backrelief run`, read as a straight line:
//! gather answers (a file or the terminal) -> screen red flags and rank
//! causes (core) -> plan (core) -> show, run and save (edges).

use super::checkin::{prepare, stopped, AnswersSource, Prepared, SessionRequest};
use super::cli::{RunFlags, SessionArgs};
use super::context::{schedule_tail, Context};
use crate::answers::Overrides;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::planner::{PastSession, Plan};
use crate::profile::Profile;
use crate::record::{Record, StoppedIn};
use crate::runner::{RunOptions, RunResult};
use crate::store::history::{Store, Tail};
use chrono::NaiveDate;

/// How a planned session runs.
#[derive(Clone, Debug, Default)]
pub struct RunRequest {
    pub plan_only: bool,
    pub json: bool,
    pub plain: bool,
    /// Given on the command line; otherwise the profile's, or at changes.
    pub bell: Option<crate::profile::Bell>,
    pub voice: bool,
    pub note: Option<String>,
    pub time_scale: f64,
}

/// `backrelief session`.
pub fn run(ctx: &Context, args: &SessionArgs) -> Result<()> {
    let request = SessionRequest {
        answers: AnswersSource::from_flag(args.answers.as_ref()),
        program: args.program.clone(),
        overrides: Overrides {
            pain: args.pain,
            minutes: args.minutes,
            equipment: args.equipment.clone(),
            flare: args.flare,
        },
        today: ctx.clock.today(),
        line_prompts: args.run.plain,
    };
    let by = if args.plan {
        StoppedIn::Plan
    } else {
        StoppedIn::Session
    };
    session(
        ctx,
        &request,
        &run_request(&args.run, args.plan, args.json),
        by,
    )
}

/// `backrelief run PROGRAM`: a program after the red-flag screen.
pub fn run_program(
    ctx: &Context,
    program: &str,
    minutes: Option<u32>,
    flags: &RunFlags,
) -> Result<()> {
    let request = SessionRequest {
        answers: AnswersSource::Ask,
        program: Some(program.to_string()),
        overrides: Overrides {
            minutes,
            ..Overrides::default()
        },
        today: ctx.clock.today(),
        line_prompts: flags.plain,
    };
    session(
        ctx,
        &request,
        &run_request(flags, false, false),
        StoppedIn::Run,
    )
}

fn run_request(flags: &RunFlags, plan_only: bool, json: bool) -> RunRequest {
    RunRequest {
        plan_only,
        json,
        plain: flags.plain,
        bell: if flags.quiet {
            Some(crate::profile::Bell::Off)
        } else {
            flags.bell.map(super::parse::bell)
        },
        voice: flags.voice,
        note: flags.note.clone(),
        time_scale: flags.time_scale.unwrap_or(1.0),
    }
}

/// `session` and `run`, in the order a person meets them. Each step
/// returns early on its error; none is carried down.
fn session(ctx: &Context, req: &SessionRequest, how: &RunRequest, by: StoppedIn) -> Result<()> {
    let lib = ctx.library()?;
    let store = ctx.history()?;
    let past = read_history(ctx, store, req, how)?;
    let (mut plan, profile) = match prepare(ctx, lib, req, &past.sessions, &past.flares)? {
        Prepared::Plan(plan, profile) => (*plan, profile.map(|p| *p)),
        Prepared::Stop(s) => {
            let json = how.plan_only && how.json;
            return Err(stopped(
                ctx,
                lib,
                &s,
                by,
                json,
                ctx.style.width,
                ctx.clock.now(),
            ));
        }
    };
    // Past the red-flag screen, history that cannot be read is an error.
    let (records, ratings) = past.records?;
    safety_net_in_plan(&mut plan, &records, &ratings, req.today, profile.as_ref());
    // Today's walk, past the red-flag screen only (a stop returned above).
    plan.walk = todays_walk(lib, profile.as_ref(), past.walks.as_ref(), &plan, req.today);
    let walk = plan.walk.as_ref().map(crate::render::walk::plan_line);
    if how.plan_only {
        return show_plan(ctx, lib, &plan, walk.as_deref(), how.json, &ctx.style);
    }
    if !asks(req) {
        // An answers file asks nothing, so the probe waits for the red-flag
        // screen: a stop is shown even where history cannot be saved.
        store.probe()?;
    }
    if plan.steps.is_empty() {
        return Err(Error::Usage(
            "nothing in the library is safe for you with that equipment today; see `backrelief session --plan` for what was left out".into(),
        ));
    }
    let opts = run_options(ctx, how, profile.as_ref(), &records, answers_on_stdin(req));
    if !confirm_start(
        ctx,
        lib,
        &plan,
        walk.as_deref(),
        &opts,
        &ctx.style,
        answers_on_stdin(req),
    )? {
        return ctx.print("Not started; nothing was saved. `backrelief session --plan` shows a plan without running it.\n");
    }
    plan.lesson = todays_lesson(lib, &records, ctx.clock.today());
    let started = ctx.clock.now();
    record_flare(store, &plan, started, &past.flares, req.today)?;
    let result = crate::runner::run(&plan, lib, opts)?;
    // Recorded first, before history and any question that a hang-up could
    // cut short.
    let aside = keep_set_aside(ctx, lib, &plan, &result, ctx.style.width);
    // Saved at once, so nothing is lost if the questions below are cut off;
    // the pain score and note are added when given.
    let mut record = Record::new(
        &plan,
        started,
        ctx.clock.now(),
        &result.outcomes,
        result.interrupted,
        None,
        how.note.clone(),
    );
    // The card is kept in the record (it may have shown during a rest);
    // the finish screen shows it only after a session that ran to its end,
    // never after a stop.
    record.lesson = plan.lesson.as_ref().map(|l| l.id.clone());
    let lesson = plan
        .lesson
        .as_ref()
        .filter(|_| !result.interrupted && !result.signalled);
    if let Err(e) = store.append(std::slice::from_ref(&record)) {
        let _ = show_summary(ctx, &record, &result, &plan, &aside);
        return Err(e.prefixed("not saved"));
    }
    let ending = ask_and_amend(ctx, store, &mut record, &result, how, answers_on_stdin(req))?;
    if ending.stop.is_none() && !result.interrupted && record.pain_after.is_some() {
        ask_and_save_felt(ctx, lib, store, &mut record, &plan, &result, how.plain);
    }
    let shown = show_summary(ctx, &record, &result, &plan, &aside).and_then(|()| {
        ctx.print(&format!(
            "Saved to {} (id {}).\n",
            store.path.display(),
            record.id
        ))
    });
    if let Some(stop) = ending.stop {
        // Whoever stopped it may not be reading: only saving mattered.
        return Err(stop);
    }
    shown?;
    if let Some(l) = lesson {
        ctx.print(&format!(
            "\n{}",
            crate::lessons::plan_card(l, ctx.style.width)
        ))?;
    }
    match ending.amended {
        Ok(true) => {}
        Ok(false) => ctx.warn(&format!(
            "note: session {} was deleted before its pain score was saved",
            record.id
        )),
        Err(e) => return Err(e.prefixed("pain score not saved")),
    }
    ask_after_session(ctx, lib, store, &result, req, how)?;
    if result.interrupted {
        return Err(Error::Interrupted(
            "session ended early; what was done is saved".into(),
        ));
    }
    Ok(())
}

/// The weekly function check, after a finished session on a terminal
/// only, in which something was done: never in the way of starting,
/// never after a stop, never after a run where every step was skipped.
fn ask_after_session(
    ctx: &Context,
    lib: &Library,
    store: &Store,
    result: &RunResult,
    req: &SessionRequest,
    how: &RunRequest,
) -> Result<()> {
    if something_done(result)
        && !result.interrupted
        && !result.signalled
        && !answers_on_stdin(req)
        && ctx.stdin_tty
    {
        super::function::ask_if_due(ctx, store, how.plain)?;
        // Only after today's questions were asked here: a run from an
        // answers file (a script, a test) is not asked about walks.
        if asks(req) {
            super::walk::ask_after_session(ctx, lib, store, how.plain)?;
        }
    }
    Ok(())
}

/// Today's answers come from the questionnaire (not a file).
fn asks(req: &SessionRequest) -> bool {
    matches!(req.answers, AnswersSource::Ask)
}

/// Answers read from standard input leave nothing to read more answers
/// from: no question is asked after them.
fn answers_on_stdin(req: &SessionRequest) -> bool {
    matches!(&req.answers, AnswersSource::File(f) if crate::store::stdin::is_stdin(f))
}

/// History as the plan needs it: past sessions and flare days for the
/// planner, and the records and function ratings themselves, or why they
/// could not be read.
struct Past {
    sessions: Vec<PastSession>,
    flares: Vec<NaiveDate>,
    /// An error here is reported only after the red-flag screen.
    records: Result<(Vec<Record>, Vec<crate::record::FunctionRecord>)>,
    /// History as far back as the walking programme looks (further than
    /// the planner), for today's walk; none when it cannot be read.
    walks: Option<Tail>,
}

/// Before any question, a session that cannot be saved is not started, and
/// history that cannot be read stops the command; with an answers file,
/// both wait for the red-flag screen, whose stop is shown whatever state
/// history is in.
fn read_history(
    ctx: &Context,
    store: &Store,
    req: &SessionRequest,
    how: &RunRequest,
) -> Result<Past> {
    if !how.plan_only && asks(req) {
        store.probe()?;
    }
    // Read once (so a damaged or future-dated line is named once), from
    // as far back as the walking programme looks; the plan takes its part.
    let start = crate::planner::history_start(req.today);
    let since = super::walk::since(req.today).min(start);
    match schedule_tail(ctx, store, since, req.today) {
        Ok(walks) => {
            let records: Vec<Record> = walks
                .records
                .iter()
                .filter(|r| r.started.date_naive() >= start)
                .cloned()
                .collect();
            let ratings = walks
                .ratings
                .iter()
                .filter(|f| f.at.date_naive() >= start)
                .cloned()
                .collect();
            let flares: Vec<_> = walks
                .flares
                .iter()
                .filter(|x| x.at.date_naive() >= start)
                .cloned()
                .collect();
            Ok(Past {
                sessions: crate::record::past_sessions(&records),
                flares: crate::record::flare_days(&flares),
                records: Ok((records, ratings)),
                walks: Some(walks),
            })
        }
        Err(e) if asks(req) => Err(e),
        Err(e) => Ok(Past {
            sessions: Vec::new(),
            flares: Vec::new(),
            records: Err(e),
            walks: None,
        }),
    }
}

/// The safety net (see `safety_net`), at the top of the plan's notes on
/// the first session of each week in which it holds.
/// Today's lesson card, chosen before the run so a long rest can show it
/// too: never one shown within the week (`records` are the recent ones).
fn todays_lesson(
    lib: &Library,
    records: &[Record],
    today: chrono::NaiveDate,
) -> Option<crate::planner::LessonCard> {
    let shown: Vec<(chrono::NaiveDate, &str)> = records
        .iter()
        .filter_map(|r| Some((r.started.date_naive(), r.lesson.as_deref()?)))
        .collect();
    crate::lessons::next(lib, &shown, today).map(|l| crate::lessons::for_plan(lib, l))
}

fn safety_net_in_plan(
    plan: &mut Plan,
    records: &[Record],
    ratings: &[crate::record::FunctionRecord],
    today: NaiveDate,
    profile: Option<&Profile>,
) {
    let days: Vec<NaiveDate> = records.iter().map(|r| r.started.date_naive()).collect();
    if crate::safety_net::first_of_week(&days, today) {
        let age = profile.and_then(|p| p.age);
        let advice = crate::progress::safety_net(records, ratings, today, age);
        plan.notes
            .splice(0..0, advice.iter().map(crate::safety_net::Reason::words));
    }
}

/// A flare day is recorded before the run (once a day), so every ladder
/// steps back even if the session is cut short.
fn record_flare(
    store: &Store,
    plan: &Plan,
    at: chrono::DateTime<chrono::FixedOffset>,
    flares: &[NaiveDate],
    today: NaiveDate,
) -> Result<()> {
    let Some(sign) = &plan.flare else {
        return Ok(());
    };
    if flares.contains(&today) {
        return Ok(());
    }
    let stated = matches!(sign, crate::planner::flare::Sign::Stated);
    store
        .append_flare(&crate::record::FlareRecord::new(at, plan.pain, stated))
        .map_err(|e| e.prefixed("flare not saved"))
}

/// Whether any step was done, in full or in part.
fn something_done(result: &RunResult) -> bool {
    result.outcomes.iter().any(|o| {
        matches!(
            o.status,
            crate::record::Status::Done | crate::record::Status::CutShort
        )
    })
}

/// How each exercise family done felt, asked on a terminal once a family
/// (each question optional: Enter skips), saved as its own small record.
/// A failed write is a warning: the session itself is saved.
fn ask_and_save_felt(
    ctx: &Context,
    lib: &Library,
    store: &Store,
    record: &mut Record,
    plan: &Plan,
    result: &RunResult,
    lines: bool,
) {
    if !ctx.stdin_tty {
        return;
    }
    let done: Vec<&str> = plan
        .steps
        .iter()
        .zip(&result.outcomes)
        .filter(|(_, o)| {
            matches!(
                o.status,
                crate::record::Status::Done | crate::record::Status::CutShort
            )
        })
        .map(|(s, _)| s.exercise.as_str())
        .collect();
    let mut prompter = crate::prompt::terminal_with(lines);
    let mut felt = Vec::new();
    for (id, name) in crate::planner::felt_questions(lib, &done) {
        let Ok(answer) = prompter.text(&format!(
            "How did {name} feel? 1 too easy, 2 about right, 3 too hard (Enter to skip)"
        )) else {
            break;
        };
        if let Some(f) = crate::planner::Felt::parse(&answer) {
            felt.push(crate::record::FeltRecord {
                exercise: id,
                felt: f,
            });
        }
    }
    if felt.is_empty() {
        return;
    }
    record.felt = felt.clone();
    if let Err(e) = store.set_felt(&record.id, felt) {
        ctx.warn(&format!("note: how it felt was not saved: {e}"));
    }
}

/// Today's walk for the plan; none when history cannot be read.
fn todays_walk(
    lib: &Library,
    profile: Option<&Profile>,
    walks: Option<&Tail>,
    plan: &Plan,
    today: NaiveDate,
) -> Option<crate::walking::Suggestion> {
    Some(super::walk::for_plan(
        lib,
        profile,
        walks?,
        today,
        plan.flare.is_some(),
    ))
}

/// `session --plan`: the plan as text or JSON, nothing run or saved.
fn show_plan(
    ctx: &Context,
    lib: &Library,
    plan: &Plan,
    walk: Option<&str>,
    json: bool,
    style: &crate::style::Style,
) -> Result<()> {
    if json {
        return ctx.print(&crate::render::json::object(crate::planner::PLAN, plan));
    }
    ctx.print(&crate::render::plan::plan_text(lib, plan, walk, style))
}

/// How the runner shows and sounds: flags first, then the profile. The
/// streak on the finish screen counts this session's day.
fn run_options(
    ctx: &Context,
    how: &RunRequest,
    profile: Option<&Profile>,
    records: &[Record],
    answers_on_stdin: bool,
) -> RunOptions {
    let today = ctx.clock.today();
    let mut days = crate::progress::days(records);
    days.entry(today).or_insert(crate::progress::DailyPain {
        before: 0.0,
        after: None,
    });
    // TERM=dumb cannot draw the full screen either.
    let plain = how.plain || !ctx.stdout_tty || ctx.term_dumb;
    RunOptions {
        plain,
        bell: how
            .bell
            .unwrap_or_else(|| profile.map(Profile::bell).unwrap_or_default()),
        voice: how.voice || profile.is_some_and(|p| p.voice),
        color: ctx.style.color,
        scale: how.time_scale,
        streak: Some(crate::progress::current_streak(&days, today)),
        // Plain mode on a terminal reads commands; piped, nothing waits.
        commands: plain && ctx.stdin_tty && !answers_on_stdin,
    }
}

/// Shows the plan; with a terminal to answer (and answers not read from
/// standard input), asks before starting, so nobody is rushed onto the
/// mat. Plain mode on a terminal (a screen reader, TERM=dumb) asks too; with
/// standard input piped nothing waits. A key typed ahead never answers.
fn confirm_start(
    ctx: &Context,
    lib: &Library,
    plan: &Plan,
    walk: Option<&str>,
    opts: &RunOptions,
    style: &crate::style::Style,
    answers_on_stdin: bool,
) -> Result<bool> {
    let asking = ctx.stdin_tty && !answers_on_stdin;
    let full = crate::render::plan::plan_text(lib, plan, walk, style);
    // On a terminal, a plan taller than the screen would scroll its notes
    // and stop signs away before the question: one screen instead.
    let rows = usize::from(crate::term::screen::size().1);
    if asking && ctx.stdout_tty && full.lines().count() + 3 > rows {
        ctx.print(&crate::render::plan::plan_summary(lib, plan, style))?;
    } else {
        ctx.print(&full)?;
    }
    if opts.voice && !crate::runner::voice_available() {
        // Said now, while the person is still at the screen.
        ctx.warn(crate::runner::NO_VOICE);
    }
    if asking {
        crate::term::discard_typed_ahead();
        let mut ask = crate::prompt::terminal_with(opts.plain);
        return ask.yes_no("\nStart the session now?");
    }
    Ok(true)
}

/// What was done, as the runner's summary, and what was set aside.
fn show_summary(
    ctx: &Context,
    record: &Record,
    result: &RunResult,
    plan: &Plan,
    aside: &str,
) -> Result<()> {
    ctx.print(&crate::render::plan::summary(record, result.elapsed, plan))?;
    ctx.print(aside)
}

/// Records the exercises set aside during the run ("I can't do this one",
/// `x`) in the profile's `avoid` list, as `profile --avoid` does, and says
/// so with the way back. This happens after the run, not during it: the
/// runner stays free of files, and every ending (finished, quit, Ctrl+C, a
/// signal, a hang-up) returns here; only a crash would lose it, and with it
/// the session's own record. Without a profile nothing is kept (making one
/// would skip the first-run questions); a failed write is a warning, never
/// a reason to lose the session's record.
fn keep_set_aside(
    ctx: &Context,
    lib: &Library,
    plan: &Plan,
    result: &RunResult,
    width: usize,
) -> String {
    let steps: Vec<&crate::planner::Step> = result
        .set_aside
        .iter()
        .filter_map(|&i| plan.steps.get(i))
        .collect();
    if steps.is_empty() {
        return String::new();
    }
    let mut ids: Vec<String> = Vec::new();
    for s in &steps {
        if !ids.contains(&s.exercise) {
            ids.push(s.exercise.clone());
        }
    }
    let names: Vec<String> = ids
        .iter()
        .map(|id| {
            let name = lib.exercise(id).map_or(id.as_str(), |e| e.name.as_str());
            crate::layout::sanitise(name).into_owned()
        })
        .collect();
    let kept = match ctx.profile_path() {
        Some(at) => crate::store::profile::avoid(&at, lib, &ids, ctx),
        None => Ok(false),
    };
    let undo = format!("backrelief profile --unavoid {}", ids.join(" --unavoid "));
    let text = match kept {
        Ok(true) => format!(
            "Set aside: {}. It is left out of every plan from now on; to have it back: {undo}",
            names.join(", ")
        ),
        Ok(false) => format!(
            "Set aside for this session only: {}. There is no profile to keep it in yet; once a session has asked the first-run questions, `backrelief profile --avoid {}` leaves it out of every plan.",
            names.join(", "),
            ids.join(" --avoid ")
        ),
        Err(e) => {
            ctx.warn(&format!(
                "note: could not keep what you set aside ({e}); `backrelief profile --avoid {}` does it",
                ids.join(" --avoid ")
            ));
            return String::new();
        }
    };
    crate::layout::wrap(&text, width, "", "")
}

/// How the questions after a run ended: the signal or hang-up that cut the
/// session or the questions short, and whether the answers were saved.
struct Ending {
    stop: Option<Error>,
    /// `Ok(false)`: the session was deleted before its answers were saved.
    amended: Result<bool>,
}

/// After Ctrl+C or a signal the person may be gone: nothing is asked.
/// Otherwise pain now and a note, appended as their own small record (the
/// session line is never rewritten).
fn ask_and_amend(
    ctx: &Context,
    store: &Store,
    record: &mut Record,
    result: &RunResult,
    how: &RunRequest,
    answers_on_stdin: bool,
) -> Result<Ending> {
    if result.signalled {
        // The exit code says which: 128 + the signal; a hang-up is SIGHUP's 129.
        let stop = result
            .signal
            .map(|sig| Error::stopped(sig, result.hung_up, "what was done is saved"));
        return Ok(Ending {
            stop,
            amended: Ok(true),
        });
    }
    if answers_on_stdin {
        ctx.warn(
            "note: pain after the session was not asked, as the answers came from standard input",
        );
        return Ok(Ending {
            stop: None,
            amended: Ok(true),
        });
    }
    let (pain_after, note, stop) = ask_after(ctx, how.note.clone(), how.plain)?;
    let mut amended = Ok(true);
    if pain_after.is_some() || note != record.note {
        record.pain_after = pain_after;
        record.note = note.clone();
        let changed_note = if note != how.note { note } else { None };
        amended = store.set_pain_after(&record.id, pain_after, changed_note);
    }
    Ok(Ending { stop, amended })
}

/// What `ask_after` gathered, and the signal or hang-up that cut it short.
type After = (Option<u8>, Option<String>, Option<Error>);

/// Pain now, and an optional note, asked on the terminal; end of input
/// means "no answer" rather than an error, so the record is still kept. A
/// signal or a closed terminal ends the questions, keeping what was given.
/// `lines` asks as typed lines (`--plain`, `TERM=dumb`).
fn ask_after(ctx: &Context, note: Option<String>, lines: bool) -> Result<After> {
    let interactive = ctx.stdin_tty;
    // Keys pressed during the session are not the answer.
    crate::term::discard_typed_ahead();
    let mut prompter = crate::prompt::terminal_with(lines);
    let pain = match prompter.number(
        "How is your pain now?",
        Some("0 means no pain, 10 the worst pain you can imagine."),
        0,
        10,
    ) {
        Ok(p) => Some(p as u8),
        Err(Error::Interrupted(_)) => None,
        Err(stop @ Error::Stopped { .. }) => return Ok((None, note, Some(stop))),
        Err(e) => return Err(e),
    };
    let note = match note {
        Some(n) => Some(n),
        None if interactive && pain.is_some() => {
            match prompter.text("Anything to remember about today? (Enter to skip)") {
                Ok(n) => {
                    let mut n = Some(n).filter(|n| !n.is_empty());
                    if let Some(chars) = crate::record::cut_note(&mut n) {
                        ctx.warn(&format!(
                            "notice: your note of {chars} characters was cut to the first {}",
                            crate::record::MAX_NOTE_CHARS
                        ));
                    }
                    n
                }
                Err(stop @ Error::Stopped { .. }) => return Ok((pain, None, Some(stop))),
                Err(_) => None,
            }
        }
        None => None,
    };
    Ok((pain, note, None))
}
