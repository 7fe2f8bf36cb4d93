//! A plan from a list the person chose, for a sheet's `--exercises`: their
//! order and doses, with only the safety rule applied.

use super::annotate::Because;
use super::{exclusion, limits, minutes_planned, stop_signs, LeftOut, Phase, Plan, Source, Step};
use crate::assess::{Answers, HIGH_PAIN};
use crate::library::{Dose, Library};
use chrono::NaiveDate;

/// A plan from a given list of exercises and doses, in that order. Safety
/// still applies: anything the person's conditions rule out is left out.
pub fn plan_from_list(
    lib: &Library,
    list: &[(String, Option<Dose>)],
    answers: &Answers,
    opt_in: &[String],
    date: NaiveDate,
    source: Source,
) -> Plan {
    let mut steps: Vec<Step> = Vec::new();
    let mut left_out = Vec::new();
    for (id, dose) in list {
        let Some(e) = lib.exercise(id) else { continue };
        match exclusion(lib, e, answers, opt_in) {
            // Lying flat is ruled out: the variant it names, once.
            Some(reason) => match super::in_place_of(lib, e, answers, opt_in) {
                Some(v)
                    if !steps.iter().any(|s| s.exercise == v.id)
                        && !list.iter().any(|(id, _)| id == &v.id) =>
                {
                    steps.push(Step::new(
                        v,
                        Phase::of(lib, v),
                        v.dose,
                        Because::text(super::seed::instead_words(e)),
                    ))
                }
                _ => left_out.push(LeftOut {
                    exercise: e.id.to_string(),
                    reason,
                }),
            },
            None => steps.push(Step::new(
                e,
                Phase::of(lib, e),
                dose.unwrap_or(e.dose),
                Because::default(),
            )),
        }
    }
    limits::enforce(lib, &answers.conditions, &mut steps, &mut left_out);
    super::labels::in_kept_order(lib, &mut steps);
    let notes = super::labels::honest_notes(&steps);
    let total: u32 = steps.iter().map(|s| s.seconds).sum();
    Plan {
        flare: None,
        date,
        source,
        pain: answers.pain,
        gentle: answers.pain >= HIGH_PAIN,
        irritable: None,
        minutes_requested: total.div_ceil(60),
        minutes_planned: minutes_planned(total),
        seconds_planned: total,
        causes: Vec::new(),
        steps,
        notes,
        therapies: Vec::new(),
        left_out,
        stop_signs: stop_signs(lib, &answers.conditions),
        advice: super::condition_advice(lib, &answers.conditions),
        keep_breathing: super::keep_breathing(lib, &answers.conditions),
        lesson: None,
        walk: None,
    }
}

/// A program as its author wrote it, for a sheet: its steps, order and
/// doses, nothing added to reach a length, less what the person's
/// conditions, equipment and opt-ins rule out (listed as left out).
pub fn plan_program(
    lib: &Library,
    program: &crate::library::Program,
    answers: &Answers,
    opt_in: &[String],
    date: NaiveDate,
) -> Plan {
    let list: Vec<(String, Option<Dose>)> = program
        .steps
        .iter()
        .filter_map(|s| {
            let e = lib.exercise(&s.exercise)?;
            Some((
                e.id.to_string(),
                Some(s.dose.map_or(e.dose, |o| e.dose.with(&o))),
            ))
        })
        .collect();
    let source = Source::Program {
        id: program.id.to_string(),
    };
    let mut plan = plan_from_list(lib, &list, answers, opt_in, date, source);
    // What the program is for, as the causes a sheet names.
    plan.causes = program
        .for_causes
        .iter()
        .map(|id| crate::assess::RankedCause {
            id: id.to_string(),
            score: 0,
            because: Vec::new(),
        })
        .collect();
    plan
}
