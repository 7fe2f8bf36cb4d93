//! Command-line arguments (clap derive). Every command's help ends with an
//! example.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Session length in minutes, within the range the planner accepts.
fn minutes() -> clap::builder::RangedI64ValueParser<u32> {
    use crate::assess::{MAX_MINUTES, MIN_MINUTES};
    clap::value_parser!(u32).range(i64::from(MIN_MINUTES)..=i64::from(MAX_MINUTES))
}

#[derive(Parser, Debug)]
#[command(
    name = "backrelief",
    version,
    about = "A gentle guide for low back and hip pain: a symptom check, a daily session with timers, history and printable sheets.",
    long_about = None,
    after_help = "Not a diagnosis. Red-flag signs always stop a session and say where to get care.\n`--help` also shows examples.",
    after_long_help = "Examples:\n  backrelief session                 check in and do today's session\n  backrelief list --muscle hamstrings\n  backrelief show bird-dog\n\nNot a diagnosis. Red-flag signs always stop a session and say where to get care."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// The environment variables behind flags. Set but empty means unset (as
/// for `NO_COLOR` and the XDG variables): clap would take the empty string
/// as a value and refuse it.
pub const FLAG_ENV: &[&str] = &[
    "BACKRELIEF_LIBRARY",
    "BACKRELIEF_HOME",
    "BACKRELIEF_TODAY",
    "BACKRELIEF_TIME_SCALE",
    "BACKRELIEF_COLOR",
];

/// Removes every `FLAG_ENV` variable that is set but empty. Call before
/// parsing, while the program has one thread.
pub fn forget_empty_env() {
    for name in FLAG_ENV {
        if std::env::var_os(name).is_some_and(|v| v.is_empty()) {
            std::env::remove_var(name);
        }
    }
}

/// The slowest and fastest the session clock may run.
pub const TIME_SCALE_RANGE: std::ops::RangeInclusive<f64> = 0.01..=1000.0;

/// `--time-scale`/`BACKRELIEF_TIME_SCALE`: a finite number from 0.01 to
/// 1000 (beyond that, seconds no longer fit a `Duration`).
/// `--note`: at most `record::MAX_NOTE_CHARS` characters.
pub fn parse_note(s: &str) -> Result<String, String> {
    let chars = s.chars().count();
    if chars > crate::record::MAX_NOTE_CHARS {
        return Err(format!(
            "{chars} characters; a note is at most {}",
            crate::record::MAX_NOTE_CHARS
        ));
    }
    Ok(s.to_string())
}

pub fn parse_time_scale(s: &str) -> Result<f64, String> {
    let range = format!(
        "a number from {} to {}",
        TIME_SCALE_RANGE.start(),
        TIME_SCALE_RANGE.end()
    );
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && TIME_SCALE_RANGE.contains(&v) => Ok(v),
        Ok(_) => Err(format!("out of range; the time scale is {range}")),
        Err(_) => Err(format!("not a number; the time scale is {range}")),
    }
}

#[derive(Args, Debug, Clone, Default)]
pub struct Global {
    /// A directory of YAML files merged over the built-in library by id.
    #[arg(
        long,
        env = "BACKRELIEF_LIBRARY",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub library: Option<PathBuf>,
    /// Where profile-independent data (history) is kept.
    #[arg(
        long,
        env = "BACKRELIEF_HOME",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub data_dir: Option<PathBuf>,
    /// When to colour: auto (a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb; CLICOLOR_FORCE=1 forces it), always or never.
    #[arg(
        long,
        env = "BACKRELIEF_COLOR",
        value_enum,
        overrides_with = "color",
        value_name = "WHEN"
    )]
    pub color: Option<ColorArg>,
    /// The same as --color never.
    #[arg(long)]
    pub no_color: bool,
    /// Pretend today is this date (for tests and reports); 1970 to 9999.
    // Before the command only (`backrelief --today DATE report`):
    // `GlobalsHere` leaves hidden options out of the commands.
    #[arg(long, hide = true, env = "BACKRELIEF_TODAY", value_name = "DATE", value_parser = crate::clock::parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

