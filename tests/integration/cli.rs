//! Fitting into a shell: help with examples everywhere, completions, the
//! man page, and one table of exit codes.

use crate::support::{stdout, Home};
use backrelief::commands::cli::Cli;
use backrelief::error::exit;
use clap::CommandFactory;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn all_commands(
    cmd: &clap::Command,
    path: Vec<String>,
    out: &mut Vec<(Vec<String>, clap::Command)>,
) {
    out.push((path.clone(), cmd.clone()));
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let mut p = path.clone();
        p.push(sub.get_name().to_string());
        all_commands(sub, p, out);
    }
}

/// The whole command tree: each command's arguments and subcommands are
/// only made when it is built.
fn built() -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

/// Every option and argument of every command says what it is for.
#[test]
fn every_argument_has_help() {
    let mut cmds = Vec::new();
    all_commands(&built(), Vec::new(), &mut cmds);
    for (path, cmd) in cmds {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" || arg.is_hide_set() {
                continue;
            }
            assert!(
                arg.get_help()
                    .is_some_and(|h| !h.to_string().trim().is_empty()),
                "`backrelief {} {id}` has no help",
                path.join(" ")
            );
        }
    }
}

/// Commands are built only when run (`defer`): building one must not change
/// what the top-level help says of it (a doc comment on a flattened `Args`
/// struct would replace the command's about).
#[test]
fn building_a_command_keeps_its_about() {
    let listed = Cli::command();
    let whole = built();
    for sub in listed.get_subcommands() {
        let b = whole.find_subcommand(sub.get_name()).unwrap();
        assert_eq!(
            sub.get_about().map(ToString::to_string),
            b.get_about().map(ToString::to_string),
            "`{}`",
            sub.get_name()
        );
        assert!(
            sub.get_about().is_some(),
            "`{}` has no about",
            sub.get_name()
        );
    }
}

#[test]
fn every_command_help_shows_an_example() {
    let mut cmds = Vec::new();
    all_commands(&built(), Vec::new(), &mut cmds);
    assert!(cmds.len() > 15);
    let home = Home::new();
    for (path, _) in cmds {
        let out = home
            .in_process()
            .args(&path)
            .arg("--help")
            .assert()
            .success();
        let text = stdout(&out);
        assert!(
            text.contains("Example"),
            "`backrelief {} --help` has no example",
            path.join(" ")
        );
    }
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let text = stdout(&home.run(&["completions", shell]).success());
        // Each script asks backrelief for its words (`completions.rs`
        // completes them in the real shells).
        assert!(
            text.contains(&format!("backrelief __complete {shell}")),
            "{shell} completion does not ask backrelief"
        );
    }
    home.run_in_process(&["man"])
        .success()
        .stdout(contains(".TH backrelief 1").and(contains("session")));
}

#[test]
fn exit_codes_match_the_documented_table() {
    assert_eq!(
        (
            exit::OK,
            exit::INVALID_DATA,
            exit::USAGE,
            exit::RED_FLAG,
            exit::INTERRUPTED
        ),
        (0, 1, 2, 3, 130)
    );
    let readme = include_str!("../../README.md");
    for (code, words) in [
        (0, "ok"),
        (1, "invalid library"),
        (2, "usage error"),
        (3, "red flag"),
        (130, "interrupted"),
    ] {
        assert!(
            readme.contains(&format!("| {code} | {words}")),
            "README lacks exit code {code}"
        );
    }
    let home = Home::new();
    home.run_in_process(&["frobnicate"]).code(exit::USAGE);
    home.run_in_process(&["show", "nothing-like-this"])
        .code(exit::USAGE);
    let bad = home.write("bad.yaml", "exercises: [1]\n");
    home.in_process()
        .arg("check")
        .arg(bad)
        .assert()
        .code(exit::INVALID_DATA);
}

/// The exit codes in README's table, in order.
fn readme_exit_codes() -> Vec<(i32, String)> {
    let readme = include_str!("../../README.md");
    let table = readme
        .split("## Exit codes")
        .nth(1)
        .expect("README has an exit code table");
    table
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = cells.get(1)?.parse::<i32>().ok()?;
            Some((code, cells.get(2)?.to_string()))
        })
        .collect()
}

/// Roff with its escapes undone enough to search for plain words.
fn roff_plain(page: &str) -> String {
    page.replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fR", "")
        .replace("\\fI", "")
}

