//! A job cut into tasks for workers that share no memory (the `message-pool` mode).
//!
//! Each worker is its own wasm instance, so everything a task needs goes out in a small
//! message and everything it produces comes back in one. The page [`split`]s a job, a
//! queue hands each [`Task`] to whichever worker is idle, each worker [`Task::check`]s and
//! [`Task::run`]s it, and the page combines the outputs with [`combine_fib`],
//! [`combine_keys`] or [`merge_checksum`]. The combined checksum is exactly
//! [`Job::run_sequential`]'s: the same numbers are computed, only in other places.
//!
//! Tasks do the same work as the other modes, never less: fib's subtrees are counted once
//! per occurrence in the recursion (no memoisation), every key is derived, every element
//! sorted and merged.

use crate::digest::{CHUNK, chunk_digest, combine, short_hex};
use crate::limits::{self, ParamError};
use crate::progress::{self, Cancelled, Observer, Phase, Quiet, unit};
use crate::radix::radix_sort_until;
use crate::{Job, Outcome, fib, hash, sort};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::cmp::Reverse;

/// One unit of work a message-pool worker runs; small, serde-serialisable (it crosses as
/// a message, externally tagged as [`crate::wire`] explains, and the worker re-checks it
/// with [`Task::check`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// One subtree of fib's naive recursion: fib(n), computed the naive way.
    FibSubtree { n: u32 },
    /// The keys of passwords `first..first + count`.
    HashBatch {
        first: u32,
        count: u32,
        iterations: u32,
    },
    /// Generate and sort elements `[start, start + len)` of the sort job's input (`start` a
    /// multiple of [`CHUNK`], so the worker can generate its slice alone).
    SortChunk { start: u32, len: u32 },
}

/// What one task produced. Not serde: the bulk variants should cross as transferable
/// typed arrays, which serde would turn into arrays of JS numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskOutput {
    /// The value of a [`Task::FibSubtree`].
    Fib(u64),
    /// The keys of a [`Task::HashBatch`], 32 bytes each, in password order.
    Keys(Vec<u8>),
    /// The slice of a [`Task::SortChunk`], sorted ascending.
    Sorted(Vec<u32>),
}

/// Subtrees of fib at or below this `n` are never split further: a fib(20) leaf costs
/// less than the messages that would carry its halves (the same cutoff as `fib::parallel`).
pub const FIB_CUTOFF: u32 = fib::CUTOFF;

/// fib(n) up to this `n` is one task: splitting it would give at most a handful of tiny ones.
pub const FIB_SINGLE_TASK_MAX: u32 = 22;

/// At least this many fib tasks per worker (up to about 1.6 times as many), so that a queue
/// evens out workers that start late or run slow, while each task stays far costlier than
/// its message.
pub const FIB_TASKS_PER_WORKER: u64 = 8;

/// Hash batches per worker: a few, so a slow worker does not hold up the end, while a batch
/// of keys still costs far more than its message.
pub const HASH_BATCHES_PER_WORKER: u64 = 4;

/// The fewest passwords in a hash batch (unless the job has fewer): a pair fills both lanes
/// of `Pairs`; a batch of one costs a pair's time for half the work. Four passwords on two
/// workers were four batches of one, two per worker: 1.44 times one worker's whole job.
pub const HASH_BATCH_MIN: u64 = 2;