/// The options of `Global` once more, in the command being run, so that
/// they may also follow it (`backrelief list --color never`). clap's own
/// `global = true` copied them into all twenty commands on every run, even
/// those not built (`defer`), a large part of start-up (README,
/// "Performance"). Here they are added only when a
/// command is built, as global within it (so nested commands such as
/// `history export` take them too), and clap carries a value given there
/// up to `Cli::global`, as it does for any global option.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GlobalsHere;

impl clap::FromArgMatches for GlobalsHere {
    fn from_arg_matches(_: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Ok(GlobalsHere)
    }
    fn update_from_arg_matches(&mut self, _: &clap::ArgMatches) -> Result<(), clap::Error> {
        Ok(())
    }
}

impl Args for GlobalsHere {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        // Hidden ones (`--today`) are for tests and go before the command;
        // the rest are listed after the command's own options.
        let global = Global::augment_args(clap::Command::new("global"));
        cmd.args(
            global
                .get_arguments()
                .filter(|a| !a.is_hide_set())
                .enumerate()
                .map(|(i, a)| a.clone().global(true).display_order(900 + i)),
        )
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// `--color WHEN`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// `--color` and `--no-color` read from the raw arguments, before clap
/// parses them, so that clap's own help and errors follow the same choice
/// (clap writes them before our command ever runs). The last `--color`
/// given wins, `--no-color` anywhere wins over it; nothing after `--`
/// counts; a value clap would refuse is ignored
/// here and reported by clap. `BACKRELIEF_COLOR` (`var`) when no flag is
/// given.
pub fn color_arg(args: &[std::ffi::OsString], var: Option<&str>) -> Option<ColorArg> {
    use clap::ValueEnum;
    let parse = |v: &str| ColorArg::from_str(v, false).ok();
    let mut found = None;
    let mut words = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(w) = words.next() {
        match w {
            "--" => break,
            "--no-color" => return Some(ColorArg::Never),
            "--color" => {
                if let Some(v) = words.next().and_then(parse) {
                    found = Some(v);
                }
            }
            _ => {
                if let Some(v) = w.strip_prefix("--color=").and_then(parse) {
                    found = Some(v);
                }
            }
        }
    }
    found.or_else(|| var.and_then(parse))
}

/// Each command's arguments are built only when it is the one run (or help,
/// completions and man pages build them all): building every command's
/// arguments for each run was most of start-up (README, "Performance").
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    /// List exercises, filtered by muscle, category, cause, equipment, position or difficulty.
    #[command(
        after_long_help = "Examples:\n  backrelief list --muscle hamstrings\n  backrelief list --category strengthening --max-difficulty 2\n  backrelief list --cause sciatica --equipment none --json\n  backrelief list --muscle glutes --tsv"
    )]
    List(ListArgs),
    /// Everything about one exercise: illustration, dose, steps, cautions, variants.
    #[command(
        after_long_help = "Examples:\n  backrelief show bird-dog\n  backrelief show \"child's pose\""
    )]
    Show {
        /// An exercise id, name or alias.
        exercise: String,
        /// Print the full record as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// The muscle taxonomy with aliases and how many exercises target each.
    #[command(after_long_help = "Examples:\n  backrelief muscles\n  backrelief muscles --json")]
    Muscles {
        #[command(flatten)]
        json: Json,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// Common causes of low back and hip pain, or one cause in full.
    #[command(
        after_long_help = "Examples:\n  backrelief causes\n  backrelief causes sciatica\n  backrelief causes --json"
    )]
    Causes {
        /// A cause id or name.
        cause: Option<String>,
        #[command(flatten)]
        json: Json,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// Health conditions and what each rules out (movements, exercises, sources).
    #[command(
        after_long_help = "Examples:\n  backrelief conditions\n  backrelief conditions hip-replacement\n  backrelief conditions hip-replacement --json"
    )]
    Conditions {
        /// A condition id, name or alias.
        condition: Option<String>,
        #[command(flatten)]
        json: Json,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// Programs (built-in and your own), one program's steps, or save and delete your own.
    #[command(
        args_conflicts_with_subcommands = true,
        after_long_help = "Examples:\n  backrelief programs\n  backrelief programs desk-worker-reset\n  backrelief programs desk-worker-reset --json\n  backrelief programs save \"My mornings\" --from-last\n  backrelief programs save hips --exercises clamshell,glute-bridge,child-pose\n  backrelief programs delete my-mornings"
    )]
    Programs(ProgramsArgs),
    /// Professional therapies and when to consider them.
    #[command(
        after_long_help = "Examples:\n  backrelief therapies\n  backrelief therapies --json"
    )]
    Therapies {
        #[command(flatten)]
        json: Json,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// Short lessons that make moving less frightening (hurt and harm, flares, scans...), with their sources.
    #[command(
        after_long_help = "Examples:\n  backrelief learn\n  backrelief learn scans-show-age"
    )]
    Learn {
        /// One lesson, by id.
        lesson: Option<String>,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// Check in and do today's session: red-flag screen, symptoms, then a plan fitted to your time.
    #[command(
        after_long_help = "Examples:\n  backrelief session                      ask, plan, and run today's session\n  backrelief session --plan               show the plan without running it\n  backrelief session --answers today.yaml --plan --json\n  backrelief session --program desk-worker-reset --minutes 10"
    )]
    Session(SessionArgs),
    /// Run a built-in program now (after the red-flag screen and today's pain).
    #[command(
        after_long_help = "Examples:\n  backrelief run desk-worker-reset\n  backrelief run sciatica-relief --minutes 10 --plain"
    )]
    Run {
        /// A program id or name (see `backrelief programs`).
        program: String,
        /// Minutes for this session (5-60).
        #[arg(long, value_parser = minutes())]
        minutes: Option<u32>,
        #[command(flatten)]
        run: RunFlags,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// Past sessions: a table, JSON or CSV; import, export and delete.
    #[command(
        after_long_help = "Examples:\n  backrelief history --last 10\n  backrelief history --since 2026-11-01 --csv\n  backrelief history export > backup.jsonl\n  backrelief history import backup.jsonl\n  backrelief history delete 20261124-073012-3fa95c21"
    )]
    History(HistoryArgs),
    /// Record a walk (or the activity you do instead), see today's walk, or undo the last one.
    #[command(
        after_long_help = "Examples:\n  backrelief walk                      today's walk and the last weeks'\n  backrelief walk 20                   record a 20-minute walk today\n  backrelief walk 15 --on 2026-11-30   one done on an earlier day\n  backrelief walk 25 --activity cycle  an exercise bike instead\n  backrelief walk --undo               remove the walk recorded last"
    )]
    Walk(WalkArgs),
    /// How it is going: pain over the weeks, averages, streaks, what helps.
    #[command(
        after_long_help = "Examples:\n  backrelief progress\n  backrelief progress --weeks 4\n  backrelief progress --json"
    )]
    Progress {
        /// Weeks shown in the chart (1-6).
        #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=6))]
        weeks: u32,
        #[command(flatten)]
        json: Json,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// What your back makes hard, rated 0-10 each week (the Patient-Specific Functional Scale).
    #[command(
        after_long_help = "Examples:\n  backrelief function                                   your activities and their ratings\n  backrelief function --ask                             rate them now, on the terminal\n  backrelief function --rate \"a 30-minute walk=4\" --rate \"lifting my child=2\""
    )]
    Function(FunctionArgs),
    /// A report of the last weeks for a clinician visit: sessions, adherence, pain, function, exercises, red-flag stops and checks.
    #[command(
        after_long_help = "Examples:\n  backrelief report                                  the last 6 weeks, Markdown\n  backrelief report --weeks 4 --format html -o visit.html\n  backrelief report --json                           the same numbers as JSON"
    )]
    Report(ReportArgs),
    /// A daily reminder: prints (or installs) a systemd timer, crontab line or launchd agent, or writes an .ics calendar file.
    #[command(
        after_long_help = "Examples:\n  backrelief remind --at 08:00                 print the entry for this system\n  backrelief remind --at 08:00 --install       install it (runs `backrelief nudge` daily)\n  backrelief remind --at 18:30 --system cron   a crontab line instead\n  backrelief remind --at 08:00 --ics back.ics  a daily event with an alarm, for phones and calendars\n  backrelief remind --remove                   undo --install\n  backrelief remind --status                   what is installed, and when it next fires"
    )]
    Remind(RemindArgs),
    /// Show a desktop notification if today's session is not done yet (what reminders run).
    #[command(after_long_help = "Example:\n  backrelief nudge")]
    Nudge {
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// A printable routine sheet (the last session's plan unless told otherwise): text, Markdown or HTML, with a 7-day tick grid.
    #[command(
        after_long_help = "Examples:\n  backrelief sheet\n  backrelief sheet --program desk-worker-reset\n  backrelief sheet --last --format html -o routine.html\n  backrelief sheet --exercises cat-cow,bird-dog,glute-bridge --format markdown\n  backrelief sheet --answers today.yaml --minutes 20"
    )]
    Sheet(SheetArgs),
    /// Show or change your profile: conditions, equipment, usual minutes.
    #[command(
        after_long_help = "Examples:\n  backrelief profile\n  backrelief profile --json\n  backrelief profile --add-condition glaucoma --minutes 20\n  backrelief profile --equipment mat,chair,strap\n  backrelief profile --opt-in inversion-table"
    )]
    Profile(ProfileArgs),
    /// Print a shell completion script.
    #[command(
        after_long_help = "Examples:\n  backrelief completions bash > ~/.local/share/bash-completion/completions/backrelief\n  backrelief completions zsh > \"${fpath[1]}/_backrelief\"\n  backrelief completions fish > ~/.config/fish/completions/backrelief.fish"
    )]
    Completions {
        /// The shell to write completions for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// Print the manual page (roff), or write one page per command to a directory.
    #[command(
        after_long_help = "Examples:\n  backrelief man > ~/.local/share/man/man1/backrelief.1\n  backrelief man --dir ~/.local/share/man/man1"
    )]
    Man {
        /// Write backrelief.1 and a page per command (backrelief-list.1, ...) into DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[command(flatten)]
        here: GlobalsHere,
    },
    /// Validate library files merged over the built-in library.
    #[command(
        after_long_help = "Examples:\n  backrelief check\n  backrelief check my-exercises.yaml ~/routines/\n  backrelief check my-exercises.yaml --json"
    )]
    Check {
        /// YAML files or directories to merge over the built-in library; `-` reads one from standard input.
        paths: Vec<PathBuf>,
        #[command(flatten)]
        json: Json,
        #[command(flatten)]
        here: GlobalsHere,
    },
}

