//! The assessment: today's answers, the red-flag screen, and ranking the
//! likely causes. Pure functions over the library; prompting lives in
//! `prompt`, files in `profile` and `session`.

use crate::library::{Direction, Field, FlagWhen, Library, Text, Tier};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Session length limits, in minutes.
pub const MIN_MINUTES: u32 = 5;
pub const MAX_MINUTES: u32 = 60;
/// Pain at or above this makes a session gentler.
pub const HIGH_PAIN: u8 = 7;
/// Pain at or above this is very severe: a short session of rest positions
/// and breathing, with advice to get help.
pub const SEVERE_PAIN: u8 = 8;

/// Everything the planner needs to know about the person today.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub red_flags: Vec<String>,
    #[schemars(range(max = 10))]
    pub pain: u8,
    pub areas: Vec<String>,
    pub symptoms: Vec<String>,
    pub conditions: Vec<String>,
    pub equipment: Vec<String>,
    pub minutes: u32,
    /// Age in years, when known; some red flags depend on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// Exercises the person has said they cannot do (`profile --avoid`):
    /// left out on every path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
    /// The person says today is a flare (`--flare`, `flare: true`, or yes
    /// to the question when pain jumps), or is not (`flare: false`, or no);
    /// `None`: recognised from the pain alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flare: Option<bool>,
    /// A clinician has looked at the plan (`profile --cleared`): what a
    /// likely cause holds back until then (`until_seen`) no longer applies.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cleared: bool,
}

/// An answers file as written: the profile fields may be left out when a
/// profile exists to fill them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    pub red_flags: Vec<String>,
    pub pain: i64,
    pub areas: Vec<String>,
    pub symptoms: Vec<String>,
    pub conditions: Option<Vec<String>>,
    pub equipment: Option<Vec<String>>,
    pub minutes: Option<i64>,
    pub age: Option<i64>,
    /// `flare: true`: the person says today is a flare; `flare: false`:
    /// it is not, whatever the pain says.
    #[serde(default)]
    pub flare: Option<bool>,
}

/// A problem with one answer, naming its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerProblem {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for AnswerProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "field `{}`: {}", self.field, self.message)
    }
}

pub(crate) fn unknown_ids(
    field: &'static str,
    values: &[String],
    known: &[&str],
    what: &str,
) -> Result<(), AnswerProblem> {
    for v in values {
        if !known.contains(&v.as_str()) {
            let near = crate::library::suggest(v, known.iter().copied());
            return Err(AnswerProblem {
                field,
                message: crate::library::Unknown::new(what, v, near)
                    .hint(format!("expected one of: {}", known.join(", ")))
                    .to_string(),
            });
        }
    }
    Ok(())
}

/// The id of the red flag `given` names (surrounding blanks ignored); on a
/// miss, the closest id if one is close enough to be a typo.
pub fn red_flag_id<'a>(lib: &'a Library, given: &str) -> Result<&'a str, Option<&'a str>> {
    let ids = || lib.red_flags.iter().map(|f| f.id.as_str());
    ids()
        .find(|id| *id == given.trim())
        .ok_or_else(|| crate::library::suggest(given, ids()))
}

/// The choice ids of the question that fills `field`.
pub fn choice_ids(lib: &Library, field: Field) -> Vec<&str> {
    lib.question_for(field)
        .map(|q| q.choices.iter().map(|c| c.id.as_str()).collect())
        .unwrap_or_default()
}

/// Checks every id and range in a set of answers.
pub fn validate(lib: &Library, a: &Answers) -> Result<(), AnswerProblem> {
    let flags: Vec<&str> = lib.red_flags.iter().map(|f| f.id.as_str()).collect();
    unknown_ids("red_flags", &a.red_flags, &flags, "red flag")?;
    check_pain(i64::from(a.pain))?;
    unknown_ids("areas", &a.areas, &choice_ids(lib, Field::Areas), "area")?;
    unknown_ids(
        "symptoms",
        &a.symptoms,
        &choice_ids(lib, Field::Symptoms),
        "symptom",
    )?;
    let conditions: Vec<&str> = lib.conditions.iter().map(|c| c.id.as_str()).collect();
    unknown_ids("conditions", &a.conditions, &conditions, "condition")?;
    let equipment: Vec<&str> = lib.equipment.iter().map(|c| c.id.as_str()).collect();
    unknown_ids("equipment", &a.equipment, &equipment, "equipment")?;
    check_minutes(i64::from(a.minutes))?;
    Ok(())
}

