//! What a session leaves behind: the history record, one JSON line per
//! session. The types and the arithmetic on them are pure; reading and
//! writing the log is `store::history`.

use crate::library::Tier;
use crate::planner::{PastSession, Plan, Source};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a planned step ended; stored in history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Done,
    Skipped,
    CutShort,
    NotReached,
}

/// What the runner reports for one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepOutcome {
    pub status: Status,
    /// Seconds actually spent in holds and reps.
    pub seconds_held: u32,
}

/// The format of session records, which this build writes. Sessions keep
/// schema 1, so an older backrelief still reads every session.
pub const SCHEMA: u32 = 1;

/// The format of amendments (pain-after, delete), and the newest schema
/// this build reads. An older backrelief, which reads only schema 1, reports
/// an amendment as "written by a newer backrelief" and keeps it, rather than
/// calling it damaged.
pub const AMENDMENT_SCHEMA: u32 = 2;

/// What an amendment does to the session it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The pain score (and note) given after the session.
    PainAfter,
    /// The session was deleted.
    Deleted,
    /// How its exercises felt (too easy, about right, too hard). An older
    /// backrelief reads this kind as "from a newer backrelief; kept as is",
    /// and still reads the session itself.
    Felt,
}

impl Kind {
    pub const NAMES: [&'static str; 3] = ["pain_after", "deleted", "felt"];
}

/// How one exercise felt, by the id of the variant done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeltRecord {
    pub exercise: String,
    pub felt: crate::planner::Felt,
}

/// A small record appended to the log that changes an earlier session, so
/// no session line is ever rewritten:
/// `{"schema":2,"kind":"pain_after","session":ID,"pain_after":3,"note":"..."}`
/// or `{"schema":2,"kind":"deleted","session":ID}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    pub schema: u32,
    pub kind: Kind,
    pub session: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 10))]
    pub pain_after: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub felt: Vec<FeltRecord>,
}

impl Amendment {
    pub fn pain_after(session: &str, pain_after: Option<u8>, note: Option<String>) -> Amendment {
        Amendment {
            schema: AMENDMENT_SCHEMA,
            kind: Kind::PainAfter,
            session: session.to_string(),
            pain_after,
            note,
            felt: Vec::new(),
        }
    }

    pub fn deleted(session: &str) -> Amendment {
        Amendment {
            schema: AMENDMENT_SCHEMA,
            kind: Kind::Deleted,
            session: session.to_string(),
            pain_after: None,
            note: None,
            felt: Vec::new(),
        }
    }

    /// How the session's exercises felt.
    pub fn felt(session: &str, felt: Vec<FeltRecord>) -> Amendment {
        Amendment {
            schema: AMENDMENT_SCHEMA,
            kind: Kind::Felt,
            session: session.to_string(),
            pain_after: None,
            note: None,
            felt,
        }
    }

    /// Applies this amendment to its session.
    pub fn apply(&self, r: &mut Record) {
        if self.kind == Kind::Felt {
            r.felt = self.felt.clone();
        }
        if self.kind == Kind::PainAfter {
            if self.pain_after.is_some() {
                r.pain_after = self.pain_after;
            }
            if self.note.is_some() {
                r.note = self.note.clone();
            }
        }
    }

    /// Checks an amendment from outside (an import file).
    pub fn validate(&self) -> Result<(), String> {
        check_id("session", &self.session)?;
        for f in &self.felt {
            check_id("felt.exercise", &f.exercise)?;
        }
        if self.felt.len() > MAX_STOP_FLAGS {
            return Err(format!(
                "field `felt`: {} answers; at most {MAX_STOP_FLAGS}",
                self.felt.len()
            ));
        }
        if self.schema != AMENDMENT_SCHEMA {
            return Err(format!(
                "field `schema`: amendments are schema {AMENDMENT_SCHEMA}, not {}",
                self.schema
            ));
        }
        check_pain("pain_after", self.pain_after)
    }
}

/// The format of function ratings: schema 2, like amendments, with a kind
/// of its own. A backrelief from before ratings existed reads such a line as
/// "a record of kind 'function', from a newer backrelief; kept as is": it
/// warns, keeps the line, and refuses to compact it away.
pub const FUNCTION_SCHEMA: u32 = 2;

/// The `kind` of a function rating line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FunctionKind {
    Function,
}

impl FunctionKind {
    pub const NAME: &'static str = "function";
}