// `--json` for commands that print data. (Not a doc comment: on a
// flattened struct it would become the command's about when the command is
// built, which `defer` does after the variant's about is set.)
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct Json {
    /// Print JSON (an object whose `schema` field names its shape and version).
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ListArgs {
    /// A muscle id or alias (psoas, abs, lower-back, ...): exercises working it as a primary muscle first, then as a secondary one.
    #[arg(long)]
    pub muscle: Option<String>,
    /// breathing, mobility, decompression, release, realignment or strengthening.
    #[arg(long)]
    pub category: Option<String>,
    /// A cause id or name; lists the exercises that help it.
    #[arg(long)]
    pub cause: Option<String>,
    /// Exercises that use this equipment (repeatable); `none` for those needing nothing.
    #[arg(long)]
    pub equipment: Vec<String>,
    /// standing, sitting, sitting-on-floor, kneeling, all-fours, on-back, on-front, on-side, hanging, inverted.
    #[arg(long)]
    pub position: Option<String>,
    /// 1 (gentle), 2 or 3 (hardest).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub max_difficulty: Option<u8>,
    /// Print full exercise records as JSON ({"schema": ..., "exercises": [...]}).
    #[arg(long, conflicts_with = "tsv")]
    pub json: bool,
    /// Print tab-separated columns, with a header row.
    #[arg(long)]
    pub tsv: bool,
    #[command(flatten)]
    pub here: GlobalsHere,
}

#[derive(Args, Debug, Clone, Default)]
pub struct SessionArgs {
    /// Read today's answers from a YAML file instead of asking; `-` is standard input (then nothing else is asked).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Plan from a built-in program instead of your answers.
    #[arg(long, value_name = "ID")]
    pub program: Option<String>,
    /// Minutes for this session (5-60).
    #[arg(long, value_parser = minutes())]
    pub minutes: Option<u32>,
    /// Today's pain, 0 (none) to 10 (worst imaginable).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain: Option<u8>,
    /// Equipment you have today, comma-separated (replaces the profile's).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub equipment: Option<Vec<String>>,
    /// Today is a flare: a flare plan, and every exercise steps back a rung.
    #[arg(long)]
    pub flare: bool,
    /// Print the plan and exit without running it.
    #[arg(long)]
    pub plan: bool,
    /// With --plan: print the plan as JSON.
    #[arg(long, requires = "plan")]
    pub json: bool,
    #[command(flatten)]
    pub run: RunFlags,
    #[command(flatten)]
    pub here: GlobalsHere,
}

// How a session runs, shared by `session` and `run`. (Not a doc comment,
// as for `Json`.)
#[derive(Args, Debug, Clone, Default)]
pub struct RunFlags {
    /// Timed lines of text instead of the full screen (automatic when output is not a terminal).
    #[arg(long)]
    pub plain: bool,
    /// No bell (the same as --bell off).
    #[arg(long, conflicts_with = "bell")]
    pub quiet: bool,
    /// When the bell rings: off, changes (something new starts; the default)
    /// or countdown (also a hold's last three seconds).
    #[arg(long, value_enum, value_name = "WHEN")]
    pub bell: Option<BellWhen>,
    /// Speak the cues ("Get ready: bird-dog", "switch sides", "three, two,
    /// one", "done") through espeak-ng, spd-say or say.
    #[arg(long)]
    pub voice: bool,
    /// A note to keep with this session in history (at most 2000 characters).
    #[arg(long, value_parser = parse_note)]
    pub note: Option<String>,
    /// Run the clock faster (for tests and demos): 0.01 to 1000.
    #[arg(long, hide = true, env = "BACKRELIEF_TIME_SCALE", value_parser = parse_time_scale)]
    pub time_scale: Option<f64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    #[default]
    Markdown,
    Html,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ReportArgs {
    /// Weeks to cover, ending today (1-52).
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=52))]
    pub weeks: u32,
    /// markdown or html (printable, self-contained).
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Print the report's numbers as JSON (an object whose `schema` field names its shape and version).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Write to this file (atomically) instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub here: GlobalsHere,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReminderSystem {
    Systemd,
    Cron,
    Launchd,
}

