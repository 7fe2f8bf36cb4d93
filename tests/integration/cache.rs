//! The cache of the merged user library (`$XDG_CACHE_HOME/backrelief/
//! library.bin`): a run with the same files decodes it instead of parsing
//! them; anything changed, broken or damaged is loaded (and reported) as if
//! there were no cache.

use crate::support::{stderr, Home};
use std::path::PathBuf;

/// A user exercise `list --muscle hamstrings` shows: the one behind the
/// cache fuzz target's seeds.
pub const MINE: &str = backrelief::fuzzing::CACHE_OWN_FILE;

const LIST: &[&str] = &["list", "--muscle", "hamstrings"];

fn cache_file(home: &Home) -> PathBuf {
    home.cache().join("backrelief/library.bin")
}

fn routines(home: &Home, name: &str, text: &str) -> PathBuf {
    home.write(&format!("config/backrelief/routines/{name}"), text)
}

/// Standard output of a successful run with nothing on standard error.
fn ok(home: &Home, args: &[&str]) -> String {
    let out = home.run_in_process(args).success();
    assert_eq!(stderr(&out), "");
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The cache file's identity: a rewrite (a new file renamed into place) changes it.
#[cfg(unix)]
fn inode(home: &Home) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(cache_file(home))
        .expect("cache file")
        .ino()
}

#[test]
fn a_second_run_with_the_same_files_uses_the_cache() {
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    assert!(!cache_file(&home).exists());
    let first = ok(&home, LIST);
    assert!(first.contains("towel-hamstring-slide"), "{first}");
    assert!(cache_file(&home).is_file());
    #[cfg(unix)]
    let before = inode(&home);
    assert_eq!(ok(&home, LIST), first);
    // Read, not rewritten.
    #[cfg(unix)]
    assert_eq!(inode(&home), before);
    // Other commands share it.
    assert!(ok(&home, &["show", "towel-hamstring-slide"]).contains("Slide one heel"));
}

#[test]
fn without_user_files_nothing_is_cached() {
    let home = Home::new();
    std::fs::create_dir_all(home.config().join("backrelief/routines")).unwrap();
    ok(&home, LIST);
    assert!(!home.cache().exists());
}

#[test]
fn an_edited_file_of_the_same_size_is_read_again() {
    let home = Home::new();
    let f = routines(&home, "mine.yaml", MINE);
    ok(&home, LIST);
    ok(&home, LIST);
    let edited = MINE.replace("towel-hamstring-slide", "towel-hamstring-glide");
    assert_eq!(edited.len(), MINE.len());
    std::fs::write(&f, edited).unwrap();
    let out = ok(&home, LIST);
    assert!(out.contains("towel-hamstring-glide"), "{out}");
    assert!(!out.contains("slide"), "{out}");
    // A change `list` does not show, seen by `show`.
    let gentler = MINE.replace("Move less far.", "Move less now.");
    assert_eq!(gentler.len(), MINE.len());
    std::fs::write(&f, gentler).unwrap();
    let shown = ok(&home, &["show", "towel-hamstring-slide"]);
    assert!(shown.contains("Move less now."), "{shown}");
}

#[test]
fn a_removed_or_added_file_is_read_again() {
    let home = Home::new();
    let f = routines(&home, "mine.yaml", MINE);
    ok(&home, LIST);
    let other = MINE
        .replace("towel-hamstring-slide", "door-hamstring-stretch")
        .replace("Towel hamstring slide", "Doorway hamstring stretch");
    routines(&home, "more.yaml", &other);
    let both = ok(&home, LIST);
    assert!(both.contains("towel-hamstring-slide") && both.contains("door-hamstring-stretch"));
    std::fs::remove_file(f).unwrap();
    let one = ok(&home, LIST);
    assert!(!one.contains("towel-hamstring-slide") && one.contains("door-hamstring-stretch"));
}

#[test]
fn a_broken_file_is_reported_as_without_a_cache_and_not_cached() {
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    let good = ok(&home, LIST);
    let cached = std::fs::read(cache_file(&home)).unwrap();
    let text = MINE.replace(
        "    name: Towel hamstring slide\n",
        "    name: Towel hamstring slide\n   bad: [\n",
    );
    let broken = routines(&home, "broken.yaml", &text);
    let with_cache = home.run(LIST).code(1);
    let message = stderr(&with_cache);
    assert!(
        message.starts_with(&format!("{}:4:", broken.display())),
        "{message}"
    );
    assert_eq!(std::fs::read(cache_file(&home)).unwrap(), cached);
    // The same report when there is no cache at all.
    std::fs::remove_file(cache_file(&home)).unwrap();
    let without = home.run(LIST).code(1);
    assert_eq!(stderr(&without), message);
    assert!(!cache_file(&home).exists());
    // Fixed: back to the good library.
    std::fs::remove_file(broken).unwrap();
    assert_eq!(ok(&home, LIST), good);
}

