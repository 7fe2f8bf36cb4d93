//! Today's answers given as a file: parsed, checked against the library,
//! completed from the profile, and adjusted by command-line overrides.

use crate::assess::{self, Answers, AnswersFile};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::profile::{Profile, CAREFUL_DEFAULT};

/// Single answers replaced from the command line (`--pain`, `--minutes`,
/// `--equipment`).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub pain: Option<u8>,
    pub minutes: Option<u32>,
    pub equipment: Option<Vec<String>>,
    /// `--flare`: today is a flare.
    pub flare: bool,
}

/// Only the red flags of an answers file, read before anything else.
#[derive(serde::Deserialize)]
struct RedFlagsOnly {
    #[serde(default)]
    red_flags: Vec<String>,
}

/// Parses and checks answers given as YAML text; `shown` names the file.
pub fn parse_answers(
    lib: &Library,
    shown: &str,
    text: &str,
    profile: Option<&Profile>,
) -> Result<Answers> {
    let bad = |p: assess::AnswerProblem| Error::Usage(format!("{shown}: {p}"));
    // A yes to a red flag decides the day whatever else the file gets
    // wrong: a missing field or a bad pain score must not hide it.
    if let Ok(flags) = crate::library::from_yaml::<RedFlagsOnly>(text) {
        let known: Vec<&str> = lib.red_flags.iter().map(|f| f.id.as_str()).collect();
        assess::unknown_ids("red_flags", &flags.red_flags, &known, "red flag").map_err(bad)?;
        if !flags.red_flags.is_empty() {
            return Ok(Answers {
                red_flags: flags.red_flags,
                ..Answers::default()
            });
        }
    }
    let file: AnswersFile =
        crate::library::from_yaml(text).map_err(|at| Error::Usage(format!("{shown}{at}")))?;
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
            (None, Some(p)) => p.conditions_today(),
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
        age: match (file.age, profile) {
            (Some(a), _) => Some(assess::check_age(a).map_err(bad)?),
            (None, Some(p)) => p.age,
            (None, None) => None,
        },
        avoid: profile.map(|p| p.avoid.clone()).unwrap_or_default(),
        flare: file.flare,
        cleared: profile.is_some_and(|p| p.cleared.is_some()),
    };
    // Spellings of a condition or an equipment id mean what they mean in
    // the profile; an unknown one is refused, never ignored.
    let ids = |p: crate::profile::ProfileProblem| Error::Usage(format!("{shown}: {}", p.message));
    let mut answers = answers;
    // A name backrelief does not know brings the careful default, unless
    // the profile records a clinician's clearance.
    let (mut conditions, unlisted) =
        crate::profile::conditions_in_own_words(lib, "conditions", &answers.conditions)
            .map_err(ids)?;
    let cleared = profile.is_some_and(|p| p.cleared.is_some());
    if !unlisted.is_empty() && !cleared && !conditions.iter().any(|c| c == CAREFUL_DEFAULT) {
        conditions.push(CAREFUL_DEFAULT.to_string());
    }
    if cleared {
        conditions.retain(|c| c != CAREFUL_DEFAULT);
    }
    answers.conditions = conditions;
    answers.equipment =
        crate::profile::normalise_equipment(lib, &answers.equipment).map_err(ids)?;
    assess::validate(lib, &answers).map_err(bad)?;
    Ok(answers)
}

/// Overrides replace single answers.
pub fn apply(lib: &Library, a: &mut Answers, overrides: &Overrides) -> Result<()> {
    if let Some(p) = overrides.pain {
        a.pain = p;
    }
    if let Some(m) = overrides.minutes {
        a.minutes = m;
    }
    if overrides.flare {
        a.flare = Some(true);
    }
    if let Some(eq) = &overrides.equipment {
        a.equipment = resolve_equipment(lib, eq)?;
    }
    Ok(())
}

/// Equipment names, ids or aliases to ids; `none` and blanks mean nothing.
pub fn resolve_equipment(lib: &Library, names: &[String]) -> Result<Vec<String>> {
    names
        .iter()
        .filter(|n| !crate::profile::means_no_equipment(n))
        .map(|n| {
            lib.resolve::<crate::library::Equipment>(n)
                .map(str::to_string)
                .map_err(|s| {
                    Error::from(
                        crate::library::Unknown::given("equipment", n, s)
                            .hint("see `backrelief profile --help`"),
                    )
                })
        })
        .collect()
}