#[derive(Args, Debug, Clone)]
pub struct RemindArgs {
    /// The time of day, 24-hour HH:MM.
    #[arg(long, default_value = "08:00", value_name = "HH:MM", value_parser = crate::remind::parse_time)]
    pub at: crate::remind::Time,
    /// systemd, cron or launchd (default: what this system has).
    #[arg(long, value_enum)]
    pub system: Option<ReminderSystem>,
    /// Write the entry and enable it, instead of printing it.
    #[arg(long, conflicts_with_all = ["remove", "ics"])]
    pub install: bool,
    /// Undo what --install did (for --system, or every system where it is found).
    #[arg(long, conflicts_with = "ics")]
    pub remove: bool,
    /// Write an iCalendar file with a daily event and an alarm instead; `-` is standard output.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<std::path::PathBuf>,
    /// Say what is installed, where, whether it is what this backrelief would write, and when it next fires.
    #[arg(long, conflicts_with_all = ["install", "remove", "ics"])]
    pub status: bool,
    /// The status as JSON (an object whose `schema` field names its shape and version).
    #[arg(long, conflicts_with_all = ["install", "remove", "ics"])]
    pub json: bool,
    #[command(flatten)]
    pub here: GlobalsHere,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ProgramsArgs {
    /// A program id or name.
    pub program: Option<String>,
    #[command(flatten)]
    pub json: Json,
    #[command(subcommand)]
    pub action: Option<ProgramsAction>,
    #[command(flatten)]
    pub here: GlobalsHere,
}

#[derive(Subcommand, Debug, Clone)]
pub enum ProgramsAction {
    /// Save a program of your own into your library directory.
    #[command(
        after_long_help = "Examples:\n  backrelief programs save \"My mornings\" --from-last\n  backrelief programs save hips --exercises clamshell,glute-bridge,child-pose --force"
    )]
    Save {
        /// The program's name; its id is the name in lower case with dashes.
        name: String,
        /// The last session's exercises and doses.
        #[arg(
            long,
            conflicts_with = "exercises",
            required_unless_present = "exercises"
        )]
        from_last: bool,
        /// These exercises, in this order (ids, names or aliases, comma-separated).
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        exercises: Option<Vec<String>>,
        /// Replace a program you saved before under this name.
        #[arg(long)]
        force: bool,
    },
    /// Delete a program you saved (built-in programs stay).
    #[command(after_long_help = "Example:\n  backrelief programs delete my-mornings")]
    Delete {
        /// The program's id or name.
        name: String,
    },
}

