//! The profile: what a person told us once (conditions, equipment, usual
//! session length) so daily runs ask only about today.

use crate::library::{Equipment, Exercise, Library, Lookup};
use serde::{Deserialize, Serialize};

pub const PROFILE_VERSION: u32 = 1;

// Fields this version does not know are kept in `extra` rather than
// refused, so a profile a newer backrelief wrote still works here, with a
// warning (`Profile::unknown_fields`); the JSON Schema still describes
// only the known ones (`profile --json` shows only those). A plain comment:
// a doc comment would become the schema's description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Profile {
    pub version: u32,
    #[serde(default)]
    pub conditions: Vec<String>,
    #[serde(default)]
    pub equipment: Vec<String>,
    pub minutes: u32,
    /// Age in years, asked once; some red flags depend on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// Red flags a clinician has checked, and when: these are asked as
    /// "anything new or worse since then?".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checked: Vec<Checked>,
    /// Opt-in exercises (such as inversion) a clinician has cleared.
    #[serde(default)]
    pub opt_in: Vec<String>,
    /// No bell during sessions.
    #[serde(default)]
    pub quiet: bool,
    /// When the bell rings (unless `quiet`); absent: at changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bell: Option<Bell>,
    /// Spoken cues during sessions.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub voice: bool,
    /// Conditions named in the person's own words that backrelief does not
    /// know: kept as written, and until a clinician has looked (`cleared`)
    /// they bring the careful default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unlisted: Vec<String>,
    /// A clinician has looked at the plan for the unlisted conditions:
    /// what they said, and when (`profile --cleared TEXT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared: Option<Cleared>,
    /// Exercises the person cannot do: left out on every path, like a rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avoid: Vec<String>,
    /// Whether the first-session questions (health conditions, what is
    /// hard, equipment, age) have been asked. A profile made by the
    /// `profile` command before any session has not, and its first
    /// session asks them; see `questions_asked()` for older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions_asked: Option<bool>,
    /// Fields a newer backrelief wrote, by name, kept as they were and
    /// written back when this version saves the profile.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// Fields of a profile (or of one of its entries) that a newer backrelief
/// wrote and this version does not know, by name, kept as they were.
pub type Extra = std::collections::BTreeMap<String, crate::library::YamlValue>;

/// A clinician's word on the careful default, and the day it was recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Cleared {
    pub text: String,
    pub on: chrono::NaiveDate,
    /// A newer backrelief's fields, kept as they were.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

impl Cleared {
    pub fn new(text: String, on: chrono::NaiveDate) -> Cleared {
        Cleared {
            text,
            on,
            extra: Extra::new(),
        }
    }
}

/// The condition that stands for one backrelief does not know (the
/// "something else" of the checklist): the careful default's rules.
pub const CAREFUL_DEFAULT: &str = "careful-default";

impl Profile {
    /// Whether the careful default applies: a condition backrelief does not
    /// know was named (or "something else" ticked) and no clinician's
    /// clearance has been recorded since.
    pub fn careful_default(&self) -> bool {
        self.cleared.is_none()
            && (!self.unlisted.is_empty() || self.conditions.iter().any(|c| c == CAREFUL_DEFAULT))
    }

    /// The condition ids a plan uses: the declared ones, with the careful
    /// default's exactly when it applies.
    pub fn conditions_today(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .conditions
            .iter()
            .filter(|c| *c != CAREFUL_DEFAULT)
            .cloned()
            .collect();
        if self.careful_default() {
            out.push(CAREFUL_DEFAULT.to_string());
        }
        out
    }
}

/// What a person's own name for a condition (or for something that is hard
/// for them) means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Named {
    /// An id, name or alias, as written or after a lead-in such as "I have".
    Known(String),
    /// No exact name, but a longer phrase ("34 weeks pregnant", "RA in my
    /// wrists") holding these conditions' names as whole words: all apply.
    Within(Vec<String>),
    /// A small slip from a known name: confirm or refuse, never guess.
    Typo(String),
    /// Far from every name: recorded, and the careful default applies.
    Unknown,
}

/// Lead-ins people put before a name: "I have vertigo", "my knees".
const LEAD_INS: [&str; 7] = [
    "i-have-", "ive-got-", "i-had-", "have-", "had-", "my-", "a-",
];

