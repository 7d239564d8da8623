//! The sort job in bounded steps, by the same family as [`crate::sort::radix_sort`]:
//! generate chunk by chunk; then in-place American-flag passes over the most significant
//! byte (and the next, for buckets still larger than [`LEAF`]), each pass cut into pieces
//! of any length; then every bucket of at most [`LEAF`] elements sorted in one piece by
//! `radix_sort` itself (an LSB sort in cache); then verify and checksum chunk by chunk.
//! Same numbers, same sorted output, same checksum as `sort::sequential`, and in place:
//! no second copy of the array (the merge sort it replaced needed one).

use crate::digest::{CHUNK, ChunkDigest, chunk_digest, combine};
use crate::progress::{Observer, Phase, unit};
use crate::sort::{assert_sorted, chunks, fill_chunk, radix_sort};

/// Elements per quantum (generated, counted, placed, verified): 64 Ki ≈ 0.2 ms.
pub const QUANTUM: u64 = CHUNK as u64;

/// Buckets up to this size are sorted in one piece, the longest indivisible piece of this
/// job. 128 Ki u32 is about 1 ms in wasm; it also leaves the 20M job's buckets (about
/// 78 Ki each after one pass) to `radix_sort` whole, as the one-shot sort does.
pub const LEAF: usize = 1 << 17;

/// A stretch of the array whose elements agree on every byte above `shift + 8`.
#[derive(Clone, Copy)]
struct Bucket {
    lo: usize,
    hi: usize,
    /// The byte to distribute on next: 24, 16, 8 or 0.
    shift: u32,
}

impl Bucket {
    fn digit(&self, value: u32) -> usize {
        (value >> self.shift) as usize & 0xff
    }
}

/// One American-flag pass over a bucket, part-way: first a count of each digit, then the
/// elements swapped into their digit's stretch.
enum Pass {
    Count {
        at: usize,
        counts: Box<[usize; 256]>,
    },
    Place {
        /// The digit whose stretch is being swept, and the place the sweep has reached.
        digit: usize,
        at: usize,
        /// Where each digit's stretch starts, and the next place in it not yet settled.
        starts: Box<[usize; 256]>,
        next: Box<[usize; 256]>,
    },
}

enum Stage {
    Start,
    Generate {
        chunk: usize,
    },
    Sort(InSteps),
    Verify {
        at: usize,
    },
    Checksum {
        chunk: usize,
        digests: Vec<ChunkDigest>,
    },
    Done(String),
}

/// Work units spread over a phase in proportion to elements done, so that a phase that
/// touches its elements several times (the passes) still adds up to its units.
struct Share {
    work_total: u64,
    units_total: u64,
    work_done: u64,
    units_told: u64,
}

impl Share {
    fn new(work_total: u64, units_total: u64) -> Share {
        Share {
            work_total: work_total.max(1),
            units_total,
            work_done: 0,
            units_told: 0,
        }
    }

    fn add<O: Observer + ?Sized>(&mut self, work: u64, observer: &O) {
        self.work_done = (self.work_done + work).min(self.work_total);
        let due = (u128::from(self.work_done) * u128::from(self.units_total)
            / u128::from(self.work_total)) as u64;
        if due > self.units_told {
            observer.advance(due - self.units_told);
            self.units_told = due;
        }
    }

    /// Tells the rest: the work was an estimate, the phase's units are exact.
    fn finish<O: Observer + ?Sized>(&mut self, observer: &O) {
        self.add(self.work_total, observer);
    }
}

pub struct Sort {
    len: usize,
    stage: Stage,
    data: Vec<u32>,
    /// The sort phase's units, over every pass and leaf.
    sorting: Share,
    verifying: Share,
}

/// Passes a bucket of `len` uniformly spread numbers goes through before its buckets are
/// leaves: the estimate the sort's progress is shared out by.
fn expected_passes(mut len: usize) -> u64 {
    let mut passes = 0;
    while len > LEAF && passes < 4 {
        len /= 256;
        passes += 1;
    }
    passes
}

impl Sort {
    pub fn new(len: usize) -> Sort {
        let chunks = chunks(len);
        // Each pass counts every element once and places it once; a leaf sorts it once.
        let sort_work = len as u64 * (2 * expected_passes(len) + 1);
        Sort {
            len,
            stage: Stage::Start,
            data: Vec::new(),
            sorting: Share::new(sort_work, chunks),
            verifying: Share::new(len as u64, chunks),
        }
    }