/// Checks a page's EXIT STATUS, ENVIRONMENT and FILES sections.
fn assert_sections(page: &str, what: &str) {
    let text = roff_plain(page);
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{what}: no {s}"));
    let (exit, env, files) = (
        at(".SH \"EXIT STATUS\""),
        at(".SH \"ENVIRONMENT\""),
        at(".SH \"FILES\""),
    );
    assert!(exit < env && env < files, "{what}: sections out of order");
    let exit_section = &text[exit..env];
    let codes = readme_exit_codes();
    assert_eq!(codes.len(), 6, "{codes:?}");
    for (code, _) in &codes {
        assert!(
            exit_section.contains(&format!(".TP\n{code}\n")),
            "{what}: exit {code}"
        );
    }
    let env_section = &text[env..files];
    for var in backrelief::commands::cli::FLAG_ENV
        .iter()
        .filter(|v| **v != "BACKRELIEF_TODAY" && **v != "BACKRELIEF_TIME_SCALE")
        .chain(&["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "TERM"])
    {
        assert!(
            env_section.contains(&format!(".TP\n{var}")),
            "{what}: {var}"
        );
    }
    // The hidden testing knobs stay out of the manual.
    assert!(
        !text.contains("BACKRELIEF_TIME_SCALE") && !text.contains("--time-scale"),
        "{what}"
    );
    let files_section = &text[files..];
    for f in ["profile.yaml", "routines/", "history.jsonl"] {
        assert!(files_section.contains(f), "{what}: {f}");
    }
}

#[test]
fn the_man_page_has_exit_status_environment_and_files() {
    let home = Home::new();
    let page = stdout(&home.run_in_process(&["man"]).success());
    assert!(
        page.starts_with(".ie") || page.contains(".TH backrelief 1"),
        "{page}"
    );
    assert_sections(&page, "backrelief.1");
    // Each code is explained as README explains it.
    let text = roff_plain(&page);
    assert!(text.contains("A red-flag answer"));
    assert!(text.contains("Interrupted: end of input"));
}

#[test]
fn man_dir_writes_a_page_per_command_and_every_reference_resolves() {
    let home = Home::new();
    let dir = home.path().join("man1");
    home.run_in_process(&["man", "--dir", dir.to_str().unwrap()])
        .success()
        .stdout(contains("wrote").and(contains("backrelief-history-export.1")));
    let mut cmds = Vec::new();
    all_commands(&built(), vec!["backrelief".into()], &mut cmds);
    let mut names: Vec<String> = Vec::new();
    for (path, _) in &cmds {
        let name = path.join("-");
        let file = dir.join(format!("{name}.1"));
        let page =
            std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("no {}", file.display()));
        assert!(
            page.contains(&format!(".TH {name} 1")),
            "{name}: {}",
            &page[..200.min(page.len())]
        );
        assert_sections(&page, &name);
        names.push(name);
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), names.len());
    // Every `backrelief-x(1)` a page points to was written.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = roff_plain(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        for (i, _) in text.match_indices("(1)") {
            let start = text[..i]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |s| s + 1);
            let name = &text[start..i];
            if name.starts_with("backrelief") {
                assert!(names.iter().any(|n| n == name), "{name}(1) was not written");
            }
        }
    }
}

/// Man pages are for everyone to read, unlike backrelief's own files: a
/// page and a folder `man --dir` makes get the modes any program's new
/// files get under the umask (0644 and 0755 under 022, 0640 and 0750 under
/// 027), never backrelief's private 0600 and 0700.
#[cfg(unix)]
#[test]
fn man_dir_pages_are_readable_as_the_umask_allows() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let home = Home::new();
    for (umask, file, folder) in [("022", 0o644, 0o755), ("027", 0o640, 0o750)] {
        let dir = home.path().join(format!("share-{umask}/man/man1"));
        let out = home
            .command("sh")
            .args([
                "-c",
                &format!("umask {umask} && exec \"$0\" man --dir \"$1\""),
            ])
            .arg(crate::support::bin())
            .arg(&dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", crate::support::stderr(&out));
        let mut pages = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(mode(&path), file, "umask {umask}: {}", path.display());
            pages += 1;
        }
        assert!(pages > 20, "umask {umask}: {pages} pages");
        for d in [dir.parent().unwrap(), &dir] {
            assert_eq!(mode(d), folder, "umask {umask}: {}", d.display());
        }
    }
}