/// The most activities one rating holds (the Patient-Specific Functional
/// Scale asks for three to five; three keeps it short on a sore day).
pub const MAX_ACTIVITIES: usize = 3;
/// The longest activity name, in characters.
pub const MAX_ACTIVITY_CHARS: usize = 80;

/// One activity and how well it can be done: 0 cannot do it, 10 as before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub activity: String,
    #[schemars(range(max = 10))]
    pub score: u8,
}

/// A weekly Patient-Specific Functional Scale rating, its own line in the
/// history log:
/// `{"schema":2,"kind":"function","id":ID,"at":TIME,"ratings":[{"activity":"...","score":4}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionRecord {
    pub schema: u32,
    pub kind: FunctionKind,
    pub id: String,
    #[serde(deserialize_with = "timestamp::deserialize")]
    pub at: DateTime<FixedOffset>,
    pub ratings: Vec<Rating>,
}

impl FunctionRecord {
    pub fn new(at: DateTime<FixedOffset>, ratings: Vec<Rating>) -> FunctionRecord {
        FunctionRecord {
            schema: FUNCTION_SCHEMA,
            kind: FunctionKind::Function,
            id: format!("f{}", new_id(at)),
            at,
            ratings,
        }
    }

    /// Checks a rating from outside (an import file, the command line).
    pub fn validate(&self) -> Result<(), String> {
        if self.schema != FUNCTION_SCHEMA {
            return Err(format!(
                "field `schema`: function ratings are schema {FUNCTION_SCHEMA}, not {}",
                self.schema
            ));
        }
        check_id("id", &self.id)?;
        check_date("at", &self.at)?;
        check_ratings(&self.ratings)
    }
}

/// The format of red-flag stops: schema 2, a kind of their own, like
/// function ratings, so an older backrelief reads such a line as "a record
/// of kind 'red_flag_stop', from a newer backrelief; kept as is".
pub const STOP_SCHEMA: u32 = 2;

/// The `kind` of a red-flag stop line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StopKind {
    RedFlagStop,
}

impl StopKind {
    pub const NAME: &'static str = "red_flag_stop";
}

/// Which command the red-flag screen stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoppedIn {
    /// `session`, about to run.
    Session,
    /// `session --plan`, text or JSON.
    Plan,
    /// `run PROGRAM`.
    Run,
    /// `sheet --answers FILE`.
    Sheet,
}

/// The most red flags one stop names (the library has a few dozen at most).
pub const MAX_STOP_FLAGS: usize = 64;

/// A day the red-flag screen stopped a session, its own line in the
/// history log, so the report can show it to a clinician:
/// `{"schema":2,"kind":"red_flag_stop","id":ID,"at":TIME,"tier":"urgent","flags":["fever-or-unwell"],"command":"session"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StopRecord {
    pub schema: u32,
    pub kind: StopKind,
    pub id: String,
    #[serde(deserialize_with = "timestamp::deserialize")]
    pub at: DateTime<FixedOffset>,
    /// The most serious tier answered yes.
    pub tier: Tier,
    /// The red flags answered yes (or raised), in library order.
    pub flags: Vec<String>,
    pub command: StoppedIn,
}

impl StopRecord {
    /// The stop of `tier` raised by `flags` (what `assess::RedFlagStop`
    /// holds; taken apart so this record does not import the assessment).
    pub fn new(
        at: DateTime<FixedOffset>,
        tier: Tier,
        flags: &[String],
        command: StoppedIn,
    ) -> StopRecord {
        StopRecord {
            schema: STOP_SCHEMA,
            kind: StopKind::RedFlagStop,
            id: format!("r{}", new_id(at)),
            at,
            tier,
            flags: flags.to_vec(),
            command,
        }
    }

    /// Checks a stop from outside (an import file).
    pub fn validate(&self) -> Result<(), String> {
        if self.schema != STOP_SCHEMA {
            return Err(format!(
                "field `schema`: red-flag stops are schema {STOP_SCHEMA}, not {}",
                self.schema
            ));
        }
        check_id("id", &self.id)?;
        check_date("at", &self.at)?;
        if self.flags.is_empty() || self.flags.len() > MAX_STOP_FLAGS {
            return Err(format!(
                "field `flags`: {} red flags; a stop names 1 to {MAX_STOP_FLAGS}",
                self.flags.len()
            ));
        }
        for f in &self.flags {
            check_id("flags", f)?;
        }
        Ok(())
    }
}

