//! Native timing of each job's one-shot form against its resumable form run in quanta:
//! what slicing costs before any yielding (`cargo run --release --example resumable_timing`).

use offload_jobs::Job;
use offload_jobs::progress::Quiet;
use std::time::Instant;

fn main() {
    let jobs = [
        Job::Fib { n: 38 },
        Job::Sort { len: 20_000_000 },
        Job::Hash {
            count: 8,
            iterations: 100_000,
        },
    ];
    for job in jobs {
        let start = Instant::now();
        let one_shot = job.run_sequential();
        let one_shot_ms = start.elapsed().as_secs_f64() * 1e3;
        let machine = job.resumable();
        let quantum = machine.quantum();
        let start = Instant::now();
        let resumed = machine.run_to_end(quantum, &Quiet);
        let resumed_ms = start.elapsed().as_secs_f64() * 1e3;
        assert_eq!(one_shot, resumed);
        println!(
            "{job:?}: one-shot {one_shot_ms:.0} ms, resumable in quanta of {quantum}: {resumed_ms:.0} ms"
        );
    }
}