pub fn check_pain(pain: i64) -> Result<u8, AnswerProblem> {
    u8::try_from(pain)
        .ok()
        .filter(|p| *p <= 10)
        .ok_or(AnswerProblem {
            field: "pain",
            message: format!("{pain} is not a pain score; use a whole number from 0 to 10"),
        })
}

/// Ages we accept, in years.
pub const AGES: std::ops::RangeInclusive<u32> = 1..=120;

pub fn check_age(age: i64) -> Result<u32, AnswerProblem> {
    u32::try_from(age)
        .ok()
        .filter(|a| AGES.contains(a))
        .ok_or(AnswerProblem {
            field: "age",
            message: format!(
                "{age} is not an age; use whole years from {} to {}",
                AGES.start(),
                AGES.end()
            ),
        })
}

pub fn check_minutes(minutes: i64) -> Result<u32, AnswerProblem> {
    u32::try_from(minutes)
        .ok()
        .filter(|m| (MIN_MINUTES..=MAX_MINUTES).contains(m))
        .ok_or(AnswerProblem {
            field: "minutes",
            message: format!(
                "{minutes} is out of range; a session is {MIN_MINUTES} to {MAX_MINUTES} minutes"
            ),
        })
}

/// What the red-flag screen decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedFlagStop {
    /// The most serious tier answered yes.
    pub tier: Tier,
    /// The red flags answered yes, in library order.
    pub flags: Vec<String>,
}

/// The red flags that today's answers raise together (osteoporosis and a
/// small fall), which nobody is asked directly.
pub fn raised_flags(lib: &Library, a: &Answers) -> Vec<String> {
    lib.red_flags
        .iter()
        .filter(|f| f.when.as_ref().is_some_and(|w| raises(w, a)))
        .map(|f| f.id.to_string())
        .collect()
}

fn raises(when: &FlagWhen, a: &Answers) -> bool {
    let any = |wanted: &[Text], given: &[String]| {
        wanted.is_empty() || wanted.iter().any(|w| given.iter().any(|g| g == w))
    };
    let old_enough = match when.age_at_least {
        None => true,
        Some(min) => a.age.is_some_and(|age| age >= min),
    };
    let asks_something =
        !when.conditions.is_empty() || !when.symptoms.is_empty() || when.age_at_least.is_some();
    asks_something
        && any(&when.conditions, &a.conditions)
        && any(&when.symptoms, &a.symptoms)
        && old_enough
}

/// The whole screen over today's answers: flags answered yes and flags the
/// answers raise together. A raised flag that a clinician has checked
/// (`checked`, from the profile) stops only when answered yes again, that
/// is, when something is new or worse; the questionnaire asks that. There
/// is no way to turn the screen off.
pub fn screen_answers(lib: &Library, a: &Answers, checked: &[String]) -> Option<RedFlagStop> {
    let mut yes = a.red_flags.clone();
    yes.extend(
        raised_flags(lib, a)
            .into_iter()
            .filter(|f| !checked.contains(f)),
    );
    screen(lib, &yes)
}

/// Any "yes" stops the session. There is no way to turn this off.
pub fn screen(lib: &Library, yes: &[impl AsRef<str>]) -> Option<RedFlagStop> {
    let flags: Vec<&crate::library::RedFlag> = lib
        .red_flags
        .iter()
        .filter(|f| yes.iter().any(|y| y.as_ref() == f.id.as_str()))
        .collect();
    let tier = flags.iter().map(|f| f.tier).min()?;
    Some(RedFlagStop {
        tier,
        flags: flags.iter().map(|f| f.id.to_string()).collect(),
    })
}