#[derive(Args, Debug, Clone, Default)]
pub struct FunctionArgs {
    /// Rate the activities now, on the terminal (as a session does once a week).
    #[arg(long, conflicts_with = "rate")]
    pub ask: bool,
    /// An activity and how well you can do it: ACTIVITY=SCORE, 0 (cannot do it) to 10 (as before); up to three.
    #[arg(long, value_name = "ACTIVITY=SCORE")]
    pub rate: Vec<String>,
    #[command(flatten)]
    pub json: Json,
    #[command(flatten)]
    pub here: GlobalsHere,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ProfileArgs {
    /// Usual session length in minutes (5-60).
    #[arg(long, value_parser = minutes())]
    pub minutes: Option<u32>,
    /// Add a condition, or something that is hard for you, in your own
    /// words ("pregnancy", "vertigo", "I can't get down to the floor"); a
    /// name backrelief does not know is kept and makes the plan careful.
    #[arg(long, value_name = "ID")]
    pub add_condition: Vec<String>,
    /// Remove a condition (or a name kept as one backrelief does not know).
    #[arg(long, value_name = "ID")]
    pub remove_condition: Vec<String>,
    /// A clinician has looked at your plan for a condition backrelief does
    /// not know: what they said (recorded with today's date); lifts the
    /// careful default.
    #[arg(long, value_name = "TEXT")]
    pub cleared: Option<String>,
    /// An exercise you cannot do: left out of every plan, program and sheet.
    #[arg(long, value_name = "ID")]
    pub avoid: Vec<String>,
    /// Plan an exercise again that `--avoid` left out.
    #[arg(long, value_name = "ID")]
    pub unavoid: Vec<String>,
    /// The equipment you have, comma-separated (replaces the list).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub equipment: Option<Vec<String>>,
    /// Your age in years (some red flags depend on it).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=120))]
    pub age: Option<u32>,
    /// Record that a clinician checked you today for a red flag you answered
    /// yes to (its id, as the advice shows); from then on you are asked
    /// whether anything is new or worse instead.
    #[arg(long, value_name = "FLAG")]
    pub checked: Vec<String>,
    /// Forget a clinician's check: ask the red-flag question as before.
    #[arg(long, value_name = "FLAG")]
    pub unchecked: Vec<String>,
    /// Say a clinician has cleared an opt-in exercise (such as inversion-table).
    #[arg(long, value_name = "ID")]
    pub opt_in: Vec<String>,
    /// Withdraw an opt-in.
    #[arg(long, value_name = "ID")]
    pub opt_out: Vec<String>,
    /// Turn the bell off (or on with --bell).
    #[arg(long, conflicts_with = "bell")]
    pub quiet: bool,
    /// Turn the bell back on: at changes (the default), or with countdown
    /// also in a hold's last three seconds; `--bell off` turns it off.
    #[arg(long, value_enum, value_name = "WHEN", num_args = 0..=1, default_missing_value = "changes")]
    pub bell: Option<BellWhen>,
    /// Speak the cues in every session (needs espeak-ng, spd-say or say).
    #[arg(long, conflicts_with = "no_voice")]
    pub voice: bool,
    /// No spoken cues.
    #[arg(long)]
    pub no_voice: bool,
    /// Print the profile as JSON (after any change the flags make).
    #[arg(long)]
    pub json: bool,
    /// Forget the profile: the next session asks the first-run questions again.
    #[arg(long, conflicts_with_all = ["minutes", "add_condition", "equipment", "opt_in"])]
    pub reset: bool,
    #[command(flatten)]
    pub here: GlobalsHere,
}

/// Minutes of a walk: 1 to `record::MAX_WALK_MINUTES`.
pub fn parse_walk_minutes(s: &str) -> Result<u16, String> {
    let max = crate::record::MAX_WALK_MINUTES;
    let n: u16 = s
        .trim()
        .parse()
        .map_err(|_| format!("not a number of minutes; a walk is 1 to {max} minutes"))?;
    crate::record::check_walk_minutes(n)?;
    Ok(n)
}

/// `walk --activity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ActivityArg {
    /// A walk.
    Walk,
    /// Walking in short bouts with rests between.
    Intervals,
    /// Cycling (an exercise bike).
    Cycle,
    /// Wheeling a wheelchair.
    Wheel,
    /// Another activity that warms you up.
    Other,
}

