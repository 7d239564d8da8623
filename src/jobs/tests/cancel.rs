//! Native tests of cooperative cancellation: a flag raised after k units of work stops a
//! job within one piece of work, in every form, and a flag never raised changes nothing.

mod common;

use common::pool;

use offload_jobs::Job;
use offload_jobs::progress::{Cancelled, Observer};
use offload_jobs::radix::radix_sort_until;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Says "cancelled" once `after` units are done, and counts what was done.
struct StopAfter {
    after: u64,
    done: AtomicU64,
}

impl StopAfter {
    fn new(after: u64) -> StopAfter {
        StopAfter {
            after,
            done: AtomicU64::new(0),
        }
    }
    fn done(&self) -> u64 {
        self.done.load(Relaxed)
    }
}

impl Observer for StopAfter {
    fn advance(&self, units: u64) {
        self.done.fetch_add(units, Relaxed);
    }
    fn cancelled(&self) -> bool {
        self.done.load(Relaxed) >= self.after
    }
}

/// Jobs, and the most units one piece of each counts at once (sort: its sort and verify
/// phases count every chunk at once, so a sort is stopped early here, in its generation).
fn jobs() -> Vec<(Job, u64)> {
    vec![
        (Job::Fib { n: 30 }, 1),
        (Job::Sort { len: 3_000_000 }, 1),
        (
            Job::Hash {
                count: 40,
                iterations: 3_000,
            },
            4,
        ),
    ]
}

#[test]
fn a_flag_raised_after_k_units_stops_the_sequential_job_within_one_piece() {
    for (job, piece) in jobs() {
        let after = 5;
        assert!(job.units() > after + piece, "{job:?} is too small to stop");
        let observer = StopAfter::new(after);
        assert_eq!(job.run_sequential_cancellable(&observer), Err(Cancelled));
        let done = observer.done();
        // The flag is read before every piece: the piece that crossed `after` is the last.
        assert!(
            (after..after + piece).contains(&done),
            "{job:?}: {done} units done after a stop at {after}"
        );
    }
}

#[test]
fn a_flag_raised_after_k_units_stops_the_parallel_job_within_one_piece_per_thread() {
    let threads = 3;
    let pool = pool(threads);
    for (job, piece) in jobs() {
        let after = 6;
        let observer = StopAfter::new(after);
        let result = pool.install(|| job.run_parallel_cancellable(&observer));
        assert_eq!(result, Err(Cancelled), "{job:?}");
        let done = observer.done();
        // Every other thread may be inside a piece when the flag rises.
        let most = after + threads as u64 * piece;
        assert!(
            (after..most).contains(&done),
            "{job:?}: {done} units done after a stop at {after} (at most {most})"
        );
        assert!(done < job.units(), "{job:?} ran to the end");
    }
}

#[test]
fn a_flag_never_raised_changes_no_result() {
    let pool = pool(2);
    for (job, _) in jobs() {
        let expected = job.run_sequential();
        let observer = StopAfter::new(u64::MAX);
        assert_eq!(
            job.run_sequential_cancellable(&observer),
            Ok(expected.clone())
        );
        assert_eq!(observer.done(), job.units(), "{job:?}");
        let observer = StopAfter::new(u64::MAX);
        let parallel = pool.install(|| job.run_parallel_cancellable(&observer));
        assert_eq!(parallel, Ok(expected), "{job:?}");
        assert_eq!(observer.done(), job.units(), "{job:?}");
    }
}

#[test]
fn a_flag_raised_during_the_sort_phase_stops_it_and_reports_cancelled() {
    // Raised once the generation is done: the sort itself has to notice.
    let job = Job::Sort { len: 2_000_000 };
    let chunks = offload_jobs::sort::chunks(2_000_000);
    for parallel in [false, true] {
        let observer = StopAfter::new(chunks);
        let result = if parallel {
            pool(2).install(|| job.run_parallel_cancellable(&observer))
        } else {
            job.run_sequential_cancellable(&observer)
        };
        assert_eq!(result, Err(Cancelled), "parallel: {parallel}");
        // Generation, then at most the sort's one unit of `chunks` (the sequential form
        // asks before its sort begins, the parallel one inside it); never verify or
        // checksum. That the sort itself asks between pieces is the next test's.
        let done = observer.done();
        assert!(
            (chunks..=2 * chunks).contains(&done),
            "parallel: {parallel}: {done} units of {chunks} per phase"
        );
    }
}

#[test]
fn the_sort_asks_between_pieces_and_ends_at_the_first_yes() {
    let mut data = offload_jobs::sort::generate(3_000_000);
    let asked = AtomicU64::new(0);
    // Yes from the third question on: the sort must return, not finish.
    radix_sort_until(&mut data, || asked.fetch_add(1, Relaxed) >= 2);
    assert_eq!(asked.load(Relaxed), 3, "asked again after the first yes");
    assert!(!data.is_sorted(), "two pieces sorted everything");
    // Never stopped, it sorts like the reference.
    let mut data = offload_jobs::sort::generate(3_000_000);
    let mut expected = data.clone();
    offload_jobs::sort::reference_sort(&mut expected);
    radix_sort_until(&mut data, || false);
    assert_eq!(data, expected);
}

#[test]
fn a_hash_of_one_long_password_stops_between_slices_of_iterations() {
    // One password, many iterations: a single unit, so only the slices can stop it.
    struct AskedTimes(AtomicU64, u64);
    impl Observer for AskedTimes {
        fn cancelled(&self) -> bool {
            self.0.fetch_add(1, Relaxed) >= self.1
        }
    }
    let job = Job::Hash {
        count: 1,
        iterations: 10_000_000,
    };
    let observer = AskedTimes(AtomicU64::new(0), 3);
    assert_eq!(job.run_sequential_cancellable(&observer), Err(Cancelled));
    // Run to the end, it would have asked about ten thousand times (once per slice).
    let asked = observer.0.load(Relaxed);
    assert!((4..10).contains(&asked), "asked {asked} times");
}

#[test]
fn a_merge_stops_between_chunks_and_is_never_reported_finished() {
    use offload_jobs::progress::unless_cancelled;
    use offload_jobs::tasks::{merge_checksum, merge_checksum_observed, merge_units};
    // Two sorted halves of 1 Mi numbers: 16 chunks of the merged array to digest.
    let len = 1 << 20;
    let evens: Vec<u32> = (0..len / 2).map(|i| 2 * i).collect();
    let odds: Vec<u32> = (0..len / 2).map(|i| 2 * i + 1).collect();
    let slices = [evens.as_slice(), odds.as_slice()];
    let units = merge_units(len as usize);
    assert!(units > 8, "{units} units: too few to stop in the middle");

    let observer = StopAfter::new(3);
    let partial = merge_checksum_observed(&slices, &observer);
    assert_eq!(observer.done(), 3, "stopped right after the third chunk");
    assert_eq!(unless_cancelled(&observer, partial), Err(Cancelled));

    let never = StopAfter::new(u64::MAX);
    let whole = merge_checksum_observed(&slices, &never);
    assert_eq!(never.done(), units);
    assert_eq!(
        unless_cancelled(&never, whole.clone()),
        Ok(merge_checksum(&slices))
    );
}
