//! JSON output. Every document is an object whose first field, `schema`,
//! names its shape and version ("backrelief/plan/1"); the shapes of the
//! plan, the history record and the library's exercise are published as
//! JSON Schemas in `docs/schema/`. A version goes up only when a field is
//! removed or changes meaning; new fields may appear at any time.

use serde::Serialize;

pub const PLAN: &str = "backrelief/plan/1";
pub const HISTORY: &str = "backrelief/history/1";
pub const EXERCISE: &str = "backrelief/exercise/1";
pub const EXERCISES: &str = "backrelief/exercises/1";
pub const CAUSE: &str = "backrelief/cause/1";
pub const CAUSES: &str = "backrelief/causes/1";
pub const PROGRAM: &str = "backrelief/program/1";
pub const PROGRAMS: &str = "backrelief/programs/1";
pub const CONDITION: &str = "backrelief/condition/1";
pub const CONDITIONS: &str = "backrelief/conditions/1";
pub const MUSCLES: &str = "backrelief/muscles/1";
pub const THERAPIES: &str = "backrelief/therapies/1";
pub const PROGRESS: &str = "backrelief/progress/1";
pub const PROFILE: &str = "backrelief/profile/1";
/// Every function rating (Patient-Specific Functional Scale) in the log.
pub const FUNCTION: &str = "backrelief/function/1";
/// A session the red-flag screen stopped: no plan, the flags and advice.
pub const STOP: &str = "backrelief/stop/1";
/// The reminders installed (`remind --status --json`).
pub const REMIND: &str = "backrelief/remind/1";
/// `check --json`: whether the library files load, and every problem.
pub const CHECK: &str = "backrelief/check/1";
/// `report --json`: the numbers behind the clinician's report.
pub const REPORT: &str = "backrelief/report/1";
/// `walk --json`: today's walk, the last weeks' walks.
pub const WALK: &str = "backrelief/walk/1";

#[derive(Serialize)]
struct Object<'a, T: Serialize> {
    schema: &'a str,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct List<'a, T: Serialize> {
    schema: &'a str,
    #[serde(flatten)]
    items: std::collections::BTreeMap<&'a str, &'a [T]>,
}

/// Pretty JSON, made safe for a terminal (see `output::json_safe`).
fn pretty<T: Serialize>(value: &T) -> String {
    crate::layout::json_safe(
        serde_json::to_string_pretty(value).expect("our types serialize") + "\n",
    )
}

/// `body`'s fields with `schema` first. `body` must serialize as a map
/// (a struct or a map).
pub fn object<T: Serialize>(schema: &str, body: &T) -> String {
    pretty(&Object { schema, body })
}

/// `{"schema": ..., key: [items]}`.
pub fn list<T: Serialize>(schema: &str, key: &str, items: &[T]) -> String {
    pretty(&List {
        schema,
        items: [(key, items)].into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_comes_first_and_fields_keep_their_order() {
        #[derive(Serialize)]
        struct B {
            z: u8,
            a: &'static str,
        }
        let text = object(
            "x/1",
            &B {
                z: 1,
                a: "\u{202e}",
            },
        );
        assert_eq!(
            text,
            "{\n  \"schema\": \"x/1\",\n  \"z\": 1,\n  \"a\": \"\\u202e\"\n}\n"
        );
        let text = list("xs/1", "items", &[1, 2]);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v, serde_json::json!({"schema": "xs/1", "items": [1, 2]}));
    }
}
