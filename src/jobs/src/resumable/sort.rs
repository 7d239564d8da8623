//! The sort job in bounded steps: generate chunk by chunk; sort with the very radix sort
//! of the one-shot forms ([`crate::radix`]), its passes cut into pieces and its buckets
//! kept to [`LEAF`] elements; then verify and checksum chunk by chunk. Same numbers, same
//! sorted output, same checksum as `sort::sequential`, and in place: no second copy of
//! the array (the merge sort it replaced needed one).

use crate::digest::{CHUNK, ChunkDigest, chunk_digest, combine};
use crate::progress::{Observer, Phase, unit};
use crate::radix::InSteps;
use crate::sort::{assert_sorted, chunks, fill_chunk};

/// Elements per quantum (generated, counted, placed, verified): 64 Ki ≈ 0.2 ms.
pub const QUANTUM: u64 = CHUNK as u64;

/// Buckets up to this size are sorted in one piece, as in the one-shot sort.
pub use crate::radix::LEAF;

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
