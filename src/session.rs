//! `backrelief session`: gather today's answers (from a file or by asking),
//! screen for red flags, plan, then show or run the plan.

use crate::app::{load_library, print};
use crate::assess::{self, Answers, AnswersFile};
use crate::cli::{Global, SessionArgs};
use crate::error::{Error, Result};
use crate::library::{Equipment, Library, Program};
use crate::planner::{self, PastSession, Plan, PlanError, Request};
use crate::profile::{self, Profile};
use crate::prompt::{Given, Outcome};
use crate::style::Style;
use std::io::IsTerminal;
use std::path::Path;

/// Reads an answers file; profile fields it leaves out come from the profile.
pub fn read_answers(lib: &Library, path: &Path, profile: Option<&Profile>) -> Result<Answers> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("cannot read answers file {}: {e}", path.display())))?;
    parse_answers(lib, &path.display().to_string(), &text, profile)
}

/// Parses and checks answers given as YAML text; `shown` names the file.
pub fn parse_answers(
    lib: &Library,
    shown: &str,
    text: &str,
    profile: Option<&Profile>,
) -> Result<Answers> {
    let file: AnswersFile =
        crate::library::from_yaml(text).map_err(|at| Error::Usage(format!("{shown}{at}")))?;
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
            lib.resolve::<Equipment>(n)
                .map(str::to_string)
                .map_err(|s| {
                    crate::browse::unknown("equipment", n, s, "see `backrelief profile --help`")
                })
        })
        .collect()
}

/// Gathers answers, screens for red flags and plans. A red flag is
/// `Err(Error::RedFlag)`, after the advice has been printed.
pub fn prepare(
    args: &SessionArgs,
    lib: &Library,
    history: &[PastSession],
    date: chrono::NaiveDate,
) -> Result<(Plan, Option<Profile>)> {
    let profile_path = profile::path();
    let profile = match &profile_path {
        Some(p) => profile::load(p)?,
        None => None,
    };
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
                brief: args.program.is_some(),
            };
            let mut ask = crate::prompt::terminal();
            match crate::prompt::questionnaire(ask.as_mut(), lib, profile.as_ref(), &given)? {
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
            lib.resolve::<Program>(q)
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
        date,
        program: program.as_deref(),
    })
    .map_err(|e| match e {
        PlanError::UnknownProgram(p) => Error::Usage(format!("no program '{p}'")),
    })?;
    Ok((plan, profile.or(new_profile)))
}

pub fn session(
    global: &Global,
    args: &SessionArgs,
    style: &Style,
    clock: &crate::clock::Clock,
) -> Result<()> {
    let lib = load_library(global, &[])?;
    let store = crate::history::Store::open(global.data_dir.as_ref())?;
    let (records, damaged) = store.read()?;
    for d in &damaged {
        eprintln!("{}:{}: {}", store.path.display(), d.line, d.message);
    }
    let history = crate::history::past_sessions(&records);
    let (plan, profile) = prepare(args, &lib, &history, clock.today())?;
    if args.plan {
        if args.json {
            return print(&crate::render::plan_json(&plan));
        }
        return print(&crate::render::plan_text(&lib, &plan, style));
    }
    if plan.steps.is_empty() {
        return Err(Error::Usage(
            "nothing in the library is safe for you with that equipment today; see `backrelief session --plan` for what was left out".into(),
        ));
    }
    let plain = args.run.plain || !std::io::stdout().is_terminal();
    let quiet = args.run.quiet || profile.as_ref().is_some_and(|p| p.quiet);
    if plain {
        print(&crate::render::plan_text(&lib, &plan, style))?;
    } else if std::io::stdin().is_terminal() {
        // Show the plan first, so nobody is rushed onto the mat.
        print(&crate::render::plan_text(&lib, &plan, style))?;
        let mut ask = crate::prompt::terminal();
        if !ask.yes_no("\nStart the session now?")? {
            return print("Not started; nothing was saved. `backrelief session --plan` shows a plan without running it.\n");
        }
    }
    let started = clock.now();
    let opts = crate::runner::RunOptions {
        plain,
        quiet,
        scale: args.run.time_scale.unwrap_or(1.0),
    };
    let result = crate::runner::run(&plan, &lib, opts)?;
    let ended = clock.now();
    // Saved at once, so nothing is lost if the questions below are cut off;
    // the pain score and note are added when given.
    let mut record = crate::history::Record::new(
        &plan,
        started,
        ended,
        &result.outcomes,
        result.interrupted,
        None,
        args.run.note.clone(),
    );
    let saved = store.append(std::slice::from_ref(&record));
    // After a signal the person may be gone: nothing is asked.
    if saved.is_ok() && !result.signalled {
        let (pain_after, note) = ask_after(args.run.note.clone())?;
        if pain_after.is_some() || note != record.note {
            record.pain_after = pain_after;
            record.note = note;
            store.replace(&record)?;
        }
    }
    print(&summary(&record, result.elapsed, &plan))?;
    saved?;
    print(&format!(
        "Saved to {} (id {}).\n",
        store.path.display(),
        record.id
    ))?;
    if result.interrupted {
        return Err(Error::Interrupted(
            "session ended early; what was done is saved".into(),
        ));
    }
    Ok(())
}

/// Pain now, and an optional note, asked on the terminal; end of input
/// means "no answer" rather than an error, so the record is still kept.
fn ask_after(note: Option<String>) -> Result<(Option<u8>, Option<String>)> {
    let interactive = std::io::stdin().is_terminal();
    let mut prompter = crate::prompt::terminal();
    let pain = match prompter.number(
        "How is your pain now?",
        Some("0 means no pain, 10 the worst pain you can imagine."),
        0,
        10,
    ) {
        Ok(p) => Some(p as u8),
        Err(Error::Interrupted(_)) => None,
        Err(e) => return Err(e),
    };
    let note = match note {
        Some(n) => Some(n),
        None if interactive && pain.is_some() => prompter
            .text("Anything to remember about today? (Enter to skip)")
            .ok()
            .filter(|n| !n.is_empty()),
        None => None,
    };
    Ok((pain, note))
}

/// The closing summary: time, steps done and skipped, pain before and after.
pub fn summary(r: &crate::history::Record, elapsed: std::time::Duration, plan: &Plan) -> String {
    use crate::runner::Status;
    let count = |s: Status| r.steps.iter().filter(|x| x.status == s).count();
    let mut out = format!(
        "\n{} {} of {} planned. {} of {} exercises done",
        if r.interrupted {
            "Stopped early after"
        } else {
            "Session complete:"
        },
        crate::style::duration(elapsed.as_secs() as u32),
        crate::style::duration(plan.seconds_planned),
        count(Status::Done),
        r.steps.len()
    );
    let skipped = count(Status::Skipped);
    let cut = count(Status::CutShort);
    if skipped + cut > 0 {
        out.push_str(&format!(" ({skipped} skipped, {cut} cut short)"));
    }
    out.push_str(".\n");
    match r.pain_after {
        Some(after) => {
            let change = i32::from(after) - i32::from(r.pain_before);
            let words = match change {
                c if c <= -2 => "down by a meaningful amount",
                c if c < 0 => "a little lower",
                0 => "the same",
                c if c >= 2 => {
                    "higher: next time will be gentler, and tell a clinician if it keeps rising"
                }
                _ => "a little higher",
            };
            out.push_str(&format!("Pain {} -> {after} ({words}).\n", r.pain_before));
        }
        None => out.push_str(&format!(
            "Pain before: {}; no pain score after.\n",
            r.pain_before
        )),
    }
    out
}
