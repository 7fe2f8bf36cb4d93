//! `backrelief session`: gather today's answers (from a file or by asking),
//! screen for red flags, plan, then show or run the plan.

use crate::app::{load_library, print};
use crate::assess::{self, Answers, AnswersFile};
use crate::cli::{Global, SessionArgs};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::planner::{self, PastSession, Plan, PlanError, Request};
use crate::profile::{self, Profile};
use crate::prompt::{Given, Outcome, Prompter};
use crate::style::Style;
use std::path::Path;

/// Reads an answers file; profile fields it leaves out come from the profile.
pub fn read_answers(lib: &Library, path: &Path, profile: Option<&Profile>) -> Result<Answers> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("cannot read answers file {shown}: {e}")))?;
    let de = serde_yaml::Deserializer::from_str(&text);
    let file: AnswersFile = serde_path_to_error::deserialize(de)
        .map_err(|e| Error::Usage(format!("{shown}{}", crate::error::yaml_problem(&e))))?;
    let bad = |p: assess::AnswerProblem| Error::Usage(format!("{shown}: {p}"));
    let missing = |field: &str| {
        Error::Usage(format!(
            "{shown}: missing field `{field}` (and there is no profile to take it from; run `backrelief session` once, or add it to the file)"
        ))
    };
    let answers = Answers {
        red_flags: file.red_flags,
        pain: assess::check_pain(file.pain).map_err(bad)?,
        areas: file.areas,
        symptoms: file.symptoms,
        conditions: match (file.conditions, profile) {
            (Some(c), _) => c,
            (None, Some(p)) => p.conditions.clone(),
            (None, None) => return Err(missing("conditions")),
        },
        equipment: match (file.equipment, profile) {
            (Some(c), _) => c,
            (None, Some(p)) => p.equipment.clone(),
            (None, None) => return Err(missing("equipment")),
        },
        minutes: match (file.minutes, profile) {
            (Some(m), _) => assess::check_minutes(m).map_err(bad)?,
            (None, Some(p)) => p.minutes,
            (None, None) => return Err(missing("minutes")),
        },
    };
    assess::validate(lib, &answers).map_err(bad)?;
    Ok(answers)
}

/// Flags on the command line replace single answers.
fn apply_flags(lib: &Library, a: &mut Answers, args: &SessionArgs) -> Result<()> {
    if let Some(p) = args.pain {
        a.pain = p;
    }
    if let Some(m) = args.minutes {
        a.minutes = m;
    }
    if let Some(eq) = &args.equipment {
        a.equipment = resolve_equipment(lib, eq)?;
    }
    Ok(())
}

pub fn resolve_equipment(lib: &Library, names: &[String]) -> Result<Vec<String>> {
    names
        .iter()
        .filter(|n| !n.trim().is_empty() && crate::library::normalize(n) != "none")
        .map(|n| {
            lib.resolve_equipment(n).map(str::to_string).map_err(|s| {
                crate::browse::unknown("equipment", n, s, "see `backrelief profile --help`")
            })
        })
        .collect()
}

/// Gathers answers, screens for red flags and plans. `Ok(None)` never
/// happens: a red flag is `Err(Error::RedFlag)` after printing advice.
pub fn prepare(
    global: &Global,
    args: &SessionArgs,
    lib: &Library,
    history: &[PastSession],
) -> Result<(Plan, Option<Profile>)> {
    let profile_path = profile::path();
    let profile = match &profile_path {
        Some(p) => profile::load(p)?,
        None => None,
    };
    let _ = global;
    let (mut answers, new_profile) = match &args.answers {
        Some(file) => (read_answers(lib, file, profile.as_ref())?, None),
        None => {
            let given = Given {
                pain: args.pain,
                minutes: args.minutes,
                equipment: args
                    .equipment
                    .as_ref()
                    .map(|e| resolve_equipment(lib, e))
                    .transpose()?,
            };
            let stdin = std::io::stdin();
            let mut prompter = Prompter::new(stdin.lock(), std::io::stderr());
            match prompter.questionnaire(lib, profile.as_ref(), &given)? {
                Outcome::Stop(stop) => {
                    print(&assess::red_flag_advice(lib, &stop))?;
                    return Err(Error::RedFlag);
                }
                Outcome::Answers(a, new_profile) => (a, new_profile),
            }
        }
    };
    apply_flags(lib, &mut answers, args)?;
    if let Some(stop) = assess::screen(lib, &answers.red_flags) {
        print(&assess::red_flag_advice(lib, &stop))?;
        return Err(Error::RedFlag);
    }
    if let (Some(p), Some(path)) = (&new_profile, &profile_path) {
        profile::save(path, p)?;
    }
    let opt_in = profile
        .as_ref()
        .or(new_profile.as_ref())
        .map(|p| p.opt_in.clone())
        .unwrap_or_default();
    let program = match &args.program {
        Some(q) => Some(
            lib.resolve_program(q)
                .map_err(|s| crate::browse::unknown("program", q, s, "see `backrelief programs`"))?
                .to_string(),
        ),
        None => None,
    };
    let plan = planner::plan(&Request {
        lib,
        answers: &answers,
        opt_in: &opt_in,
        history,
        date: chrono::Local::now().date_naive(),
        program: program.as_deref(),
    })
    .map_err(|e| match e {
        PlanError::UnknownProgram(p) => Error::Usage(format!("no program '{p}'")),
    })?;
    Ok((plan, profile.or(new_profile)))
}

pub fn session(global: &Global, args: &SessionArgs, style: &Style) -> Result<()> {
    let lib = load_library(global, &[])?;
    let history: Vec<PastSession> = Vec::new();
    let (plan, _profile) = prepare(global, args, &lib, &history)?;
    if args.json {
        return print(&crate::render::plan_json(&plan));
    }
    print(&crate::render::plan_text(&lib, &plan, style))
}
