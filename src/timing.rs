//! Timing arithmetic shared by the planner (how long will this take?) and
//! the runner (what happens when?). Pure, so both always agree.

use crate::library::{Category, Dose};

/// "Get ready" before each exercise.
pub const LEAD_IN_SECONDS: u32 = 5;
/// Time to change sides between the left and right of a set.
pub const SWITCH_SECONDS: u32 = 5;
/// The breathing pace shown for breathing exercises and rests: seconds
/// in, seconds out (a longer out-breath settles; about six breaths a minute).
pub const BREATH_IN_SECONDS: u32 = 4;
pub const BREATH_OUT_SECONDS: u32 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// One timed stretch of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    GetReady,
    Work {
        side: Option<Side>,
        set: u32,
        sets: u32,
        /// Rep number and count; `None` for a single sustained hold.
        rep: Option<(u32, u32)>,
    },
    SwitchSides,
    Rest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    pub seconds: u32,
}

pub fn sides(dose: &Dose) -> u32 {
    if dose.per_side {
        2
    } else {
        1
    }
}

/// Seconds of one rep (move, hold, return: the dose's tempo) or of the one
/// sustained hold.
pub fn rep_seconds(dose: &Dose) -> u32 {
    dose.rep_seconds()
}

/// Where a moment falls inside one rep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepPhase {
    Move,
    Hold,
    Return,
}

/// The part of a rep timed by `tempo` that `into` seconds have reached
/// (the return runs to the end, whatever is left after a `+`).
pub fn rep_phase(tempo: crate::library::Tempo, into: f64) -> RepPhase {
    if into < f64::from(tempo.move_s) {
        RepPhase::Move
    } else if into < f64::from(tempo.move_s + tempo.hold_s) {
        RepPhase::Hold
    } else {
        RepPhase::Return
    }
}

/// Breathing in or out at the breathing pace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breath {
    In,
    Out,
}

/// Where `into` seconds fall in the breathing cycle, and how full the
/// lungs are (0 to 1: filling while in, emptying while out), in whole
/// seconds so it changes only when the countdown does.
pub fn breath(into: u64) -> (Breath, f64) {
    let (i, o) = (u64::from(BREATH_IN_SECONDS), u64::from(BREATH_OUT_SECONDS));
    let at = into % (i + o);
    if at < i {
        (Breath::In, (at + 1) as f64 / i as f64)
    } else {
        (Breath::Out, 1.0 - (at - i + 1) as f64 / o as f64)
    }
}

/// Seconds of actual work: every rep of every set on every side.
/// Saturates at `u32::MAX` rather than wrapping (the validator refuses any
/// dose over an hour, so only an unvalidated dose can get near it).
pub fn work_seconds(dose: &Dose) -> u32 {
    rep_seconds(dose)
        .saturating_mul(total_reps(dose))
        .saturating_mul(sides(dose))
}

/// Reps (or holds) on one side over all sets, counting a pyramid's
/// shrinking sets. Saturates.
fn total_reps(dose: &Dose) -> u32 {
    if dose.pyramid == 0 || dose.reps.is_none() {
        return dose.reps.unwrap_or(1).saturating_mul(dose.sets);
    }
    (1..=dose.sets)
        .map(|set| dose.reps_in_set(set).unwrap_or(1))
        .fold(0u32, u32::saturating_add)
}

/// Everything an exercise takes, including the lead-in, side switches and
/// rests between sets. Equal to the sum of `segments`; saturates.
pub fn step_seconds(dose: &Dose, lead_in: u32) -> u32 {
    lead_in
        .saturating_add(work_seconds(dose))
        .saturating_add(
            SWITCH_SECONDS
                .saturating_mul(sides(dose) - 1)
                .saturating_mul(dose.sets),
        )
        .saturating_add(dose.rest.saturating_mul(dose.sets.saturating_sub(1)))
}

/// The timeline of one exercise: get ready, then per set each side's reps,
/// a switch between sides, and a rest between sets.
pub fn segments(dose: &Dose, lead_in: u32) -> Vec<Segment> {
    let mut out = Vec::new();
    if lead_in > 0 {
        out.push(Segment {
            kind: SegmentKind::GetReady,
            seconds: lead_in,
        });
    }
    let side_list: &[Option<Side>] = if dose.per_side {
        &[Some(Side::Left), Some(Side::Right)]
    } else {
        &[None]
    };
    for set in 1..=dose.sets {
        for (i, side) in side_list.iter().enumerate() {
            if i > 0 {
                out.push(Segment {
                    kind: SegmentKind::SwitchSides,
                    seconds: SWITCH_SECONDS,
                });
            }
            match dose.reps_in_set(set) {
                None => out.push(Segment {
                    kind: SegmentKind::Work {
                        side: *side,
                        set,
                        sets: dose.sets,
                        rep: None,
                    },
                    seconds: rep_seconds(dose),
                }),
                Some(reps) => {
                    for rep in 1..=reps {
                        // Alternating reps go left, right, left...
                        let side = if dose.alternating {
                            Some(if rep % 2 == 1 {
                                Side::Left
                            } else {
                                Side::Right
                            })
                        } else {
                            *side
                        };
                        out.push(Segment {
                            kind: SegmentKind::Work {
                                side,
                                set,
                                sets: dose.sets,
                                rep: Some((rep, reps)),
                            },
                            seconds: rep_seconds(dose),
                        });
                    }
                }
            }
        }
        if set < dose.sets && dose.rest > 0 {
            out.push(Segment {
                kind: SegmentKind::Rest,
                seconds: dose.rest,
            });
        }
    }
    out
}

