//! The questions on a real terminal: ticks and typed numbers together, a
//! list taller than the screen, wrapping at the terminal's width, ids
//! checked before anything is asked, Ctrl+C. Everything the program writes
//! to the pseudo-terminal is kept and replayed into a terminal emulator
//! (`vt100`), so a test can read the screen and the scrollback as a person
//! would see them.

use crate::support::{bin, builtin, stdout, Home};
use rexpect::session::PtySession;
use std::collections::HashSet;

/// A program running in a pseudo-terminal of a fixed size, and every byte
/// it has written so far.
struct Term {
    p: PtySession,
    rows: u16,
    cols: u16,
    log: Vec<u8>,
}

impl Term {
    /// `backrelief ARGS` under `sh` in a `rows` x `cols` terminal; the shell
    /// prints `EXIT=<code>` afterwards.
    fn spawn(home: &Home, args: &str, rows: u16, cols: u16) -> Term {
        let script = format!(
            "stty rows {rows} cols {cols}; '{}' {args}; echo \"EXIT=$?\"",
            bin().display()
        );
        let mut cmd = home.command("sh");
        cmd.arg("-c").arg(script).env("TERM", "xterm");
        let p = rexpect::session::spawn_command(cmd, Some(crate::support::PTY_TIMEOUT_MS))
            .expect("spawn in a pty");
        Term {
            p,
            rows,
            cols,
            log: Vec::new(),
        }
    }

    /// Waits for `text` (UTF-8) and keeps what came before it.
    fn expect(&mut self, text: &str) {
        // rexpect reads the pty byte by byte as Latin-1.
        let needle: String = text.bytes().map(char::from).collect();
        let before = self
            .p
            .exp_string(&needle)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}\n{}", self.text()));
        self.log.extend(before.chars().map(|c| c as u8));
        self.log.extend(text.as_bytes());
    }

    /// Waits for the end and keeps the rest.
    fn end(&mut self) {
        let rest = self.p.exp_eof().expect("the program ends");
        self.log.extend(rest.chars().map(|c| c as u8));
    }

    fn send(&mut self, keys: &str) {
        self.p.send(keys).unwrap();
        self.p.flush().unwrap();
    }

    /// Everything written, as text (for messages).
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.log).into_owned()
    }

    /// Every row a person could see: the scrollback, oldest first, then
    /// the screen.
    fn rows(&self) -> Vec<String> {
        let mut t = vt100::Parser::new(
            self.rows.try_into().unwrap(),
            self.cols.try_into().unwrap(),
            10_000,
        );
        t.process(&self.log);
        let screen = t.screen_mut();
        screen.set_scrollback(usize::MAX);
        let back = screen.scrollback();
        let mut rows = Vec::new();
        for offset in (1..=back).rev() {
            screen.set_scrollback(offset);
            rows.extend(screen.rows(0, self.cols).next());
        }
        screen.set_scrollback(0);
        rows.extend(screen.rows(0, self.cols));
        rows
    }

    /// Only the screen as it is now.
    fn screen(&self) -> Vec<String> {
        let rows = self.rows();
        rows[rows.len() - self.rows as usize..].to_vec()
    }
}

/// Says no to every red flag.
fn no_red_flags(t: &mut Term) {
    let n = crate::support::asked_flags();
    for i in 1..=n {
        t.expect(&format!("{i} of {n}"));
        t.expect("(y or n");
        t.send("n");
    }
}

/// Up to the symptoms question: no red flags, pain 5, no areas.
fn to_symptoms(t: &mut Term) {
    no_red_flags(t);
    t.expect("[0-10] >");
    t.send("5\r");
    t.expect("Where does it hurt");
    t.expect("Enter when done");
    t.send("\r");
    t.expect("What is going on today?");
    t.expect("Enter when done");
}

fn label(n: usize) -> String {
    let q = builtin()
        .questions
        .iter()
        .find(|q| q.id == "symptoms")
        .expect("a symptoms question");
    q.choices[n - 1].label.to_string()
}

