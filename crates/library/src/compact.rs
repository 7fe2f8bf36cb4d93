//! The compact form of a validated library: what the user-library cache
//! stores (the built-in library is compiled in as Rust, `rust_source.rs`). It is
//! postcard's encoding of the library and its entries' origins, with every
//! field written (postcard is not self-describing) and every text a span
//! of a string table kept beside it (`shared_text`), so that decoding
//! borrows the texts instead of copying them.
//!
//! The one writer and the one reader of that form live here, so that the
//! cache and the program cannot disagree about it.

use crate::model::{every_field, Library, Origin};
use crate::shared_text::{reading_table, writing_table};

/// `lib` in the compact form, and the string table its texts are spans of.
pub fn to_compact(lib: &Library) -> Result<(Vec<u8>, String), postcard::Error> {
    let (form, table) =
        writing_table(|| every_field(|| postcard::to_allocvec(&(lib, lib.origins()))));
    Ok((form?, table))
}

/// The library `to_compact` wrote as `form` with `table`, its origins set
/// and its index built. Anything left after the library is an error too.
pub fn from_compact(form: &[u8], table: &'static str) -> Result<Library, postcard::Error> {
    let ((mut lib, origins), tail): ((Library, Vec<Origin>), _) =
        reading_table(table, || postcard::take_from_bytes(form))?;
    if !tail.is_empty() {
        return Err(postcard::Error::DeserializeBadEncoding);
    }
    lib.set_origins(&origins);
    lib.reindex();
    Ok(lib)
}

#[cfg(test)]
mod tests {
    use crate::shared_text::{reading_table, writing_table, Text};

    #[test]
    fn texts_round_trip_through_a_string_table_and_bad_spans_are_refused() {
        let texts = vec![
            Text::from("hamstrings"),
            Text::from("—é"),
            Text::from("hamstrings"),
        ];
        let (bytes, table) = writing_table(|| postcard::to_allocvec(&texts));
        let bytes = bytes.unwrap();
        // Each distinct string once.
        assert_eq!(table, "hamstrings—é");
        let table: &'static str = Box::leak(table.into_boxed_str());
        let back: Vec<Text> = reading_table(table, || postcard::from_bytes(&bytes)).unwrap();
        assert_eq!(back, texts);
        // Without a table, or with one too short or cut inside a character,
        // decoding fails rather than panics.
        assert!(postcard::from_bytes::<Vec<Text>>(&bytes).is_err());
        assert!(reading_table("hamstrings", || postcard::from_bytes::<Vec<Text>>(&bytes)).is_err());
        assert!(
            reading_table("hamstringé—é", || postcard::from_bytes::<Vec<Text>>(
                &bytes
            ))
            .is_err()
        );
        // The compact form has no other way to write a text.
        assert!(postcard::to_allocvec(&texts).is_err());
    }
}
