//! The shapes of JSON documents that are views made for printing (a
//! condition with what it leaves out, `check`'s result, ...), apart from
//! the commands that fill them so `crate::shapes` can name them.

use crate::library::Problem;
use crate::library::{Cause, Exercise, Program, Therapy};
use crate::shape::{Shape, Unversioned};

/// A condition as `conditions --json` shows it: with the exercises it
/// leaves out, and why.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct ConditionJson<'a> {
    #[serde(flatten)]
    pub condition: &'a crate::library::Condition,
    pub left_out: Vec<LeftOut<'a>>,
}

#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct LeftOut<'a> {
    pub exercise: &'a str,
    pub reason: String,
}

/// A muscle as `muscles --json` shows it: with how many exercises work it
/// as a primary and as a secondary muscle.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct MuscleJson<'a> {
    #[serde(flatten)]
    pub muscle: &'a crate::library::Muscle,
    pub primary_in: usize,
    pub secondary_in: usize,
}

/// What `check --json` prints: whether the files load, and every problem
/// with its place (errors stop the library loading; warnings do not).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct CheckResult {
    /// No errors: the library loads (warnings may remain).
    pub ok: bool,
    /// The library's sizes after merging; absent when it does not load.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    pub problems: Vec<CheckProblem>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Counts {
    pub exercises: usize,
    pub causes: usize,
    pub programs: usize,
}

#[derive(Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The library does not load (exit code 1).
    Error,
    /// Said, but the library loads.
    Warning,
}

/// One problem: its file and one-based line and column, when it has a
/// place in a file.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct CheckProblem {
    pub severity: Severity,
    pub path: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl CheckProblem {
    pub fn at(severity: Severity, p: &Problem) -> CheckProblem {
        CheckProblem {
            severity,
            path: Some(p.path.clone()),
            line: Some(p.line),
            column: Some(p.column),
            message: p.message.clone(),
        }
    }
}

/// What `profile --json` prints: where the profile is kept, and what it
/// holds (null when there is none yet).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct ProfileJson<'a> {
    pub path: String,
    pub profile: Option<Unversioned<&'a crate::profile::Profile>>,
}

/// What `session --plan --json` prints when the red-flag screen stops it.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct StopJson<'a> {
    /// Always true: no plan was made.
    pub stopped: bool,
    /// The most serious tier answered yes.
    pub tier: crate::library::Tier,
    /// The red flags answered yes.
    pub flags: &'a [String],
    /// Where to get care, in words.
    pub advice: String,
}

/// One installed reminder, as `remind --status --json` shows it.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct ReminderJson<'a> {
    #[serde(flatten)]
    pub installed: &'a crate::system::Installed,
    /// When it next fires (RFC 3339, in the local offset of now); null
    /// when the entry could not be read.
    pub next: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// What `progress --json` prints: the numbers behind the report, with
/// the walks.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct ProgressJson<'a> {
    #[serde(flatten)]
    pub summary: &'a crate::progress::Summary,
    /// Walks by week (Monday on), and today's walk; absent when the
    /// library cannot be loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub walks: Option<&'a Walks>,
}

/// The walking programme in `progress`.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct Walks {
    pub weeks: Vec<crate::walking::WalkWeek>,
    pub suggestion: crate::walking::Suggestion,
}

/// What `walk --json` prints: today's walk, the last weeks by week, and
/// the walks recorded in them.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct WalkJson<'a> {
    pub today: chrono::NaiveDate,
    pub suggestion: &'a crate::walking::Suggestion,
    pub weeks: &'a [crate::walking::WalkWeek],
    pub walks: Vec<Unversioned<&'a crate::record::WalkRecord>>,
}

pub const EXERCISE: Shape<Exercise> = Shape::object("backrelief/exercise/1");
pub const EXERCISES: Shape<&'static Exercise> = Shape::list("backrelief/exercises/1", "exercises");
pub const CAUSE: Shape<Cause> = Shape::object("backrelief/cause/1");
pub const CAUSES: Shape<Cause> = Shape::list("backrelief/causes/1", "causes");
pub const PROGRAM: Shape<Program> = Shape::object("backrelief/program/1");
pub const PROGRAMS: Shape<Program> = Shape::list("backrelief/programs/1", "programs");
pub const CONDITION: Shape<ConditionJson<'static>> = Shape::object("backrelief/condition/1");
pub const CONDITIONS: Shape<ConditionJson<'static>> =
    Shape::list("backrelief/conditions/1", "conditions");
pub const MUSCLES: Shape<MuscleJson<'static>> = Shape::list("backrelief/muscles/1", "muscles");
pub const THERAPIES: Shape<Therapy> = Shape::list("backrelief/therapies/1", "therapies");
pub const PROGRESS: Shape<ProgressJson<'static>> = Shape::object("backrelief/progress/1");
/// 2: the profile without its integer `version`.
pub const PROFILE: Shape<ProfileJson<'static>> = Shape::object("backrelief/profile/2");
/// A session the red-flag screen stopped: no plan, the flags and advice.
pub const STOP: Shape<StopJson<'static>> = Shape::object("backrelief/stop/1");
/// The reminders installed (`remind --status --json`). 2: `next` in the
/// one time style (`Z` for UTC, as every other time).
pub const REMIND: Shape<ReminderJson<'static>> = Shape::list("backrelief/remind/2", "reminders");
/// `check --json`: whether the library files load, and every problem.
pub const CHECK: Shape<CheckResult> = Shape::object("backrelief/check/1");
/// `walk --json`: today's walk and the last weeks' walks (records
/// without their integer `schema`).
pub const WALK: Shape<WalkJson<'static>> = Shape::object("backrelief/walk/1");
