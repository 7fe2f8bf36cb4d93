//! The first steps of a session: a program's own steps, or, from the
//! answers, the best candidate for each phase of a short skeleton.

use super::annotate::{candidate_step, Why};
use super::score::{helps, Candidate};
use super::{exclusion, LeftOut, Phase, PlanError, Request, Source, Step};

/// The first steps, where they came from, and what may fill the rest.
pub(super) struct Seed<'a> {
    pub(super) source: Source,
    pub(super) steps: Vec<Step>,
    /// Program steps dropped for safety or equipment.
    pub(super) left_out: Vec<LeftOut>,
    /// The ranked candidates that may fill the rest of the time.
    pub(super) candidates: Vec<Candidate<'a>>,
}

/// Seeds from the program asked for, if any, else from the answers.
pub(super) fn seed<'a>(
    req: &Request<'a>,
    candidates: Vec<Candidate<'a>>,
    gentle: bool,
    why: &Why,
) -> Result<Seed<'a>, PlanError> {
    match req.program {
        Some(id) => from_program(req, id, candidates),
        None => Ok(from_answers(candidates, gentle, why)),
    }
}

/// A program's steps in its order and with its doses, leaving out (and
/// saying why) what is unsafe or needs missing equipment. If the program is
/// too short, what fills it must help one of the program's causes.
fn from_program<'a>(
    req: &Request<'a>,
    id: &str,
    mut candidates: Vec<Candidate<'a>>,
) -> Result<Seed<'a>, PlanError> {
    let lib = req.lib;
    let program = lib
        .program(id)
        .ok_or_else(|| PlanError::UnknownProgram(id.to_string()))?;
    let mut steps: Vec<Step> = Vec::new();
    let mut left_out = Vec::new();
    for s in &program.steps {
        let Some(e) = lib.exercise(&s.exercise) else {
            continue;
        };
        if let Some(reason) = exclusion(lib, e, req.answers, req.opt_in) {
            left_out.push(LeftOut {
                exercise: e.id.clone(),
                reason,
            });
            continue;
        }
        if steps.iter().any(|c| c.exercise == e.id) {
            continue;
        }
        let dose = s.dose.map_or(e.dose, |o| e.dose.with(&o));
        steps.push(Step::new(
            e,
            Phase::of(e),
            dose,
            format!("step of {}", program.name),
        ));
    }
    candidates.retain(|c| {
        program.for_causes.is_empty()
            || program
                .for_causes
                .iter()
                .any(|cause| helps(lib, c.exercise, cause))
    });
    Ok(Seed {
        source: Source::Program {
            id: program.id.clone(),
        },
        steps,
        left_out,
        candidates,
    })
}

/// The skeleton: a warm-up, strength work (stretching alone does little;
/// Owen et al. 2020), and a calm finish. A high-pain day, which rules out
/// loaded work, takes realignment in place of strength.
fn from_answers<'a>(candidates: Vec<Candidate<'a>>, gentle: bool, why: &Why) -> Seed<'a> {
    let skeleton: &[Phase] = if gentle {
        &[Phase::WarmUp, Phase::Realignment, Phase::CoolDown]
    } else {
        &[Phase::WarmUp, Phase::Strengthening, Phase::CoolDown]
    };
    let steps = skeleton
        .iter()
        .filter_map(|&phase| {
            let best = candidates.iter().find(|c| is_phase(c, phase))?;
            Some(candidate_step(best, phase, why))
        })
        .collect();
    Seed {
        source: Source::Answers,
        steps,
        left_out: Vec::new(),
        candidates,
    }
}

/// Whether a candidate can serve as this phase; exercises marked as a
/// cool-down can end a session whatever their category.
fn is_phase(c: &Candidate, phase: Phase) -> bool {
    match phase {
        Phase::CoolDown => c.phase == Phase::CoolDown || c.exercise.cool_down,
        p => c.phase == p,
    }
}
