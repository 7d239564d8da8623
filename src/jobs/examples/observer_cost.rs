//! What observing a job costs, natively: each job with the no-op observer, with one that
//! does what the engine's does (an atomic store per unit begun, two atomic adds and a
//! store per unit done), and with that one also reading a cancel flag (an atomic load per
//! look, as the engine's `Observer::cancelled`), alternated, median of 7. Then the sort
//! alone, without stopping against asking a flag between pieces. Run with
//! `cargo run --release -p offload-jobs --features parallel --example observer_cost`.

use offload_jobs::Job;
use offload_jobs::progress::{Observer, Phase, Quiet, StopWhen};
use offload_jobs::radix::{radix_sort, radix_sort_until};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed};
use std::time::Instant;

/// Per-thread busy flag and units, and the job's total done, as the engine keeps them.
struct Counting {
    slots: Vec<AtomicU32>,
    done: AtomicU32,
    phase: AtomicU32,
}

impl Observer for Counting {
    fn phase(&self, phase: Phase) {
        self.phase.store(phase.code(), Relaxed);
    }
    fn begin(&self) {
        let t = rayon::current_thread_index().unwrap_or(0);
        self.slots[2 * t].store(1, Relaxed);
    }
    fn advance(&self, units: u64) {
        let t = rayon::current_thread_index().unwrap_or(0);
        self.slots[2 * t + 1].fetch_add(units as u32, Relaxed);
        self.slots[2 * t].store(0, Relaxed);
        self.done.fetch_add(units as u32, Relaxed);
    }
}

/// Monomorphised per observer, as the engine and the workers call the jobs.
fn run<O: Observer + Sync>(pool: &rayon::ThreadPool, job: &Job, parallel: bool, observer: &O) {
    if parallel {
        pool.install(|| job.run_parallel_observed(observer));
    } else {
        job.run_sequential_observed(observer);
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let jobs = [
        Job::Fib { n: 36 },
        Job::Sort { len: 10_000_000 },
        Job::Hash {
            count: 32,
            iterations: 50_000,
        },
    ];
    for job in jobs {
        for parallel in [false, true] {
            let (mut quiet, mut counted, mut flagged) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..7 {
                let observer = Counting {
                    slots: (0..16).map(|_| AtomicU32::new(0)).collect(),
                    done: AtomicU32::new(0),
                    phase: AtomicU32::new(0),
                };
                let time = |f: &dyn Fn()| {
                    let start = Instant::now();
                    f();
                    start.elapsed().as_secs_f64() * 1e3
                };
                quiet.push(time(&|| run(&pool, &job, parallel, &Quiet)));
                counted.push(time(&|| run(&pool, &job, parallel, &observer)));
                assert_eq!(u64::from(observer.done.load(Relaxed)), job.units());
                let flag = AtomicBool::new(false);
                let stoppable = StopWhen::new(&observer, || flag.load(Relaxed));
                flagged.push(time(&|| run(&pool, &job, parallel, &stoppable)));
            }
            let (q, c, f) = (median(quiet), median(counted), median(flagged));
            println!(
                "{:<5} {:<10} quiet {q:8.1} ms  observed {c:8.1} ms  ratio {:.3}  \
                 with a cancel flag {f:8.1} ms  ratio {:.3}",
                job.name(),
                if parallel { "parallel" } else { "sequential" },
                c / q,
                f / q
            );
        }
    }
    let (mut whole, mut pieces) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let mut data = offload_jobs::sort::generate(10_000_000);
        let start = Instant::now();
        radix_sort(&mut data);
        whole.push(start.elapsed().as_secs_f64() * 1e3);
        let flag = AtomicBool::new(false);
        let mut data = offload_jobs::sort::generate(10_000_000);
        let start = Instant::now();
        radix_sort_until(&mut data, || flag.load(Relaxed));
        pieces.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let (w, p) = (median(whole), median(pieces));
    println!(
        "radix sort of 10M: without stopping {w:.1} ms, asking a flag between pieces {p:.1} ms, \
         ratio {:.3}",
        p / w
    );
}
