//! Every string in a value, with the path of fields, indices and keys that
//! leads to it, found by serializing the value into a visitor: no field is
//! forgotten when the model grows, and nothing is built on the way (the
//! validator used to build a whole YAML value per entry for this).

use serde::ser::{self, Serialize};
use std::fmt;

/// Calls `visit(path, text)` for every string in `value`, and for every map
/// key (with the path of the map). Values that are not text (numbers,
/// booleans, the model's own enum names) are not visited.
pub(crate) fn each_string(value: &impl Serialize, visit: &mut dyn FnMut(&[String], &str)) {
    let mut s = Strings {
        path: Vec::new(),
        depth: 0,
        visit,
    };
    // The visitor never fails; an error could only come from a type's own
    // Serialize, and the model's do not fail.
    let _ = value.serialize(&mut s);
}

struct Strings<'a> {
    /// The segments in use are `path[..depth]`; the rest are kept so their
    /// buffers are reused: a large library visits millions of fields, and
    /// a fresh `String` for each was most of this walk's cost.
    path: Vec<String>,
    depth: usize,
    visit: &'a mut dyn FnMut(&[String], &str),
}

impl Strings<'_> {
    fn push(&mut self, segment: &str) {
        self.slot().push_str(segment);
        self.depth += 1;
    }

    fn push_index(&mut self, index: usize) {
        use std::fmt::Write;
        let _ = write!(self.slot(), "{index}");
        self.depth += 1;
    }

    /// The next segment's buffer, emptied.
    fn slot(&mut self) -> &mut String {
        if self.depth == self.path.len() {
            self.path.push(String::new());
        }
        let slot = &mut self.path[self.depth];
        slot.clear();
        slot
    }

    fn pop(&mut self) {
        self.depth -= 1;
    }
}

#[derive(Debug)]
pub(crate) struct Never;

impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot serialize")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Never
    }
}

/// A sequence, map or struct being visited: its next index, or the key
/// just read.
struct Compound<'s, 'a> {
    s: &'s mut Strings<'a>,
    index: usize,
}

impl Compound<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.s.push_index(self.index);
        self.index += 1;
        let r = value.serialize(&mut *self.s);
        self.s.pop();
        r
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Never> {
        self.s.push(name);
        let r = value.serialize(&mut *self.s);
        self.s.pop();
        r
    }
}

macro_rules! nothing {
    ($($f:ident($t:ty)),*) => {$(
        fn $f(self, _: $t) -> Result<(), Never> { Ok(()) }
    )*};
}

impl<'s, 'a> ser::Serializer for &'s mut Strings<'a> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Compound<'s, 'a>;
    type SerializeTuple = Compound<'s, 'a>;
    type SerializeTupleStruct = Compound<'s, 'a>;
    type SerializeTupleVariant = Compound<'s, 'a>;
    type SerializeMap = Compound<'s, 'a>;
    type SerializeStruct = Compound<'s, 'a>;
    type SerializeStructVariant = Compound<'s, 'a>;

    nothing!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str)
    );

    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        (self.visit)(&self.path[..self.depth], v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        Compound { s: self, index: 0 }.field(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'s, 'a>, Never> {
        Ok(Compound { s: self, index: 0 })
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'s, 'a>, Never> {
        Ok(Compound { s: self, index: 0 })
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'s, 'a>, Never> {
        Ok(Compound { s: self, index: 0 })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'s, 'a>, Never> {
        self.push(variant);
        Ok(Compound { s: self, index: 0 })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'s, 'a>, Never> {
        Ok(Compound { s: self, index: 0 })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'s, 'a>, Never> {
        Ok(Compound { s: self, index: 0 })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'s, 'a>, Never> {
        self.push(variant);
        Ok(Compound { s: self, index: 0 })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.element(value)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.element(value)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.element(value)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.element(value)
    }
    fn end(self) -> Result<(), Never> {
        self.s.pop();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        // The key is visited as a string at the map's path, then names
        // the value's place.
        let mut text = String::new();
        let mut keep = |_: &[String], s: &str| text = s.to_string();
        key.serialize(&mut Strings {
            path: Vec::new(),
            depth: 0,
            visit: &mut keep,
        })?;
        if !text.is_empty() {
            (self.s.visit)(&self.s.path[..self.s.depth], &text);
        }
        self.s.push(&text);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        let r = value.serialize(&mut *self.s);
        self.s.pop();
        r
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.field(name, value)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.field(name, value)
    }
    fn end(self) -> Result<(), Never> {
        self.s.pop();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Inner {
        text: String,
        n: u32,
    }

    #[derive(serde::Serialize)]
    struct Outer {
        name: String,
        list: Vec<Inner>,
        maybe: Option<String>,
        map: BTreeMap<String, String>,
    }

    #[test]
    fn every_string_is_visited_with_its_path() {
        let v = Outer {
            name: "a".into(),
            list: vec![
                Inner {
                    text: "b".into(),
                    n: 1,
                },
                Inner {
                    text: "c".into(),
                    n: 2,
                },
            ],
            maybe: Some("d".into()),
            map: BTreeMap::from([("k".to_string(), "e".to_string())]),
        };
        let mut seen = Vec::new();
        each_string(&v, &mut |path, s| {
            seen.push((path.join("."), s.to_string()))
        });
        let want = [
            ("name", "a"),
            ("list.0.text", "b"),
            ("list.1.text", "c"),
            ("maybe", "d"),
            ("map", "k"),
            ("map.k", "e"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect();
        assert_eq!(seen, want);
    }
}
