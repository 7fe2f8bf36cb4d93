//! The stage that labels the steps of a program or a chosen list, which
//! keep their own order, so that the labels read in order: the calm steps
//! after the last other one (breathing, or an exercise calm enough to end
//! with) are the cool-down; breathing before that settles the body
//! ("settle"), and is never called a cool-down at the start. A plan from
//! the answers is sorted by phase and needs none of this.

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
}
