//! The library's strings, and the string table of its compact form.
//!
//! A library parsed from YAML owns its strings; the built-in library's
//! borrow string literals compiled into the program (`rust_source.rs`).
//! The compact form (the user-library cache) stores them once, in a string
//! table beside the encoded entries, and each string as a span of that
//! table (two numbers); decoding borrows from the table instead of copying
//! (`compact.rs` writes and reads that form).
//!
//! serde has no way to hand a table to `Deserialize`, so, as with
//! `every_field`, the table is set for the duration of one call on this
//! thread (`writing_table`, `reading_table`; see `scoped.rs`).

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;

/// A string of the library: owned when parsed, borrowed from the program
/// (built-in) or from a string table (decoded from the compact form). It
/// reads as a `str`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Cow<'static, str>);

impl Text {
    /// A text that borrows a string that lives as long as the program.
    pub const fn from_static(s: &'static str) -> Text {
        Text(Cow::Borrowed(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Cow::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Cow::Owned(s.to_string()))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text(Cow::Owned(s.clone()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.into_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // YAML, JSON and the validator's walk see a plain string.
        if s.is_human_readable() {
            return s.serialize_str(self);
        }
        // The compact form: a span of the table, `(start, len)`.
        let span = WRITING.with(|w| w.borrow_mut().as_mut().map(|table| table.span(self)));
        match span {
            Some(Ok(span)) => span.serialize(s),
            Some(Err(too_large)) => Err(serde::ser::Error::custom(too_large)),
            None => Err(serde::ser::Error::custom(
                "a library text in a compact form needs a string table (writing_table)",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        if d.is_human_readable() {
            return String::deserialize(d).map(Text::from);
        }
        let (start, len) = <(u32, u32)>::deserialize(d)?;
        let table = READING
            .with(Cell::get)
            .ok_or_else(|| de::Error::custom("a string span, read with no string table"))?;
        // `get` also refuses a span that splits a character; the sum is
        // checked for targets where usize has 32 bits.
        let (start, len) = (start as usize, len as usize);
        start
            .checked_add(len)
            .and_then(|end| table.get(start..end))
            .map(Text::from_static)
            .ok_or_else(|| de::Error::custom("a string span outside its string table"))
    }
}

/// The string table being written: each distinct string once.
#[derive(Default)]
struct TableWriter {
    text: String,
    spans: HashMap<String, (u32, u32)>,
}

impl TableWriter {
    fn span(&mut self, s: &str) -> Result<(u32, u32), &'static str> {
        if let Some(&span) = self.spans.get(s) {
            return Ok(span);
        }
        let too_large = "the string table passed 4 GiB";
        let start = u32::try_from(self.text.len()).map_err(|_| too_large)?;
        let len = u32::try_from(s.len()).map_err(|_| too_large)?;
        self.text.push_str(s);
        self.spans.insert(s.to_string(), (start, len));
        Ok((start, len))
    }
}

thread_local! {
    static WRITING: RefCell<Option<TableWriter>> = const { RefCell::new(None) };
    static READING: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Runs `f` (a serialization to a compact, not human-readable, format)
/// with every text written as a span of a new string table; returns what
/// `f` returned and the table, which `reading_table` needs to decode it.
/// Wrap exactly the one serialization whose table is kept: any other
/// compact serialization inside `f` writes spans of the same table.
pub(crate) fn writing_table<R>(f: impl FnOnce() -> R) -> (R, String) {
    struct Restore(Option<TableWriter>);
    impl Drop for Restore {
        fn drop(&mut self) {
            WRITING.with(|w| *w.borrow_mut() = self.0.take());
        }
    }
    let restore = Restore(WRITING.with(|w| w.borrow_mut().replace(TableWriter::default())));
    let out = f();
    let table = WRITING
        .with(|w| w.borrow_mut().take())
        .unwrap_or_default()
        .text;
    drop(restore);
    (out, table)
}

/// Runs `f` (a deserialization of what `writing_table` wrote) with `table`
/// as the string table its texts borrow from.
pub(crate) fn reading_table<R>(table: &'static str, f: impl FnOnce() -> R) -> R {
    crate::scoped::with_cell(&READING, Some(table), f)
}

/// Text is a string in JSON (the compact form is not JSON).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "String".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for a compact format: serde's own test-free way to see
    /// what a non-human-readable serializer produces is a real one, so this
    /// uses the YAML loader's human-readable path and checks the table API.
    #[test]
    fn a_table_holds_each_string_once_and_spans_point_into_it() {
        let mut w = TableWriter::default();
        let a = w.span("hamstrings").unwrap();
        let b = w.span("glutes").unwrap();
        assert_eq!(w.span("hamstrings").unwrap(), a);
        assert_eq!(&w.text[a.0 as usize..(a.0 + a.1) as usize], "hamstrings");
        assert_eq!(&w.text[b.0 as usize..(b.0 + b.1) as usize], "glutes");
        assert_eq!(w.text.len(), "hamstringsglutes".len());
    }

    #[test]
    fn text_compares_and_hashes_as_its_str() {
        let owned = Text::from("cat-cow");
        let borrowed = Text::from_static("cat-cow");
        assert_eq!(owned, borrowed);
        assert_eq!(owned, "cat-cow");
        assert_eq!("cat-cow", borrowed);
        let mut map = HashMap::new();
        map.insert(owned, 1);
        assert_eq!(map.get("cat-cow"), Some(&1));
        assert_eq!(format!("{borrowed} {borrowed:?}"), "cat-cow \"cat-cow\"");
    }

    #[test]
    fn human_readable_formats_see_a_plain_string() {
        let t: Text = serde_yaml::from_str("hello").unwrap();
        assert_eq!(t, "hello");
        assert_eq!(serde_yaml::to_string(&t).unwrap().trim(), "hello");
    }
}