/// The format of flares: schema 2, a kind of their own, like red-flag
/// stops, so an older backrelief reads such a line as "a record of kind
/// 'flare', from a newer backrelief; kept as is".
pub const FLARE_SCHEMA: u32 = 2;

/// The `kind` of a flare line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlareKind {
    Flare,
}

impl FlareKind {
    pub const NAME: &'static str = "flare";
}

/// A day of a flare, its own line in the history log, so every ladder steps
/// back and the days after build up again:
/// `{"schema":2,"kind":"flare","id":ID,"at":TIME,"pain":7,"stated":true}`.
/// `stated` when the person said so; else it was recognised from the pain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlareRecord {
    pub schema: u32,
    pub kind: FlareKind,
    pub id: String,
    #[serde(deserialize_with = "timestamp::deserialize")]
    pub at: DateTime<FixedOffset>,
    #[schemars(range(max = 10))]
    pub pain: u8,
    pub stated: bool,
}

impl FlareRecord {
    pub fn new(at: DateTime<FixedOffset>, pain: u8, stated: bool) -> FlareRecord {
        FlareRecord {
            schema: FLARE_SCHEMA,
            kind: FlareKind::Flare,
            id: format!("x{}", new_id(at)),
            at,
            pain,
            stated,
        }
    }

    /// Checks a flare from outside (an import file).
    pub fn validate(&self) -> Result<(), String> {
        if self.schema != FLARE_SCHEMA {
            return Err(format!(
                "field `schema`: flares are schema {FLARE_SCHEMA}, not {}",
                self.schema
            ));
        }
        check_id("id", &self.id)?;
        check_date("at", &self.at)?;
        check_pain("pain", Some(self.pain))
    }
}

/// The format of walks: schema 2, a kind of their own, like flares, so an
/// older backrelief reads such a line as "a record of kind 'walk', from a
/// newer backrelief; kept as is".
pub const WALK_SCHEMA: u32 = 2;

/// The `kind` of a walk line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WalkKind {
    Walk,
}

impl WalkKind {
    pub const NAME: &'static str = "walk";
}

/// What was done: a walk, walking in short bouts with rests, cycling, or
/// (for someone who does not walk) wheeling a chair or another activity.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Activity {
    #[default]
    Walk,
    Intervals,
    Cycle,
    Wheel,
    Other,
}

impl Activity {
    pub const NAMES: [&'static str; 5] = ["walk", "intervals", "cycle", "wheel", "other"];

    /// The activity in a sentence ("a walk of 20 minutes").
    pub fn words(self) -> &'static str {
        match self {
            Activity::Walk => "walk",
            Activity::Intervals => "walk in short bouts",
            Activity::Cycle => "cycle",
            Activity::Wheel => "wheel",
            Activity::Other => "activity",
        }
    }
}

/// The shortest and longest walk one record holds, in minutes (four hours
/// is a long day's hike; more is a typing slip).
pub const MIN_WALK_MINUTES: u16 = 1;
pub const MAX_WALK_MINUTES: u16 = 240;

/// A walk (or the activity done instead), its own line in the history log:
/// `{"schema":2,"kind":"walk","id":ID,"at":TIME,"on":"2026-11-25","minutes":20,"activity":"walk"}`.
/// `at` is when it was written, `on` the day it was done (never after
/// `at`: a walk recorded later, `walk --on DATE`). A `deleted` amendment
/// naming its id undoes it (`walk --undo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkRecord {
    pub schema: u32,
    pub kind: WalkKind,
    pub id: String,
    #[serde(deserialize_with = "timestamp::deserialize")]
    pub at: DateTime<FixedOffset>,
    pub on: chrono::NaiveDate,
    pub minutes: u16,
    #[serde(default)]
    pub activity: Activity,
}

impl WalkRecord {
    pub fn new(
        at: DateTime<FixedOffset>,
        on: chrono::NaiveDate,
        minutes: u16,
        activity: Activity,
    ) -> WalkRecord {
        WalkRecord {
            schema: WALK_SCHEMA,
            kind: WalkKind::Walk,
            id: format!("w{}", new_id(at)),
            at,
            on,
            minutes,
            activity,
        }
    }