/// Cuts `job` into tasks for `workers` workers (0 is taken as 1). The job should have
/// passed [`Job::check`]; no task is empty, and together the tasks cover the job's work
/// exactly once. Hash and sort tasks come in input order; combine them in that order.
///
/// - fib: the naive recursion is expanded from the root, splitting every subtree larger than
///   a threshold `t` (never below [`FIB_CUTOFF`]); one task per leaf occurrence, so leaves are
///   fib(t) or fib(t - 1) and differ in cost by at most 1.6×, where leaves at a fixed depth
///   would differ by 1.6^depth. `t` is the largest giving [`FIB_TASKS_PER_WORKER`] tasks per
///   worker; fib(n) for n ≤ [`FIB_SINGLE_TASK_MAX`] is one task.
/// - hash: [`HASH_BATCHES_PER_WORKER`] batches per worker of consecutive passwords (fewer
///   when there are fewer passwords), sizes differing by at most one.
/// - sort: one slice per worker, made of whole [`CHUNK`]s (the last may end in a partial
///   one), sizes differing by at most one chunk; fewer slices when there are fewer chunks.
///   One per worker because merging k slices costs log k per element on the page.
pub fn split(job: &Job, workers: u32) -> Vec<Task> {
    let workers = u64::from(workers.max(1));
    match *job {
        Job::Fib { n } => split_fib(n, workers),
        Job::Hash { count, iterations } => {
            let most = (u64::from(count) / HASH_BATCH_MIN).max(1);
            let batches = (HASH_BATCHES_PER_WORKER * workers).min(most);
            even_ranges(count.into(), batches)
                .map(|(first, end)| Task::HashBatch {
                    first: first as u32,
                    count: (end - first) as u32,
                    iterations,
                })
                .collect()
        }
        Job::Sort { len } => {
            let len = u64::from(len);
            let chunks = len.div_ceil(CHUNK as u64);
            even_ranges(chunks, workers.min(chunks))
                .map(|(first, end)| {
                    let start = first * CHUNK as u64;
                    let end = (end * CHUNK as u64).min(len);
                    Task::SortChunk {
                        start: start as u32,
                        len: (end - start) as u32,
                    }
                })
                .collect()
        }
    }
}

/// `0..total` cut into `parts` consecutive, non-empty ranges whose sizes differ by at most
/// one (`parts` ≤ `total`), as (start, end).
fn even_ranges(total: u64, parts: u64) -> impl Iterator<Item = (u64, u64)> {
    (0..parts).map(move |i| (total * i / parts, total * (i + 1) / parts))
}

fn split_fib(n: u32, workers: u64) -> Vec<Task> {
    if n <= FIB_SINGLE_TASK_MAX {
        return vec![Task::FibSubtree { n }];
    }
    let wanted = FIB_TASKS_PER_WORKER * workers;
    // Leaves grow by about 1.6× for each step down of the threshold: take the highest
    // threshold that gives enough, or the cutoff if even that gives fewer.
    let threshold = (FIB_CUTOFF..n)
        .rev()
        .find(|&t| fib::leaves(n, t) >= wanted)
        .unwrap_or(FIB_CUTOFF);
    let mut leaves = Vec::new();
    let mut stack = vec![n];
    while let Some(m) = stack.pop() {
        if m <= threshold {
            leaves.push(Task::FibSubtree { n: m });
        } else {
            // Left child (m - 1) popped first: leaves come out in the recursion's order.
            stack.push(m - 2);
            stack.push(m - 1);
        }
    }
    // Larger leaves first (stable, so otherwise in order): a queue that starts the long
    // tasks first finishes with the short ones and leaves less idle time at the end.
    leaves.sort_by_key(|task| match task {
        Task::FibSubtree { n } => Reverse(*n),
        _ => unreachable!("fib leaves are fib tasks"),
    });
    leaves
}

impl Task {
    /// Checks the task against [`limits`]: a worker re-checks what it receives, so that no
    /// message can make it attempt what cannot fit or finish. The error names the field.
    pub fn check(&self) -> Result<(), ParamError> {
        match *self {
            Task::FibSubtree { n } => limits::FIB_N.check(n.into()),
            Task::HashBatch {
                first,
                count,
                iterations,
            } => {
                limits::HASH_COUNT.check(count.into())?;
                limits::HASH_ITERATIONS.check(iterations.into())?;
                limits::check_hash_total(count, iterations)?;
                let end = u64::from(first) + u64::from(count);
                if end > limits::HASH_COUNT.max.into() {
                    return Err(beyond_the_job("first", "count", end, limits::HASH_COUNT));
                }
                Ok(())
            }
            Task::SortChunk { start, len } => {
                limits::SORT_LEN.check(len.into())?;
                if !(start as usize).is_multiple_of(CHUNK) {
                    return Err(ParamError {
                        param: "start",
                        message: format!(
                            "start must be a multiple of {} (a chunk of the input); it is {}",
                            limits::group(CHUNK as u64),
                            limits::group(start.into())
                        ),
                    });
                }
                let end = u64::from(start) + u64::from(len);
                if end > limits::SORT_LEN.max.into() {
                    return Err(beyond_the_job("start", "len", end, limits::SORT_LEN));
                }
                Ok(())
            }
        }
    }

