//! A JSON document's shape ([`Shape`]), typed by what it prints, and
//! [`Unversioned`]: a file's record shown inside a document. Each shape
//! is declared beside its type (`report::REPORT`, `views::CHECK`, ...);
//! `crate::shapes::all` lists them for `docs/schema/`, and
//! `render::json` prints them. No imports of the crate: any module may
//! declare a shape.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use std::marker::PhantomData;

/// A document's shape: its name and version, and (for a list) the key its
/// items sit under. `T` is the type printed: one object, or each item.
pub struct Shape<T> {
    /// `backrelief/NAME/VERSION`.
    pub id: &'static str,
    /// The key of a list's items; `None` for a single object.
    pub key: Option<&'static str>,
    /// Covariant, so a shape of `Row<'static>` prints a `Row<'a>`.
    _printed: PhantomData<fn() -> T>,
}

impl<T> Clone for Shape<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Shape<T> {}

impl<T> Shape<T> {
    pub const fn object(id: &'static str) -> Shape<T> {
        Shape {
            id,
            key: None,
            _printed: PhantomData,
        }
    }

    pub const fn list(id: &'static str, key: &'static str) -> Shape<T> {
        Shape {
            id,
            key: Some(key),
            _printed: PhantomData,
        }
    }

    /// The file name's stem in `docs/schema/`: the shape's name.
    pub fn name(&self) -> &'static str {
        self.id.split('/').nth(1).expect("backrelief/NAME/VERSION")
    }
}

/// A record or profile from a file, shown inside a document without the
/// file's integer version (`schema` or `version`): the document's own
/// `schema` string is the one version a reader needs.
pub struct Unversioned<T>(pub T);

/// The fields a file's record or profile carries its version in.
const VERSION_FIELDS: [&str; 2] = ["schema", "version"];

impl<T: Serialize> Serialize for Unversioned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut v = serde_json::to_value(&self.0).map_err(serde::ser::Error::custom)?;
        if let Some(o) = v.as_object_mut() {
            for f in VERSION_FIELDS {
                o.shift_remove(f);
            }
        }
        v.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for Unversioned<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("{}Unversioned", T::schema_name()).into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut s = T::json_schema(g);
        if let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) {
            for f in VERSION_FIELDS {
                props.shift_remove(f);
            }
        }
        if let Some(req) = s.get_mut("required").and_then(Value::as_array_mut) {
            req.retain(|r| !VERSION_FIELDS.iter().any(|f| r == f));
        }
        s
    }
}