    /// Checks a walk from outside (an import file, the command line).
    pub fn validate(&self) -> Result<(), String> {
        if self.schema != WALK_SCHEMA {
            return Err(format!(
                "field `schema`: walks are schema {WALK_SCHEMA}, not {}",
                self.schema
            ));
        }
        check_id("id", &self.id)?;
        check_date("at", &self.at)?;
        check_walk_minutes(self.minutes).map_err(|m| format!("field `minutes`: {m}"))?;
        use chrono::Datelike;
        if !(1970..=9999).contains(&self.on.year()) {
            return Err(format!(
                "field `on`: {} is outside the years 1970 to 9999",
                self.on
            ));
        }
        // Both are local to where it was written; the index dates the line
        // by `at`, so reading from a date finds every walk done since.
        if self.on > self.at.date_naive() {
            return Err(format!(
                "field `on`: {} is after the walk was recorded ({})",
                self.on,
                self.at.date_naive()
            ));
        }
        Ok(())
    }
}

/// Minutes of one walk: 1 to [`MAX_WALK_MINUTES`].
pub fn check_walk_minutes(minutes: u16) -> Result<(), String> {
    if (MIN_WALK_MINUTES..=MAX_WALK_MINUTES).contains(&minutes) {
        Ok(())
    } else {
        Err(format!(
            "{minutes} minutes; a walk is {MIN_WALK_MINUTES} to {MAX_WALK_MINUTES} minutes"
        ))
    }
}