    /// Does about `budget` elements' work (at least one indivisible piece); the job's
    /// checksum once it is complete.
    pub fn step<O: Observer + ?Sized>(&mut self, budget: u64, observer: &O) -> Option<String> {
        let budget = budget.max(1) as usize;
        let mut spent = 0;
        while spent < budget {
            spent += match self.advance(budget - spent, observer) {
                Some(work) => work,
                None => break,
            };
        }
        match &self.stage {
            Stage::Done(checksum) => Some(checksum.clone()),
            _ => None,
        }
    }

    /// One piece of the current stage, of about `budget` elements, moving to the next
    /// stage when this one is over; the elements it touched, or None once done.
    fn advance<O: Observer + ?Sized>(&mut self, budget: usize, observer: &O) -> Option<usize> {
        let len = self.len;
        let (work, next) = match &mut self.stage {
            Stage::Done(_) => return None,
            Stage::Start => {
                observer.phase(Phase::Generate);
                self.data = Vec::with_capacity(len);
                (0, Some(Stage::Generate { chunk: 0 }))
            }
            Stage::Generate { chunk } => {
                let start = *chunk * CHUNK;
                let end = (start + CHUNK).min(len);
                self.data.resize(end, 0);
                unit(observer, 1, || {
                    fill_chunk(*chunk, &mut self.data[start..end])
                });
                *chunk += 1;
                let next = (end == len).then(|| {
                    observer.phase(Phase::Sort);
                    Stage::Sort(InSteps::new(len, LEAF))
                });
                (end - start, next)
            }
            Stage::Sort(sorting) => {
                let (work, done) = sorting.step(&mut self.data, budget);
                self.sorting.add(work as u64, observer);
                let next = done.then(|| {
                    self.sorting.finish(observer);
                    observer.phase(Phase::Verify);
                    Stage::Verify { at: 0 }
                });
                (work, next)
            }
            Stage::Verify { at } => {
                let start = *at;
                let end = start.saturating_add(budget).min(len);
                let from = start.saturating_sub(1);
                assert_sorted(self.data[from..end].is_sorted());
                self.verifying.add((end - start) as u64, observer);
                *at = end;
                let next = (end == len).then(|| {
                    observer.phase(Phase::Checksum);
                    Stage::Checksum {
                        chunk: 0,
                        digests: Vec::with_capacity(chunks(len) as usize),
                    }
                });
                (end - start, next)
            }
            Stage::Checksum { chunk, digests } => {
                let start = *chunk * CHUNK;
                let end = (start + CHUNK).min(len);
                digests.push(unit(observer, 1, || chunk_digest(&self.data[start..end])));
                *chunk += 1;
                let next = (end == len).then(|| Stage::Done(combine(len, std::mem::take(digests))));
                (end - start, next)
            }
        };
        if let Some(next) = next {
            if matches!(next, Stage::Done(_)) {
                self.data = Vec::new();
            }
            self.stage = next;
        }
        Some(work.max(1))
    }
}

/// The radix sort of a whole array, a piece at a time: which buckets are left, and the
/// pass under way.
struct InSteps {
    /// Buckets still to sort, the next on top.
    pending: Vec<Bucket>,
    /// The bucket being distributed, if one is.
    pass: Option<(Bucket, Pass)>,
    /// The largest bucket sorted in one piece.
    leaf: usize,
}

impl InSteps {
    fn new(len: usize, leaf: usize) -> InSteps {
        InSteps {
            pending: vec![Bucket {
                lo: 0,
                hi: len,
                shift: 24,
            }],
            pass: None,
            leaf,
        }
    }

    /// About `budget` elements' work on `data`: the work done, and whether it is sorted.
    fn step(&mut self, data: &mut [u32], budget: usize) -> (usize, bool) {
        let work = match &mut self.pass {
            Some((bucket, pass)) => {
                let (work, children) = distribute(data, bucket, pass, budget);
                if let Some(children) = children {
                    self.pending.extend(children);
                    self.pass = None;
                }
                work
            }
            None => match self.pending.pop() {
                Some(bucket) if bucket.hi - bucket.lo <= self.leaf => {
                    radix_sort(&mut data[bucket.lo..bucket.hi]);
                    bucket.hi - bucket.lo
                }
                Some(bucket) => {
                    let counts = Box::new([0; 256]);
                    let at = bucket.lo;
                    self.pass = Some((bucket, Pass::Count { at, counts }));
                    0
                }
                None => 0,
            },
        };
        (work, self.pending.is_empty() && self.pass.is_none())
    }
}

