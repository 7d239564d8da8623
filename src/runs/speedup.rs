//! How a run compares with the history before it: its speed-up over the same job and
//! parameters on one thread of the same mode (else of the pool), over the best sequential run (the fastest
//! `main` or `worker` run), and its parallel efficiency. Each figure keeps its baseline,
//! so the page can name it in words. Pure.

use super::{Run, RunState};
use crate::form::{Mode, Plan};
use serde_json::{Value, json};

/// The run a figure compares with.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub run_id: u32,
    pub ms: f64,
    /// In words: "pool on 1 thread", "worker (the fastest sequential run)".
    pub what: String,
}

/// One speed-up figure.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Versus {
    /// The figure means nothing for this run (a `main` run has no one-thread speed-up).
    #[default]
    NotApplicable,
    /// It would, but the history holds no baseline yet.
    NoBaselineYet,
    /// Baseline time ÷ this run's time.
    Against { speedup: f64, baseline: Baseline },
}

impl Versus {
    pub fn speedup(&self) -> Option<f64> {
        match self {
            Versus::Against { speedup, .. } => Some(*speedup),
            _ => None,
        }
    }

    /// "1.80× faster than pool on 1 thread (#4)", "2.2× slower than …", "—" without a
    /// baseline, "" where it does not apply: words that follow the figure (issue 17).
    pub fn text(&self) -> String {
        match self {
            Versus::NotApplicable => String::new(),
            Versus::NoBaselineYet => "—".into(),
            Versus::Against { speedup, baseline } => {
                let how = super::relative::relative(*speedup, 1.0).than();
                format!("{how} {}", baseline.what)
            }
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    pub vs_one_thread: Versus,
    pub vs_sequential: Versus,
    /// Speed-up over one thread ÷ threads (1.0 is perfect scaling).
    pub efficiency: Option<f64>,
}

impl Comparison {
    pub fn json(&self) -> Value {
        json!({
            "speedup_vs_1_thread": self.vs_one_thread.speedup(),
            "speedup_vs_sequential": self.vs_sequential.speedup(),
            "efficiency": self.efficiency,
        })
    }
}

/// Same job, same parameters; for a message-pool, the same crossing too (copying costs
/// time); for `chunked`, the same slice (each yield costs time). Every baseline (a
/// speed-up's, a burst's "one copy alone") is chosen with it.
pub fn same_setup(a: &Plan, b: &Plan) -> bool {
    let both = |mode: Mode| a.mode == mode && b.mode == mode;
    a.job == b.job
        && (!both(Mode::MessagePool) || a.transfer == b.transfer)
        && (!both(Mode::Chunked) || a.slice_ms == b.slice_ms)
}

/// [`same_setup`] with as many copies: a burst of k copies is k times the work, and a
/// makespan, not one job's time.
fn same_work(a: &Plan, b: &Plan) -> bool {
    same_setup(a, b) && a.burst == b.burst
}

/// The fastest finished run among `candidates` that passes `fits`.
fn fastest(candidates: &[Run], fits: impl Fn(&Run) -> bool) -> Option<(&Run, f64)> {
    candidates
        .iter()
        .filter(|r| matches!(r.state, RunState::Done(_)) && fits(r))
        .filter_map(|r| Some((r, r.ms()?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

fn versus(ms: f64, found: Option<(&Run, f64)>, what: impl Fn(&Run) -> String) -> Versus {
    match found {
        Some((run, base_ms)) if ms > 0.0 => Versus::Against {
            speedup: base_ms / ms,
            baseline: Baseline {
                run_id: run.id,
                ms: base_ms,
                what: what(run),
            },
        },
        _ => Versus::NoBaselineYet,
    }
}

/// Compares `runs[index]` with the runs before it.
pub fn compare(runs: &[Run], index: usize) -> Comparison {
    let run = &runs[index];
    let (Some(ms), true) = (run.ms(), run.plan.mode.has_threads()) else {
        return Comparison::default();
    };
    let earlier = &runs[..index];
    let plan = &run.plan;
    let vs_sequential = versus(
        ms,
        fastest(earlier, |r| {
            matches!(r.plan.mode, Mode::Main | Mode::Worker) && same_work(&r.plan, plan)
        }),
        |r| format!("{} (fastest sequential run, #{})", r.plan.mode.name(), r.id),
    );
    if plan.threads < 2 {
        return Comparison {
            vs_sequential,
            ..Comparison::default()
        };
    }
    // The same mode on one thread; else the pool on one thread, the reference for both.
    let one_thread = |mode: Mode| {
        fastest(earlier, move |r| {
            r.plan.mode == mode && r.plan.threads == 1 && same_work(&r.plan, plan)
        })
    };
    let vs_one_thread = versus(
        ms,
        one_thread(plan.mode).or_else(|| one_thread(Mode::Pool)),
        |r| format!("{} on 1 thread (#{})", r.plan.mode.name(), r.id),
    );
    let efficiency = vs_one_thread.speedup().map(|s| s / plan.threads as f64);
    Comparison {
        vs_one_thread,
        vs_sequential,
        efficiency,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_runs::{done, done_job};
    use super::*;
    use offload_jobs::Job;

    #[test]
    fn speedups_name_their_baselines() {
        let runs = [
            done(1, Mode::Main, 1, 1100.0),
            done(2, Mode::Worker, 1, 1000.0),
            done(3, Mode::Pool, 1, 1200.0),
            done(4, Mode::Pool, 1, 900.0),
            done(5, Mode::Pool, 2, 500.0),
        ];
        let c = compare(&runs, 4);
        // The fastest one-thread pool run (#4), not the newest or the first.
        assert_eq!(c.vs_one_thread.speedup(), Some(1.8));
        assert_eq!(
            c.vs_one_thread.text(),
            "1.80× faster than pool on 1 thread (#4)"
        );
        assert_eq!(c.vs_sequential.speedup(), Some(2.0));
        assert_eq!(
            c.vs_sequential.text(),
            "2.0× faster than worker (fastest sequential run, #2)"
        );
        assert_eq!(c.efficiency, Some(0.9));
    }

    #[test]
    fn no_baseline_yet_is_a_dash_and_null() {
        let runs = [done(1, Mode::Pool, 4, 300.0)];
        let c = compare(&runs, 0);
        assert_eq!(c.vs_one_thread, Versus::NoBaselineYet);
        assert_eq!(c.vs_one_thread.text(), "—");
        assert_eq!(c.efficiency, None);
        assert_eq!(c.json()["speedup_vs_sequential"], Value::Null);
    }

    #[test]
    fn sequential_modes_and_one_thread_runs_have_no_one_thread_speedup() {
        let runs = [
            done(1, Mode::Main, 1, 100.0),
            done(2, Mode::Worker, 1, 90.0),
            done(3, Mode::MessagePool, 1, 120.0),
        ];
        assert_eq!(compare(&runs, 1), Comparison::default());
        let c = compare(&runs, 2);
        assert_eq!(c.vs_one_thread, Versus::NotApplicable);
        assert_eq!(c.vs_sequential.speedup(), Some(0.75));
        // Slower is said as slower, not as a speed-up under 1.
        assert_eq!(
            c.vs_sequential.text(),
            "1.33× slower than worker (fastest sequential run, #2)"
        );
    }

    #[test]
    fn other_jobs_params_modes_and_later_runs_are_not_baselines() {
        let runs = [
            done_job(1, Job::Fib { n: 31 }, Mode::Pool, 1, 10.0),
            done(2, Mode::MessagePool, 1, 10.0),
            done(3, Mode::Pool, 2, 500.0),
            done(4, Mode::Pool, 1, 900.0),
        ];
        assert_eq!(compare(&runs, 2).vs_one_thread, Versus::NoBaselineYet);
        assert_eq!(compare(&runs, 2).vs_sequential, Versus::NoBaselineYet);
    }

    #[test]
    fn a_message_pool_without_its_own_one_thread_run_compares_with_the_pools() {
        let runs = [
            done(1, Mode::Pool, 1, 900.0),
            done(2, Mode::MessagePool, 2, 600.0),
        ];
        assert_eq!(
            compare(&runs, 1).vs_one_thread.text(),
            "1.50× faster than pool on 1 thread (#1)"
        );
        let runs = [
            done(1, Mode::Pool, 1, 900.0),
            done(2, Mode::MessagePool, 1, 1200.0),
            done(3, Mode::MessagePool, 2, 600.0),
        ];
        assert_eq!(compare(&runs, 2).vs_one_thread.speedup(), Some(2.0));
    }

    #[test]
    fn a_message_pool_compares_with_the_same_crossing() {
        let mut clone = done(1, Mode::MessagePool, 1, 800.0);
        clone.plan.transfer = false;
        let mut transfer = done(2, Mode::MessagePool, 2, 400.0);
        transfer.plan.transfer = true;
        let runs = [clone, transfer];
        assert_eq!(compare(&runs, 1).vs_one_thread, Versus::NoBaselineYet);
    }

    #[test]
    fn a_burst_is_compared_only_with_bursts_of_as_many_copies() {
        use super::super::test_runs::done;
        let mut runs = vec![
            done(1, Mode::Worker, 1, 1000.0),
            done(2, Mode::Pool, 2, 2200.0),
        ];
        runs[1].plan.burst = 4;
        let burst = compare(&runs, 1);
        assert_eq!(burst.vs_sequential, Versus::NoBaselineYet);
        runs[0].plan.burst = 4;
        assert!(compare(&runs, 1).vs_sequential.speedup().is_some());
    }
}