#[derive(Args, Debug, Clone, Default)]
pub struct WalkArgs {
    /// Minutes walked (1-240); without it, today's walk is shown.
    #[arg(value_parser = parse_walk_minutes)]
    pub minutes: Option<u16>,
    /// The day it was done, YYYY-MM-DD (today if not given).
    #[arg(long, value_name = "DATE", value_parser = crate::clock::parse_date, requires = "minutes")]
    pub on: Option<chrono::NaiveDate>,
    /// What it was (default: what your walking programme suggests).
    #[arg(long, value_enum, requires = "minutes")]
    pub activity: Option<ActivityArg>,
    /// Remove the walk recorded last (a mistaken one).
    #[arg(long, conflicts_with_all = ["minutes", "on", "activity", "json"])]
    pub undo: bool,
    #[command(flatten)]
    pub json: Json,
    #[command(flatten)]
    pub here: GlobalsHere,
}

#[derive(Args, Debug, Clone, Default)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub action: Option<HistoryAction>,
    /// Only sessions on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<chrono::NaiveDate>,
    /// Only the last N sessions.
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
    /// Print full records as JSON ({"schema": ..., "sessions": [...]}).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV (one row per session).
    #[arg(long)]
    pub csv: bool,
    #[command(flatten)]
    pub here: GlobalsHere,
}