/// Matches `text` against every condition's id, name and aliases. A typo is
/// a near spelling of one name (a few letters in a long word), never a
/// different word that happens to look alike: osteoarthritis is not a typo
/// of osteoporosis, so it is not suggested as one.
pub fn name_condition(lib: &Library, text: &str) -> Named {
    let wanted = crate::library::normalize(text);
    let names = condition_names(lib);
    let mut tries = vec![wanted.clone()];
    for lead in LEAD_INS {
        if let Some(rest) = wanted.strip_prefix(lead) {
            tries.push(rest.to_string());
        }
    }
    for t in &tries {
        // An id always means itself, before any other entry's alias.
        if let Some(c) = lib.conditions.iter().find(|c| c.id.as_str() == t) {
            return Named::Known(c.id.to_string());
        }
        if let Some((_, id)) = names.iter().find(|(n, _)| n == t) {
            return Named::Known(id.to_string());
        }
    }
    let within = names_within(&wanted, &names);
    if !within.is_empty() {
        return Named::Within(within);
    }
    let mut best: Option<(usize, &str)> = None;
    for t in &tries {
        for (n, id) in &names {
            // An abbreviation is never a typo of another: TKR is not THR
            // with a slip of the finger, it is a different joint.
            if n.chars().filter(|c| c.is_alphanumeric()).count() < 5 {
                continue;
            }
            let d = crate::library::edit_distance(t, n);
            let allowed = (n.chars().count() / 4).clamp(1, 3);
            if d <= allowed && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, id));
            }
        }
    }
    match best {
        Some((_, id)) => Named::Typo(id.to_string()),
        None => Named::Unknown,
    }
}

/// Every condition's id, name and aliases, normalised, with its id.
fn condition_names(lib: &Library) -> Vec<(String, &str)> {
    let mut names = Vec::new();
    for c in lib.conditions.iter() {
        for n in std::iter::once(c.id.as_str())
            .chain(std::iter::once(c.name.as_str()))
            .chain(c.aliases.iter().map(|a| a.as_str()))
        {
            names.push((crate::library::normalize(n), c.id.as_str()));
        }
    }
    names
}

/// Words that say when, how much or who, never what: a phrase whose other
/// words all belong to known names was read whole.
const FILLER_WORDS: &str = "\
    i im ive me my a an the and or with of in on at to for from since ago last this that it \
    its is am was were be been have has had having got get do dont did can cant cannot not \
    no t s still also plus but so very quite really bit little some mild bad badly both left \
    right side sides one two few several year years month months week weeks day days now \
    pain painful sore problem problems trouble recently recent past old new diagnosed told \
    think probably maybe after before when during ongoing long term time times just about \
    over under yesterday today";

/// The words of `text` that no condition's name covers and that say more
/// than when or how much ("severe obesity" in "severe obesity, I can't lie
/// flat"). Such a phrase was only partly understood, so it is kept for the
/// careful default as well: nothing a person tells us is dropped unread.
pub fn unread_words(lib: &Library, text: &str) -> Vec<String> {
    let phrase = crate::library::normalize(text);
    let said = words(&phrase);
    let names = condition_names(lib);
    let mut taken = vec![false; said.len()];
    for (n, _) in &names {
        let w = words(n);
        if w.is_empty() || w.len() > said.len() {
            continue;
        }
        for start in 0..=said.len() - w.len() {
            if said[start..start + w.len()] == w[..] {
                taken[start..start + w.len()]
                    .iter_mut()
                    .for_each(|t| *t = true);
            }
        }
    }
    said.iter()
        .zip(&taken)
        .filter(|(w, taken)| {
            !**taken
                && !FILLER_WORDS.split_whitespace().any(|f| f == **w)
                && !w.chars().all(|c| c.is_ascii_digit())
        })
        .map(|(w, _)| w.to_string())
        .collect()
}