#[test]
fn ticks_and_typed_numbers_add_up_and_show_before_enter() {
    let home = Home::new();
    let mut t = Term::spawn(&home, "session --plan", 40, 100);
    to_symptoms(&mut t);
    t.send(" "); // tick 1
    t.send("\x1b[B\x1b[B "); // down twice, tick 3
    t.send("4,9");
    t.expect("ticked: 1, 3, 4, 9");
    t.expect("> 9");
    // Before Enter, the screen shows all four ticked.
    let screen = t.screen().join("\n");
    for n in [1, 3, 4, 9] {
        assert!(
            screen.contains(&format!("[x] {n:>2}. {}", label(n))),
            "{n} not ticked on screen:\n{screen}"
        );
    }
    for n in [2, 5, 6, 7, 8] {
        assert!(screen.contains(&format!("[ ] {n:>2}. ")), "{n}:\n{screen}");
    }
    t.send("\r");
    t.expect(&format!("→ {}, {}", label(1), label(3)));
    t.expect(&label(9));
    // First run: conditions, what is hard, equipment, age, minutes.
    t.expect("Do any of these apply");
    t.expect("Enter when done");
    t.send("\r");
    t.expect("Are any of these hard for you");
    t.expect("Enter when done");
    t.send("\r");
    t.expect("What do you have at home");
    t.expect("Enter when done");
    t.send("\r");
    t.expect("[1-120] >");
    t.send("45\r");
    t.expect("[5-60] >");
    t.send("10\r");
    t.expect("What may be behind it");
    t.end();
    let text = words(&t.text()).join(" ");
    // The plan was made from all four: the leg pain (3) and the tingling
    // (4) point to sciatica, the long sitting (9) to posture.
    for because in [
        "pain shoots down the leg",
        "tingling or numbness in the leg",
        "long hours of sitting",
    ] {
        assert!(text.contains(because), "{because} missing:\n{text}");
    }
    assert!(text.contains("EXIT=0"), "{text}");
}

#[test]
fn a_list_taller_than_the_screen_scrolls_in_place() {
    let home = Home::new();
    let mut t = Term::spawn(&home, "session --plan", 20, 60);
    to_symptoms(&mut t);
    let n = builtin()
        .questions
        .iter()
        .find(|q| q.id == "symptoms")
        .unwrap()
        .choices
        .len();
    // Down past the bottom of the screen and round to the top again.
    for _ in 0..n + 2 {
        t.send("\x1b[B");
        t.expect("Enter when done");
    }
    // The question is still on screen, above the list, which is cut to fit.
    let screen = t.screen();
    let joined = screen.join("\n");
    assert!(joined.contains("What is going on today?"), "{joined}");
    assert!(joined.contains("more"), "no scroll marker:\n{joined}");
    assert!(
        joined.contains(&format!(" › [ ]  3. {}", label(3))),
        "{joined}"
    );
    t.send("\r");
    t.expect("→ none");
    // Ctrl+C only once the next list is drawn: before its keys are read
    // the terminal is not raw, and the signal would end the shell too.
    t.expect("Do any of these apply");
    t.expect("Enter when done");
    t.send("\x03");
    t.expect("EXIT=130");
    // Nothing was reprinted into the scrollback: the question once, and
    // no choice left behind once answered.
    let rows = t.rows();
    let asked = rows
        .iter()
        .filter(|r| r.contains("What is going on today?"))
        .count();
    assert_eq!(asked, 1, "{}", rows.join("\n"));
    for i in 1..=n {
        let start: String = label(i).chars().take(20).collect();
        assert!(
            !rows.iter().any(|r| r.contains(&start)),
            "choice {i} left in the scrollback:\n{}",
            rows.join("\n")
        );
    }
}

/// The words of `text`, as they would be split by whitespace.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

