//! What a session leaves behind: the history record, one JSON line per
//! session. The types and the arithmetic on them are pure; reading and
//! writing the log is `store::history`.

use crate::planner::{PastSession, Plan, Source};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// How a planned step ended; stored in history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// The record format this build writes and reads.
pub const SCHEMA: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseRecord {
    pub id: String,
    pub score: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub schema: u32,
    pub id: String,
    pub started: DateTime<FixedOffset>,
    pub ended: DateTime<FixedOffset>,
    pub source: Source,
    pub causes: Vec<CauseRecord>,
    pub pain_before: u8,
    pub pain_after: Option<u8>,
    pub minutes_planned: f64,
    pub steps: Vec<StepRecord>,
    pub interrupted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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
        }
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
        })
        .collect();
    past.sort_by_key(|p| p.date);
    past
}