/// The names of conditions found in a phrase, for telling the person what
/// was recognised: "Pregnancy; Knee pain".
pub fn recognised(lib: &Library, ids: &[String]) -> String {
    ids.iter()
        .map(|id| lib.condition(id).map_or(id.as_str(), |c| c.name.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Words of a normalised name, split at anything not a letter or digit.
fn words(normalised: &str) -> Vec<&str> {
    normalised
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The conditions whose names occur in `phrase` as whole words, longest
/// names first and never overlapping ("rheumatoid arthritis" is not also
/// "arthritis"). Names of fewer than three letters ("as", "ra") and the
/// careful default's own names count only when they are the whole phrase:
/// inside a sentence they are ordinary words.
fn names_within(phrase: &str, names: &[(String, &str)]) -> Vec<String> {
    let said = words(phrase);
    let mut candidates: Vec<(Vec<&str>, &str)> = names
        .iter()
        .filter(|(n, id)| {
            *id != CAREFUL_DEFAULT && n.chars().filter(|c| c.is_alphanumeric()).count() >= 3
        })
        .map(|(n, id)| (words(n), *id))
        .filter(|(w, _)| !w.is_empty())
        .collect();
    candidates.sort_by_key(|(w, _)| {
        std::cmp::Reverse(w.iter().map(|x| x.len()).sum::<usize>() + w.len())
    });
    let mut taken = vec![false; said.len()];
    let mut found: Vec<String> = Vec::new();
    for (w, id) in &candidates {
        if w.len() > said.len() {
            continue;
        }
        for start in 0..=said.len() - w.len() {
            let span = start..start + w.len();
            if said[span.clone()] == w[..] && !taken[span.clone()].iter().any(|t| *t) {
                taken[span].iter_mut().for_each(|t| *t = true);
                if !found.iter().any(|f| f == id) {
                    found.push(id.to_string());
                }
            }
        }
    }
    found
}

/// When the terminal bell rings during a session.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Bell {
    Off,
    /// When something new starts (get ready, a hold, a rest, the end).
    #[default]
    Changes,
    /// At changes and in each of a hold's last three seconds.
    Countdown,
}

impl Bell {
    pub fn as_str(self) -> &'static str {
        match self {
            Bell::Off => "off",
            Bell::Changes => "changes",
            Bell::Countdown => "countdown",
        }
    }
}

impl Profile {
    /// The fields of the file this version does not know (a newer
    /// backrelief's): the profile's own, sorted by name, then those of its
    /// entries (`checked[0].by`, `cleared.by`). Kept, never used.
    pub fn unknown_fields(&self) -> Vec<String> {
        let mut out: Vec<String> = self.extra.keys().cloned().collect();
        for (i, c) in self.checked.iter().enumerate() {
            out.extend(c.extra.keys().map(|k| format!("checked[{i}].{k}")));
        }
        if let Some(c) = &self.cleared {
            out.extend(c.extra.keys().map(|k| format!("cleared.{k}")));
        }
        out
    }

    /// The profile without the fields this version does not know: what it
    /// shows as its own (`profile --json`).
    pub fn known(&self) -> Profile {
        let mut known = Profile {
            extra: Extra::new(),
            ..self.clone()
        };
        for c in &mut known.checked {
            c.extra.clear();
        }
        if let Some(c) = &mut known.cleared {
            c.extra.clear();
        }
        known
    }
}

impl Profile {
    /// The bell this profile asks for.
    pub fn bell(&self) -> Bell {
        if self.quiet {
            Bell::Off
        } else {
            self.bell.unwrap_or_default()
        }
    }
}

/// "Checked by a clinician on DATE" for one red flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Checked {
    pub flag: String,
    pub on: chrono::NaiveDate,
    /// A newer backrelief's fields, kept as they were.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

impl Checked {
    pub fn new(flag: String, on: chrono::NaiveDate) -> Checked {
        Checked {
            flag,
            on,
            extra: Extra::new(),
        }
    }
}

impl Profile {
    /// Leaves an exercise out of every plan (`profile --avoid`, or `x`
    /// during a run); false when it already was.
    pub fn avoid_exercise(&mut self, id: &str) -> bool {
        let new = !self.avoid.iter().any(|a| a == id);
        if new {
            self.avoid.push(id.to_string());
        }
        new
    }

    /// When a clinician checked this red flag, if they did.
    pub fn checked_on(&self, flag: &str) -> Option<chrono::NaiveDate> {
        self.checked.iter().find(|c| c.flag == flag).map(|c| c.on)
    }
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            version: PROFILE_VERSION,
            conditions: Vec::new(),
            equipment: Vec::new(),
            minutes: 15,
            age: None,
            checked: Vec::new(),
            opt_in: Vec::new(),
            quiet: false,
            bell: None,
            voice: false,
            unlisted: Vec::new(),
            cleared: None,
            avoid: Vec::new(),
            questions_asked: None,
            extra: Extra::new(),
        }
    }
}

