//! A cache of the merged, validated library, for the user's own layers
//! (their routines directory and `--library`): parsing their YAML is most
//! of what a command costs once they have any, so a load whose files are
//! byte for byte those of the last successful one decodes its result
//! instead.
//!
//! The files are always read (that is cheap); only parsing, merging and
//! validating are skipped. The key is this format's version, this build's
//! identity (its built-in library and its loader) and every file's shown
//! path, length and hash, layer by layer, so any changed, added, removed or
//! renamed file misses. Only a load that succeeded is stored, so a problem
//! is always reported by a real load. The file is only a cache: anything
//! wrong with it (missing, a FIFO, too large, another key, a bad checksum,
//! a payload that does not decode) means a normal load and a rewrite, and
//! a failure to write it is ignored. Deleting it is always safe.

use crate::error::Result;
use crate::library::{from_compact, overlay, read_regular_file, to_compact, Library, SourceFile};
use std::io::Write as _;
use std::path::Path;

/// `IDENTITY`: a hash of the built-in library's Rust form and of the
/// build script that wrote it (which links the loader and the model), with
/// the package version; written by `build.rs`.
mod build {
    include!(concat!(env!("OUT_DIR"), "/cache_identity.rs"));
}

/// Changes whenever the file's layout or the meaning of its contents does
/// (including how `store::library::load` layers files).
const FORMAT: u32 = 3;

/// The first bytes of the file.
const MAGIC: &[u8; 8] = b"brlcache";

/// Far above the cache of the built-in library and of ten thousand user
/// exercises: a larger file is not one this program wrote.
const MAX_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// The library merged from `layers` over the built-in one: from the
/// cache at `cache_file` (`$XDG_CACHE_HOME/backrelief/library.bin`) when it holds the entries for exactly these files and `check`
/// (every check a fresh load makes) passes them, otherwise `load(layers)`,
/// and then, if that succeeded, stored for next time.
pub fn load_cached(
    cache_file: Option<&Path>,
    layers: Vec<Vec<SourceFile>>,
    load: impl FnOnce(Vec<Vec<SourceFile>>) -> Result<Library>,
    check: impl FnOnce(&Library, &[SourceFile]) -> Option<Library>,
) -> Result<Library> {
    // Nothing over the built-in library: it is compiled in, faster than any cache.
    let used = layers.iter().any(|l| !l.is_empty());
    let Some(path) = cache_file.filter(|_| used) else {
        return load(layers);
    };
    // What a run killed while writing the cache left behind.
    if let Some(dir) = path.parent() {
        crate::store::files::sweep_temp(dir);
    }
    let key = key(&layers);
    let sizes: Vec<usize> = layers.iter().map(Vec::len).collect();
    let own: Vec<SourceFile> = layers.into_iter().flatten().collect();
    if let Some(lib) = read(path, &key).and_then(|entries| check(&entries, &own)) {
        return Ok(lib);
    }
    // Missing, stale or failing a check: load the files and cache that.
    let mut own = own.into_iter();
    let layers = sizes
        .iter()
        .map(|&n| own.by_ref().take(n).collect())
        .collect();
    let lib = load(layers)?;
    // Fields left out are warned about on every run, which a cached
    // library could not do: only a library without them is kept.
    if lib.left_out().next().is_none() {
        write(path, &key, &lib);
    }
    Ok(lib)
}

/// A 64-bit hash of `bytes`: XXH3, stable across versions and platforms,
/// and fast enough that checking a cache costs little next to decoding it.
fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// What a cached library was made from, as bytes compared whole: the
/// format, this build, and for each layer its files' shown paths, lengths
/// and text hashes, in order.
fn key(layers: &[Vec<SourceFile>]) -> Vec<u8> {
    let mut k = Vec::with_capacity(64 + layers.iter().map(|l| l.len() * 96).sum::<usize>());
    k.extend_from_slice(&FORMAT.to_le_bytes());
    k.extend_from_slice(&build::IDENTITY.to_le_bytes());
    k.extend_from_slice(&(layers.len() as u64).to_le_bytes());
    for layer in layers {
        k.extend_from_slice(&(layer.len() as u64).to_le_bytes());
        for f in layer {
            k.extend_from_slice(&(f.path.len() as u64).to_le_bytes());
            k.extend_from_slice(f.path.as_bytes());
            k.extend_from_slice(&(f.text.len() as u64).to_le_bytes());
            k.extend_from_slice(&hash(f.text.as_bytes()).to_le_bytes());
        }
    }
    k
}