    /// The task's share of its job's work units ([`Job::units`]): all of its fib subtree's,
    /// one per password, and for a sort slice its chunks' generate, sort and verify (the
    /// merge counts the checksum: [`merge_units`]).
    pub fn units(&self) -> u64 {
        match *self {
            Task::FibSubtree { n } => fib::units(n),
            Task::HashBatch { count, .. } => count.into(),
            Task::SortChunk { len, .. } => 3 * sort::chunks(len as usize),
        }
    }

    /// Runs the task on the calling thread. Call [`Task::check`] first on a task from a
    /// message; a sort task that does not start on a chunk boundary panics.
    pub fn run(&self) -> TaskOutput {
        self.run_observed(&Quiet)
    }

    /// [`Task::run_observed`] for a caller that may cancel it: `Err(Cancelled)` once
    /// `observer` says [`Observer::cancelled`], as [`Job::run_sequential_cancellable`].
    pub fn run_cancellable<O: Observer + ?Sized>(
        &self,
        observer: &O,
    ) -> Result<TaskOutput, Cancelled> {
        progress::unless_cancelled(observer, self.run_observed(observer))
    }

    /// [`Task::run`], telling `observer` of its phases and progress.
    pub fn run_observed<O: Observer + ?Sized>(&self, observer: &O) -> TaskOutput {
        match *self {
            Task::FibSubtree { n } => TaskOutput::Fib(fib::sequential_observed(n, observer)),
            Task::HashBatch {
                first,
                count,
                iterations,
            } => {
                observer.phase(Phase::Derive);
                TaskOutput::Keys(
                    hash::keys_observed(first, count, iterations, observer)
                        .into_iter()
                        .flatten()
                        .collect(),
                )
            }
            Task::SortChunk { start, len } => {
                let chunks = sort::chunks(len as usize);
                observer.phase(Phase::Generate);
                let mut data = unit(observer, chunks, || {
                    sort::generate_range(start as usize, len as usize)
                });
                observer.phase(Phase::Sort);
                let stop = || observer.cancelled();
                unit(observer, chunks, || radix_sort_until(&mut data, stop));
                if stop() {
                    // Part-sorted: never verified (it would fail), never used.
                    return TaskOutput::Sorted(Vec::new());
                }
                observer.phase(Phase::Verify);
                sort::assert_sorted(unit(observer, chunks, || data.is_sorted()));
                TaskOutput::Sorted(data)
            }
        }
    }
}

/// The merge's share of a sort's work units: its checksum, one per chunk of the whole.
pub fn merge_units(len: usize) -> u64 {
    sort::chunks(len)
}

/// "start + len must be at most 268,435,456 …": a range that runs past the largest job.
fn beyond_the_job(
    start: &'static str,
    len: &'static str,
    end: u64,
    limit: limits::Limit,
) -> ParamError {
    ParamError {
        param: start,
        message: format!(
            "{start} + {len} must be at most {} ({}); it is {}",
            limits::group(limit.max.into()),
            limit.why,
            limits::group(end)
        ),
    }
}

/// fib: the sum of the subtrees' values, which is fib(n) when they are all of split's leaves.
pub fn combine_fib(values: impl IntoIterator<Item = u64>) -> Outcome {
    Outcome {
        checksum: values.into_iter().sum::<u64>().to_string(),
    }
}

/// hash: the digest over every key, fed batch by batch in task (password) order, which is
/// the same byte stream the sequential job digests.
///
/// Panics if a batch is not whole 32-byte keys: a torn message must never give a checksum.
pub fn combine_keys<'a>(keys_in_order: impl IntoIterator<Item = &'a [u8]>) -> Outcome {
    let mut all = Sha256::new();
    for keys in keys_in_order {
        assert!(
            keys.len().is_multiple_of(32),
            "a batch of keys is not a whole number of 32-byte keys"
        );
        all.update(keys);
    }
    Outcome {
        checksum: short_hex(&all.finalize()),
    }
}

/// sort: merges the sorted slices (given in any order) and checksums the merged array
/// exactly as `sort::sequential` does, without building it: merged elements go into one
/// [`CHUNK`]-sized buffer, and each full buffer into [`chunk_digest`]. The page then holds
/// the workers' slices plus 256 KiB, not a second copy of the whole array.
///
/// The merge is a loser tree (a tournament that remembers each match's loser): taking the
/// next element replays one leaf-to-root path, one branch-free min/max per level. Measured
/// natively on 20M u32 (`examples/merge_timing.rs`), merging 2 to 32 slices took 110 to
/// 250 ms, 30-45% less than a `BinaryHeap` of the same entries (180 to 355 ms), whose
/// sift-down compares twice per level and branches on data the CPU cannot predict. The
/// chunk digests add 60 ms, as they do in every mode.
///
/// Panics (like the sort itself) if a slice is not ascending: a wrong sort must never
/// produce a checksum.
pub fn merge_checksum(sorted_chunks: &[&[u32]]) -> Outcome {
    merge_checksum_observed(sorted_chunks, &Quiet)
}

