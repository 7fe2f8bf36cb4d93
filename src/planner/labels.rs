//! The stage that makes the labels read in the final order. A program or
//! a chosen list keeps its own order: the calm steps after the last other
//! one (breathing, or an exercise calm enough to end with) are the
//! cool-down; breathing before that settles the body ("settle"), and is
//! never called a cool-down at the start. A plan from the answers is in
//! phase order unless a reorder (a day of severe pain, a flare day, hard
//! head changes) moved its steps: then a warm-up after the main work has
//! begun is no warm-up, and a cool-down with work after it settles
//! (`in_final_order`).

use super::{Phase, Step};
use crate::library::Library;

/// The honest word that goes with every plan that has a realignment step:
/// the name is the tradition's, the effect is on muscles.
pub(crate) fn honest_notes(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .any(|s| s.phase == Phase::Realignment)
        .then(|| super::REALIGNMENT_NOTE.to_string())
        .into_iter()
        .collect()
}

pub(crate) fn in_kept_order(lib: &Library, steps: &mut [Step]) {
    let calm = |s: &Step| {
        s.phase == Phase::CoolDown
            || s.phase == Phase::Settle
            || lib.exercise(&s.exercise).is_some_and(|e| e.cool_down)
    };
    // The calm steps after the last other one; none when every step is
    // calm (a list of rest positions and breathing only settles).
    let tail = steps
        .iter()
        .rposition(|s| !calm(s))
        .map_or(steps.len(), |i| i + 1);
    for (i, s) in steps.iter_mut().enumerate() {
        if i >= tail {
            s.phase = Phase::CoolDown;
        } else if s.phase == Phase::CoolDown {
            s.phase = Phase::Settle;
        }
        s.refresh();
    }
}

/// Whether a phase is part of the main work.
fn is_main(p: Phase) -> bool {
    !matches!(p, Phase::Settle | Phase::WarmUp | Phase::CoolDown)
}

/// The labels of a plan by phase, after its final order: a warm-up step
/// after the main work (or the cool-down) has begun becomes the calm finish
/// when no main work follows it, else gentle movement between the main
/// work (release); a cool-down step with main work after it settles. In
/// phase order nothing changes. The why's words follow the labels.
pub(crate) fn in_final_order(steps: &mut [Step]) {
    let first_main = steps.iter().position(|s| is_main(s.phase));
    let first_cool = steps.iter().position(|s| s.phase == Phase::CoolDown);
    let last_main = steps.iter().rposition(|s| is_main(s.phase));
    for (i, s) in steps.iter_mut().enumerate() {
        let begun = |at: Option<usize>| at.is_some_and(|a| a < i);
        if s.phase == Phase::WarmUp && (begun(first_main) || begun(first_cool)) {
            s.phase = if last_main.is_some_and(|l| l > i) {
                Phase::Release
            } else {
                Phase::CoolDown
            };
        }
    }
    let last_main = steps.iter().rposition(|s| is_main(s.phase));
    for (i, s) in steps.iter_mut().enumerate() {
        if s.phase == Phase::CoolDown && last_main.is_some_and(|l| l > i) {
            s.phase = Phase::Settle;
        }
        s.refresh();
    }
}

#[cfg(test)]
mod tests {
    use crate::assess::Answers;
    use crate::planner::{plan_program, Phase};

    #[test]
    fn a_program_never_starts_with_a_cool_down_and_ends_calm() {
        let lib = crate::store::library::builtin_library();
        let answers = Answers {
            equipment: vec!["chair".into(), "mat".into(), "pull-up-bar".into()],
            ..Answers::default()
        };
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        for program in lib.programs.iter() {
            let plan = plan_program(&lib, program, &answers, &[], date);
            let phases: Vec<Phase> = plan.steps.iter().map(|s| s.phase).collect();
            let first_other = phases
                .iter()
                .position(|p| !matches!(p, Phase::Settle | Phase::CoolDown));
            // No cool-down before any other step, and the cool-down, once
            // begun, is the rest of the session.
            if let Some(f) = first_other {
                assert!(
                    !phases[..f].contains(&Phase::CoolDown),
                    "{}: {phases:?}",
                    program.id
                );
            }
            if let Some(c) = phases.iter().position(|p| *p == Phase::CoolDown) {
                assert!(
                    phases[c..].iter().all(|p| *p == Phase::CoolDown),
                    "{}: {phases:?}",
                    program.id
                );
            }
        }
        let sciatica = lib.program("sciatica-relief").unwrap();
        let plan = plan_program(&lib, sciatica, &answers, &[], date);
        assert_eq!(plan.steps[0].exercise, "diaphragmatic-breathing");
        assert_eq!(plan.steps[0].phase, Phase::Settle);
        let desk = lib.program("desk-worker-reset").unwrap();
        let plan = plan_program(&lib, desk, &answers, &[], date);
        assert_eq!(plan.steps.last().unwrap().phase, Phase::CoolDown);
    }

    /// On days whose steps are reordered (very severe pain, a flare), for
    /// every cause and body: no warm-up after the main work or the
    /// cool-down has begun, no cool-down with main work after it, and the
    /// why's words say the step's own label.
    #[test]
    fn labels_follow_the_final_order_on_reordered_days() {
        use crate::planner::{plan, Request};
        let lib = crate::store::library::builtin_library();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 16).unwrap();
        let mut relabelled = 0;
        for who in ["", "floor-is-hard", "wheelchair", "wrist-hand-problems"] {
            for (pain, flare) in [(8, None), (9, None), (6, Some(true))] {
                for equipment in [&["mat", "chair", "wall"][..], &["mat"], &["chair"]] {
                    for symptoms in [&[][..], &["sitting-worse"], &["standing-worse"]] {
                        let a = Answers {
                            pain,
                            flare,
                            areas: vec!["low-back".into()],
                            symptoms: symptoms.iter().map(|s| s.to_string()).collect(),
                            conditions: if who.is_empty() {
                                vec![]
                            } else {
                                vec![who.into()]
                            },
                            equipment: equipment.iter().map(|s| s.to_string()).collect(),
                            minutes: 20,
                            ..Answers::default()
                        };
                        let p = plan(&Request {
                            lib: &lib,
                            answers: &a,
                            opt_in: &[],
                            history: &[],
                            flares: &[],
                            date,
                            program: None,
                        })
                        .unwrap();
                        let phases: Vec<Phase> = p.steps.iter().map(|s| s.phase).collect();
                        let main = |p: &Phase| super::is_main(*p);
                        let first_main = phases.iter().position(main);
                        let last_main = phases.iter().rposition(main);
                        let first_cool = phases.iter().position(|p| *p == Phase::CoolDown);
                        for (i, s) in p.steps.iter().enumerate() {
                            let after = |at: Option<usize>| at.is_some_and(|a| a < i);
                            assert!(
                                s.phase != Phase::WarmUp
                                    || !(after(first_main) || after(first_cool)),
                                "{who} pain {pain}: {phases:?}"
                            );
                            assert!(
                                s.phase != Phase::CoolDown || last_main.is_none_or(|l| l < i),
                                "{who} pain {pain}: {phases:?}"
                            );
                            assert_eq!(
                                s.why.starts_with("gentle warm-up"),
                                s.phase == Phase::WarmUp,
                                "{}: {}",
                                s.phase.label(),
                                s.why
                            );
                            let e = lib.exercise(&s.exercise).unwrap();
                            if Phase::of(&lib, e) == Phase::WarmUp && s.phase != Phase::WarmUp {
                                relabelled += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(
            relabelled > 0,
            "no day moved a warm-up, so nothing was tried"
        );
    }
}