/// The advice printed when the screen stops a session.
/// Wrapped at `width` columns.
pub fn red_flag_advice(lib: &Library, stop: &RedFlagStop, width: usize) -> String {
    let mut out = String::from("Please do not exercise today.\n\nYou told us:\n");
    for id in &stop.flags {
        if let Some(f) = lib.red_flags.iter().find(|f| &f.id == id) {
            let said = match (&f.ask, &f.because) {
                (Some(ask), _) => format!("yes to: {ask}"),
                (None, Some(because)) => because.to_string(),
                (None, None) => f.id.to_string(),
            };
            let said = format!("{said} [{}]", f.id);
            out.push_str(&crate::layout::wrap(&said, width, "  - ", "    "));
            out.push_str(&crate::layout::wrap(&f.why, width, "    ", "    "));
        }
    }
    out.push('\n');
    let advice = match stop.tier {
        Tier::Emergency => "EMERGENCY: go to an emergency department now, or call your emergency number (999 in the UK, 911 in the US, 112 in Europe). Do not wait to see if it passes.",
        Tier::Urgent => "URGENT: please see a doctor today. If you cannot, call your non-emergency health line (NHS 111 in the UK) or your doctor's out-of-hours service. If things get worse, go to an emergency department.",
    };
    out.push_str(&crate::layout::wrap(advice, width, "", ""));
    out.push_str(&crate::layout::wrap(
        "These signs need a clinician rather than exercise. backrelief will ask again next time. If a doctor has already checked you for this and said exercise is fine, record it with `backrelief profile --checked ID` (the id in brackets above); from then on you will be asked whether anything is new or worse instead.",
        width,
        "\n",
        "",
    ));
    out
}

/// One cause, ranked, with the answers that point to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RankedCause {
    pub id: String,
    pub score: i32,
    pub because: Vec<String>,
}

/// Ranks causes by the weights of the chosen areas and symptoms, then, when
/// the age is known, by the ages each cause usually comes at: a cause the
/// answers point to gains its age weight inside its range, and one outside
/// its range is not offered at all, however strongly the symptoms point to
/// it (a fifteen-year-old is never told spinal stenosis or joint wear may
/// be behind the pain; the ranges are where the sources place the cause).
/// Age alone never suggests a cause. Ties keep library order so the result
/// is deterministic.
pub fn rank_causes(lib: &Library, a: &Answers) -> Vec<RankedCause> {
    let mut scores: BTreeMap<&str, (i32, Vec<String>)> = BTreeMap::new();
    for (field, chosen) in [(Field::Areas, &a.areas), (Field::Symptoms, &a.symptoms)] {
        let Some(q) = lib.question_for(field) else {
            continue;
        };
        for c in q
            .choices
            .iter()
            .filter(|c| chosen.iter().any(|x| x == &c.id))
        {
            for (cause, w) in &c.weights {
                let entry = scores.entry(cause.as_str()).or_default();
                entry.0 += w;
                if let Some(b) = &c.because {
                    entry.1.push(format!("{b} -> {}", cause_name(lib, cause)));
                }
            }
        }
    }
    let mut ranked: Vec<RankedCause> = lib
        .causes
        .iter()
        .filter_map(|c| {
            let (mut score, mut because) = scores.get(c.id.as_str()).cloned()?;
            if score <= 0 {
                return None;
            }
            if a.age.is_none() && c.age.as_ref().is_some_and(|r| r.needs_age) {
                return None;
            }
            let known = explained_by(lib, &a.conditions, &c.id);
            if let (Some(age), Some(range)) = (a.age, &c.age) {
                if !range.contains(age) {
                    return None;
                }
                score += range.weight;
                // What the age says of a cause nobody has named ("joint
                // wear is commoner from 45") is not said of a known one.
                if known.is_none() {
                    because.push(format!(
                        "age {age}: {} -> {}",
                        range.because,
                        c.name.to_lowercase()
                    ));
                }
            }
            if let Some((condition, _)) = known {
                because.push(format!(
                    "you told us about {} -> {}",
                    condition.name.to_lowercase(),
                    c.name.to_lowercase()
                ));
            }
            (score > 0).then(|| RankedCause {
                id: c.id.to_string(),
                score,
                because,
            })
        })
        .collect();
    ranked.sort_by_key(|c| std::cmp::Reverse(c.score));
    ranked
}

fn cause_name(lib: &Library, id: &str) -> String {
    lib.cause(id)
        .map_or_else(|| id.to_string(), |c| c.name.to_lowercase())
}

/// The conditions today's answers bring for today's plan (`brings`: pain
/// that builds on standing or walking brings standing being hard, with its
/// limit on minutes on the feet), each once, leaving out those declared.
pub fn brought_today(lib: &Library, a: &Answers) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in chosen(lib, a).flat_map(|c| c.brings.iter()) {
        if !a.conditions.iter().any(|x| x == id) && !out.iter().any(|x| x == id) {
            out.push(id.to_string());
        }
    }
    out
}

