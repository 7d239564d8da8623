//! Native tests of the progress observer: units add up to the job's total in every form,
//! phases come in order, and observing changes no result.

use offload_jobs::progress::{Observer, Phase, PhaseLog, PhaseTime, sum_phases};
use offload_jobs::tasks::{self, TaskOutput};
use offload_jobs::{Job, digest};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
struct Counting {
    done: AtomicU64,
    begun: AtomicU64,
    ended: AtomicU64,
    phases: Mutex<Vec<Phase>>,
}

impl Observer for Counting {
    fn phase(&self, phase: Phase) {
        self.phases.lock().unwrap().push(phase);
    }
    fn begin(&self) {
        self.begun.fetch_add(1, Ordering::Relaxed);
    }
    fn advance(&self, units: u64) {
        self.ended.fetch_add(1, Ordering::Relaxed);
        self.done.fetch_add(units, Ordering::Relaxed);
    }
}

impl Counting {
    fn phases(&self) -> Vec<Phase> {
        self.phases.lock().unwrap().clone()
    }
}

fn jobs() -> Vec<(Job, Vec<Phase>)> {
    use Phase::*;
    vec![
        (Job::Fib { n: 27 }, vec![Compute]),
        (Job::Fib { n: 12 }, vec![Compute]),
        (
            Job::Sort { len: 300_001 },
            vec![Generate, Sort, Verify, Checksum],
        ),
        (
            Job::Hash {
                count: 9,
                iterations: 50,
            },
            vec![Derive, Checksum],
        ),
    ]
}

#[test]
fn sequential_units_add_up_and_phases_come_in_order() {
    for (job, phases) in jobs() {
        let observer = Counting::default();
        let outcome = job.run_sequential_observed(&observer);
        assert_eq!(outcome, job.run_sequential(), "{job:?}");
        assert_eq!(observer.phases(), phases, "{job:?}");
        assert_eq!(observer.done.into_inner(), job.units(), "{job:?}");
        assert_eq!(observer.begun.into_inner(), observer.ended.into_inner());
    }
}

#[test]
fn parallel_units_add_up_and_phases_come_in_order() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    for (job, phases) in jobs() {
        let observer = Counting::default();
        let outcome = pool.install(|| job.run_parallel_observed(&observer));
        assert_eq!(outcome, job.run_sequential(), "{job:?}");
        assert_eq!(observer.phases(), phases, "{job:?}");
        assert_eq!(observer.done.into_inner(), job.units(), "{job:?}");
    }
}

#[test]
fn tasks_and_the_merge_add_up_to_the_job() {
    for (job, _) in jobs() {
        for workers in [1, 2, 5] {
            let split = tasks::split(&job, workers);
            let observer = Counting::default();
            let mut sorted = Vec::new();
            for task in &split {
                let before = observer.done.load(Ordering::Relaxed);
                let output = task.run_observed(&observer);
                assert_eq!(output, task.run(), "{task:?}");
                let counted = observer.done.load(Ordering::Relaxed) - before;
                assert_eq!(counted, task.units(), "{task:?}");
                if let TaskOutput::Sorted(slice) = output {
                    sorted.push(slice);
                }
            }
            if let Job::Sort { len } = job {
                let views: Vec<&[u32]> = sorted.iter().map(Vec::as_slice).collect();
                let before = observer.done.load(Ordering::Relaxed);
                let outcome = tasks::merge_checksum_observed(&views, &observer);
                assert_eq!(outcome, job.run_sequential());
                let merged = observer.done.load(Ordering::Relaxed) - before;
                assert_eq!(merged, tasks::merge_units(len as usize));
            }
            assert_eq!(
                observer.done.into_inner(),
                job.units(),
                "{job:?} on {workers}"
            );
        }
    }
}

#[test]
fn units_are_coarse() {
    // One fib unit is a whole subtree at the cutoff, one sort unit a whole chunk.
    assert_eq!(Job::Fib { n: 20 }.units(), 1);
    assert_eq!(Job::Fib { n: 22 }.units(), 3);
    let len = 10 * digest::CHUNK as u32;
    assert_eq!(Job::Sort { len }.units(), 40);
    assert_eq!(
        Job::Hash {
            count: 7,
            iterations: 3
        }
        .units(),
        7
    );
}

#[test]
fn phase_log_times_each_phase_until_the_next() {
    let mut log = PhaseLog::default();
    log.enter(Phase::Generate, 10.0);
    log.enter(Phase::Sort, 15.0);
    assert_eq!(log.current(), Some(Phase::Sort));
    log.enter(Phase::Checksum, 40.0);
    let times = log.finish(42.5);
    let named: Vec<(&str, f64)> = times.iter().map(|t| (t.name.as_str(), t.ms)).collect();
    assert_eq!(
        named,
        [("generate", 5.0), ("sort", 25.0), ("checksum", 2.5)]
    );
    assert!(PhaseLog::default().finish(3.0).is_empty());
}

#[test]
fn phases_from_several_workers_add_up_by_name() {
    let t = |name: &str, ms| PhaseTime {
        name: name.into(),
        ms,
    };
    let a = [t("generate", 1.0), t("sort", 2.0)];
    let b = [t("generate", 3.0), t("sort", 4.0)];
    let c = [t("checksum", 5.0)];
    let sums = sum_phases([&a[..], &b[..], &c[..]]);
    assert_eq!(
        sums,
        [t("generate", 4.0), t("sort", 6.0), t("checksum", 5.0)]
    );
}

#[test]
fn phase_codes_round_trip() {
    for phase in Phase::ALL {
        assert_eq!(Phase::from_code(phase.code()), Some(phase));
    }
    assert_eq!(Phase::from_code(0), None);
}
