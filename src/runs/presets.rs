//! Two lessons in one click each, the last two the page used to leave to the README:
//! a pool beats a worker per job, and copying is not sharing. Each is a fixed sequence of
//! runs (driven like "Run in every mode") pinned side by side in the compare view, whose
//! rows then show what the lesson is about: the start-up paid per job, the bytes crossed.

use crate::form::{DEFAULT_SLICE_MS, Mode, Plan};
use offload_jobs::Job;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// 20 small jobs at once: a new worker each (spawn), one reused worker, the pool.
    PoolBeatsSpawn,
    /// sort 20M on the message-pool by copy, then by transfer, then on the shared pool.
    CopyMoveShare,
}

impl Preset {
    pub const ALL: [Preset; 2] = [Preset::PoolBeatsSpawn, Preset::CopyMoveShare];

    pub fn title(self) -> &'static str {
        match self {
            Preset::PoolBeatsSpawn => "20 small jobs: spawn, worker, pool",
            Preset::CopyMoveShare => "sort 20M: copy, move, share",
        }
    }

    /// `data-testid` of its button.
    pub fn id(self) -> &'static str {
        match self {
            Preset::PoolBeatsSpawn => "preset-spawn",
            Preset::CopyMoveShare => "preset-crossing",
        }
    }

    /// What to look at once it ran.
    pub fn teaches(self) -> &'static str {
        match self {
            Preset::PoolBeatsSpawn => {
                "A worker per job pays a worker's start-up every time (compare the row \"worker start-up\"); \
                 a reused worker pays it once, and a pool also spreads the jobs over the cores."
            }
            Preset::CopyMoveShare => {
                "Structured clone copies every array across (and the page's main thread does the copying); \
                 transfer moves it without a copy; the pool shares one memory and sends nothing \
                 (compare the rows \"bulk data crossed\" and \"main thread in postMessage\")."
            }
        }
    }

    /// The runs, in order; `threads` for the pools.
    pub fn plans(self, threads: u32) -> Vec<Plan> {
        let plan = |job: Job, mode: Mode, transfer: bool, burst: u32| Plan {
            job,
            mode,
            threads: if mode.has_threads() { threads } else { 1 },
            transfer,
            slice_ms: DEFAULT_SLICE_MS,
            burst,
            traffic: None,
        };
        match self {
            Preset::PoolBeatsSpawn => {
                // About a millisecond each: the start-up, not the work, decides.
                let small = || Job::Fib { n: 25 };
                vec![
                    plan(small(), Mode::Spawn, false, 20),
                    plan(small(), Mode::Worker, false, 20),
                    plan(small(), Mode::Pool, false, 20),
                ]
            }
            Preset::CopyMoveShare => {
                let sort = || Job::Sort { len: 20_000_000 };
                vec![
                    plan(sort(), Mode::MessagePool, false, 1),
                    plan(sort(), Mode::MessagePool, true, 1),
                    plan(sort(), Mode::Pool, false, 1),
                ]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modes::Readiness;
    use crate::runs::every_mode::{Availability, Sequence, Step, label};

    #[test]
    fn each_preset_is_valid_and_runs_its_plans_in_order() {
        for preset in Preset::ALL {
            let plans = preset.plans(2);
            for plan in &plans {
                assert!(plan.job.check().is_ok(), "{plan:?}");
                assert_eq!(plan.threads, if plan.mode.has_threads() { 2 } else { 1 });
            }
            let mut seq = Sequence::of(preset.title(), plans.clone(), 2);
            let ready = |_| Availability::Has(Readiness::Ready { threads: 2 });
            let mut id = 0;
            let mut ran = Vec::new();
            while let Step::Run(mode) = seq.next(ready) {
                ran.push(seq.plan_in(mode));
                id += 1;
                seq.started(mode, id);
            }
            assert_eq!(ran, plans, "{}", preset.title());
            assert!(
                seq.status_text()
                    .starts_with(&format!("Ran \"{}\"", preset.title()))
            );
        }
        let labels: Vec<_> = Preset::CopyMoveShare.plans(2).iter().map(label).collect();
        assert_eq!(
            labels,
            ["message-pool (clone)", "message-pool (transfer)", "pool"]
        );
    }
}
