//! What a traffic stream teaches, from its own figures: who waited behind `/heavy`, and
//! for how long, against the same stream on the main thread when the history has one.

use crate::form::Mode;
use crate::runs::traffic::latency;
use crate::runs::{Run, RunState};
use crate::traffic::TrafficReport;

/// Said under a stream instead of the single run's "not faster" note.
pub const LATENCY_NOT_SPEED: &str = "A stream's lesson is latency, not speed: the same \
    requests, and who waits behind /heavy, and how long. In Node.js the event loop is the \
    page's main thread here; worker_threads is `worker`, a Piscina pool is `message-pool`.";

/// The newest earlier stream of the same traffic and job on a main-thread mode: what the
/// offloaded one is set against.
fn blocked_twin<'a>(run: &Run, history: &'a [Run]) -> Option<(&'a Run, &'a TrafficReport)> {
    history.iter().rev().find_map(|r| {
        let same = r.id != run.id
            && r.plan.traffic == run.plan.traffic
            && r.plan.job == run.plan.job
            && r.plan.mode.blocks_main_thread()
            && matches!(r.state, RunState::Done(_));
        same.then_some(()).and(r.traffic.as_ref().map(|t| (r, t)))
    })
}

pub fn explain(run: &Run, report: &TrafficReport, history: &[Run]) -> Vec<String> {
    let Some(light) = report.light else {
        return vec![
            "Every request was /heavy: set heavy below 100 % to see what the others wait.".into(),
        ];
    };
    let mode = run.plan.mode;
    let mut said = vec![match mode {
        Mode::Main | Mode::Async => format!(
            "Every /light request that arrived while a /heavy job ran waited for it to end: the \
             page's one event loop was busy, so the homepage's visitors waited up to {} for a \
             page that takes microseconds. That is the articles' point: CPU-bound work on the \
             event loop makes every user wait{}.",
            latency(light.max_ms),
            if mode == Mode::Async {
                ", async or not"
            } else {
                ""
            }
        ),
        Mode::Chunked => format!(
            "/heavy ran on the main thread in slices of {} ms, so /light requests slipped in \
             between them: they waited up to {} (p99 {}), about a slice, not a whole job.",
            run.plan.slice_ms,
            latency(light.max_ms),
            latency(light.p99_ms)
        ),
        _ => format!(
            "/heavy ran off the main thread, so the event loop answered /light as requests came: \
             p99 {}, max {}.",
            latency(light.p99_ms),
            latency(light.max_ms)
        ),
    }];
    if let (false, Some((twin, blocked))) = (mode.blocks_main_thread(), blocked_twin(run, history))
    {
        if let Some(then) = blocked.light {
            said.push(format!(
                "The same stream on {}: /light p99 {}, max {}.",
                twin.plan.mode.name(),
                latency(then.p99_ms),
                latency(then.max_ms)
            ));
        }
    }
    match (report.rho, report.counts.rejected) {
        (Some(rho), 0) if rho > 1.0 => said.push(format!(
            "The load was {rho:.2} of what {} could serve: its queue grew while the stream lasted.",
            mode.name()
        )),
        (_, 0) => {}
        (_, n) => said.push(format!(
            "{n} /heavy requests found the queue full and were turned away at once (503), as \
             Piscina's maxQueue does: a bounded queue keeps the wait of those it accepts short."
        )),
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Arrivals, Traffic};
    use crate::runs::test_runs::done;
    use crate::traffic::Summary;
    use crate::traffic::ledger::Counts;

    fn stream(id: u32, mode: Mode, light_max_ms: f64, rejected: u32) -> Run {
        let mut run = done(id, mode, 1, 3000.0);
        run.plan.traffic = Some(Traffic {
            rate_per_s: 40,
            seconds: 3,
            heavy_percent: 20,
            arrivals: Arrivals::Even,
            queue: None,
        });
        let light = Summary {
            count: 96,
            p50_ms: 0.4,
            p95_ms: light_max_ms / 2.0,
            p99_ms: light_max_ms / 1.5,
            max_ms: light_max_ms,
        };
        run.traffic = Some(TrafficReport {
            counts: Counts {
                sent: 120,
                answered: 120 - rejected,
                rejected,
                ..Counts::default()
            },
            light: Some(light),
            heavy: Some(light),
            heavy_wait_p50_ms: Some(1.0),
            heavy_run_p50_ms: Some(60.0),
            throughput_per_s: 40.0,
            rho: Some(0.5),
            last_failure: None,
            sent_late_p50_ms: Some(2.0),
            queue_peak: 0,
            picture: Default::default(),
        });
        run
    }

    #[test]
    fn main_makes_everyone_wait_and_an_offloaded_stream_is_set_against_it() {
        let main = stream(1, Mode::Main, 217.0, 0);
        let said = explain(&main, main.traffic.as_ref().unwrap(), &[]);
        assert!(said[0].contains("waited up to 217 ms"), "{said:?}");
        let worker = stream(2, Mode::Worker, 6.0, 3);
        let history = [main.clone(), worker.clone()];
        let said = explain(&worker, worker.traffic.as_ref().unwrap(), &history);
        assert!(
            said[0].starts_with("/heavy ran off the main thread"),
            "{said:?}"
        );
        assert_eq!(
            said[1],
            "The same stream on main: /light p99 145 ms, max 217 ms."
        );
        assert!(said[2].starts_with("3 /heavy requests found the queue full"));
        // A stream of other traffic is no twin.
        let mut other = main;
        other.plan.traffic.as_mut().unwrap().rate_per_s = 41;
        let said = explain(
            &worker,
            worker.traffic.as_ref().unwrap(),
            &[other, worker.clone()],
        );
        assert!(
            !said.iter().any(|s| s.starts_with("The same stream")),
            "{said:?}"
        );
    }
}
