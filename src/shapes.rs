//! Every JSON document backrelief prints, as a [`Shape`] typed by what
//! it prints: `render::json::object(shapes::PLAN, &plan)` takes only a
//! plan, and `docs/schema/plan.schema.json` is derived from that type
//! (`all`, compared with the committed files by the integration tests).

use crate::library::{Cause, Exercise, Program, Therapy};
use crate::record::{FunctionRecord, Record};
use crate::render::json::{Shape, Unversioned};
use schemars::JsonSchema;
use serde_json::Value;

pub const PLAN: Shape<crate::planner::Plan> = Shape::object("backrelief/plan/1");
/// 2: sessions without their integer `schema` (the version is the document's).
pub const HISTORY: Shape<Unversioned<&'static Record>> =
    Shape::list("backrelief/history/2", "sessions");
pub const EXERCISE: Shape<Exercise> = Shape::object("backrelief/exercise/1");
pub const EXERCISES: Shape<&'static Exercise> = Shape::list("backrelief/exercises/1", "exercises");
pub const CAUSE: Shape<Cause> = Shape::object("backrelief/cause/1");
pub const CAUSES: Shape<Cause> = Shape::list("backrelief/causes/1", "causes");
pub const PROGRAM: Shape<Program> = Shape::object("backrelief/program/1");
pub const PROGRAMS: Shape<Program> = Shape::list("backrelief/programs/1", "programs");
pub const CONDITION: Shape<crate::views::ConditionJson<'static>> =
    Shape::object("backrelief/condition/1");
pub const CONDITIONS: Shape<crate::views::ConditionJson<'static>> =
    Shape::list("backrelief/conditions/1", "conditions");
pub const MUSCLES: Shape<crate::views::MuscleJson<'static>> =
    Shape::list("backrelief/muscles/1", "muscles");
pub const THERAPIES: Shape<Therapy> = Shape::list("backrelief/therapies/1", "therapies");
pub const PROGRESS: Shape<crate::views::ProgressJson<'static>> = Shape::object("backrelief/progress/1");
/// 2: the profile without its integer `version`.
pub const PROFILE: Shape<crate::views::ProfileJson<'static>> =
    Shape::object("backrelief/profile/2");
/// Every function rating (Patient-Specific Functional Scale) in the log.
/// 2: ratings without their integer `schema`.
pub const FUNCTION: Shape<Unversioned<&'static FunctionRecord>> =
    Shape::list("backrelief/function/2", "ratings");
/// A session the red-flag screen stopped: no plan, the flags and advice.
pub const STOP: Shape<crate::views::StopJson<'static>> = Shape::object("backrelief/stop/1");
/// The reminders installed (`remind --status --json`). 2: `next` in the
/// one time style (`Z` for UTC, as every other time).
pub const REMIND: Shape<crate::views::ReminderJson<'static>> =
    Shape::list("backrelief/remind/2", "reminders");
/// `check --json`: whether the library files load, and every problem.
pub const CHECK: Shape<crate::views::CheckResult> = Shape::object("backrelief/check/1");
/// `report --json`: the numbers behind the clinician's report.
pub const REPORT: Shape<crate::report::Report> = Shape::object("backrelief/report/1");
/// A session as the history file and `history export` hold it (one per
/// line, with its integer `schema`): not a document of its own, but what
/// `history import` reads back.
pub const RECORD: Shape<Record> = Shape::object("backrelief/record/1");

/// Every shape, with its schema: what `docs/schema/` holds.
pub fn all() -> Vec<(&'static str, Value)> {
    fn one<T: JsonSchema>(s: Shape<T>) -> (&'static str, Value) {
        (s.name(), crate::render::json::schema_of(s))
    }
    vec![
        one(PLAN),
        one(HISTORY),
        one(EXERCISE),
        one(EXERCISES),
        one(CAUSE),
        one(CAUSES),
        one(PROGRAM),
        one(PROGRAMS),
        one(CONDITION),
        one(CONDITIONS),
        one(MUSCLES),
        one(THERAPIES),
        one(PROGRESS),
        one(PROFILE),
        one(FUNCTION),
        one(STOP),
        one(REMIND),
        one(CHECK),
        one(REPORT),
        one(RECORD),
    ]
}
