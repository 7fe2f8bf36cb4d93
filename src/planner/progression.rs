//! Slow progression from history: a step whose last session raised pain
//! steps down, and one that has gone calmly several times steps up.

use super::annotate::join_why;
use super::{dose, exclusion, PastSession, Request, Step, PROGRESS_AFTER, REGRESS_RISE};
use crate::library::{Exercise, Text};

/// Regress after a session that raised pain by `REGRESS_RISE` or more;
/// progress after `PROGRESS_AFTER` sessions in a row that did not raise it
/// (never to a harder variant on a gentle day). Only sessions with a pain
/// rating afterwards count.
pub(super) fn progression(req: &Request, steps: &mut [Step], gentle: bool) {
    let planned: Vec<String> = steps.iter().map(|s| s.exercise.clone()).collect();
    for s in steps.iter_mut() {
        let with: Vec<&PastSession> = req
            .history
            .iter()
            .rev()
            .filter(|p| p.exercises.contains(&s.exercise) && p.pain_after.is_some())
            .collect();
        let Some(last) = with.first() else { continue };
        let Some(e) = req.lib.exercise(&s.exercise) else {
            continue;
        };
        if last.pain_rise().unwrap_or(0) >= REGRESS_RISE {
            step_down(s, e, usable_variant(req, &planned, &e.easier));
            continue;
        }
        let calm = with
            .iter()
            .take_while(|p| p.pain_rise().is_some_and(|r| r <= 0))
            .count();
        // The careful default never steps up (see `Request::careful_default`).
        if calm >= PROGRESS_AFTER && !req.careful_default() {
            let harder = usable_variant(req, &planned, &e.harder).filter(|_| !gentle);
            step_up(s, e, harder, calm);
        }
    }
}

/// A variant that is safe for the person and not already in the plan.
fn usable_variant<'a>(
    req: &Request<'a>,
    planned: &[String],
    id: &Option<Text>,
) -> Option<&'a Exercise> {
    let v = req.lib.exercise(id.as_deref()?)?;
    (exclusion(req.lib, v, req.answers, req.opt_in).is_none()
        && !planned.iter().any(|p| p == &v.id))
    .then_some(v)
}

/// The easier variant if there is one to use, else a smaller dose.
fn step_down(s: &mut Step, e: &Exercise, easier: Option<&Exercise>) {
    if let Some(v) = easier {
        *s = Step::new(
            v,
            s.phase,
            v.dose,
            format!("easier variant of {}: pain rose after it last time", e.name),
        );
    } else {
        s.dose = dose::smaller(s.dose, s.floor);
        s.why = join_why(&s.why, "a smaller dose: pain rose after it last time");
    }
}

/// The harder variant if there is one to use, else a little more dose.
fn step_up(s: &mut Step, e: &Exercise, harder: Option<&Exercise>, calm: usize) {
    if let Some(v) = harder {
        *s = Step::new(
            v,
            s.phase,
            v.dose,
            format!(
                "harder variant of {}: {calm} sessions without extra pain",
                e.name
            ),
        );
    } else {
        s.dose = dose::a_little_more(s.dose);
        s.why = join_why(
            &s.why,
            &format!("a little more: {calm} sessions without extra pain"),
        );
    }
}
