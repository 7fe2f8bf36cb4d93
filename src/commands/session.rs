//! `backrelief session` and `backrelief run`, read as a straight line:
//! gather answers (a file or the terminal) -> screen red flags and rank
//! causes (core) -> plan (core) -> show, run and save (edges).

use super::Context;
use crate::answers::{self, Overrides};
use crate::assess::{self, RedFlagStop};
use crate::browse::unknown;
use crate::cli::{RunFlags, SessionArgs};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::output::print;
use crate::planner::{self, PastSession, Plan, PlanError, Request};
use crate::profile::Profile;
use crate::prompt::{Given, Outcome};
use crate::record::{Record, StopRecord, StoppedIn};
use crate::store::history::Store;
use crate::store::profile as profile_file;
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where today's answers come from.
#[derive(Clone, Debug)]
pub enum AnswersSource {
    /// A YAML answers file.
    File(PathBuf),
    /// The questionnaire on the terminal.
    Ask,
}

impl AnswersSource {
    /// `--answers FILE` when given, otherwise the questionnaire.
    pub fn from_flag(file: Option<&PathBuf>) -> AnswersSource {
        match file {
            Some(f) => AnswersSource::File(f.clone()),
            None => AnswersSource::Ask,
        }
    }
}

/// What a plan is made from, free of command-line types.
#[derive(Clone, Debug)]
pub struct SessionRequest {
    pub answers: AnswersSource,
    pub program: Option<String>,
    pub overrides: Overrides,
    pub today: NaiveDate,
    /// Typed lines instead of arrow-key prompts (`--plain`).
    pub line_prompts: bool,
}

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

/// The outcome of gathering and checking answers.
pub enum Prepared {
    Plan(Box<Plan>, Option<Profile>),
    Stop(RedFlagStop),
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
            flags.bell.map(bell)
        },
        voice: flags.voice,
        note: flags.note.clone(),
        time_scale: flags.time_scale.unwrap_or(1.0),
    }
}

/// `--bell WHEN` as the profile keeps it.
pub fn bell(when: crate::cli::BellWhen) -> crate::profile::Bell {
    use crate::cli::BellWhen;
    use crate::profile::Bell;
    match when {
        BellWhen::Off => Bell::Off,
        BellWhen::Changes => Bell::Changes,
        BellWhen::Countdown => Bell::Countdown,
    }
}

/// Reads an answers file; profile fields it leaves out come from the profile.
pub fn read_answers(
    lib: &Library,
    path: &Path,
    profile: Option<&Profile>,
) -> Result<assess::Answers> {
    if crate::store::stdin::is_stdin(path) {
        let text = crate::store::stdin::read_text(crate::store::files::MAX_SMALL_FILE_BYTES)
            .map_err(|e| Error::Usage(format!("cannot read the answers: {e}")))?;
        return answers::parse_answers(lib, crate::store::stdin::NAME, text, profile);
    }
    let text = crate::store::files::read_text(path)
        .and_then(|t| t.ok_or_else(|| std::io::ErrorKind::NotFound.into()))
        .map_err(|e| Error::Usage(format!("cannot read answers file {}: {e}", path.display())))?;
    answers::parse_answers(lib, &path.display().to_string(), &text, profile)
}

/// A profile that cannot be read never keeps the red-flag screen from
/// running: the answers file's red flags are judged, or every red-flag
/// question asked (none counts as checked by a clinician, as the profile
/// that says so is unreadable), and only then is the profile's problem
/// reported.
fn screen_before(lib: &Library, req: &SessionRequest, problem: Error) -> Result<Prepared> {
    let stop = match &req.answers {
        AnswersSource::File(file) => read_answers(lib, file, None)
            .ok()
            .and_then(|a| assess::screen_answers(lib, &a, &[])),
        AnswersSource::Ask => {
            let mut ask = crate::prompt::terminal_with(req.line_prompts);
            crate::prompt::red_flag_screen(ask.as_mut(), lib, None)?
        }
    };
    match stop {
        Some(stop) => Ok(Prepared::Stop(stop)),
        None => Err(problem),
    }
}