/// The cached entries for `key`, if the file at `path` holds them intact.
fn read(path: &Path, key: &[u8]) -> Option<Library> {
    let bytes = read_regular_file(path, MAX_CACHE_BYTES).ok()?;
    decode(&bytes, key)
}

/// The file: `MAGIC`, the key's length (u32, little-endian) and the key,
/// the payload's hash (u64), then the payload: the string table's length
/// (u32) and the table, then postcard's form of the user's entries (the
/// library's entries from their files, never the built-in ones) and their
/// origins, whose texts are spans of the table.
fn encode(key: &[u8], lib: &Library) -> Option<Vec<u8>> {
    let payload = payload(lib)?;
    let mut out = Vec::with_capacity(MAGIC.len() + 4 + key.len() + 8 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&u32::try_from(key.len()).ok()?.to_le_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(&hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Some(out)
}

/// The payload for `lib`: its user's entries in the compact form, after
/// their string table.
pub fn payload(lib: &Library) -> Option<Vec<u8>> {
    let (form, table) = to_compact(&overlay(lib, crate::builtin::FILES.len())).ok()?;
    let mut payload = Vec::with_capacity(4 + table.len() + form.len());
    payload.extend_from_slice(&u32::try_from(table.len()).ok()?.to_le_bytes());
    payload.extend_from_slice(table.as_bytes());
    payload.extend_from_slice(&form);
    Some(payload)
}

/// The user's entries in `bytes` if they are a whole cache file for
/// `key`, not yet checked (`checked`).
fn decode(bytes: &[u8], key: &[u8]) -> Option<Library> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (len, rest) = rest.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if len != key.len() || rest.get(..len)? != key {
        return None;
    }
    let (sum, payload) = rest[len..].split_first_chunk::<8>()?;
    if u64::from_le_bytes(*sum) != hash(payload) {
        return None;
    }
    decode_payload(payload)
}

/// The entries in a payload (`encode`), not yet checked.
pub fn decode_payload(payload: &[u8]) -> Option<Library> {
    let (table, form) = payload_parts(payload)?;
    // The decoded library borrows its texts from the table, and lives
    // until the process ends (`Context::library`): so does the table. A
    // command loads its library once, so at most one table is kept, even
    // when the payload turns out not to decode.
    let table: &'static str = Box::leak(table.into());
    from_compact(form, table).ok()
}

/// A payload's string table and the compact form whose texts are spans of it.
pub fn payload_parts(payload: &[u8]) -> Option<(&str, &[u8])> {
    let (len, rest) = payload.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    let table = std::str::from_utf8(rest.get(..len)?).ok()?;
    Some((table, &rest[len..]))
}

/// Writes `lib`'s entries from the user's files as the cache for `layers`,
/// with no check: what a person (or program) that can write the cache
/// folder could leave there, for tests that forge one.
#[doc(hidden)]
pub fn write_unchecked(path: &Path, layers: &[Vec<SourceFile>], lib: &Library) {
    write(path, &key(layers), lib);
}

/// Replaces the cache file whole (a temporary file in the same directory,
/// renamed over it), or leaves it be: any failure is ignored, since the
/// next load just misses. No fsync: a file cut short by a crash fails its
/// checksum and is rewritten.
fn write(path: &Path, key: &[u8], lib: &Library) {
    let Some(bytes) = encode(key, lib) else {
        return;
    };
    let Some(dir) = path.parent() else { return };
    if crate::store::private::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(mut tmp) = crate::store::files::temp_file_in(dir) else {
        return;
    };
    if tmp.write_all(&bytes).is_ok() {
        let _ = tmp.persist(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Loader;
    use crate::store::library::{builtin_library, checked, over_builtin};

    /// A user's exercise that overrides nothing, and one that replaces a
    /// built-in exercise.
    const MINE: &str = "\
exercises:
  - id: wall-sit
    name: Wall sit
    category: strengthening
    muscles:
      primary: [quadriceps]
    position: standing
    equipment: [wall]
    difficulty: 2
    dose:
      reps: 8
      sets: 2
      rest: 20
    instructions:
      - Slide down the wall.
    feel: Thighs working.
    cautions:
      - Stop if your knees hurt.
    make_it_easier: Stay higher.
    illustration: a person leaning on a wall
    movements: [standing]
muscles:
  - id: glutes
    name: Buttock muscles
    aliases: [glute, gluteus, buttocks, bum]
";

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.to_string(),
            text: text.to_string(),
        }
    }

    fn merged(layers: Vec<Vec<SourceFile>>) -> Library {
        let mut loader = over_builtin();
        for l in layers {
            loader.layer(l);
        }
        loader.load().expect("valid")
    }

    /// The library and its origins in the stored form, to compare two.
    fn form(lib: &Library) -> (Vec<u8>, String) {
        to_compact(lib).expect("the library serializes")
    }

    #[test]
    fn a_merged_library_round_trips_equal_to_a_fresh_load() {
        let layers = vec![vec![file("mine.yaml", MINE)]];
        let key = key(&layers);
        let fresh = merged(layers.clone());
        let entries = decode(&encode(&key, &fresh).unwrap(), &key).expect("decodes");
        // Only the user's entries are stored: the built-in ones come from
        // the program.
        assert_eq!(entries.exercises.len(), 1);
        assert_eq!(entries.muscles.len(), 1);
        assert!(entries.red_flags.is_empty() && entries.conditions.is_empty());
        let back = checked(&entries, &layers[0]).expect("passes every check");
        assert_eq!(form(&back), form(&fresh));
        // The user's entry is there, found through the rebuilt index, with
        // its origin in the user's file (after the built-in files).
        let e = back.exercise("wall-sit").expect("user entry");
        assert_eq!(e.name, "Wall sit");
        assert_eq!(e.origin.file, crate::builtin::FILES.len());
        assert!(back.exercise("cat-cow").is_some());
        let glutes = back.muscles.iter().find(|m| m.id == "glutes").unwrap();
        assert_eq!(glutes.name, "Buttock muscles");
    }

    /// What the checks say of `entries` decoded as from a cache of `own`.
    fn refused(entries: &Library, own: &[SourceFile]) -> String {
        match Loader::merge_decoded(builtin_library(), crate::builtin::FILES, own, entries) {
            Ok(_) => panic!("forged entries passed"),
            Err(p) => p.to_string(),
        }
    }

    #[test]
    fn forged_entries_never_pass_the_checks_a_load_makes() {
        use crate::library::{Origin, Text};
        let own = vec![file("mine.yaml", MINE)];
        let bytes = payload(&merged(vec![own.clone()])).unwrap();
        let fresh = || decode_payload(&bytes).expect("decodes");
        assert!(checked(&fresh(), &own).is_some());
        let builtin = builtin_library();
        let mine = Origin {
            file: crate::builtin::FILES.len(),
            line: 0,
        };
        let flag = |f: &dyn Fn(&mut crate::library::RedFlag)| {
            let mut entries = fresh();
            let mut flag = builtin.red_flags[0].clone();
            f(&mut flag);
            flag.origin = mine;
            entries.red_flags.push(flag);
            refused(&entries, &own)
        };
        let reworded = flag(&|f| f.ask = Some(Text::from("Are you feeling fine?")));
        assert!(reworded.contains("is built in"), "{reworded}");
        let demoted = flag(&|f| f.tier = crate::library::Tier::Urgent);
        assert!(demoted.contains("is built in"), "{demoted}");

        // A built-in condition with its rules, limits and stop signs gone.
        let mut entries = fresh();
        let mut c = builtin
            .conditions
            .iter()
            .find(|c| !c.rules.is_empty())
            .unwrap()
            .clone();
        c.rules = Default::default();
        c.stop_signs = None;
        c.origin = mine;
        entries.conditions.push(c.clone());
        let message = refused(&entries, &own);
        assert!(
            message.contains(&format!("condition '{}' is built in", c.id)),
            "{message}"
        );
        // A built-in exercise down to one harmless movement.
        let mut entries = fresh();
        let mut plank = builtin.exercise("plank").unwrap().clone();
        plank.movements = vec![Text::from("standing")].into();
        plank.origin = mine;
        entries.exercises.push(plank);
        let message = refused(&entries, &own);
        assert!(
            message.contains("exercise 'plank' is built in"),
            "{message}"
        );

        // An id that is a path, a copy of one entry, an entry placed in a
        // built-in file or past the end of the user's file.
        let mut entries = fresh();
        let mut program = builtin.programs[0].clone();
        program.id = Text::from("../../..");
        program.origin = mine;
        entries.programs.push(program);
        assert!(refused(&entries, &own).contains("'../../..'"));
        let mut entries = fresh();
        let copy = entries.exercises[0].clone();
        entries.exercises.to_mut().push(copy);
        assert!(refused(&entries, &own).contains("duplicate exercise id"));
        for origin in [
            Origin { file: 0, line: 0 },
            Origin {
                file: mine.file,
                line: MINE.lines().count(),
            },
            Origin {
                file: mine.file + 1,
                line: 0,
            },
        ] {
            let mut entries = fresh();
            entries.exercises.to_mut()[0].origin = origin;
            let message = refused(&entries, &own);
            assert!(
                message.contains("where its files have no entry"),
                "{message}"
            );
        }
    }

    #[test]
    fn the_key_changes_with_any_file_its_layer_or_its_path() {
        let base = key(&[vec![file("a.yaml", MINE)]]);
        assert_eq!(base, key(&[vec![file("a.yaml", MINE)]]));
        // Same length, one letter changed.
        let edited = MINE.replace("Wall sit", "Wall sip");
        assert_eq!(edited.len(), MINE.len());
        for other in [
            key(&[vec![file("a.yaml", &edited)]]),
            key(&[vec![file("b.yaml", MINE)]]),
            key(&[vec![file("a.yaml", MINE), file("c.yaml", "")]]),
            key(&[vec![], vec![file("a.yaml", MINE)]]),
            key(&[vec![file("a.yaml", MINE)], vec![]]),
            key(&[]),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn a_cache_for_other_files_or_damaged_is_ignored() {
        let layers = vec![vec![file("mine.yaml", MINE)]];
        let key = key(&layers);
        let good = encode(&key, &merged(layers)).unwrap();
        assert!(decode(&good, &key).is_some());
        let other = super::key(&[vec![file("other.yaml", MINE)]]);
        assert!(decode(&good, &other).is_none());
        // Every truncation, and a flipped byte anywhere past the magic.
        for n in [0, 4, 8, 12, good.len() / 2, good.len() - 1] {
            assert!(decode(&good[..n], &key).is_none(), "cut at {n}");
        }
        for at in [0, 9, 20, good.len() - 200, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 0x40;
            assert!(decode(&bad, &key).is_none(), "flipped at {at}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(decode(&longer, &key).is_none());
    }

    #[test]
    fn a_payload_with_a_valid_checksum_that_does_not_decode_is_ignored() {
        let key = key(&[vec![file("mine.yaml", MINE)]]);
        for payload in [
            vec![],
            vec![0xff; 64],
            // A huge list length, then nothing.
            vec![0xff, 0xff, 0xff, 0xff, 0x0f],
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ] {
            assert!(decode(&wrapped(&key, &payload), &key).is_none());
        }
    }

    /// A cache file around `payload`, with its checksum right.
    fn wrapped(key: &[u8], payload: &[u8]) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&(key.len() as u32).to_le_bytes());
        bytes.extend_from_slice(key);
        bytes.extend_from_slice(&hash(payload).to_le_bytes());
        bytes.extend_from_slice(payload);
        bytes
    }

    #[test]
    fn a_string_table_that_does_not_fit_its_spans_is_ignored() {
        let layers = vec![vec![file("mine.yaml", MINE)]];
        let key = key(&layers);
        let lib = merged(layers);
        let (form, table) = form(&lib);
        let payload = |table: &str| {
            let mut p = (table.len() as u32).to_le_bytes().to_vec();
            p.extend_from_slice(table.as_bytes());
            p.extend_from_slice(&form);
            p
        };
        // The real table decodes; the same entries over a table cut short
        // (at a character boundary), or over one of two-byte characters
        // that spans cut in the middle, do not.
        assert!(decode(&wrapped(&key, &payload(&table)), &key).is_some());
        let cut = table.char_indices().last().unwrap().0;
        assert!(decode(&wrapped(&key, &payload(&table[..cut])), &key).is_none());
        let mut halves = "é".repeat(table.len() / 2);
        halves.push_str(&"x".repeat(table.len() % 2));
        assert_eq!(halves.len(), table.len());
        assert!(decode(&wrapped(&key, &payload(&halves)), &key).is_none());
    }

    #[test]
    fn writes_replace_the_file_whole_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/library.bin");
        let layers = vec![vec![file("mine.yaml", MINE)]];
        let key = key(&layers);
        let lib = merged(layers.clone());
        write(&path, &key, &lib);
        let entries = read(&path, &key).expect("cached");
        assert_eq!(form(&checked(&entries, &layers[0]).unwrap()), form(&lib));
        std::fs::write(&path, b"garbage").unwrap();
        assert!(read(&path, &key).is_none());
        write(&path, &key, &lib);
        assert!(read(&path, &key).is_some());
        // Nothing but the cache file is left behind.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }
}