/// Activity names: 1 to 80 characters, no control characters, each named
/// once (ignoring case); 1 to 3 of them; scores 0 to 10.
pub fn check_ratings(ratings: &[Rating]) -> Result<(), String> {
    if ratings.is_empty() || ratings.len() > MAX_ACTIVITIES {
        return Err(format!(
            "field `ratings`: {} activities; rate 1 to {MAX_ACTIVITIES}",
            ratings.len()
        ));
    }
    for (i, r) in ratings.iter().enumerate() {
        let name = r.activity.trim();
        if name.is_empty() || name.chars().count() > MAX_ACTIVITY_CHARS {
            return Err(format!(
                "field `ratings.activity`: an activity is 1 to {MAX_ACTIVITY_CHARS} characters"
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(format!(
                "field `ratings.activity`: {name:?} contains a control character"
            ));
        }
        if r.score > 10 {
            return Err(format!(
                "field `ratings.score`: {} is not a rating (0 to 10)",
                r.score
            ));
        }
        if ratings[..i]
            .iter()
            .any(|o| same_activity(&o.activity, &r.activity))
        {
            return Err(format!("field `ratings.activity`: {name:?} is named twice"));
        }
    }
    Ok(())
}

/// Two activity names are one activity when they differ only in case and
/// surrounding or repeated spaces.
pub fn same_activity(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The longest note kept with a session, in characters (a few paragraphs).
/// Typed at the prompt or read from a backup, a longer note is cut to it
/// with a notice; `--note` longer than this is refused.
pub const MAX_NOTE_CHARS: usize = crate::caps::TEXT_CHARS;

/// Cuts a note to [`MAX_NOTE_CHARS`]; its length in characters when it
/// was cut.
pub fn cut_note(note: &mut Option<String>) -> Option<usize> {
    crate::caps::cut(note.as_mut()?, MAX_NOTE_CHARS)
}

/// The largest `minutes_planned` accepted on import: twice the longest session.
/// (`assess::MAX_MINUTES` is 60; a test holds the two together.)
pub const MAX_MINUTES_PLANNED: f64 = 120.0;

/// An id in a record from outside is the one id type's
/// ([`crate::library::Id`]): what backrelief writes (a session's
/// `20261125-073012-3fa95c21`, an exercise's `cat-cow`) always is one.
fn check_id(field: &str, id: &str) -> Result<(), String> {
    // Ids are shown on the terminal and in sheets: no escape sequence or
    // reordering may hide in one (notes may hold any text; output escapes it).
    use crate::library::text::{escape, is_bidi_control};
    if let Err(why) = crate::library::Id::check(id) {
        if !id.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            return Err(format!(
                "field `{field}`: \"{}\" is not an id: {why}",
                escape(&crate::caps::shown(id))
            ));
        }
    }
    if let Some(c) = id.chars().find(|&c| c.is_control() || is_bidi_control(c)) {
        let kind = if is_bidi_control(c) {
            "a bidi control character"
        } else {
            "a control character"
        };
        return Err(format!(
            "field `{field}`: \"{}\" contains {kind} (U+{:04X}); ids may not",
            escape(id),
            c as u32
        ));
    }
    Ok(())
}

fn check_pain(field: &str, pain: Option<u8>) -> Result<(), String> {
    match pain {
        Some(p) if p > 10 => Err(format!(
            "field `{field}`: {p} is not a pain score (0 to 10)"
        )),
        _ => Ok(()),
    }
}

fn check_date(field: &str, t: &DateTime<FixedOffset>) -> Result<(), String> {
    use chrono::Datelike;
    if (1970..=9999).contains(&t.year()) {
        Ok(())
    } else {
        Err(format!(
            "field `{field}`: {t} is outside the years 1970 to 9999"
        ))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    pub exercise: String,
    pub status: Status,
    pub seconds_held: u32,
    pub seconds_planned: u32,
    /// The dose as planned, so a sheet can reprint the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<crate::library::Dose>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CauseRecord {
    pub id: String,
    pub score: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub schema: u32,
    pub id: String,
    #[serde(deserialize_with = "timestamp::deserialize")]
    pub started: DateTime<FixedOffset>,
    #[serde(deserialize_with = "timestamp::deserialize")]
    pub ended: DateTime<FixedOffset>,
    pub source: Source,
    pub causes: Vec<CauseRecord>,
    #[schemars(range(max = 10))]
    pub pain_before: u8,
    #[schemars(range(max = 10))]
    pub pain_after: Option<u8>,
    pub minutes_planned: f64,
    pub steps: Vec<StepRecord>,
    pub interrupted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How its exercises felt: written as its own `felt` line after the
    /// session's (see `Amendment::felt`), so the session line stays one an
    /// older backrelief reads.
    #[serde(default, skip_serializing)]
    pub felt: Vec<FeltRecord>,
    /// The lesson card shown at the end of this session (`lessons`), so
    /// none is shown again within a week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
}

impl Record {
    /// Builds the record of a session that just ran.
    pub fn new(
        plan: &Plan,
        started: DateTime<FixedOffset>,
        ended: DateTime<FixedOffset>,
        outcomes: &[StepOutcome],
        interrupted: bool,
        pain_after: Option<u8>,
        note: Option<String>,
    ) -> Record {
        Record {
            schema: SCHEMA,
            id: new_id(started),
            started,
            ended,
            source: plan.source.clone(),
            causes: plan
                .causes
                .iter()
                .map(|c| CauseRecord {
                    id: c.id.clone(),
                    score: c.score,
                })
                .collect(),
            pain_before: plan.pain,
            pain_after,
            minutes_planned: plan.minutes_planned,
            steps: plan
                .steps
                .iter()
                .zip(outcomes)
                .map(|(s, o)| StepRecord {
                    exercise: s.exercise.clone(),
                    status: o.status,
                    seconds_held: o.seconds_held,
                    seconds_planned: s.seconds,
                    dose: Some(s.dose),
                })
                .collect(),
            interrupted,
            note,
            felt: Vec::new(),
            lesson: None,
        }
    }

    /// The amendment that carries `felt`, if there is any to write.
    pub fn felt_amendment(&self) -> Option<Amendment> {
        (!self.felt.is_empty()).then(|| Amendment::felt(&self.id, self.felt.clone()))
    }

    /// Checks a record from outside (an import file): every field within
    /// the range this program writes.
    pub fn validate(&self) -> Result<(), String> {
        if self.schema != SCHEMA {
            return Err(format!(
                "field `schema`: sessions are schema {SCHEMA}, not {}",
                self.schema
            ));
        }
        check_id("id", &self.id)?;
        if let Source::Program { id } = &self.source {
            check_id("source.id", id)?;
        }
        check_date("started", &self.started)?;
        check_date("ended", &self.ended)?;
        if self.ended < self.started {
            return Err(format!(
                "field `ended`: {} is before the start, {}",
                self.ended, self.started
            ));
        }
        check_pain("pain_before", Some(self.pain_before))?;
        check_pain("pain_after", self.pain_after)?;
        if !(0.0..=MAX_MINUTES_PLANNED).contains(&self.minutes_planned) {
            return Err(format!(
                "field `minutes_planned`: {} is out of range (0 to {MAX_MINUTES_PLANNED})",
                self.minutes_planned
            ));
        }
        for c in &self.causes {
            check_id("causes.id", &c.id)?;
        }
        if let Some(lesson) = &self.lesson {
            check_id("lesson", lesson)?;
        }
        for s in &self.steps {
            check_id("steps.exercise", &s.exercise)?;
            if s.seconds_held > 86_400 || s.seconds_planned > 86_400 {
                return Err(format!(
                    "field `steps`: {} holds {} of {} seconds; a step is at most a day",
                    s.exercise, s.seconds_held, s.seconds_planned
                ));
            }
        }
        Ok(())
    }

    pub fn minutes(&self) -> f64 {
        (self.ended - self.started).num_seconds().max(0) as f64 / 60.0
    }

    /// Share of planned steps done in full.
    pub fn completion(&self) -> f64 {
        if self.steps.is_empty() {
            return 0.0;
        }
        self.steps
            .iter()
            .filter(|s| s.status == Status::Done)
            .count() as f64
            / self.steps.len() as f64
    }
}

/// "20261125-073012-3fa95c21": sortable by time, unique for one person.
fn new_id(started: DateTime<FixedOffset>) -> String {
    let nanos = started.timestamp_subsec_nanos();
    // 32 bits of the start time's nanoseconds mixed with the process id, so
    // two sessions started in the same second do not share an id.
    let salt = nanos.wrapping_mul(2_654_435_761) ^ std::process::id().rotate_left(16);
    format!("{}-{salt:08x}", started.format("%Y%m%d-%H%M%S"))
}

/// A record that carries a date: every kind in the log (sessions, red-flag
/// stops, flares, function ratings, and any kind added later) implements
/// it, so the rule for records dated in the future is written once.
pub trait Dated {
    /// What a person calls this kind of record ("session", "flare").
    const KIND: &'static str;
    /// The local date it is dated (a session by its start).
    fn day(&self) -> NaiveDate;
    /// Its id, to name it.
    fn id(&self) -> &str;
}

/// THE rule for records dated in the future: a record dated after tomorrow
/// (a clock that was wrong, or a backup from one) is kept and named, and
/// never used for a schedule (a nudge, a streak, the weekly rating, a
/// ladder, the safety net). Tomorrow is not the future: a record stamped
/// just past midnight in another time zone still counts.
pub fn in_future(day: NaiveDate, today: NaiveDate) -> bool {
    day > today + chrono::Duration::days(1)
}

/// A record set aside by [`in_future`]: what it is, its id and its date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Future {
    pub kind: &'static str,
    pub id: String,
    pub day: NaiveDate,
}

impl Future {
    /// `record`, to be named.
    pub fn of<T: Dated>(record: &T) -> Future {
        Future {
            kind: T::KIND,
            id: record.id().to_string(),
            day: record.day(),
        }
    }
}

/// Moves the records of `records` dated in the future into `out`.
pub fn set_aside_future<T: Dated>(records: &mut Vec<T>, today: NaiveDate, out: &mut Vec<Future>) {
    records.retain(|r| {
        let future = in_future(r.day(), today);
        if future {
            out.push(Future::of(r));
        }
        !future
    });
}

impl Dated for Record {
    const KIND: &'static str = "session";
    fn day(&self) -> NaiveDate {
        self.started.date_naive()
    }
    fn id(&self) -> &str {
        &self.id
    }
}

impl Dated for StopRecord {
    const KIND: &'static str = "red-flag stop";
    fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }
    fn id(&self) -> &str {
        &self.id
    }
}

impl Dated for FlareRecord {
    const KIND: &'static str = "flare";
    fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }
    fn id(&self) -> &str {
        &self.id
    }
}

