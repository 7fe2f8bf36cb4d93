//! Checking in: today's answers (a file or the questionnaire), the
//! red-flag screen and the plan, shared by `session`, `run` and `sheet`;
//! and the red-flag stop, shown and recorded the same way by each of them.

use super::context::Context;
use crate::answers::{self, Overrides};
use crate::assess::{self, RedFlagStop};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::library::Unknown;
use crate::planner::{self, PastSession, Plan, PlanError, Request};
use crate::profile::Profile;
use crate::prompt::{Given, Outcome};
use crate::record::{StopRecord, StoppedIn};
use crate::store::profile as profile_file;
use chrono::NaiveDate;
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

/// The outcome of gathering and checking answers.
pub enum Prepared {
    Plan(Box<Plan>, Option<Box<Profile>>),
    Stop(RedFlagStop),
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
pub fn prepare(
    ctx: &Context,
    lib: &Library,
    req: &SessionRequest,
    history: &[PastSession],
    flares: &[NaiveDate],
) -> Result<Prepared> {
    // Every id given on the command line is checked before anything is
    // asked, so a typo costs no answers.
    let program = match &req.program {
        Some(q) => Some(
            lib.resolve::<crate::library::Program>(q)
                .map_err(|s| Unknown::given("program", q, s).hint("see `backrelief programs`"))?
                .to_string(),
        ),
        None => None,
    };
    let profile_path = ctx.profile_path();
    let profile = match ctx.profile(lib) {
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
    if matches!(req.answers, AnswersSource::Ask)
        && answers.flare.is_none()
        && answers.pain < assess::SEVERE_PAIN
        && planner::flare::recognise(answers.pain, history, req.today).is_some()
    {
        // The pain jumped: the person says whether this is a flare.
        let mut ask = crate::prompt::terminal_with(req.line_prompts);
        answers.flare = Some(ask.yes_no(&format!(
            "Your pain is {} today, well above your usual. Is this a flare-up?",
            answers.pain
        ))?);
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
        flares,
        date: req.today,
        program: program.as_deref(),
    })
    .map_err(|e| match e {
        PlanError::UnknownProgram(p) => Error::Usage(format!("no program '{p}'")),
    })?;
    Ok(Prepared::Plan(
        Box::new(plan),
        new_profile.or(profile).map(Box::new),
    ))
}

/// Shows a red-flag stop (the advice, or for `--plan --json` the JSON
/// document), then records it in history so the report can show it. The
/// advice is printed first, so the write never hides or delays it; a write
/// that fails is a warning, and the exit code stays the red flag's.
/// `session`, `session --plan`, `run` and `sheet --answers` all stop here.
/// `width` is the advice's, `at` when the stop happened.
pub fn stopped(
    ctx: &Context,
    lib: &Library,
    s: &RedFlagStop,
    by: StoppedIn,
    json: bool,
    width: usize,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> Error {
    let shown = if json {
        stop_json(ctx, lib, s)
    } else {
        stop(ctx, lib, s, width)
    };
    let record = StopRecord::new(at, s.tier, &s.flags, by);
    if let Err(e) = ctx.history().and_then(|store| store.append_stop(&record)) {
        ctx.warn(&format!(
            "note: this red-flag stop was not recorded in history: {e}"
        ));
    }
    shown
}

/// Shows the red-flag advice; the error carries the exit code.
fn stop(ctx: &Context, lib: &Library, stop: &RedFlagStop, width: usize) -> Error {
    // The advice matters more than the exit code; a failed write still
    // exits as a red flag.
    let _ = ctx.print(&assess::red_flag_advice(lib, stop, width));
    Error::RedFlag
}

/// The red-flag stop as JSON, for `--plan --json`: a script reading the
/// plan gets a document it can parse, and the same exit code.
fn stop_json(ctx: &Context, lib: &Library, stop: &RedFlagStop) -> Error {
    let body = crate::views::StopJson {
        stopped: true,
        tier: stop.tier,
        flags: &stop.flags,
        advice: assess::red_flag_advice(lib, stop, usize::MAX),
    };
    let _ = ctx.print(&crate::render::json::object(crate::views::STOP, &body));
    Error::RedFlag
}