#[derive(Subcommand, Debug, Clone)]
pub enum HistoryAction {
    /// Print every record as JSON lines (or CSV), for backups.
    #[command(
        after_long_help = "Examples:\n  backrelief history export > backup.jsonl\n  backrelief history export --csv -o sessions.csv"
    )]
    Export {
        /// Sessions as comma-separated values, one row a session (for a spreadsheet; not for import).
        #[arg(long)]
        csv: bool,
        /// Write to this file (atomically) instead of standard output; `-` is standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Add the records of a JSON-lines file (an export); ids already present are skipped.
    /// All or nothing: the first bad line stops the import.
    #[command(
        after_long_help = "Examples:\n  backrelief history import backup.jsonl\n  ssh old-laptop backrelief history export | backrelief history import -"
    )]
    Import {
        /// A file written by `backrelief history export`; `-` reads standard input.
        file: PathBuf,
    },
    /// Rewrite history.jsonl as one line per session, pain scores folded in
    /// and deleted sessions dropped (atomically, under the history lock).
    #[command(after_long_help = "Example:\n  backrelief history compact")]
    Compact,
    /// Remove one session by id (asks first).
    #[command(
        after_long_help = "Examples:\n  backrelief history delete 20261124-073012-3fa95c21\n  backrelief history delete 20261124-073012-3fa95c21 --yes"
    )]
    Delete {
        /// The session's id, as `backrelief history` lists it.
        id: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

/// `--bell WHEN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BellWhen {
    Off,
    Changes,
    Countdown,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetFormat {
    #[default]
    Text,
    Markdown,
    Html,
}

#[derive(Args, Debug, Clone, Default)]
pub struct SheetArgs {
    /// Plan from an answers file (as `session --answers`, `-` for standard input; with --program, that program fitted to the answers).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["last", "exercises"])]
    pub answers: Option<PathBuf>,
    /// A program as defined, less what your profile's conditions rule out.
    #[arg(long, value_name = "ID", conflicts_with_all = ["last", "exercises"])]
    pub program: Option<String>,
    /// With --answers: minutes to plan for (5-60).
    #[arg(long, value_parser = minutes(), requires = "answers")]
    pub minutes: Option<u32>,
    /// The last session in history (what `sheet` with no option prints).
    #[arg(long, conflicts_with = "exercises")]
    pub last: bool,
    /// These exercises, in this order (ids, names or aliases, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub exercises: Option<Vec<String>>,
    /// text (80 columns), markdown or html (printable, self-contained).
    #[arg(long, value_enum, default_value_t = SheetFormat::Text)]
    pub format: SheetFormat,
    /// Write to this file (atomically) instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub here: GlobalsHere,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::path::Path;

    fn global(args: &[&str]) -> Global {
        let mut argv = vec!["backrelief"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv)
            .unwrap_or_else(|e| panic!("{args:?}: {e}"))
            .global
    }

    #[test]
    fn the_global_options_may_come_before_after_or_under_the_command() {
        assert_eq!(global(&["list"]).color, None);
        assert_eq!(
            global(&["--color", "never", "list"]).color,
            Some(ColorArg::Never)
        );
        assert_eq!(
            global(&["list", "--color", "never"]).color,
            Some(ColorArg::Never)
        );
        // The last one given wins, wherever it is.
        let both = global(&["--color", "always", "list", "--color", "never"]);
        assert_eq!(both.color, Some(ColorArg::Never));
        let both = global(&["--color", "never", "list", "--color=always"]);
        assert_eq!(both.color, Some(ColorArg::Always));
        assert!(global(&["--no-color", "list"]).no_color);
        assert!(global(&["show", "cat-cow", "--no-color"]).no_color);
        assert!(!global(&["show", "cat-cow"]).no_color);
        let lib = global(&["--library", "/a", "show", "cat-cow", "--library", "/b"]).library;
        assert_eq!(lib.as_deref(), Some(Path::new("/b")));
        let lib = global(&["--library", "/a", "nudge"]).library;
        assert_eq!(lib.as_deref(), Some(Path::new("/a")));
        // Under a command's own command, too.
        for args in [
            &["history", "export", "--data-dir", "/d"][..],
            &["history", "--data-dir", "/d", "export"],
            &["--data-dir", "/d", "history", "export"],
            &[
                "programs",
                "save",
                "mine",
                "--from-last",
                "--data-dir",
                "/d",
            ],
        ] {
            let dir = global(args).data_dir;
            assert_eq!(dir.as_deref(), Some(Path::new("/d")), "{args:?}");
        }
        // --today (hidden, for tests) only before the command.
        assert!(global(&["--today", "2026-01-02", "list"]).today.is_some());
        assert!(Cli::try_parse_from(["backrelief", "list", "--today", "2026-01-02"]).is_err());
    }

    #[test]
    fn every_command_lists_the_global_options_in_its_help() {
        let mut cli = Cli::command();
        cli.build();
        // clap's own `help` command takes no options.
        for sub in cli.get_subcommands_mut().filter(|s| s.get_name() != "help") {
            let help = sub.render_long_help().to_string();
            for flag in ["--library", "--data-dir", "--color", "--no-color"] {
                assert!(
                    help.contains(flag),
                    "{} --help lacks {flag}",
                    sub.get_name()
                );
            }
        }
    }
}