impl Dated for FunctionRecord {
    const KIND: &'static str = "function rating";
    fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }
    fn id(&self) -> &str {
        &self.id
    }
}

impl Dated for WalkRecord {
    const KIND: &'static str = "walk";
    /// The day it was done (`on`), never after it was written.
    fn day(&self) -> NaiveDate {
        self.on
    }
    fn id(&self) -> &str {
        &self.id
    }
}

/// The days with a flare on record, oldest first, each once.
pub fn flare_days(flares: &[FlareRecord]) -> Vec<NaiveDate> {
    let mut days: Vec<_> = flares.iter().map(|x| x.at.date_naive()).collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// What the planner needs from history, oldest first.
pub fn past_sessions(records: &[Record]) -> Vec<PastSession> {
    let mut past: Vec<PastSession> = records
        .iter()
        .map(|r| PastSession {
            date: r.started.date_naive(),
            exercises: r
                .steps
                .iter()
                .filter(|s| matches!(s.status, Status::Done | Status::CutShort))
                .map(|s| s.exercise.clone())
                .collect(),
            pain_before: r.pain_before,
            pain_after: r.pain_after,
            felt: r
                .felt
                .iter()
                .map(|f| (f.exercise.clone(), f.felt))
                .collect(),
        })
        .collect();
    past.sort_by_key(|p| p.date);
    past
}

/// Reading a record's times. chrono's own parser (relaxed RFC 3339) was a
/// fifth of parsing a session line, read by the hundred on every plan and
/// `progress`; the form this program writes, `2026-11-25T07:30:00+01:00`
/// with or without a fraction of a second and with `Z` for UTC, is read
/// here by position, and anything else by chrono exactly as before.
mod timestamp {
    use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
    use serde::{de, Deserializer};
    use std::fmt;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        d.deserialize_str(Timestamp)
    }

    /// chrono's visitor, with the written form read first.
    struct Timestamp;

    impl de::Visitor<'_> for Timestamp {
        type Value = DateTime<FixedOffset>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            // chrono's words, so a damaged line is described as before.
            f.write_str("an RFC 3339 formatted date and time string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            match written_form(text) {
                Some(t) => Ok(t),
                None => text.parse().map_err(E::custom),
            }
        }
    }

    /// `text` in the written form, or None for chrono to read (or refuse).
    pub(super) fn written_form(text: &str) -> Option<DateTime<FixedOffset>> {
        let b = text.as_bytes();
        let digits = |from: usize, len: usize| -> Option<u32> {
            let part = b.get(from..from + len)?;
            part.iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let at = |i: usize, c: u8| b.get(i) == Some(&c);
        if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(digits(0, 4)? as i32, digits(5, 2)?, digits(8, 2)?)?;
        let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
        let mut i = 19;
        let mut nanos = 0;
        if at(i, b'.') {
            let start = i + 1;
            let len = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
            if !(1..=9).contains(&len) {
                return None;
            }
            nanos = digits(start, len)? * 10u32.pow(9 - len as u32);
            i = start + len;
        }
        let offset = match b.get(i..)? {
            b"Z" => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let (hours, minutes) = (digits(i + 1, 2)?, digits(i + 4, 2)?);
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let seconds = (hours * 60 + minutes) * 60;
                let seconds = i32::try_from(seconds).ok()?;
                if *sign == b'-' {
                    -seconds
                } else {
                    seconds
                }
            }
            _ => return None,
        };
        // A leap second (60) and every other oddity go to chrono.
        if second > 59 {
            return None;
        }
        let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
        FixedOffset::east_opt(offset)?
            .from_local_datetime(&local)
            .single()
    }
}

