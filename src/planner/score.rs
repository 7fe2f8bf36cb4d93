//! Ranks every exercise that is safe for the person today: by how well it
//! answers their likely causes, eased for a high-pain day or a pain rise
//! (see `adapt`), following their direction of movement (see `direction`),
//! with what was done lately moved down for variety and a stable per-day
//! jitter so equal scores do not always tie the same way. A first session
//! offers nothing above `FIRST_SESSION_MAX_DIFFICULTY`.

use super::{
    adapt, direction, exclusion, in_place_of, ladder, Day, PastSession, Phase, Request,
    FIRST_SESSION_MAX_DIFFICULTY,
};
use crate::assess::RankedCause;
use crate::library::{Exercise, Library};
use std::collections::HashSet;

/// An exercise that may go into today's plan, and its rank.
#[derive(Clone)]
pub(super) struct Candidate<'a> {
    pub(super) exercise: &'a Exercise,
    pub(super) phase: Phase,
    pub(super) score: i64,
    /// The dose the family's ladder gives it today.
    pub(super) dose: crate::library::Dose,
    /// The ladder's rung and reason, when history moved it.
    pub(super) ladder: Option<ladder::Said>,
}

/// Every safe exercise, best first (ties broken by id, so the order is
/// total). Only scores are computed here, for the whole library; the words
/// of "why" come later and only for the few chosen (see `annotate::Why`).
pub(super) fn rank<'a>(
    req: &Request<'a>,
    causes: &[RankedCause],
    today: &Day,
) -> Vec<Candidate<'a>> {
    let lib = req.lib;
    let fit = CauseFit::new(lib, causes);
    let supported = supported_balance(lib, &req.answers.conditions);
    let chair_called_for = capability_ruled_out(lib, &req.answers.conditions);
    let recent: Vec<&PastSession> = req.history.iter().rev().take(2).collect();
    let day = req.date.to_string();
    // An exercise left out for lying flat on the back gives way to the
    // variant it names, which answers the same causes.
    let mut candidates: Vec<Candidate> = lib
        .exercises
        .iter()
        .filter_map(|e| match exclusion(lib, e, req.answers, req.opt_in) {
            None => Some((e, e)),
            Some(_) => in_place_of(lib, e, req.answers, req.opt_in).map(|v| (e, v)),
        })
        .filter(|(_, x)| !today.first || x.difficulty <= FIRST_SESSION_MAX_DIFFICULTY)
        .map(|(e, x)| Candidate {
            exercise: x,
            phase: Phase::of(lib, x),
            score: fit.score(e).max(fit.score(x))
                + adapt::gentle_penalty(x, today.gentle)
                + direction::score(lib, x, today.irritable)
                + variety(x, &recent)
                + jitter(&day, x)
                + chair_version(x, chair_called_for)
                + lying_down(x, today.head_changes_hard)
                + if supported.contains(x.id.as_str()) {
                    SUPPORTED_BALANCE_BONUS
                } else {
                    0
                },
            dose: x.dose,
            ladder: None,
        })
        .collect();
    candidates.sort_by(|x, y| {
        y.score
            .cmp(&x.score)
            .then_with(|| x.exercise.id.cmp(&y.exercise.id))
    });
    on_ladders(req, candidates, today)
}

/// Each candidate as its family's ladder places it today (two that the
/// ladder places on the same exercise count once, the better ranked); a
/// family that may not be planned yet is left out.
fn on_ladders<'a>(
    req: &Request<'a>,
    candidates: Vec<Candidate<'a>>,
    today: &Day,
) -> Vec<Candidate<'a>> {
    let seasoned = ladder::seasoned(req.history, req.flares);
    let mut placed_ids = HashSet::new();
    candidates
        .into_iter()
        .filter_map(|c| {
            let placed = ladder::place(req, c.exercise, today, seasoned)?;
            if !placed_ids.insert(&placed.exercise.id) {
                return None;
            }
            Some(Candidate {
                exercise: placed.exercise,
                phase: Phase::of(req.lib, placed.exercise),
                dose: placed.dose,
                ladder: placed.why,
                ..c
            })
        })
        .collect()
}

/// The movement of balancing without holding on.
const UNSUPPORTED_BALANCE: &str = "narrow-base-balance";

/// Enough to rank first whatever the causes say: balance work is what
/// prevents falls (exercise with balance training cut the rate of falls by
/// about a quarter; Sherrington et al., Cochrane 2019).
const SUPPORTED_BALANCE_BONUS: i64 = 1000;

