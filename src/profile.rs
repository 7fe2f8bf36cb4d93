//! The profile: what a person told us once (conditions, equipment, usual
//! session length) so daily runs ask only about today.

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
    /// Opt-in exercises (such as inversion) a clinician has cleared.
    #[serde(default)]
    pub opt_in: Vec<String>,
    /// No bell during sessions.
    #[serde(default)]
    pub quiet: bool,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            version: PROFILE_VERSION,
            conditions: Vec::new(),
            equipment: Vec::new(),
            minutes: 15,
            opt_in: Vec::new(),
            quiet: false,
        }
    }
}