/// 2: sessions without their integer `schema` (the version is the document's).
pub const HISTORY: crate::shape::Shape<crate::shape::Unversioned<&'static Record>> =
    crate::shape::Shape::list("backrelief/history/2", "sessions");
/// Every function rating (Patient-Specific Functional Scale) in the log.
/// 2: ratings without their integer `schema`.
pub const FUNCTION: crate::shape::Shape<crate::shape::Unversioned<&'static FunctionRecord>> =
    crate::shape::Shape::list("backrelief/function/2", "ratings");
/// A session as the history file and `history export` hold it (one per
/// line, with its integer `schema`): not a document of its own, but what
/// `history import` reads back.
pub const RECORD: crate::shape::Shape<Record> = crate::shape::Shape::object("backrelief/record/1");

#[cfg(test)]
mod tests {
    use super::check_id;

    #[test]
    fn notes_are_cut_at_a_character_not_a_byte() {
        let mut short = Some("é".repeat(super::MAX_NOTE_CHARS));
        assert_eq!(super::cut_note(&mut short), None);
        let mut long = Some("é".repeat(super::MAX_NOTE_CHARS + 3));
        assert_eq!(super::cut_note(&mut long), Some(super::MAX_NOTE_CHARS + 3));
        assert_eq!(long.unwrap().chars().count(), super::MAX_NOTE_CHARS);
        assert_eq!(super::cut_note(&mut None), None);
    }

    #[test]
    fn the_longest_planned_session_is_twice_the_longest_asked_for() {
        assert_eq!(
            super::MAX_MINUTES_PLANNED,
            2.0 * f64::from(crate::assess::MAX_MINUTES)
        );
    }

