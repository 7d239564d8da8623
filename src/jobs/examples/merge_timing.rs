//! How long the page's share of a message-pool sort takes: merging k sorted slices of 20M
//! u32 into the checksum, against checksumming an already sorted array (the floor: the
//! chunk digests of 80 MB, which every mode pays). Native numbers; wasm is slower.
//!
//! cargo run -p offload-jobs --release --example merge_timing [len]

use offload_jobs::digest::{CHUNK, chunk_digest, combine};
use offload_jobs::tasks::{self, TaskOutput};
use offload_jobs::{Job, sort};
use std::time::{Duration, Instant};

/// The fastest of a few runs: the machine is shared, and the minimum is the least disturbed.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        out = Some(value);
    }
    (best, out.expect("at least one run"))
}

fn main() {
    let len: u32 = std::env::args()
        .nth(1)
        .map_or(20_000_000, |a| a.parse().expect("len is a whole number"));
    let job = Job::Sort { len };
    let (whole, _) = best_of(1, || sort::sequential(len as usize));
    println!("len {len}: sort::sequential (generate, sort, check, checksum) {whole:.0?}");
    let mut sorted = sort::generate(len as usize);
    sort::reference_sort(&mut sorted);
    let (floor, expected) = best_of(3, || {
        combine(len as usize, sorted.chunks(CHUNK).map(chunk_digest))
    });
    drop(sorted);
    println!("len {len}: checksum of the sorted array alone {floor:.0?}");
    for k in [2, 4, 8, 16, 32] {
        let outputs: Vec<Vec<u32>> = tasks::split(&job, k)
            .iter()
            .map(|task| match task.run() {
                TaskOutput::Sorted(slice) => slice,
                other => panic!("{other:?}"),
            })
            .collect();
        let slices: Vec<&[u32]> = outputs.iter().map(Vec::as_slice).collect();
        let (time, outcome) = best_of(3, || tasks::merge_checksum(&slices));
        assert_eq!(outcome.checksum, expected);
        println!(
            "k = {k:2}: merge + checksum {time:.0?} (merge alone about {:.0?})",
            time.saturating_sub(floor)
        );
    }
}
