//! The library's lists and maps: owned when parsed from YAML or decoded
//! from the cache, borrowed from the program's static data for the
//! built-in library (`builtin_code.rs`), which is compiled into the program
//! as Rust values, so that starting a command decodes nothing. A `List`
//! reads as a slice; changing one (merging a user's layer) copies a
//! borrowed list into a `Vec` first.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;

/// A list of library values that reads as a slice.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct List<T: Clone + 'static>(Cow<'static, [T]>);

impl<T: Clone> List<T> {
    pub const fn new() -> List<T> {
        List(Cow::Borrowed(&[]))
    }

    /// A list that borrows values that live as long as the program.
    pub const fn from_static(items: &'static [T]) -> List<T> {
        List(Cow::Borrowed(items))
    }

    /// The list as a `Vec` to change, copied first if it was borrowed.
    pub fn to_mut(&mut self) -> &mut Vec<T> {
        self.0.to_mut()
    }

    /// Adds `item` at the end, copying a borrowed list first.
    pub fn push(&mut self, item: T) {
        self.0.to_mut().push(item);
    }

    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<T> {
        self.0.into_owned()
    }
}

impl<T: Clone> Default for List<T> {
    fn default() -> List<T> {
        List::new()
    }
}

impl<T: Clone> Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: Clone> AsRef<[T]> for List<T> {
    fn as_ref(&self) -> &[T] {
        &self.0
    }
}

impl<T: Clone> Borrow<[T]> for List<T> {
    fn borrow(&self) -> &[T] {
        &self.0
    }
}

impl<T: Clone + fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl<T: Clone> From<Vec<T>> for List<T> {
    fn from(v: Vec<T>) -> List<T> {
        List(Cow::Owned(v))
    }
}

impl<T: Clone> From<List<T>> for Vec<T> {
    fn from(l: List<T>) -> Vec<T> {
        l.into_vec()
    }
}

impl<T: Clone> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> List<T> {
        List(Cow::Owned(iter.into_iter().collect()))
    }
}

impl<T: Clone> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Clone + PartialEq> PartialEq<Vec<T>> for List<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        *self.0 == **other
    }
}

impl<T: Clone + PartialEq> PartialEq<[T]> for List<T> {
    fn eq(&self, other: &[T]) -> bool {
        *self.0 == *other
    }
}

impl<T: Clone + Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: Clone + Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<List<T>, D::Error> {
        Vec::deserialize(d).map(List::from)
    }
}

/// A map of library values: its entries sorted by key, each key once.
/// Serialized as a map; looked up by key.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Map<K: Clone + 'static, V: Clone + 'static>(List<(K, V)>);

impl<K: Clone + Ord, V: Clone> Map<K, V> {
    pub const fn new() -> Map<K, V> {
        Map(List::new())
    }

    /// A map that borrows entries that live as long as the program; they
    /// must be sorted by key, each key once (as `entries` gives them).
    pub const fn from_static(entries: &'static [(K, V)]) -> Map<K, V> {
        Map(List::from_static(entries))
    }

    /// The entries, sorted by key.
    pub fn entries(&self) -> &[(K, V)] {
        &self.0
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.0
            .binary_search_by(|(k, _)| k.borrow().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Clone, V: Clone> Default for Map<K, V> {
    fn default() -> Map<K, V> {
        Map(List::new())
    }
}

impl<K: Clone + fmt::Debug, V: Clone + fmt::Debug> fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<K: Clone + Ord, V: Clone> From<BTreeMap<K, V>> for Map<K, V> {
    fn from(m: BTreeMap<K, V>) -> Map<K, V> {
        Map(m.into_iter().collect())
    }
}

impl<K: Clone + Ord, V: Clone> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Map<K, V> {
        iter.into_iter().collect::<BTreeMap<K, V>>().into()
    }
}

impl<'a, K: Clone + Ord, V: Clone> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Clone + Serialize, V: Clone + Serialize> Serialize for Map<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, K, V> Deserialize<'de> for Map<K, V>
where
    K: Clone + Ord + Deserialize<'de>,
    V: Clone + Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Map<K, V>, D::Error> {
        BTreeMap::deserialize(d).map(Map::from)
    }
}

/// A list is an array, as `Vec<T>` is.
#[cfg(feature = "schema")]
impl<T: Clone + schemars::JsonSchema> schemars::JsonSchema for List<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<T>>::schema_name()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<T>>::json_schema(g)
    }
}

/// A map is an object, as `BTreeMap<K, V>` is.
#[cfg(feature = "schema")]
impl<K: Clone + schemars::JsonSchema, V: Clone + schemars::JsonSchema> schemars::JsonSchema
    for Map<K, V>
{
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<K, V>>::schema_name()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<K, V>>::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_as_a_slice_and_copies_itself_to_change() {
        static ITEMS: [u32; 3] = [1, 2, 3];
        let mut list = List::from_static(&ITEMS);
        assert_eq!(&*list, &[1, 2, 3]);
        assert_eq!(list, vec![1, 2, 3]);
        list.to_mut().push(4);
        assert_eq!(list.len(), 4);
        assert_eq!(ITEMS, [1, 2, 3], "the static values stay as they were");
        assert_eq!(List::<u32>::default().len(), 0);
    }

    #[test]
    fn a_map_finds_by_key_and_keeps_its_keys_sorted() {
        static ENTRIES: [(&str, i32); 2] = [("a", 1), ("c", 3)];
        let map = Map::from_static(&ENTRIES);
        assert_eq!(map.get("c"), Some(&3));
        assert_eq!(map.get("b"), None);
        let built: Map<String, i32> = [("z".to_string(), 1), ("b".to_string(), 2)]
            .into_iter()
            .collect();
        assert_eq!(built.keys().collect::<Vec<_>>(), ["b", "z"]);
        assert_eq!(built.get("z"), Some(&1));
    }
}
