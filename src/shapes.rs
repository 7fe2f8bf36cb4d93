//! Every JSON document backrelief prints: each [`Shape`] is declared
//! beside the type it prints (`render::json::object(planner::PLAN, &plan)`
//! takes only a plan), and its schema in `docs/schema/` is derived from
//! that type. `all` lists them; the integration tests compare the
//! committed files with it. Nothing in the program imports this module.

use crate::shape::Shape;
use schemars::JsonSchema;
use serde_json::Value;

/// Every shape, with its schema: what `docs/schema/` holds.
pub fn all() -> Vec<(&'static str, Value)> {
    fn one<T: JsonSchema>(s: Shape<T>) -> (&'static str, Value) {
        (s.name(), crate::render::json::schema_of(s))
    }
    vec![
        one(crate::planner::PLAN),
        one(crate::record::HISTORY),
        one(crate::views::EXERCISE),
        one(crate::views::EXERCISES),
        one(crate::views::CAUSE),
        one(crate::views::CAUSES),
        one(crate::views::PROGRAM),
        one(crate::views::PROGRAMS),
        one(crate::views::CONDITION),
        one(crate::views::CONDITIONS),
        one(crate::views::MUSCLES),
        one(crate::views::THERAPIES),
        one(crate::views::PROGRESS),
        one(crate::views::PROFILE),
        one(crate::record::FUNCTION),
        one(crate::views::STOP),
        one(crate::views::REMIND),
        one(crate::views::CHECK),
        one(crate::report::REPORT),
        one(crate::views::WALK),
        one(crate::record::RECORD),
    ]
}