/// Gathers answers, screens for red flags and plans. Nothing is printed:
/// a red flag comes back as `Prepared::Stop` for the caller to show.
pub fn prepare(lib: &Library, req: &SessionRequest, history: &[PastSession]) -> Result<Prepared> {
    // Every id given on the command line is checked before anything is
    // asked, so a typo costs no answers.
    let program = match &req.program {
        Some(q) => Some(
            lib.resolve::<crate::library::Program>(q)
                .map_err(|s| unknown("program", q, s, "see `backrelief programs`"))?
                .to_string(),
        ),
        None => None,
    };
    let profile_path = profile_file::path();
    let profile = match profile_file::load_from(profile_path.as_deref(), lib) {
        Ok(p) => p,
        Err(e) => return screen_before(lib, req, e),
    };
    let (mut answers, new_profile) = match &req.answers {
        AnswersSource::File(file) => (read_answers(lib, file, profile.as_ref())?, None),
        AnswersSource::Ask => {
            let given = Given {
                pain: req.overrides.pain,
                minutes: req.overrides.minutes,
                equipment: req
                    .overrides
                    .equipment
                    .as_ref()
                    .map(|e| answers::resolve_equipment(lib, e))
                    .transpose()?,
                brief: req.program.is_some(),
            };
            let mut ask = crate::prompt::terminal_with(req.line_prompts);
            match crate::prompt::questionnaire(ask.as_mut(), lib, profile.as_ref(), &given)? {
                Outcome::Stop(stop) => return Ok(Prepared::Stop(stop)),
                Outcome::Answers(a, new_profile) => (a, new_profile),
            }
        }
    };
    answers::apply(lib, &mut answers, &req.overrides)?;
    let checked: Vec<String> = profile
        .as_ref()
        .or(new_profile.as_ref())
        .map(|p| p.checked.iter().map(|c| c.flag.clone()).collect())
        .unwrap_or_default();
    if let Some(stop) = assess::screen_answers(lib, &answers, &checked) {
        return Ok(Prepared::Stop(stop));
    }
    if let (Some(p), Some(path)) = (&new_profile, &profile_path) {
        profile_file::save(path, p)?;
    }
    let opt_in = profile
        .as_ref()
        .or(new_profile.as_ref())
        .map(|p| p.opt_in.clone())
        .unwrap_or_default();
    let plan = planner::plan(&Request {
        lib,
        answers: &answers,
        opt_in: &opt_in,
        history,
        date: req.today,
        program: program.as_deref(),
    })
    .map_err(|e| match e {
        PlanError::UnknownProgram(p) => Error::Usage(format!("no program '{p}'")),
    })?;
    Ok(Prepared::Plan(Box::new(plan), new_profile.or(profile)))
}

/// Shows a red-flag stop (the advice, or for `--plan --json` the JSON
/// document), then records it in history so the report can show it. The
/// advice is printed first, so the write never hides or delays it; a write
/// that fails is a warning, and the exit code stays the red flag's.
/// `session`, `session --plan`, `run` and `sheet --answers` all stop here.
pub fn stopped(
    ctx: &Context,
    lib: &Library,
    store: &Store,
    s: &RedFlagStop,
    by: StoppedIn,
    json: bool,
) -> Error {
    let shown = if json {
        stop_json(lib, s)
    } else {
        stop(lib, s, ctx.style.width)
    };
    if let Err(e) = store.append_stop(&StopRecord::new(ctx.clock.now(), s, by)) {
        crate::output::warn(&format!(
            "note: this red-flag stop was not recorded in history: {e}"
        ));
    }
    shown
}

