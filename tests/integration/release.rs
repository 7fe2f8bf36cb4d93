//! What a packager and a new user meet first: README's install lines run as
//! written on a fresh account, and every file README names exists.

use crate::support::{bin, stderr, Home};
use std::path::Path;

const README: &str = include_str!("../../README.md");

/// The shell block that installs completions and man pages.
fn install_block() -> &'static str {
    let at = README
        .find("mkdir -p ~/.local/share/bash-completion/completions")
        .expect("README's install lines");
    let start = README[..at].rfind("```sh\n").expect("block start") + "```sh\n".len();
    let end = start + README[start..].find("```").expect("block end");
    &README[start..end]
}

#[test]
fn readme_install_lines_work_on_a_fresh_account() {
    let home = Home::new();
    let fresh = home.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    let path = format!(
        "{}:{}",
        bin().parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let block = install_block();
    let out = home
        .command("bash")
        .arg("-euc")
        .arg(block)
        .env("HOME", &fresh)
        .env("PATH", path)
        .output()
        .expect("bash");
    assert!(out.status.success(), "{block}\n{}", stderr(&out));
    for file in [
        ".local/share/bash-completion/completions/backrelief",
        ".zfunc/_backrelief",
        ".config/fish/completions/backrelief.fish",
        ".local/share/man/man1/backrelief.1",
        ".local/share/man/man1/backrelief-history-export.1",
    ] {
        let f = fresh.join(file);
        assert!(
            std::fs::metadata(&f).is_ok_and(|m| m.len() > 0),
            "{file} not written"
        );
    }
    assert!(README.contains("cargo install --locked --path ."));
}

#[test]
fn every_file_readme_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for word in README.split(|c: char| c.is_whitespace() || "`()[]<>,;:'\"".contains(c)) {
        let word = word.trim_end_matches(['.', '*']);
        let named = [
            "tests/",
            "scripts/",
            "src/",
            "docs/",
            "routines/",
            "benches/",
            "crates/",
            ".ci/",
        ]
        .iter()
        .any(|p| word.starts_with(p));
        // Folders the commands shown make (fuzz corpora) are not named files.
        // The published package holds this crate only: not the folders that
        // are packages of their own (the library crate, the YAML comparison).
        let other_package = ["crates/", "scripts/yaml-compare"]
            .iter()
            .any(|p| word.starts_with(p) && !root.join(p).exists());
        if named && !other_package && !word.contains('*') && !root.join(word).exists() {
            missing.push(word.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "README names files that do not exist: {missing:?}"
    );
}

/// The crate's description is also the .deb's synopsis (cargo-deb takes it
/// as the Description's first line): Debian policy wants it under 80
/// characters, one line; the rest is `extended-description`.
#[test]
fn the_description_fits_a_debian_synopsis() {
    let description = env!("CARGO_PKG_DESCRIPTION");
    assert!(
        description.chars().count() < 80 && !description.contains('\n'),
        "{} characters: {description}",
        description.chars().count()
    );
}