#[test]
fn an_invalid_entry_is_reported_with_a_cache_present() {
    let home = Home::new();
    let f = routines(&home, "mine.yaml", MINE);
    ok(&home, LIST);
    // Valid YAML, same length, but a muscle that does not exist.
    let bad = MINE.replace("[hamstrings]", "[hamstrongs]");
    std::fs::write(&f, bad).unwrap();
    let out = home.run(LIST).code(1);
    assert!(
        stderr(&out).contains(&format!(
            "{}:6:17: exercise 'towel-hamstring-slide': unknown muscle 'hamstrongs'",
            f.display()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_damaged_cache_is_ignored_and_rewritten() {
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    let good = ok(&home, LIST);
    let whole = std::fs::read(cache_file(&home)).unwrap();
    let mut flipped = whole.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    for damaged in [
        b"garbage".to_vec(),
        Vec::new(),
        whole[..whole.len() / 2].to_vec(),
        flipped,
    ] {
        std::fs::write(cache_file(&home), &damaged).unwrap();
        assert_eq!(ok(&home, LIST), good);
        assert_eq!(std::fs::read(cache_file(&home)).unwrap(), whole);
    }
}

#[test]
fn check_never_reads_or_writes_the_cache() {
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    home.write("cache/backrelief/library.bin", "garbage");
    let out = ok(&home, &["check"]);
    assert!(out.starts_with("ok: "), "{out}");
    assert_eq!(std::fs::read(cache_file(&home)).unwrap(), b"garbage");
    ok(&home, LIST);
    assert_ne!(std::fs::read(cache_file(&home)).unwrap(), b"garbage");
}

#[test]
fn an_unwritable_cache_directory_changes_nothing() {
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    let good = ok(&home, LIST);
    let other = Home::new();
    routines(&other, "mine.yaml", MINE);
    // A file where the cache directory should be: nothing can be written
    // under it (even as root).
    other.write("cache/backrelief", "not a directory");
    assert_eq!(ok(&other, LIST), good);
    assert_eq!(ok(&other, LIST), good);
    assert_eq!(
        std::fs::read_to_string(other.cache().join("backrelief")).unwrap(),
        "not a directory"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_at_the_cache_path_is_not_opened() {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    let good = ok(&home, LIST);
    std::fs::remove_file(cache_file(&home)).unwrap();
    let path = CString::new(cache_file(&home).as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let out = home
        .cmd()
        .args(LIST)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    assert_eq!(stderr(&out), "");
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), good);
    // Replaced by a real cache, which the next run reads.
    assert!(cache_file(&home).is_file());
    assert_eq!(ok(&home, LIST), good);
}

/// Writes a cache for the files in the routines folder as they are now,
/// holding whatever `forge` makes of the library they load to: exactly
/// what someone who can write the cache folder could leave there.
fn forge_cache(home: &Home, forge: impl FnOnce(&mut backrelief::library::Library)) {
    use backrelief::library::{collect_files, Origin};
    use backrelief::store::library::{builtin_files, over_builtin};
    let mut problems = Vec::new();
    let layers = vec![collect_files(
        &home.config().join("backrelief/routines"),
        &mut problems,
    )];
    assert!(problems.is_empty(), "{problems:?}");
    let mut lib = over_builtin().layer(layers[0].clone()).load().unwrap();
    forge(&mut lib);
    // Every entry claims to come from the user's file, so it is cached.
    let mine = Origin {
        file: builtin_files().len(),
        line: 0,
    };
    lib.set_origins(&vec![mine; lib.origins().len()]);
    backrelief::store::library_cache::write_unchecked(&cache_file(home), &layers, &lib);
}

/// The red-flag questions a plain `session --plan` asks, as "N of M: ..."
/// lines, when every answer is no (input then ends: exit code 130).
fn questions_asked(home: &Home) -> Vec<String> {
    let n = crate::support::asked_flags();
    let out = home
        .cmd()
        .args(["session", "--plan"])
        .write_stdin(crate::support::noes())
        .assert()
        .code(130);
    // The questions go where prompts go: standard error, when standard
    // output is not a terminal.
    let text = stderr(&out);
    assert!(
        text.contains(&format!("First, {n} safety questions")),
        "{text}"
    );
    text.lines()
        .filter(|l| l.contains(&format!(" of {n}: ")))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_forged_cache_never_changes_the_built_in_safety() {
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    ok(&home, LIST);
    let expected = questions_asked(&home);
    assert_eq!(expected.len(), crate::support::asked_flags());
    let rules = |home: &Home| {
        let out = ok(home, &["conditions", "pregnancy", "--json"]);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        (json["rules"].clone(), json["limits"].clone())
    };
    let built_in_rules = rules(&home);
    // Outside the routines folder, where `programs delete ../../..` once
    // pointed.
    let outside = home.write("config/backrelief/...yaml", "mine\n");

    // Every flag reworded and demoted, the pregnancy rules and limits
    // gone, plank down to standing, a program whose id is a path.
    forge_cache(&home, |lib| {
        for f in lib.red_flags.to_mut() {
            f.ask = Some("Are you feeling fine today?".into());
            f.tier = backrelief::library::Tier::Urgent;
        }
        let c = lib
            .conditions
            .to_mut()
            .iter_mut()
            .find(|c| c.id == "pregnancy")
            .unwrap();
        c.rules = Default::default();
        c.limits = Default::default();
        let plank = lib.exercises.to_mut().iter_mut().find(|e| e.id == "plank");
        plank.unwrap().movements = vec!["standing".into()].into();
        let mut program = lib.programs[0].clone();
        program.id = "../../..".into();
        lib.programs.push(program);
    });
    let forged = std::fs::read(cache_file(&home)).unwrap();
    assert_eq!(questions_asked(&home), expected);
    // Refused and rebuilt from the files.
    assert_ne!(std::fs::read(cache_file(&home)).unwrap(), forged);
    forge_cache(&home, |lib| {
        let c = lib
            .conditions
            .to_mut()
            .iter_mut()
            .find(|c| c.id == "pregnancy")
            .unwrap();
        c.rules = Default::default();
    });
    assert_eq!(rules(&home), built_in_rules);
    forge_cache(&home, |lib| {
        let mut program = lib.programs[0].clone();
        program.id = "../../..".into();
        lib.programs.push(program);
    });
    let out = home
        .run_in_process(&["programs", "delete", "../../.."])
        .code(2);
    assert!(stderr(&out).contains("../../.."), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine\n");

    // Flags removed: the screen is the program's, so it asks them all.
    forge_cache(&home, |lib| {
        *lib.red_flags.to_mut() = Vec::new();
    });
    assert_eq!(questions_asked(&home), expected);
    assert!(!stderr(&home.run(LIST).success()).contains("cache"));
}

#[test]
fn what_a_killed_cache_write_left_is_removed_once_an_hour_old() {
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    ok(&home, LIST);
    let dir = cache_file(&home).parent().unwrap().to_path_buf();
    let hours_ago = |hours: u64| {
        std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600 + 60)
    };
    let left = |name: &str, at: std::time::SystemTime| {
        let p = dir.join(name);
        std::fs::write(&p, b"half a cache").unwrap();
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(at).unwrap();
        p
    };
    let old = left(".backrelief-Ab3xYz.tmp", hours_ago(2));
    let young = left(".backrelief-Qw9rTy.tmp", std::time::SystemTime::now());
    let not_ours = left("notes.tmp", hours_ago(2));
    // A run that reads the cache (and writes nothing) tidies too.
    ok(&home, LIST);
    assert!(!old.exists());
    assert!(young.exists() && not_ours.exists());
    // What the cache writes is named so the next run can find it.
    std::fs::remove_file(cache_file(&home)).unwrap();
    ok(&home, LIST);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"library.bin".to_string()), "{names:?}");
    assert_eq!(names.len(), 3, "{names:?}");
}

/// A real cache's payload (what follows `library.bin`'s header): magic,
/// the key's length and the key, then the payload's hash.
fn payload_of(bytes: &[u8]) -> Vec<u8> {
    let key_len = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
    bytes[12 + key_len + 8..].to_vec()
}

#[test]
fn a_decoded_cache_is_always_a_validated_one() {
    // The fuzz target's property (fuzz/fuzz_targets/library_cache.rs),
    // replayed on its seeds, past crashes, a real payload and bounded
    // damage to it: whatever decodes keeps the built-in floor.
    let home = Home::new();
    routines(&home, "mine.yaml", MINE);
    home.run(LIST).success();
    let payload = payload_of(&std::fs::read(cache_file(&home)).unwrap());
    // The real payload decodes and passes the check, so the property is
    // tested on a library, not only on refusals.
    let entries = backrelief::store::library_cache::decode_payload(&payload).expect("decodes");
    let own = [backrelief::library::SourceFile {
        path: "mine.yaml".into(),
        text: MINE.into(),
    }];
    let merged = backrelief::store::library::checked(&entries, &own).expect("passes the check");
    assert!(merged.exercise("towel-hamstring-slide").is_some());
    backrelief::fuzzing::library_cache(&payload);
    let step = (payload.len() / 150).max(1);
    for at in (0..payload.len()).step_by(step) {
        for flip in [0x01, 0x20, 0xff] {
            let mut forged = payload.clone();
            forged[at] ^= flip;
            backrelief::fuzzing::library_cache(&forged);
        }
        backrelief::fuzzing::library_cache(&payload[..at]);
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = 0;
    for dir in ["fuzz/seeds/library_cache", "tests/fuzz-regressions"] {
        // The published package has no fuzz/ (a package of its own).
        if dir.starts_with("fuzz/") && !root.join("fuzz/Cargo.toml").exists() {
            continue;
        }
        for entry in std::fs::read_dir(root.join(dir)).expect("seed folder") {
            backrelief::fuzzing::library_cache(&std::fs::read(entry.unwrap().path()).unwrap());
            seeds += 1;
        }
    }
    assert!(seeds >= 2, "no seeds for the cache fuzz target");
}