/// "hold 30 s, 2 sets, each side, rest 10 s" — the dose in words, for an
/// exercise of `category` (`None` when it is not known): a breathing
/// exercise's time is spent breathing, so it reads "breathe for 1 min
/// 30 s", never "hold".
pub fn describe(dose: &Dose, category: Option<Category>) -> String {
    let mut parts = Vec::new();
    let reps = if dose.pyramid > 0 && dose.sets > 1 {
        // "6-4-2 reps": the pyramid says the sets itself.
        let per_set: Vec<String> = (1..=dose.sets)
            .filter_map(|set| dose.reps_in_set(set))
            .map(|r| r.to_string())
            .collect();
        dose.reps.map(|_| per_set.join("-"))
    } else {
        dose.reps.map(|r| r.to_string())
    };
    match (reps, dose.hold) {
        (Some(r), Some(h)) => parts.push(format!("{r} reps, hold {h} s each")),
        (Some(r), None) => parts.push(format!("{r} slow reps")),
        (None, Some(h)) => {
            let verb = match category {
                Some(Category::Breathing) => "breathe for",
                _ => "hold",
            };
            parts.push(format!("{verb} {}", crate::layout::duration(h)));
        }
        (None, None) => {}
    }
    if dose.sets > 1 && dose.pyramid == 0 {
        parts.push(format!("{} sets", dose.sets));
    }
    if dose.per_side {
        parts.push("each side".to_string());
    }
    if dose.alternating {
        parts.push("sides in turn".to_string());
    }
    if dose.sets > 1 && dose.rest > 0 {
        parts.push(format!("rest {} s between sets", dose.rest));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dose(hold: Option<u32>, reps: Option<u32>, sets: u32, per_side: bool, rest: u32) -> Dose {
        Dose {
            hold,
            reps,
            sets,
            per_side,
            rest,
            pyramid: 0,
            tempo: None,
            alternating: false,
        }
    }

    #[test]
    fn step_seconds_matches_segment_sum() {
        for d in [
            dose(Some(30), None, 2, true, 10),
            dose(Some(8), Some(5), 2, true, 20),
            dose(None, Some(10), 1, false, 0),
            dose(Some(120), None, 1, false, 30),
            dose(Some(3), Some(10), 3, false, 30),
        ] {
            let total: u32 = segments(&d, LEAD_IN_SECONDS)
                .iter()
                .map(|s| s.seconds)
                .sum();
            assert_eq!(step_seconds(&d, LEAD_IN_SECONDS), total, "{d:?}");
        }
    }

    #[test]
    fn per_side_sets_alternate_sides_with_switch_and_rest() {
        let segs = segments(&dose(Some(30), None, 2, true, 10), 5);
        let kinds: Vec<String> = segs
            .iter()
            .map(|s| match s.kind {
                SegmentKind::GetReady => "ready".into(),
                SegmentKind::Work { side, set, .. } => format!("{}{set}", side.unwrap().as_str()),
                SegmentKind::SwitchSides => "switch".into(),
                SegmentKind::Rest => "rest".into(),
            })
            .collect();
        assert_eq!(
            kinds,
            ["ready", "left1", "switch", "right1", "rest", "left2", "switch", "right2"]
        );
        // 5 + 4*30 + 2*5 + 10
        assert_eq!(step_seconds(&dose(Some(30), None, 2, true, 10), 5), 145);
    }

    #[test]
    fn huge_doses_saturate_instead_of_wrapping() {
        let d = dose(Some(4_194_304), Some(2_097_152), 2_097_152, true, u32::MAX);
        assert_eq!(work_seconds(&d), u32::MAX);
        assert_eq!(step_seconds(&d, LEAD_IN_SECONDS), u32::MAX);
    }

    #[test]
    fn a_descending_pyramid_takes_reps_away_each_set() {
        let d = Dose {
            pyramid: 2,
            ..dose(Some(10), Some(6), 3, true, 15)
        };
        let reps: Vec<(u32, u32, u32)> = segments(&d, 0)
            .iter()
            .filter_map(|s| match s.kind {
                SegmentKind::Work {
                    side: Some(Side::Left),
                    set,
                    rep: Some((rep, of)),
                    ..
                } if rep == of => Some((set, rep, of)),
                _ => None,
            })
            .collect();
        assert_eq!(reps, [(1, 6, 6), (2, 4, 4), (3, 2, 2)]);
        // 5 + 12 reps x (2 + 10 + 2) s x 2 sides + 3 switches + 2 rests
        assert_eq!(step_seconds(&d, 5), 5 + 336 + 15 + 30);
        assert_eq!(
            describe(&d, Some(Category::Strengthening)),
            "6-4-2 reps, hold 10 s each, each side, rest 15 s between sets"
        );
        let total: u32 = segments(&d, 5).iter().map(|s| s.seconds).sum();
        assert_eq!(step_seconds(&d, 5), total);
    }

    #[test]
    fn a_rep_takes_its_tempo_and_a_given_hold_replaces_the_pause() {
        let tempo = Some(crate::library::Tempo::from([2, 1, 3]));
        let slow = Dose {
            tempo,
            ..dose(None, Some(10), 1, false, 0)
        };
        assert_eq!(rep_seconds(&slow), 6);
        assert_eq!(work_seconds(&slow), 60);
        let held = Dose {
            tempo,
            ..dose(Some(10), Some(6), 1, true, 0)
        };
        assert_eq!(rep_seconds(&held), 2 + 10 + 3, "the planner's hold wins");
        assert_eq!(step_seconds(&held, 5), 5 + 2 * 6 * 15 + SWITCH_SECONDS);
        let t = held.rep_tempo().unwrap();
        let phases: Vec<RepPhase> = (0..15).map(|s| rep_phase(t, f64::from(s))).collect();
        assert_eq!(phases[..2], [RepPhase::Move; 2]);
        assert_eq!(phases[2..12], [RepPhase::Hold; 10]);
        assert_eq!(phases[12..], [RepPhase::Return; 3]);
        // A sustained hold has no tempo.
        assert_eq!(rep_seconds(&dose(Some(30), None, 1, false, 0)), 30);
        assert!(dose(Some(30), None, 1, false, 0).rep_tempo().is_none());
    }

    #[test]
    fn alternating_reps_count_one_rep_per_side() {
        let d = Dose {
            alternating: true,
            ..dose(Some(5), Some(4), 1, false, 0)
        };
        let reps: Vec<(Option<Side>, u32)> = segments(&d, 0)
            .iter()
            .filter_map(|s| match s.kind {
                SegmentKind::Work {
                    side,
                    rep: Some((r, _)),
                    ..
                } => Some((side, r)),
                _ => None,
            })
            .collect();
        assert_eq!(
            reps,
            [
                (Some(Side::Left), 1),
                (Some(Side::Right), 2),
                (Some(Side::Left), 3),
                (Some(Side::Right), 4)
            ]
        );
        assert!(
            !segments(&d, 0)
                .iter()
                .any(|s| s.kind == SegmentKind::SwitchSides),
            "no switch between alternating reps"
        );
        assert_eq!(
            work_seconds(&d),
            4 * rep_seconds(&d),
            "sides are not doubled"
        );
        assert_eq!(describe(&d, None), "4 reps, hold 5 s each, sides in turn");
    }

    #[test]
    fn the_breathing_pace_fills_then_empties() {
        let cycle: Vec<(Breath, f64)> = (0..10).map(breath).collect();
        assert!(cycle[..4].iter().all(|(b, _)| *b == Breath::In));
        assert!(cycle[4..].iter().all(|(b, _)| *b == Breath::Out));
        let fill: Vec<f64> = cycle.iter().map(|c| c.1).collect();
        assert!(fill[..4].windows(2).all(|w| w[1] > w[0]), "{fill:?}");
        assert!(fill[3..].windows(2).all(|w| w[1] < w[0]), "{fill:?}");
        assert_eq!(fill[3], 1.0);
        assert_eq!(fill[9], 0.0);
        assert_eq!(breath(10), breath(0), "the cycle repeats");
    }

    #[test]
    fn reps_without_hold_use_tempo() {
        let d = dose(None, Some(10), 1, false, 0);
        assert_eq!(
            work_seconds(&d),
            10 * crate::library::Tempo::FALLBACK.seconds()
        );
        assert_eq!(describe(&d, None), "10 slow reps");
        assert_eq!(
            describe(&dose(Some(8), Some(5), 2, true, 20), None),
            "5 reps, hold 8 s each, 2 sets, each side, rest 20 s between sets"
        );
    }

    #[test]
    fn a_breathing_exercise_is_breathed_not_held() {
        let d = dose(Some(90), None, 1, false, 0);
        assert_eq!(
            describe(&d, Some(Category::Breathing)),
            "breathe for 1 min 30 s"
        );
        // A stretch, a hang or an unknown kind is held.
        for kind in [Some(Category::Release), Some(Category::Decompression), None] {
            assert_eq!(describe(&d, kind), "hold 1 min 30 s", "{kind:?}");
        }
        // Reps with a pause at the top keep their words in every kind.
        let reps = dose(Some(5), Some(8), 2, false, 20);
        assert_eq!(
            describe(&reps, Some(Category::Breathing)),
            describe(&reps, Some(Category::Strengthening))
        );
    }
}