/// Today's chosen answers to the areas and symptoms questions, areas first.
pub fn chosen<'a>(
    lib: &'a Library,
    a: &'a Answers,
) -> impl Iterator<Item = &'a crate::library::Choice> + 'a {
    [(Field::Areas, &a.areas), (Field::Symptoms, &a.symptoms)]
        .into_iter()
        .filter_map(|(field, chosen)| lib.question_for(field).map(|q| (q, chosen)))
        .flat_map(|(q, chosen)| {
            q.choices
                .iter()
                .filter(move |c| chosen.iter().any(|x| x == &c.id))
        })
}

/// "See a clinician soon" notes from the chosen symptoms. A symptom that
/// points only at causes a condition the person told us about explains
/// (night stiffness with axial spondyloarthritis) does not say "this can
/// be ..., see a doctor soon": the cause's own note for that condition is
/// what applies (`cause_notes`).
pub fn clinician_notes(lib: &Library, a: &Answers) -> Vec<String> {
    let explained = |c: &crate::library::Choice| {
        !c.weights.is_empty()
            && c.weights
                .keys()
                .all(|cause| explained_by(lib, &a.conditions, cause).is_some())
    };
    lib.question_for(Field::Symptoms)
        .map(|q| {
            q.choices
                .iter()
                .filter(|c| a.symptoms.iter().any(|s| s == &c.id))
                .filter(|c| !explained(c))
                .filter_map(|c| c.see_clinician.as_deref().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// How many of the likeliest causes bring their own "see a clinician"
/// note into the plan.
pub const NOTED_CAUSES: usize = 2;

/// "See a clinician" notes of the likeliest causes (inflammatory back pain
/// needs a doctor as well as exercise); for a cause a condition the person
/// told us about (`declared`) explains, that condition's note instead
/// (`explained_by`).
pub fn cause_notes(lib: &Library, declared: &[String], causes: &[RankedCause]) -> Vec<String> {
    causes
        .iter()
        .take(NOTED_CAUSES)
        .filter_map(|c| match explained_by(lib, declared, &c.id) {
            Some((_, note)) => Some(note.to_string()),
            None => lib
                .cause(&c.id)?
                .see_clinician
                .as_deref()
                .map(str::to_string),
        })
        .collect()
}

/// The declared condition (or one it includes) that explains cause `id`,
/// with what to say about it: the first `explained_by` entry that names it.
pub fn explained_by<'a>(
    lib: &'a Library,
    declared: &[String],
    id: &str,
) -> Option<(&'a crate::library::Condition, &'a str)> {
    let cause = lib.cause(id)?;
    if cause.explained_by.is_empty() {
        return None;
    }
    let declared = lib.with_includes(declared);
    cause.explained_by.iter().find_map(|x| {
        declared
            .iter()
            .find(|c| x.conditions.contains(&c.id))
            .map(|c| (*c, x.note.as_str()))
    })
}

/// The direction of movement today's answers say hurts, and by how many
/// points it leads the other way. Each chosen area or symptom may mark
/// bending forward (flexion) or arching back (extension) as irritable, with
/// a weight; the direction with more points is the irritable one, and a tie
/// (worse sitting and worse standing) marks neither.
pub fn irritable_direction(lib: &Library, a: &Answers) -> Option<(Direction, i32)> {
    let mut flexion = 0;
    let mut extension = 0;
    for (field, chosen) in [(Field::Areas, &a.areas), (Field::Symptoms, &a.symptoms)] {
        let Some(q) = lib.question_for(field) else {
            continue;
        };
        for c in q
            .choices
            .iter()
            .filter(|c| chosen.iter().any(|x| x == &c.id))
        {
            for (d, w) in &c.irritable {
                match d {
                    Direction::Flexion => flexion += w,
                    Direction::Extension => extension += w,
                }
            }
        }
    }
    // One tick ("worse sitting") is too little to decide a direction:
    // only a margin of DIRECTION_MARGIN points or more does.
    if flexion - extension >= DIRECTION_MARGIN {
        Some((Direction::Flexion, flexion - extension))
    } else if extension - flexion >= DIRECTION_MARGIN {
        Some((Direction::Extension, extension - flexion))
    } else {
        None
    }
}

/// The points one direction must lead the other by before the plan follows
/// it: a single weak sign (worse sitting, 1 point) never decides alone.
pub const DIRECTION_MARGIN: i32 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_direction_needs_a_margin_of_two_points() {
        let lib = crate::store::library::builtin_library();
        let with = |symptoms: &[&str]| Answers {
            symptoms: symptoms.iter().map(|s| s.to_string()).collect(),
            ..Answers::default()
        };
        // Worse sitting alone is 1 point: not enough to decide.
        assert_eq!(irritable_direction(&lib, &with(&["sitting-worse"])), None);
        assert_eq!(
            irritable_direction(&lib, &with(&["sitting-worse", "bending-worse"])),
            Some((Direction::Flexion, 3))
        );
        assert_eq!(
            irritable_direction(&lib, &with(&["sitting-eases"])).map(|(d, _)| d),
            Some(Direction::Extension)
        );
    }

    fn lib() -> Library {
        crate::store::library::builtin_library()
    }

    #[test]
    fn a_known_diagnosis_is_acknowledged_not_worded_as_unknown() {
        // A cause a declared condition explains (rheumatoid arthritis and
        // morning stiffness, axial spondyloarthritis and night pain) says
        // so, with the condition's note in place of "see a doctor soon" and
        // of what the age says of a cause nobody has named.
        let lib = lib();
        let mut checked = 0;
        for cause in lib.causes.iter().filter(|c| !c.explained_by.is_empty()) {
            let symptoms = lib.choices_toward(Field::Symptoms, &cause.id);
            let age = cause
                .age
                .as_ref()
                .map(|r| r.from.unwrap_or(r.to.unwrap_or(40)));
            for x in cause.explained_by.iter() {
                for condition in x.conditions.iter() {
                    let a = Answers {
                        symptoms: symptoms.clone(),
                        conditions: vec![condition.to_string()],
                        age,
                        ..answers()
                    };
                    let ranked = rank_causes(&lib, &a);
                    let r = ranked
                        .iter()
                        .position(|r| r.id == cause.id)
                        .unwrap_or_else(|| panic!("{} for {condition}", cause.id));
                    let name = lib.condition(condition).unwrap().name.to_lowercase();
                    let because = &ranked[r].because;
                    assert!(
                        because
                            .iter()
                            .any(|b| b.starts_with(&format!("you told us about {name}"))),
                        "{}: {because:?}",
                        cause.id
                    );
                    assert!(
                        because.iter().all(|b| !b.starts_with("age ")),
                        "{because:?}"
                    );
                    let notes = cause_notes(&lib, &a.conditions, &ranked[r..=r]);
                    assert_eq!(notes, vec![x.note.to_string()], "{}", cause.id);
                    // Nor does a symptom pointing only at this cause say
                    // "this can be ..., see a doctor soon".
                    for note in clinician_notes(&lib, &a) {
                        let only_here = lib
                            .question_for(Field::Symptoms)
                            .unwrap()
                            .choices
                            .iter()
                            .filter(|ch| ch.see_clinician.as_deref() == Some(note.as_str()))
                            .all(|ch| ch.weights.keys().all(|k| k == &cause.id));
                        assert!(!only_here, "{} for {condition}: {note}", cause.id);
                    }
                    // Without the condition, the cause speaks as before.
                    let unknown = Answers {
                        conditions: vec![],
                        ..a.clone()
                    };
                    let ranked = rank_causes(&lib, &unknown);
                    let r = ranked.iter().position(|r| r.id == cause.id).unwrap();
                    assert!(ranked[r]
                        .because
                        .iter()
                        .all(|b| !b.starts_with("you told us")));
                    assert_eq!(
                        cause_notes(&lib, &[], &ranked[r..=r]),
                        cause
                            .see_clinician
                            .iter()
                            .map(|n| n.to_string())
                            .collect::<Vec<_>>()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked >= 5, "{checked}");
        // The review's two people, by name.
        let ra = lib.cause("arthritis").unwrap();
        assert!(ra
            .explained_by
            .iter()
            .any(|x| x.conditions.iter().any(|c| c == "rheumatoid-arthritis")));
        let ibp = lib.cause("inflammatory-back-pain").unwrap();
        assert!(ibp
            .explained_by
            .iter()
            .any(|x| x.conditions.iter().any(|c| c == "axial-spondyloarthritis")));
    }

    fn answers() -> Answers {
        Answers {
            pain: 4,
            minutes: 15,
            ..Answers::default()
        }
    }

    #[test]
    fn leg_pain_below_the_knee_ranks_sciatica_first_with_reasons() {
        let lib = lib();
        let a = Answers {
            areas: vec!["leg-below-knee".into(), "buttock".into()],
            symptoms: vec!["shooting-leg-pain".into()],
            ..answers()
        };
        let ranked = rank_causes(&lib, &a);
        assert_eq!(ranked[0].id, "sciatica");
        assert_eq!(ranked[0].score, 7);
        assert!(ranked[0]
            .because
            .contains(&"pain reaches below the knee -> sciatica".to_string()));
    }

    #[test]
    fn age_moves_morning_stiffness_between_arthritis_and_inflammatory_pain() {
        let lib = lib();
        let stiff = Answers {
            areas: vec!["low-back".into()],
            symptoms: vec!["morning-stiffness".into()],
            ..answers()
        };
        let top = |age: Option<u32>| {
            rank_causes(
                &lib,
                &Answers {
                    age,
                    ..stiff.clone()
                },
            )
            .into_iter()
            .map(|c| c.id)
            .collect::<Vec<_>>()
        };
        let young = top(Some(25));
        assert_eq!(young[0], "inflammatory-back-pain", "{young:?}");
        assert!(!young.contains(&"arthritis".to_string()), "{young:?}");
        let old = top(Some(68));
        assert_eq!(old[0], "arthritis", "{old:?}");
        assert!(!old.contains(&"inflammatory-back-pain".to_string()));
        // Without an age, neither is ruled out.
        let unknown = top(None);
        assert!(unknown.contains(&"arthritis".to_string()));
        assert!(unknown.contains(&"inflammatory-back-pain".to_string()));
        // Age alone never suggests a cause.
        let no_stiffness = rank_causes(
            &lib,
            &Answers {
                areas: vec!["low-back".into()],
                age: Some(70),
                ..answers()
            },
        );
        assert!(no_stiffness
            .iter()
            .all(|c| c.id != "arthritis" && c.id != "spinal-stenosis"));
    }

    #[test]
    fn a_teenager_is_never_told_an_age_related_cause_leads() {
        let lib = lib();
        // Every sign of spinal stenosis and of joint wear, at 14 and 15.
        for age in [14, 15] {
            let a = Answers {
                areas: vec!["low-back".into(), "leg-above-knee".into(), "hip".into()],
                symptoms: vec![
                    "walking-worse".into(),
                    "sitting-eases".into(),
                    "standing-worse".into(),
                    "morning-stiffness".into(),
                    "walking-groin-pain".into(),
                    "new-pain-age".into(),
                ],
                age: Some(age),
                ..answers()
            };
            // Without the age, these answers point to both.
            let ageless = rank_causes(
                &lib,
                &Answers {
                    age: None,
                    ..a.clone()
                },
            );
            for id in ["spinal-stenosis", "arthritis"] {
                assert!(ageless.iter().any(|c| c.id == id), "{ageless:?}");
            }
            let ranked = rank_causes(&lib, &a);
            assert!(!ranked.is_empty(), "the symptoms still point somewhere");
            for c in &ranked {
                let range = lib.cause(&c.id).unwrap().age.as_ref();
                assert!(range.is_none_or(|r| r.contains(age)), "{age}: {ranked:?}");
            }
        }
    }

    fn any_answers(lib: &Library) -> impl proptest::strategy::Strategy<Value = Answers> {
        use proptest::prelude::*;
        let areas: Vec<String> = choice_ids(lib, Field::Areas)
            .into_iter()
            .map(String::from)
            .collect();
        let symptoms: Vec<String> = choice_ids(lib, Field::Symptoms)
            .into_iter()
            .map(String::from)
            .collect();
        (
            proptest::sample::subsequence(areas.clone(), 0..=areas.len()),
            proptest::sample::subsequence(symptoms.clone(), 0..=symptoms.len()),
            10u32..=100,
        )
            .prop_map(|(areas, symptoms, age)| Answers {
                areas,
                symptoms,
                age: Some(age),
                ..answers()
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any cause with an age range, any age outside it, any symptoms:
        /// the cause is not offered; inside its range it ranks as its
        /// symptoms and its age weight say.
        #[test]
        fn a_cause_outside_its_age_range_is_never_offered(a in any_answers(&lib())) {
            let lib = lib();
            let age = a.age.unwrap();
            let ranked = rank_causes(&lib, &a);
            for c in &ranked {
                let range = lib.cause(&c.id).unwrap().age.as_ref();
                proptest::prop_assert!(range.is_none_or(|r| r.contains(age)), "{:?}", ranked);
            }
            // Without the age, the same answers offer a superset, except
            // a cause of one age group only (`needs_age`), never offered
            // without a known age.
            let ageless = rank_causes(&lib, &Answers { age: None, ..a.clone() });
            for c in &ranked {
                let needs_age = lib.cause(&c.id).unwrap().age.as_ref().is_some_and(|r| r.needs_age);
                proptest::prop_assert!(needs_age != ageless.iter().any(|x| x.id == c.id));
            }
        }
    }

    #[test]
    fn direction_follows_what_hurts_and_a_tie_marks_none() {
        let lib = lib();
        let with = |symptoms: &[&str]| {
            irritable_direction(
                &lib,
                &Answers {
                    symptoms: symptoms.iter().map(|s| s.to_string()).collect(),
                    ..answers()
                },
            )
            .map(|(d, _)| d)
        };
        assert_eq!(with(&["bending-worse"]), Some(Direction::Flexion));
        assert_eq!(
            with(&["walking-worse", "sitting-eases"]),
            Some(Direction::Extension)
        );
        assert_eq!(with(&["sitting-worse", "standing-worse"]), None);
        assert_eq!(with(&[]), None);
    }

    #[test]
    fn any_red_flag_stops_and_the_worst_tier_wins() {
        let lib = lib();
        assert_eq!(screen(&lib, &[] as &[&str]), None);
        let stop = screen(&lib, &["fever-or-unwell", "saddle-numbness"]).unwrap();
        assert_eq!(stop.tier, Tier::Emergency);
        assert!(red_flag_advice(&lib, &stop, 80).contains("EMERGENCY"));
        let stop = screen(&lib, &["cancer-history"]).unwrap();
        assert_eq!(stop.tier, Tier::Urgent);
        assert!(red_flag_advice(&lib, &stop, 80).contains("see a doctor today"));
    }

    #[test]
    fn validation_names_the_field() {
        let lib = lib();
        let bad = Answers {
            areas: vec!["knee".into()],
            ..answers()
        };
        assert_eq!(validate(&lib, &bad).unwrap_err().field, "areas");
        assert_eq!(check_pain(12).unwrap_err().field, "pain");
        assert_eq!(check_minutes(61).unwrap_err().field, "minutes");
        assert_eq!(check_minutes(5), Ok(5));
        let bad = Answers {
            conditions: vec!["glaucom".into()],
            ..answers()
        };
        let err = validate(&lib, &bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "field `conditions`: unknown condition 'glaucom' — did you mean 'glaucoma'?"
        );
    }

    #[test]
    fn flags_raised_by_answers_together_stop_the_session() {
        let lib = lib();
        let mut a = answers();
        a.symptoms = vec!["recent-injury".into()];
        assert_eq!(
            screen_answers(&lib, &a, &[]),
            None,
            "a strain alone is no red flag"
        );
        a.conditions = vec!["osteoporosis".into()];
        let stop = screen_answers(&lib, &a, &[]).expect("osteoporosis and a strain");
        assert_eq!(
            (stop.tier, stop.flags),
            (Tier::Urgent, vec!["osteoporosis-and-a-strain".to_string()])
        );
        a.conditions.clear();
        a.age = Some(69);
        assert_eq!(screen_answers(&lib, &a, &[]), None);
        a.age = Some(70);
        assert_eq!(
            screen_answers(&lib, &a, &[]).unwrap().flags,
            ["older-age-and-a-fall"]
        );
        let advice = red_flag_advice(&lib, &screen_answers(&lib, &a, &[]).unwrap(), 78);
        assert!(advice.contains("You are 70 or older"), "{advice}");
        assert!(advice.contains("--checked ID"), "{advice}");
        // Checked by a clinician: it stops only if answered yes again.
        let checked = ["older-age-and-a-fall".to_string()];
        assert_eq!(screen_answers(&lib, &a, &checked), None);
        a.red_flags = checked.to_vec();
        assert!(screen_answers(&lib, &a, &checked).is_some());
    }
}