    #[test]
    fn ids_refuse_c0_del_c1_and_bidi_controls_and_say_which() {
        assert!(check_id("id", "20261125-073012-3fa95c21").is_ok());
        assert!(check_id("steps.exercise", "cat-cow").is_ok());
        for (bad, why) in [
            (
                "chat-cow · ½ é",
                "\"chat-cow · ½ é\" is not an id: it has ' '",
            ),
            ("../../x", "is not an id: it has '.'"),
            ("con", "is not an id: Windows keeps that name for a device"),
            ("Cat-Cow", "is not an id: it has 'C'"),
            ("", "is not an id: it is empty"),
        ] {
            let e = check_id("steps.exercise", bad).unwrap_err();
            assert!(e.starts_with("field `steps.exercise`: "), "{e}");
            assert!(e.contains(why), "{e}");
        }
        let long = check_id("id", &"a".repeat(100_000)).unwrap_err();
        assert!(long.contains("100000 characters; at most 80"), "{long}");
        assert!(long.len() < 200, "{long}");
        for (bad, kind) in [
            ("a\u{1b}]0;x\u{7}", "U+001B"),
            ("a\tb", "U+0009"),
            ("a\u{7f}", "U+007F"),
            ("a\u{9b}31m", "U+009B"),
            ("gnp\u{202e}.exe", "U+202E"),
            ("x\u{2066}y", "U+2066"),
            ("x\u{200f}", "U+200F"),
        ] {
            let e = check_id("steps.exercise", bad).unwrap_err();
            assert!(e.starts_with("field `steps.exercise`: "), "{e}");
            assert!(e.contains(kind), "{e}");
            assert!(
                !e.chars().any(crate::library::text::is_unsafe),
                "the message itself is safe to print: {e:?}"
            );
        }
        assert!(check_id("id", "x\u{202e}").unwrap_err().contains("bidi"));
    }

    mod timestamps {
        use super::super::timestamp::written_form;
        use chrono::{DateTime, FixedOffset};
        use proptest::prelude::*;

        fn chrono(text: &str) -> Option<DateTime<FixedOffset>> {
            text.parse().ok()
        }

        #[test]
        fn the_written_forms_read_as_chrono_reads_them() {
            for text in [
                "2026-11-25T07:30:00+01:00",
                "2026-11-26T23:51:05.598167905Z",
                "2026-11-26T23:51:05.5Z",
                "1999-12-31T23:59:59-09:30",
                "2024-02-29T00:00:00+00:00",
            ] {
                let fast = written_form(text);
                assert!(fast.is_some(), "{text}");
                assert_eq!(fast, chrono(text), "{text}");
                // The same instant and the same offset, not only equal.
                assert_eq!(
                    fast.map(|t| t.to_rfc3339()),
                    chrono(text).map(|t| t.to_rfc3339())
                );
            }
            // Left to chrono: what it reads differently or refuses.
            for text in [
                "2026-11-25 07:30:00+01:00",
                "2026-11-25T07:30:60+01:00",
                "2026-02-30T07:30:00Z",
                "2026-11-25T07:30:00",
                "2026-11-25T07:30:00.Z",
                "2026-11-25T07:30:00.1234567890Z",
                "2026-11-25T07:30:00+0100",
                "+2026-11-25T07:30:00Z",
                "2026-11-25T07:30:00z",
                "2026-11-25T25:30:00Z",
                "2026-11-25T07:30:00+24:00",
                "2026-11-25T07:30:00+01:75",
            ] {
                assert_eq!(written_form(text), None, "{text}");
            }
        }

        proptest! {
            /// Whatever it reads, chrono reads the same; and it reads every
            /// time the program writes.
            #[test]
            fn agrees_with_chrono(
                (y, mo, d) in (0u32..3000, 0u32..14, 0u32..33),
                (h, mi, se) in (0u32..26, 0u32..62, 0u32..62),
                fraction in proptest::option::of("[0-9]{0,10}"),
                offset in prop_oneof![Just(String::new()), Just("Z".to_string()), Just("z".to_string()),
                    (prop_oneof![Just('+'), Just('-')], 0u32..26, 0u32..80)
                        .prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}"))],
            ) {
                let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
                let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{se:02}{fraction}{offset}");
                if let Some(fast) = written_form(&text) {
                    let slow = chrono(&text);
                    prop_assert_eq!(Some(fast), slow);
                    prop_assert_eq!(Some(*fast.offset()), slow.map(|t| *t.offset()));
                }
            }

            #[test]
            fn reads_what_the_program_writes(secs in 0i64..4_000_000_000, nanos in 0u32..1_000_000_000, offset in -86_399i32..86_400) {
                let offset = FixedOffset::east_opt(offset / 60 * 60).unwrap();
                let t = DateTime::from_timestamp(secs, nanos).unwrap().with_timezone(&offset);
                let text = serde_json::to_string(&t).unwrap();
                let text = text.trim_matches('"');
                prop_assert_eq!(written_form(text), Some(t));
            }
        }
    }
}