/// Shows the red-flag advice; the error carries the exit code.
fn stop(lib: &Library, stop: &RedFlagStop, width: usize) -> Error {
    // The advice matters more than the exit code; a failed write still
    // exits as a red flag.
    let _ = print(&assess::red_flag_advice(lib, stop, width));
    Error::RedFlag
}

/// The red-flag stop as JSON, for `--plan --json`: a script reading the
/// plan gets a document it can parse, and the same exit code.
fn stop_json(lib: &Library, stop: &RedFlagStop) -> Error {
    #[derive(serde::Serialize)]
    struct Stopped<'a> {
        stopped: bool,
        tier: crate::library::Tier,
        flags: &'a [String],
        advice: String,
    }
    let body = Stopped {
        stopped: true,
        tier: stop.tier,
        flags: &stop.flags,
        advice: assess::red_flag_advice(lib, stop, usize::MAX),
    };
    let _ = print(&crate::render::json::object(
        crate::render::json::STOP,
        &body,
    ));
    Error::RedFlag
}

fn session(ctx: &Context, req: &SessionRequest, how: &RunRequest, by: StoppedIn) -> Result<()> {
    let lib = ctx.library()?;
    let store = ctx.history()?;
    let asks = matches!(req.answers, AnswersSource::Ask);
    // Answers read from standard input leave nothing to read more answers
    // from: no question is asked after them.
    let answers_on_stdin =
        matches!(&req.answers, AnswersSource::File(f) if crate::store::stdin::is_stdin(f));
    if !how.plan_only && asks {
        // Before any question: a session that cannot be saved is not started.
        store.probe()?;
    }
    // History that cannot be read stops the command before any question;
    // with an answers file, only after the red-flag screen, whose stop is
    // shown whatever state history is in.
    let read = match store.read_since(crate::planner::history_start(req.today)) {
        Err(e) if asks => return Err(e),
        read => read,
    };
    let history = match &read {
        Ok((records, damaged)) => {
            super::report_damaged(&store.path, damaged);
            crate::record::past_sessions(records)
        }
        Err(_) => Vec::new(),
    };
    let (plan, profile) = match prepare(lib, req, &history)? {
        Prepared::Plan(plan, profile) => (*plan, profile),
        Prepared::Stop(s) => {
            let json = how.plan_only && how.json;
            return Err(stopped(ctx, lib, &store, &s, by, json));
        }
    };
    let (records, _) = read?;
    if !how.plan_only && !asks {
        // An answers file asks nothing, so the probe waits for the red-flag
        // screen: a stop is shown even where history cannot be saved.
        store.probe()?;
    }
    let style = &ctx.style;
    if how.plan_only {
        if how.json {
            return print(&crate::render::plan::plan_json(&plan));
        }
        return print(&crate::render::plan::plan_text(lib, &plan, style));
    }
    if plan.steps.is_empty() {
        return Err(Error::Usage(
            "nothing in the library is safe for you with that equipment today; see `backrelief session --plan` for what was left out".into(),
        ));
    }
    // TERM=dumb cannot draw the full screen either.
    let plain = how.plain || !std::io::stdout().is_terminal() || crate::style::dumb_terminal();
    let bell = how
        .bell
        .unwrap_or_else(|| profile.as_ref().map(Profile::bell).unwrap_or_default());
    let voice = how.voice || profile.as_ref().is_some_and(|p| p.voice);
    if plain {
        print(&crate::render::plan::plan_text(lib, &plan, style))?;
    } else if std::io::stdin().is_terminal() && !answers_on_stdin {
        // Show the plan first, so nobody is rushed onto the mat.
        print(&crate::render::plan::plan_text(lib, &plan, style))?;
        let mut ask = crate::prompt::terminal_with(plain);
        if !ask.yes_no("\nStart the session now?")? {
            return print("Not started; nothing was saved. `backrelief session --plan` shows a plan without running it.\n");
        }
    }
    let started = ctx.clock.now();
    // The streak on the finish screen counts this session's day.
    let streak = {
        let mut days = crate::progress::days(&records);
        days.entry(ctx.clock.today())
            .or_insert(crate::progress::Day {
                before: 0.0,
                after: None,
            });
        crate::progress::current_streak(&days, ctx.clock.today())
    };
    let opts = crate::runner::RunOptions {
        plain,
        bell,
        voice,
        color: style.color,
        scale: how.time_scale,
        streak: Some(streak),
    };
    let result = crate::runner::run(&plan, lib, opts)?;
    let ended = ctx.clock.now();
    // Saved at once, so nothing is lost if the questions below are cut off;
    // the pain score and note are added when given.
    let mut record = Record::new(
        &plan,
        started,
        ended,
        &result.outcomes,
        result.interrupted,
        None,
        how.note.clone(),
    );
    let saved = store.append(std::slice::from_ref(&record));
    let mut amended = Ok(true);
    // A signal or a closed terminal ended the run: nothing is asked, and the
    // exit code says which (128 + the signal; a hang-up is SIGHUP's 129).
    let mut stopped = result
        .signal
        .map(|sig| Error::stopped(sig, result.hung_up, "what was done is saved"));
    // After Ctrl+C or a signal the person may be gone: nothing is asked.
    if saved.is_ok() && !result.signalled && answers_on_stdin {
        crate::output::warn(
            "note: pain after the session was not asked, as the answers came from standard input",
        );
    } else if saved.is_ok() && !result.signalled {
        let (pain_after, note, stop) = ask_after(how.note.clone(), how.plain)?;
        if pain_after.is_some() || note != record.note {
            record.pain_after = pain_after;
            record.note = note.clone();
            // Appended as its own small record: the session line is never rewritten.
            let changed_note = if note != how.note { note } else { None };
            amended = store.set_pain_after(&record.id, pain_after, changed_note);
        }
        stopped = stop;
    }
    let summary = print(&crate::render::plan::summary(
        &record,
        result.elapsed,
        &plan,
    ));
    if let Some(stop) = stopped {
        // Whoever stopped it may not be reading: only saving matters now.
        saved.map_err(|e| e.prefixed("not saved"))?;
        let _ = print(&format!(
            "Saved to {} (id {}).\n",
            store.path.display(),
            record.id
        ));
        return Err(stop);
    }
    summary?;
    saved.map_err(|e| e.prefixed("not saved"))?;
    print(&format!(
        "Saved to {} (id {}).\n",
        store.path.display(),
        record.id
    ))?;
    match amended {
        Ok(true) => {}
        Ok(false) => crate::output::warn(&format!(
            "note: session {} was deleted before its pain score was saved",
            record.id
        )),
        Err(e) => return Err(e.prefixed("pain score not saved")),
    }
    // The weekly function check, after a finished session on a terminal
    // only: never in the way of starting, never after a stop.
    if !result.interrupted
        && !result.signalled
        && !answers_on_stdin
        && std::io::stdin().is_terminal()
    {
        super::function::ask_if_due(ctx, &store, how.plain)?;
    }
    if result.interrupted {
        return Err(Error::Interrupted(
            "session ended early; what was done is saved".into(),
        ));
    }
    Ok(())
}

/// What `ask_after` gathered, and the signal or hang-up that cut it short.
type After = (Option<u8>, Option<String>, Option<Error>);

/// Pain now, and an optional note, asked on the terminal; end of input
/// means "no answer" rather than an error, so the record is still kept. A
/// signal or a closed terminal ends the questions, keeping what was given.
/// `lines` asks as typed lines (`--plain`, `TERM=dumb`).
fn ask_after(note: Option<String>, lines: bool) -> Result<After> {
    let interactive = std::io::stdin().is_terminal();
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
                Ok(n) => Some(n).filter(|n| !n.is_empty()),
                Err(stop @ Error::Stopped { .. }) => return Ok((pain, None, Some(stop))),
                Err(_) => None,
            }
        }
        None => None,
    };
    Ok((pain, note, None))
}