/// What bash offers after `words` (the last one being completed).
fn bash_complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let snippet = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; _backrelief backrelief '{}' '{prev}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words[cword]
    );
    // The script asks the binary at each Tab: this build first on PATH, in
    // a home of its own.
    let home = script.parent().expect("in the test's home");
    let path = format!(
        "{}:{}",
        crate::support::bin().parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(snippet)
        .env("PATH", path)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("BACKRELIEF_LIBRARY")
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn completions_offer_library_ids_and_hide_hidden_options() {
    let home = Home::new();
    let lib = crate::support::builtin();
    let script = home.path().join("backrelief.bash");
    std::fs::write(
        &script,
        stdout(&home.run(&["completions", "bash"]).success()),
    )
    .unwrap();

    let run = bash_complete(&script, &["backrelief", "run", ""]);
    for p in &lib.programs {
        assert!(
            run.iter().any(|x| x == &p.id),
            "run <TAB> lacks {}: {run:?}",
            p.id
        );
    }
    let show = bash_complete(&script, &["backrelief", "show", "bird"]);
    assert_eq!(show, ["bird-dog"]);
    let show_all = bash_complete(&script, &["backrelief", "show", ""]);
    for e in &lib.exercises {
        assert!(
            show_all.iter().any(|x| x == &e.id),
            "show <TAB> lacks {}",
            e.id
        );
    }
    let muscle = bash_complete(&script, &["backrelief", "list", "--muscle", "ham"]);
    assert_eq!(muscle, ["hamstrings"]);
    let condition = bash_complete(
        &script,
        &["backrelief", "profile", "--add-condition", "hip"],
    );
    assert!(
        condition.iter().any(|c| c == "hip-replacement"),
        "{condition:?}"
    );
    let cause = bash_complete(&script, &["backrelief", "causes", "sci"]);
    assert_eq!(cause, ["sciatica"]);
    // Hidden options are never offered.
    let flags = bash_complete(&script, &["backrelief", "session", "--"]);
    assert!(flags.contains(&"--plain".to_string()), "{flags:?}");
    assert!(
        !flags.iter().any(|f| f == "--time-scale" || f == "--today"),
        "{flags:?}"
    );

    for shell in ["zsh", "fish", "elvish", "powershell", "bash"] {
        let text = stdout(&home.run(&["completions", shell]).success());
        assert!(
            !text.contains("time-scale") && !text.contains("--today") && !text.contains("'today'"),
            "{shell}"
        );
    }
    // zsh and fish are offered the same ids, with their names.
    for shell in ["zsh", "fish"] {
        for (words, id) in [
            (&["backrelief", "run", "sciatica-r"][..], "sciatica-relief"),
            (&["backrelief", "show", "bird"], "bird-dog"),
            (&["backrelief", "list", "--muscle", "ham"], "hamstrings"),
            (
                &["backrelief", "profile", "--add-condition", "hip-r"],
                "hip-replacement",
            ),
            (&["backrelief", "causes", "sciatic"], "sciatica"),
        ] {
            let index = (words.len() - 1).to_string();
            let mut args = vec!["__complete", shell, &index, "--"];
            args.extend_from_slice(words);
            let text = stdout(&home.run(&args).success());
            assert!(text.contains(id), "{shell} lacks {id}: {text}");
        }
    }
}

/// The example lines of a command's `--help`.
fn help_examples(help: &str) -> Vec<String> {
    let Some(at) = help.find("Example") else {
        return Vec::new();
    };
    help[at..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn dash_h_is_short_and_dash_dash_help_is_long() {
    let mut cmds = Vec::new();
    all_commands(&built(), Vec::new(), &mut cmds);
    let home = Home::new();
    for (path, _) in cmds {
        let short = stdout(&home.in_process().args(&path).arg("-h").assert().success());
        let long = stdout(
            &home
                .in_process()
                .args(&path)
                .arg("--help")
                .assert()
                .success(),
        );
        let name = path.join(" ");
        assert!(!short.contains("Example"), "`{name} -h` shows examples");
        assert!(long.contains("Example"), "`{name} --help` has none");
    }
}

#[test]
fn man_pages_have_the_help_s_examples_see_also_and_the_release_date() {
    let mut cmds = Vec::new();
    all_commands(&built(), Vec::new(), &mut cmds);
    let home = Home::new();
    let dir = home.path().join("man");
    home.run_in_process(&["man", "--dir", dir.to_str().unwrap()])
        .success();
    let changelog = include_str!("../../CHANGELOG.md");
    let heading = format!("## {} - ", env!("CARGO_PKG_VERSION"));
    let date = changelog
        .lines()
        .find_map(|l| l.strip_prefix(&heading))
        .expect("CHANGELOG dates this version")
        .trim();
    for (path, _) in cmds {
        let name = std::iter::once("backrelief".to_string())
            .chain(path.iter().cloned())
            .collect::<Vec<_>>()
            .join("-");
        let page = std::fs::read_to_string(dir.join(format!("{name}.1")))
            .unwrap_or_else(|e| panic!("{name}.1: {e}"));
        let th = page.lines().find(|l| l.starts_with(".TH")).unwrap();
        assert!(th.contains(&format!(" {date} ")), "{name}: {th}");
        for section in [".SH EXAMPLES", ".SH \"SEE ALSO\"", ".SH \"EXIT STATUS\""] {
            assert!(page.contains(section), "{name}.1 lacks {section}");
        }
        assert!(!page.contains(".SH EXTRA"), "{name}.1");
        let help = stdout(
            &home
                .in_process()
                .args(&path)
                .arg("--help")
                .assert()
                .success(),
        );
        let examples: Vec<String> = page
            .split(".SH EXAMPLES\n.nf\n")
            .nth(1)
            .unwrap()
            .lines()
            .take_while(|l| *l != ".fi")
            .map(|l| l.replace("\\-", "-").replace("\\e", "\\"))
            .collect();
        assert_eq!(examples, help_examples(&help), "{name}");
    }
    // SOURCE_DATE_EPOCH, when set, is the date (reproducible builds).
    let out = home
        .cmd()
        .arg("man")
        .env("SOURCE_DATE_EPOCH", "86400")
        .assert()
        .success();
    assert!(stdout(&out).contains(".TH backrelief 1 1970-01-02 "));
}