/// Up to `budget` elements of an American-flag pass over `bucket`: the elements counted or
/// placed, and once the pass is over, the buckets it made that still need sorting.
fn distribute(
    data: &mut [u32],
    bucket: &Bucket,
    pass: &mut Pass,
    budget: usize,
) -> (usize, Option<Vec<Bucket>>) {
    match pass {
        Pass::Count { at, counts } => {
            let end = at.saturating_add(budget).min(bucket.hi);
            for &value in &data[*at..end] {
                counts[bucket.digit(value)] += 1;
            }
            let work = end - *at;
            *at = end;
            if end == bucket.hi {
                let mut starts = Box::new([0; 256]);
                let mut place = bucket.lo;
                for (start, count) in starts.iter_mut().zip(counts.iter()) {
                    *start = place;
                    place += count;
                }
                *pass = Pass::Place {
                    digit: 0,
                    at: starts[0],
                    next: starts.clone(),
                    starts,
                };
            }
            (work, None)
        }
        Pass::Place {
            digit,
            at,
            starts,
            next,
        } => {
            let end_of = |d: usize| starts.get(d + 1).copied().unwrap_or(bucket.hi);
            let mut work = 0;
            while *digit < 256 && work < budget {
                // Sweep the unsettled places of this digit's stretch, swapping each element
                // straight to its own stretch (as rdst's ska sort does): the sweep's loads
                // do not wait on each other, where following a cycle would wait on every
                // load (natively on 20M, 270 ms for the whole job against 500). What lands here unsettled
                // is met again in a later round.
                let end = end_of(*digit);
                let stop = end.min(at.saturating_add(budget - work));
                for i in *at..stop {
                    let belongs = bucket.digit(data[i]);
                    data.swap(next[belongs], i);
                    next[belongs] += 1;
                }
                work += stop - *at;
                *at = stop;
                if stop == end {
                    // The next digit round the wheel with unsettled places, if any is left.
                    let unsettled = (1..=256)
                        .map(|k| (*digit + k) % 256)
                        .find(|&d| next[d] < end_of(d));
                    match unsettled {
                        Some(d) => (*digit, *at) = (d, next[d]),
                        None => *digit = 256,
                    }
                }
            }
            if *digit < 256 {
                return (work, None);
            }
            // Stretches of one element are sorted; after the last byte all are equal.
            let children = (0..256)
                .rev()
                .map(|d| (starts[d], end_of(d)))
                .filter(|&(lo, hi)| hi - lo > 1 && bucket.shift > 0)
                .map(|(lo, hi)| Bucket {
                    lo,
                    hi,
                    shift: bucket.shift - 8,
                })
                .collect();
            (work, Some(children))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sort::reference_sort;

    /// Sorts `data` in steps of `budget` with leaves of `leaf`, as the job would.
    fn in_steps(mut data: Vec<u32>, leaf: usize, budget: usize) -> Vec<u32> {
        let mut sorting = InSteps::new(data.len(), leaf);
        while !sorting.step(&mut data, budget).1 {}
        data
    }

    #[test]
    fn every_distribution_and_budget_sorts_like_the_reference() {
        let mut seed = 0x1234_5678_u32;
        let mut random = move || {
            // xorshift32: enough spread for a test's data.
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let inputs: Vec<Vec<u32>> = vec![
            vec![],
            vec![7],
            vec![3, 1, 2],
            (0..5000).map(|_| random()).collect(),
            (0..5000).map(|_| random() % 3).collect(),
            (0..5000).map(|_| random() & 0xff00_00ff).collect(),
            (0..5000).map(|_| random() | 0xffff_ff00).collect(),
            vec![42; 3000],
            (0..3000).rev().collect(),
            (0..3000).map(|i| i * 0x0101_0101).collect(),
        ];
        for input in inputs {
            let mut expected = input.clone();
            reference_sort(&mut expected);
            for leaf in [1, 4, 300, LEAF] {
                for budget in [1, 5, 257, usize::MAX] {
                    assert_eq!(
                        in_steps(input.clone(), leaf, budget),
                        expected,
                        "{} elements, leaf {leaf}, budget {budget}",
                        input.len()
                    );
                }
            }
        }
    }
}
