//! The profile: what a person told us once (conditions, equipment, usual
//! session length) so daily runs ask only about today.

use crate::library::{Condition, Equipment, Exercise, Library, Lookup};
use serde::{Deserialize, Serialize};

pub const PROFILE_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
}

/// When the terminal bell rings during a session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checked {
    pub flag: String,
    pub on: chrono::NaiveDate,
}

impl Profile {
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
        }
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
    profile.conditions = normalise::<Condition>(
        lib,
        "conditions",
        "condition",
        &profile.conditions,
        "see `backrelief conditions`",
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
            let hint = suggestion
                .map(|s| format!(" — did you mean '{s}'?"))
                .unwrap_or_default();
            return Err(ProfileProblem {
                field: "checked",
                value: c.flag.clone(),
                message: format!(
                    "unknown red flag '{}' in `checked`{hint}",
                    crate::layout::sanitise(&c.flag)
                ),
            });
        }
    }
    Ok(profile)
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
                let shown = crate::layout::sanitise(value);
                let message = match suggestion {
                    Some(s) => {
                        format!("unknown {what} '{shown}' in `{field}` — did you mean '{s}'?")
                    }
                    None => format!("unknown {what} '{shown}' in `{field}`; {hint}."),
                };
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
    fn equipment_none_means_nothing_and_typos_are_refused() {
        assert!(check(&lib(), with(&[], &["none"]))
            .unwrap()
            .equipment
            .is_empty());
        let problem = check(&lib(), with(&[], &["yoga-matt"])).unwrap_err();
        assert_eq!(problem.field, "equipment");
    }
}