/// For a person whose conditions rule out balancing without holding on
/// (poor balance, a fall, numb feet, an inner-ear problem...), the
/// supported version of each balance exercise (its `easier` variant, with
/// a hand on a chair or wall): these rank first, so every plan with room
/// for them keeps some balance work, with support. Empty for anyone else.
fn supported_balance<'a>(lib: &'a Library, conditions: &[String]) -> HashSet<&'a str> {
    lib.exercises
        .iter()
        .filter(|x| lib.involves(x, UNSUPPORTED_BALANCE))
        .filter(|x| {
            lib.ruled_out_by(x, conditions)
                .iter()
                .any(|(_, r)| r.movement == UNSUPPORTED_BALANCE)
        })
        .filter_map(|x| x.easier.as_deref())
        .filter(|v| {
            lib.exercise(v)
                .is_some_and(|v| !lib.involves(v, UNSUPPORTED_BALANCE))
        })
        .collect()
}

/// How far a chair version ranks down for a person who needs no chair.
const CHAIR_VERSION_PENALTY: i64 = 20;

/// Whether the declared conditions rule out something a body may not be
/// able to do (the floor, standing, kneeling, lying flat, the hands...).
fn capability_ruled_out(lib: &Library, conditions: &[String]) -> bool {
    let capability = |m: &str| lib.movement(m).is_some_and(|m| m.capability);
    lib.with_includes(conditions).iter().any(|c| {
        c.rules.iter().any(|r| capability(&r.movement))
            || c.limits.iter().any(|l| capability(&l.movement))
    })
}

/// A sitting exercise with a harder variant is the chair version of it:
/// it ranks a little lower unless something the person cannot do calls
/// for the chair, so a body that can get down to the floor and stand gets
/// the fuller work. A sitting exercise with no harder version (a nerve
/// glide, a chin tuck) is itself the exercise and keeps its rank.
fn chair_version(e: &Exercise, chair_called_for: bool) -> i64 {
    if e.position == crate::library::Position::Sitting && e.harder.is_some() && !chair_called_for {
        -CHAIR_VERSION_PENALTY
    } else {
        0
    }
}

/// How far an exercise done lying down ranks down for a person whose
/// quick changes of head position are hard (vertigo, dizziness): lying
/// down, rolling over and getting up bring the symptoms on (Bhattacharyya
/// et al. 2017), so an upright version wins whenever there is one.
const LYING_DOWN_PENALTY: i64 = 40;

fn lying_down(e: &Exercise, head_changes_hard: bool) -> i64 {
    if head_changes_hard && e.position.is_lying() {
        -LYING_DOWN_PENALTY
    } else {
        0
    }
}

/// Whether an exercise helps a cause, as either of them says.
pub(super) fn helps(lib: &Library, e: &Exercise, cause: &str) -> bool {
    e.helps.iter().any(|c| c == cause) || lib.cause(cause).is_some_and(|c| c.helps.contains(&e.id))
}

/// How well an exercise answers the ranked causes. Each cause's own list of
/// exercises is kept as a set, since every exercise is looked up in it.
struct CauseFit<'a> {
    causes: &'a [RankedCause],
    listed_by_cause: Vec<HashSet<&'a str>>,
}

impl<'a> CauseFit<'a> {
    fn new(lib: &'a Library, causes: &'a [RankedCause]) -> CauseFit<'a> {
        let listed_by_cause = causes
            .iter()
            .map(|c| {
                lib.cause(&c.id)
                    .map(|x| x.helps.iter().map(|h| h.as_str()).collect())
                    .unwrap_or_default()
            })
            .collect();
        CauseFit {
            causes,
            listed_by_cause,
        }
    }

    /// Ten points per point of each cause the exercise helps; with no cause
    /// ranked, a little for anything that helps some cause.
    fn score(&self, e: &Exercise) -> i64 {
        let mut s = 0i64;
        for (c, listed) in self.causes.iter().zip(&self.listed_by_cause) {
            if listed.contains(e.id.as_str()) || e.helps.iter().any(|h| h == &c.id) {
                s += i64::from(c.score) * 10;
            }
        }
        if self.causes.is_empty() && !e.helps.is_empty() {
            s += 5;
        }
        s
    }
}

/// Variety: what was done in the last two sessions moves down the list,
/// further if it was in both.
fn variety(e: &Exercise, recent: &[&PastSession]) -> i64 {
    let times = recent
        .iter()
        .filter(|p| p.exercises.iter().any(|x| x == &e.id))
        .count();
    -[0, 15, 45][times]
}

/// A small, stable shuffle per day, so the plan varies from day to day yet
/// the same day always gives the same plan.
fn jitter(day: &str, e: &Exercise) -> i64 {
    (stable_hash(&[day, &e.id]) % 9) as i64
}

/// FNV-1a: a stable, platform-independent hash for day-to-day variety.
fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