impl Profile {
    /// Whether the first-session questions have been asked. A file from
    /// before this was recorded counts as asked when it holds an age,
    /// which only those questions set; otherwise they are asked again
    /// (the careful side: a profile made by `profile --avoid` alone must
    /// not skip the health questions).
    pub fn questions_asked(&self) -> bool {
        self.questions_asked.unwrap_or(self.age.is_some())
    }
}

/// A value in a profile that names nothing in the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileProblem {
    /// The profile field: `conditions`, `equipment` or `opt_in`.
    pub field: &'static str,
    /// The value as written, to find it in the file.
    pub value: String,
    pub message: String,
}

/// Checks a profile against the library the way an answers file is checked:
/// each condition, equipment and opt-in id is normalised through ids, names
/// and aliases (`Pregnant`, `'pregnancy '` become `pregnancy`), and an
/// unknown one is a problem, never silently dropped, because a condition
/// that names nothing would switch its safety filter off.
pub fn check(lib: &Library, mut profile: Profile) -> Result<Profile, ProfileProblem> {
    let (conditions, unlisted) = conditions_in_own_words(lib, "conditions", &profile.conditions)?;
    profile.conditions = conditions;
    for u in unlisted {
        if !profile.unlisted.contains(&u) {
            profile.unlisted.push(u);
        }
    }
    profile.avoid = normalise::<Exercise>(
        lib,
        "avoid",
        "exercise",
        &profile.avoid,
        "see `backrelief list`",
    )?;
    profile.equipment = normalise_equipment(lib, &profile.equipment)?;
    profile.opt_in = normalise::<Exercise>(
        lib,
        "opt_in",
        "exercise",
        &profile.opt_in,
        "see `backrelief list`",
    )?;
    if let Some(age) = profile.age {
        if !crate::assess::AGES.contains(&age) {
            return Err(ProfileProblem {
                field: "age",
                value: age.to_string(),
                message: format!(
                    "`age` must be {} to {} years, not {age}",
                    crate::assess::AGES.start(),
                    crate::assess::AGES.end()
                ),
            });
        }
    }
    for c in &profile.checked {
        if let Err(suggestion) = crate::assess::red_flag_id(lib, &c.flag) {
            return Err(ProfileProblem {
                field: "checked",
                value: c.flag.clone(),
                message: crate::library::Unknown::new("red flag", &c.flag, suggestion)
                    .in_field("checked")
                    .to_string(),
            });
        }
    }
    Ok(profile)
}

