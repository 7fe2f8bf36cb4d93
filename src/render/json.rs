//! JSON output. Every document is an object whose first field, `schema`,
//! names its shape and version ("backrelief/plan/1"). Each shape is a
//! [`Shape`] typed by what it prints (the shapes are in `crate::shapes`),
//! so a document can only be printed from its own type, and its JSON
//! Schema (`docs/schema/NAME.schema.json`) is derived from that same type
//! (`schema_of`). A
//! version goes up only when a field is removed or changes meaning; new
//! fields may appear at any time.
//!
//! One style throughout: versions only in the top-level `schema` string
//! (a file's own record or profile, shown inside a document, is shown
//! without its integer version: see [`Unversioned`]), and times in RFC
//! 3339 (`2026-11-02T08:00:00+01:00`, fractions of a second when recorded;
//! days as `2026-11-02`).

pub use crate::shape::{Shape, Unversioned};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{json, Value};

/// The JSON Schema (draft 2020-12) of a shape's documents, derived from
/// the type it prints: its fields, with `schema` the shape's id.
pub fn schema_of<T: JsonSchema>(shape: Shape<T>) -> Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12().for_serialize();
    let mut generator = settings.into_generator();
    let mut doc = match shape.key {
        None => generator.root_schema_for::<T>().to_value(),
        Some(key) => {
            let items = generator.subschema_for::<T>().to_value();
            json!({
                "type": "object",
                "properties": { key: { "type": "array", "items": items } },
                "required": [key],
                "additionalProperties": false,
            })
        }
    };
    let defs = generator.take_definitions(true);
    let o = doc.as_object_mut().expect("a document is an object");
    // The record file's own `schema` is its integer version; a document's
    // is its shape's id.
    if shape.key.is_some() || o["properties"].get("schema").is_none() {
        let mut props = serde_json::Map::new();
        props.insert("schema".into(), json!({ "const": shape.id }));
        props.extend(o["properties"].as_object().cloned().unwrap_or_default());
        o.insert("properties".into(), Value::Object(props));
        let mut required = vec![json!("schema")];
        required.extend(o["required"].as_array().cloned().unwrap_or_default());
        o.insert("required".into(), Value::Array(required));
    }
    let mut out = serde_json::Map::new();
    out.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    for (k, v) in std::mem::take(o) {
        if k != "$schema" {
            out.insert(k, v);
        }
    }
    if !defs.is_empty() {
        out.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(out)
}

#[derive(Serialize)]
struct Object<'a, T: Serialize> {
    schema: &'a str,
    #[serde(flatten)]
    body: &'a T,
}

/// Pretty JSON, made safe for a terminal (see `output::json_safe`).
fn pretty<T: Serialize>(value: &T) -> String {
    crate::layout::json_safe(
        serde_json::to_string_pretty(value).expect("our types serialize") + "\n",
    )
}

/// `body`'s fields with `schema` first. `body` must serialize as a map
/// (a struct or a map).
pub fn object<T: Serialize>(shape: Shape<T>, body: &T) -> String {
    debug_assert!(shape.key.is_none(), "{} is a list", shape.id);
    pretty(&Object {
        schema: shape.id,
        body,
    })
}

/// `{"schema": ..., key: [items]}`.
pub fn list<T: Serialize>(shape: Shape<T>, items: &[T]) -> String {
    let key = shape.key.expect("a list shape has a key");
    let mut doc = serde_json::Map::new();
    doc.insert("schema".into(), json!(shape.id));
    doc.insert(
        key.into(),
        serde_json::to_value(items).expect("our types serialize"),
    );
    pretty(&doc)
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
            Shape::object("x/1"),
            &B {
                z: 1,
                a: "\u{202e}",
            },
        );
        assert_eq!(
            text,
            "{\n  \"schema\": \"x/1\",\n  \"z\": 1,\n  \"a\": \"\\u202e\"\n}\n"
        );
        let text = list(Shape::list("xs/1", "items"), &[1, 2]);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v, serde_json::json!({"schema": "xs/1", "items": [1, 2]}));
    }

    #[test]
    fn unversioned_leaves_out_the_version_and_keeps_the_order() {
        #[derive(Serialize)]
        struct R {
            schema: u32,
            z: u8,
            a: u8,
        }
        let text = serde_json::to_string(&Unversioned(R {
            schema: 1,
            z: 2,
            a: 3,
        }))
        .unwrap();
        assert_eq!(text, r#"{"z":2,"a":3}"#);
    }
}