#[test]
fn questions_and_emergency_advice_wrap_at_60_columns_between_words() {
    let home = Home::new();
    let mut t = Term::spawn(&home, "session --plan", 20, 60);
    t.expect("1 of");
    t.expect("(y or n");
    t.send("y");
    t.expect("EXIT=3");
    let rows = t.rows();
    let seen: HashSet<String> = rows.iter().flat_map(|r| words(r)).collect();
    let lib = builtin();
    let flag = &lib.red_flags[0];
    let stop = backrelief::assess::screen(lib, &[flag.id.to_string()]).unwrap();
    let advice = backrelief::assess::red_flag_advice(lib, &stop, 60);
    assert!(advice.contains("emergency number"));
    for w in words(flag.ask.as_deref().expect("the first flag is asked"))
        .into_iter()
        .chain(words(&advice))
    {
        assert!(
            seen.contains(&w),
            "{w:?} was split across rows:\n{}",
            rows.join("\n")
        );
    }
    // Nothing reached the last column, where a terminal would break it.
    let text = t.text();
    for line in text.lines().filter(|l| !l.contains('\x1b')) {
        assert!(line.trim_end().chars().count() <= 60, "{line}");
    }
}

#[test]
fn a_bad_program_id_exits_2_before_any_question() {
    for args in [
        "run deskworker",
        "session --program deskworker",
        "sheet --program deskworker",
    ] {
        let home = Home::new();
        let mut t = Term::spawn(&home, args, 20, 60);
        t.expect("did you mean 'desk-worker-reset'?");
        t.expect("EXIT=2");
        let text = t.text();
        assert!(
            !text.contains("safety questions") && !text.contains("(y or n"),
            "{args} asked first:\n{text}"
        );
    }
}

#[test]
fn a_program_sheet_asks_nothing_on_a_terminal() {
    let home = Home::new();
    let mut t = Term::spawn(&home, "sheet --program desk-worker-reset", 20, 80);
    t.expect("EXIT=0");
    let text = t.text();
    assert!(text.contains("Desk-worker reset"), "{text}");
    assert!(
        !text.contains("(y or n") && !text.contains("[0-10]"),
        "{text}"
    );
    let home = Home::new();
    let mut t = Term::spawn(&home, "sheet", 20, 80);
    t.expect("no sessions in history yet");
    t.expect("EXIT=2");
    assert!(!t.text().contains("(y or n"));
}

#[test]
fn ctrl_c_at_a_question_says_interrupted_on_its_own_line() {
    let home = Home::new();
    let mut t = Term::spawn(&home, "session --plan", 20, 60);
    t.expect("1 of");
    t.expect("(y or n");
    t.send("\x03");
    t.expect("interrupted");
    t.expect("EXIT=130");
    let rows = t.rows();
    let line = rows
        .iter()
        .find(|r| r.contains("interrupted"))
        .expect("an interrupted line");
    assert!(
        line.trim_start().starts_with("backrelief: interrupted"),
        "not on its own line: {line:?}\n{}",
        rows.join("\n")
    );
    assert!(!t.text().contains("no more input"));
    assert!(!home.profile_file().exists());
}

#[test]
fn the_plan_wraps_at_60_columns_between_words() {
    let home = Home::new();
    let f = home.write("a.yaml", crate::support::SHORT);
    let mut t = Term::spawn(
        &home,
        &format!("session --plan --answers '{}'", f.display()),
        20,
        60,
    );
    t.expect("EXIT=0");
    let text = t.text();
    assert!(text.contains("The plan"), "{text}");
    for line in text.lines() {
        assert!(
            line.trim_end().chars().count() <= 60,
            "{line:?} is wider than 60"
        );
    }
    // Every step's name is on screen whole, not cut or split.
    let seen = words(&t.rows().join(" ")).join(" ");
    let plan = stdout(
        &home
            .run_in_process(&[
                "session",
                "--plan",
                "--json",
                "--answers",
                f.to_str().unwrap(),
            ])
            .success(),
    );
    let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    let steps = plan["steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    for s in steps {
        let name = builtin()
            .exercise(s["exercise"].as_str().unwrap())
            .unwrap()
            .name
            .to_string();
        assert!(seen.contains(&name), "{name} not whole in:\n{seen}");
    }
}