/// [`merge_checksum`], telling `observer` of each chunk digested ([`merge_units`] in all).
/// Asks [`Observer::cancelled`] between chunks and stops there: its checksum is then
/// partial, which the caller's [`crate::progress::unless_cancelled`] never reports.
pub fn merge_checksum_observed<O: Observer + ?Sized>(
    sorted_chunks: &[&[u32]],
    observer: &O,
) -> Outcome {
    observer.phase(Phase::Checksum);
    for chunk in sorted_chunks {
        sort::assert_sorted(chunk.is_sorted());
    }
    let len: usize = sorted_chunks.iter().map(|c| c.len()).sum();
    let mut tree = LoserTree::new(sorted_chunks);
    let mut buffer = Vec::with_capacity(CHUNK);
    let mut digests = Vec::with_capacity(len.div_ceil(CHUNK));
    for _ in 0..len {
        buffer.push(tree.pop());
        if buffer.len() == CHUNK {
            digests.push(unit(observer, 1, || chunk_digest(&buffer)));
            buffer.clear();
            // A 1 GiB merge takes seconds; Stop is answered within a chunk's time.
            if observer.cancelled() {
                break;
            }
        }
    }
    if !buffer.is_empty() {
        digests.push(unit(observer, 1, || chunk_digest(&buffer)));
    }
    Outcome {
        checksum: combine(len, digests),
    }
}

/// A slice with nothing left to give: greater than every real entry, so it never wins.
const EXHAUSTED: u64 = u64::MAX;

/// A tournament over the heads of k ascending slices. An entry is `value << 32 | slice`:
/// one u64 comparison orders by value (ties by slice, which give the same output anyway),
/// and the winner says which slice to advance.
struct LoserTree<'a> {
    slices: &'a [&'a [u32]],
    /// Position of the next element to enter from each slice.
    next: Vec<usize>,
    /// Leaves, a power of two (missing slices are always [`EXHAUSTED`]).
    width: usize,
    /// `losers[node]` for the internal nodes 1..width, as in a binary heap's layout.
    losers: Vec<u64>,
    winner: u64,
}

impl<'a> LoserTree<'a> {
    fn new(slices: &'a [&'a [u32]]) -> Self {
        // Below u32::MAX slices, no real entry equals EXHAUSTED.
        assert!(slices.len() < u32::MAX as usize, "too many slices to merge");
        let width = slices.len().next_power_of_two();
        // Play the whole tournament once, bottom up, keeping each match's loser.
        let mut winners = vec![EXHAUSTED; 2 * width];
        for (i, slice) in slices.iter().enumerate() {
            winners[width + i] = Self::entry(slice, 0, i);
        }
        let mut losers = vec![EXHAUSTED; width];
        for node in (1..width).rev() {
            let (a, b) = (winners[2 * node], winners[2 * node + 1]);
            winners[node] = a.min(b);
            losers[node] = a.max(b);
        }
        LoserTree {
            slices,
            next: vec![1; slices.len()],
            width,
            losers,
            winner: winners[1],
        }
    }

    fn entry(slice: &[u32], position: usize, index: usize) -> u64 {
        slice
            .get(position)
            .map_or(EXHAUSTED, |&v| u64::from(v) << 32 | index as u64)
    }

    /// The smallest element left; only call it as many times as there are elements.
    fn pop(&mut self) -> u32 {
        let index = self.winner as u32 as usize;
        let value = (self.winner >> 32) as u32;
        let position = self.next[index];
        self.next[index] = position + 1;
        let mut candidate = Self::entry(self.slices[index], position, index);
        // Replay the slice's path: at each node the smaller goes on, the larger stays.
        let mut node = (self.width + index) / 2;
        while node > 0 {
            let stored = self.losers[node];
            self.losers[node] = stored.max(candidate);
            candidate = stored.min(candidate);
            node /= 2;
        }
        self.winner = candidate;
        value
    }
}
