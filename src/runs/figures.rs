//! The time figures every mode reports, each with one meaning (issue 17 §1):
//!
//! - `wall_ms`: from the App handing the job to its mode to the result being back in the
//!   page, on the page's clock, for every mode. Every speed-up, baseline, chart, verdict,
//!   export and bench row uses it (`ms` in `data-result` is the same figure, kept for
//!   readers of the old name).
//! - `compute_ms`: the job's own work, timed where it ran (the main thread, a worker, the
//!   engine for its whole pool, each message-pool worker, each copy of a burst), added up
//!   over those places.
//! - `overhead_ms`: `wall_ms − compute_ms`, everything that was not the job's work
//!   (letting "running" paint, messages, copies, start-up, queueing, combining on the page,
//!   yielding), given only where the places ran one at a time: where they overlapped, the
//!   sum of their work is not a stretch of the wall time, and the difference means nothing.
//!
//! Pure, tested natively.

use crate::form::{Mode, Plan};
use offload_jobs::progress::PhaseTime;

/// Whether the timed places of a run overlapped in time: a message-pool's workers, a
/// `spawn` burst's workers, a burst spread over a pool's threads. Everything else ran in
/// one place, or one place after another (a queue in front of one thread).
pub fn places_overlap(plan: &Plan) -> bool {
    match plan.mode {
        Mode::MessagePool => plan.threads > 1,
        // One job on the pool is timed once by the engine, whatever its threads.
        Mode::Pool => plan.threads > 1 && plan.burst > 1,
        Mode::Spawn => plan.burst > 1,
        _ => false,
    }
}

/// `wall_ms − compute_ms` where that difference means something (see the module).
pub fn overhead_ms(plan: &Plan, wall_ms: f64, compute_ms: f64) -> Option<f64> {
    (!places_overlap(plan)).then_some(wall_ms - compute_ms)
}

/// Where the job's work went, phase by phase; None with one phase or none, which would
/// only say the compute time again ("compute 536 ms; 536 ms in all, of 539 ms compute
/// time", issue 17). `places` says where it was timed when that was several places.
pub fn phases_text(phases: &[PhaseTime], compute_ms: f64, places: Option<&str>) -> Option<String> {
    if phases.len() < 2 {
        return None;
    }
    let parts: Vec<String> = phases
        .iter()
        .map(|p| format!("{} {:.0} ms", p.name, p.ms))
        .collect();
    let sum: f64 = phases.iter().map(|p| p.ms).sum();
    let rest = compute_ms - sum;
    let rest = if rest >= 1.0 {
        format!(" (and {rest:.0} ms between them)")
    } else {
        String::new()
    };
    let whose = places.map_or_else(String::new, |p| format!(", added over {p}"));
    Some(format!(
        "Where its {compute_ms:.0} ms of work went (timed where it ran{whose}): {}{rest}.",
        parts.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::test_runs::done;

    fn phase(name: &str, ms: f64) -> PhaseTime {
        PhaseTime {
            name: name.into(),
            ms,
        }
    }

    #[test]
    fn one_phase_is_no_breakdown() {
        // Issue 17: "compute 536 ms; 536 ms in all, of 539 ms compute time".
        assert_eq!(phases_text(&[phase("compute", 536.0)], 539.0, None), None);
        assert_eq!(phases_text(&[], 539.0, None), None);
    }

    #[test]
    fn phases_are_parts_of_the_work() {
        let sort = [
            phase("generate", 36.0),
            phase("sort", 191.0),
            phase("verify", 20.0),
            phase("checksum", 14.0),
        ];
        assert_eq!(
            phases_text(&sort, 264.0, None).unwrap(),
            "Where its 264 ms of work went (timed where it ran): generate 36 ms, sort 191 ms, \
             verify 20 ms, checksum 14 ms (and 3 ms between them)."
        );
        assert!(
            phases_text(&sort, 261.0, Some("the workers"))
                .unwrap()
                .starts_with("Where its 261 ms of work went (timed where it ran, added over the workers): generate")
        );
    }

    fn plan(mode: Mode, threads: u32, burst: u32) -> Plan {
        let mut plan = done(1, mode, threads, 1.0).plan;
        plan.burst = burst;
        plan
    }

    #[test]
    fn one_place_or_one_after_another_has_an_overhead() {
        for (mode, threads, burst) in [
            (Mode::Main, 1, 1),
            (Mode::Main, 1, 4),
            (Mode::Chunked, 1, 1),
            (Mode::Worker, 1, 4),
            (Mode::Spawn, 1, 1),
            (Mode::MessagePool, 1, 4),
            (Mode::Pool, 2, 1),
            (Mode::Pool, 1, 4),
            (Mode::WebCryptoAll, 1, 1),
        ] {
            assert_eq!(
                overhead_ms(&plan(mode, threads, burst), 500.0, 420.0),
                Some(80.0),
                "{mode:?} {threads} threads, burst {burst}"
            );
        }
    }

    #[test]
    fn overlapping_places_have_none() {
        for (mode, threads, burst) in [
            (Mode::MessagePool, 2, 1),
            (Mode::Spawn, 1, 4),
            (Mode::Pool, 2, 4),
        ] {
            assert_eq!(
                overhead_ms(&plan(mode, threads, burst), 500.0, 900.0),
                None,
                "{mode:?}"
            );
        }
    }
}