/// Condition ids for names in a person's own words, once each, and the
/// names backrelief does not know (kept as written, for the careful
/// default). A typo is a problem that names what it may have meant: a
/// guess would switch the wrong filter on, and ignoring it would switch one
/// off.
pub fn conditions_in_own_words(
    lib: &Library,
    field: &'static str,
    values: &[String],
) -> Result<(Vec<String>, Vec<String>), ProfileProblem> {
    let mut ids: Vec<String> = Vec::new();
    let mut unlisted: Vec<String> = Vec::new();
    for value in values {
        // Checked before it is compared with every name (a profile is cut
        // to the ceiling when it is read; see `cut_names`).
        let chars = value.trim().chars().count();
        if chars > crate::caps::NAME_CHARS {
            return Err(ProfileProblem {
                field,
                value: value.clone(),
                message: format!(
                    "the condition '{}' in `{field}` has {chars} characters; a condition's name is at most {}",
                    crate::output::sanitise(&crate::caps::shown(value)),
                    crate::caps::NAME_CHARS
                ),
            });
        }
        match name_condition(lib, value) {
            Named::Known(id) => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            Named::Within(found) => {
                for id in found {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                let v = value.trim().to_string();
                if !unread_words(lib, value).is_empty() && !unlisted.contains(&v) {
                    unlisted.push(v);
                }
            }
            Named::Typo(s) => {
                return Err(ProfileProblem {
                    field,
                    value: value.clone(),
                    message: format!(
                        "{} (if not, write it out in full and it is kept as a condition backrelief does not know)",
                        crate::library::Unknown::new("condition", value, Some(&s)).in_field(field)
                    ),
                });
            }
            Named::Unknown if value.chars().any(crate::library::text::is_unsafe) => {
                return Err(ProfileProblem {
                    field,
                    value: value.clone(),
                    message: format!(
                        "the condition '{}' in `{field}` has a control or direction character",
                        crate::output::sanitise(value)
                    ),
                });
            }
            Named::Unknown => {
                let v = value.trim().to_string();
                if !v.is_empty() && !unlisted.contains(&v) {
                    unlisted.push(v);
                }
            }
        }
    }
    Ok((ids, unlisted))
}

/// Cuts what a person typed into their profile to its ceiling (`caps`):
/// condition names and a clinician's words. A profile written before the
/// ceilings, or edited by hand, still loads; each cut is described.
pub fn cut_names(profile: &mut Profile) -> Vec<String> {
    use crate::caps::{cut, NAME_CHARS, TEXT_CHARS};
    let mut notices = Vec::new();
    let names = profile
        .conditions
        .iter_mut()
        .chain(profile.unlisted.iter_mut());
    for name in names {
        if let Some(chars) = cut(name, NAME_CHARS) {
            notices.push(format!(
                "a condition's name of {chars} characters was cut to its first {NAME_CHARS}"
            ));
        }
    }
    if let Some(chars) = profile
        .cleared
        .as_mut()
        .and_then(|c| cut(&mut c.text, TEXT_CHARS))
    {
        notices.push(format!(
            "the clinician's words (`cleared`), {chars} characters, were cut to the first {TEXT_CHARS}"
        ));
    }
    notices
}

/// `none` and blanks in an equipment list mean nothing to look up.
pub fn means_no_equipment(name: &str) -> bool {
    name.trim().is_empty() || crate::library::normalize(name) == "none"
}

/// Equipment ids; `none` and blanks mean nothing.
pub fn normalise_equipment(
    lib: &Library,
    values: &[String],
) -> Result<Vec<String>, ProfileProblem> {
    let wanted: Vec<String> = values
        .iter()
        .filter(|e| !means_no_equipment(e))
        .cloned()
        .collect();
    normalise::<Equipment>(
        lib,
        "equipment",
        "equipment",
        &wanted,
        "see `backrelief profile --help`",
    )
}

/// Each value's id, through ids, names and aliases, once each; the first
/// value that names nothing is the problem. Answers files use it too.
pub fn normalise<T: Lookup>(
    lib: &Library,
    field: &'static str,
    what: &str,
    values: &[String],
    hint: &str,
) -> Result<Vec<String>, ProfileProblem> {
    let mut ids: Vec<String> = Vec::new();
    for value in values {
        match lib.resolve::<T>(value) {
            Ok(id) => {
                if !ids.iter().any(|x| x == id) {
                    ids.push(id.to_string());
                }
            }
            Err(suggestion) => {
                let message = crate::library::Unknown::new(what, value, suggestion)
                    .in_field(field)
                    .hint(format!("{hint}."))
                    .to_string();
                return Err(ProfileProblem {
                    field,
                    value: value.clone(),
                    message,
                });
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> Library {
        crate::store::library::builtin_library()
    }

    fn with(conditions: &[&str], equipment: &[&str]) -> Profile {
        Profile {
            conditions: conditions.iter().map(|c| c.to_string()).collect(),
            equipment: equipment.iter().map(|c| c.to_string()).collect(),
            ..Profile::default()
        }
    }

    #[test]
    fn spellings_of_a_condition_become_its_id_once() {
        let p = check(&lib(), with(&["Pregnancy", "pregnant", "pregnancy "], &[])).unwrap();
        assert_eq!(p.conditions, vec!["pregnancy".to_string()]);
    }

    #[test]
    fn an_unknown_condition_is_a_problem_with_a_suggestion() {
        let problem = check(&lib(), with(&["osteoporsis"], &[])).unwrap_err();
        assert_eq!(problem.field, "conditions");
        assert_eq!(problem.value, "osteoporsis");
        assert!(
            problem.message.contains("did you mean 'osteoporosis'"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn own_words_match_names_and_never_turn_one_disease_into_another() {
        let lib = lib();
        let named = |t: &str| name_condition(&lib, t);
        assert_eq!(
            named("I can't get down to the floor"),
            Named::Known("floor-is-hard".into())
        );
        assert_eq!(named("I have vertigo"), Named::Known("vertigo".into()));
        assert_eq!(
            named("Ankylosing Spondylitis"),
            Named::Known("axial-spondyloarthritis".into())
        );
        assert_eq!(
            named("osteoarthritis"),
            Named::Known("osteoarthritis".into())
        );
        assert_eq!(
            named("stenosis"),
            Named::Known("spinal-stenosis-diagnosed".into())
        );
        assert_eq!(
            named("low blood pressure"),
            Named::Known("low-blood-pressure".into())
        );
        // Slips of a long name are confirmed, never "unknown".
        for slip in ["pregancy", "pregnacy", "pregnancey", "pregnent"] {
            assert_eq!(named(slip), Named::Typo("pregnancy".into()), "{slip}");
        }
        assert_eq!(named("osteoporsis"), Named::Typo("osteoporosis".into()));
        // A different word is not a slip of a near one.
        assert_eq!(named("osteoarthrosis-of-the-toe"), Named::Unknown);
        assert_eq!(named("sarcoidosis"), Named::Unknown);
        assert_eq!(named("fibromyalgia"), Named::Unknown);
        // An abbreviation one letter from another names a different joint
        // (or disease), never a slip of it; each short name means itself.
        assert_eq!(named("TKR"), Named::Known("knee-replacement".into()));
        assert_eq!(named("TKA"), Named::Known("knee-replacement".into()));
        for short in ["THX", "TKQ", "MX", "EDX"] {
            assert_eq!(named(short), Named::Unknown, "{short}");
        }
        // A recent fall in a person's own words is recognised as one.
        assert_eq!(
            named("I fell last month"),
            Named::Within(vec!["recent-fall".into()])
        );
    }

    /// The screen over a day with no red flag ticked, for a profile
    /// holding what `words` name; `checked`: flags a clinician checked.
    fn screen_for(lib: &Library, words: &str, checked: &[String]) -> Option<String> {
        let (conditions, _) = conditions_in_own_words(lib, "conditions", &[words.into()]).unwrap();
        let day = crate::assess::Answers {
            pain: 4,
            conditions,
            minutes: 15,
            ..Default::default()
        };
        crate::assess::screen_answers(lib, &day, checked).map(|s| s.flags.join(","))
    }

    #[test]
    fn a_warning_sign_in_a_persons_own_words_stops_the_session_until_checked() {
        let lib = lib();
        for words in [
            "sciatica down both legs",
            "pain and numbness in both legs",
            "bilateral sciatica",
            "saddle numbness since yesterday",
            "I had cauda equina",
            "loss of bladder control",
        ] {
            assert_eq!(
                screen_for(&lib, words, &[]).as_deref(),
                Some("nerve-pressure-in-profile"),
                "{words}"
            );
        }
        let checked = ["nerve-pressure-in-profile".to_string()];
        assert_eq!(screen_for(&lib, "both legs", &checked), None);
        // A fall told in the profile may have cracked a bone: the same
        // stop, whatever the day's answers, until a doctor has looked.
        for words in [
            "I fell last month",
            "slipped and fell on the ice",
            "recent fall",
        ] {
            assert_eq!(
                screen_for(&lib, words, &[]).as_deref(),
                Some("fall-in-profile"),
                "{words}"
            );
        }
        let checked = ["fall-in-profile".to_string()];
        assert_eq!(screen_for(&lib, "I fell last month", &checked), None);
        // The class: every name of every condition that raises a flag from
        // the profile stops a day on which nothing was ticked.
        for flag in lib.red_flags.iter() {
            let Some(when) = &flag.when else { continue };
            if !(when.symptoms.is_empty() && when.age_at_least.is_none()) {
                continue;
            }
            for id in when.conditions.iter() {
                let c = lib.condition(id).unwrap();
                for name in std::iter::once(&c.name).chain(c.aliases.iter()) {
                    let stop = screen_for(&lib, name, &[]).unwrap_or_default();
                    assert!(stop.contains(flag.id.as_str()), "{name}: {stop}");
                }
            }
        }
    }

    #[test]
    fn an_id_means_itself_and_everyday_phrases_find_every_known_name_in_them() {
        let lib = lib();
        let named = |t: &str| name_condition(&lib, t);
        let within = |ids: &[&str]| Named::Within(ids.iter().map(|s| s.to_string()).collect());
        assert_eq!(named("spinal fusion"), Named::Known("spinal-fusion".into()));
        assert_eq!(named("spinal-fusion"), Named::Known("spinal-fusion".into()));
        assert_eq!(named("34 weeks pregnant"), within(&["pregnancy"]));
        assert_eq!(named("I'm pregnant"), within(&["pregnancy"]));
        assert_eq!(named("vertigo when lying down"), within(&["vertigo"]));
        assert_eq!(
            named("spinal fusion 4 months ago"),
            within(&["spinal-fusion"])
        );
        assert_eq!(named("I had a fall last month"), within(&["poor-balance"]));
        assert_eq!(named("I use a walking frame"), within(&["poor-balance"]));
        // Longest first, not overlapping: not also "arthritis".
        assert_eq!(
            named("rheumatoid arthritis in both wrists and knees"),
            within(&["rheumatoid-arthritis", "wrist-hand-problems", "knee-pain"])
        );
        // Short abbreviations are ordinary words inside a sentence.
        assert_eq!(named("sore as anything"), Named::Unknown);
        // Nothing known inside: the careful default, never a look-alike.
        assert_eq!(named("fibromyalgia since last year"), Named::Unknown);
    }

    #[test]
    fn a_phrase_holding_a_known_name_is_never_unknown_only() {
        let lib = lib();
        let fillers = ["", "I think", "both sides, 3 years"];
        for c in lib.conditions.iter().filter(|c| c.id != CAREFUL_DEFAULT) {
            let names =
                std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(|a| a.as_str()));
            for n in names.filter(|n| crate::library::normalize(n).replace('-', "").len() >= 3) {
                for before in fillers {
                    for after in fillers {
                        let phrase = format!("{before} {n} {after}");
                        let got = name_condition(&lib, &phrase);
                        let ids = match &got {
                            Named::Known(id) => vec![id.clone()],
                            Named::Within(ids) => ids.clone(),
                            other => panic!("'{phrase}' gave {other:?}"),
                        };
                        assert!(!ids.is_empty(), "'{phrase}'");
                    }
                }
            }
        }
    }

    #[test]
    fn a_phrase_only_partly_understood_also_brings_the_careful_default() {
        let lib = lib();
        let p = check(&lib, with(&["severe obesity, I can't lie flat"], &[])).unwrap();
        assert_eq!(p.conditions, vec!["lying-on-back-is-hard".to_string()]);
        assert_eq!(
            p.unlisted,
            vec!["severe obesity, I can't lie flat".to_string()]
        );
        assert!(p.careful_default());
        // When, how much and which side say nothing new: read whole.
        for words in [
            "knee replacement last year",
            "I had a caesarean 6 weeks ago",
            "bad knees",
            "I fell last month",
            "pregnant, 34 weeks",
        ] {
            let p = check(&lib, with(&[words], &[])).unwrap();
            assert!(!p.conditions.is_empty(), "{words}");
            assert!(p.unlisted.is_empty(), "{words}: {:?}", p.unlisted);
        }
        assert_eq!(
            unread_words(&lib, "severe obesity, I can't lie flat"),
            ["severe", "obesity"]
        );
    }

    #[test]
    fn unknown_names_are_kept_and_bring_the_careful_default_until_cleared() {
        let p = check(&lib(), with(&["glaucoma", "Sarcoidosis"], &[])).unwrap();
        assert_eq!(p.conditions, vec!["glaucoma".to_string()]);
        assert_eq!(p.unlisted, vec!["Sarcoidosis".to_string()]);
        assert!(p.careful_default());
        assert_eq!(p.conditions_today(), vec!["glaucoma", CAREFUL_DEFAULT]);
        let cleared = Profile {
            cleared: Some(Cleared::new(
                "fine to exercise".into(),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            )),
            ..p
        };
        assert!(!cleared.careful_default());
        assert_eq!(cleared.conditions_today(), vec!["glaucoma"]);
        let problem = check(&lib(), with(&["pregancy"], &[])).unwrap_err();
        assert!(
            problem.message.contains("did you mean 'pregnancy'"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn equipment_none_means_nothing_and_typos_are_refused() {
        assert!(check(&lib(), with(&[], &["none"]))
            .unwrap()
            .equipment
            .is_empty());
        let problem = check(&lib(), with(&[], &["yoga-matt"])).unwrap_err();
        assert_eq!(problem.field, "equipment");
    }
}
