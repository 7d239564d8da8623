//! The sort job in bounded steps: generate chunk by chunk, sort runs of [`RUN`] elements
//! (one `sort_unstable` each), merge them bottom-up into a scratch buffer of the same size
//! in pieces of any length, then verify and checksum chunk by chunk. Same numbers, same
//! sorted output, same checksum as `sort::sequential`; it needs twice the memory, for
//! the scratch buffer.

use crate::digest::{CHUNK, chunk_digest, combine};
use crate::progress::{Observer, Phase, unit};
use crate::sort::{assert_sorted, chunks, fill_chunk};

/// Elements per quantum (generated, merged, verified): 64 Ki ≈ 0.2 ms.
pub const QUANTUM: u64 = CHUNK as u64;

/// Elements per run sorted in one piece: `sort_unstable` of 32 Ki u32 takes about 0.5 ms
/// in wasm, the longest indivisible piece of this job (longer runs would mean fewer merge
/// passes but coarser slices).
pub const RUN: usize = 1 << 15;

enum Stage {
    Start,
    Generate {
        chunk: usize,
    },
    Runs {
        run: usize,
    },
    /// Merging pairs of sorted stretches of `width` from `data` into `scratch`.
    Merge {
        width: usize,
        at: Cursor,
    },
    Verify {
        at: usize,
    },
    Checksum {
        chunk: usize,
        digests: Vec<[u8; 32]>,
    },
    Done(String),
}

/// Where a merge of the pair starting at `lo` stands: the next element of its left half
/// (`i`), of its right half (`j`), and the next place written (`k`).
#[derive(Clone, Copy)]
struct Cursor {
    lo: usize,
    i: usize,
    j: usize,
    k: usize,
}

impl Cursor {
    fn at(lo: usize, width: usize, len: usize) -> Cursor {
        Cursor {
            lo,
            i: lo,
            j: (lo + width).min(len),
            k: lo,
        }
    }
}

/// Work units spread over a phase in proportion to elements done, so that a phase that
/// touches its elements several times (the merge passes) still adds up to its units.
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
}

pub struct Sort {
    len: usize,
    stage: Stage,
    data: Vec<u32>,
    scratch: Vec<u32>,
    /// The sort phase's units, over the runs and every merge pass.
    sorting: Share,
    verifying: Share,
}

/// Merge passes needed to turn runs of [`RUN`] into one sorted array of `len`.
fn merge_passes(len: usize) -> u32 {
    len.div_ceil(RUN).next_power_of_two().trailing_zeros()
}

impl Sort {
    pub fn new(len: usize) -> Sort {
        let chunks = chunks(len);
        let sort_work = len as u64 * (1 + u64::from(merge_passes(len)));
        Sort {
            len,
            stage: Stage::Start,
            data: Vec::new(),
            scratch: Vec::new(),
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
                    if len > RUN {
                        self.scratch = Vec::with_capacity(len);
                    }
                    Stage::Runs { run: 0 }
                });
                (end - start, next)
            }
            Stage::Runs { run } => {
                let start = *run * RUN;
                let end = (start + RUN).min(len);
                self.data[start..end].sort_unstable();
                if len > RUN {
                    // The scratch buffer grows a run at a time: no step zeroes it all.
                    self.scratch.resize(end, 0);
                }
                self.sorting.add((end - start) as u64, observer);
                *run += 1;
                let next = (end == len).then(|| self.after_pass(RUN, observer));
                (end - start, next)
            }
            Stage::Merge { width, at } => {
                let width = *width;
                let written = merge_some(&self.data, &mut self.scratch, at, width, budget);
                self.sorting.add(written as u64, observer);
                let mut next = None;
                if at.k == (at.lo + 2 * width).min(len) {
                    if at.k == len {
                        std::mem::swap(&mut self.data, &mut self.scratch);
                        next = Some(self.after_pass(2 * width, observer));
                    } else {
                        *at = Cursor::at(at.k, width, len);
                    }
                }
                (written, next)
            }
            Stage::Verify { at } => {
                let start = *at;
                let end = (start + budget).min(len);
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

    /// The stage after the data is sorted in stretches of `width`: another merge pass,
    /// or the check once one stretch covers everything.
    fn after_pass<O: Observer + ?Sized>(&mut self, width: usize, observer: &O) -> Stage {
        if width >= self.len {
            self.scratch = Vec::new();
            observer.phase(Phase::Verify);
            return Stage::Verify { at: 0 };
        }
        Stage::Merge {
            width,
            at: Cursor::at(0, width, self.len),
        }
    }
}

/// Merges up to `budget` elements of the pair at `at` (halves `[lo, lo+width)` and
/// `[lo+width, lo+2·width)`, cut at the end of `src`) into `dst`; the elements written.
fn merge_some(src: &[u32], dst: &mut [u32], at: &mut Cursor, width: usize, budget: usize) -> usize {
    let len = src.len();
    let mid = (at.lo + width).min(len);
    let hi = (at.lo + 2 * width).min(len);
    let end = (at.k + budget).min(hi);
    let start = at.k;
    while at.k < end {
        if at.i < mid && at.j < hi {
            // Both halves have elements: merge until either runs out or the budget ends,
            // without branching on the data (random input mispredicts half the time).
            let n = (mid - at.i).min(hi - at.j).min(end - at.k);
            let (left, right) = (&src[at.i..mid], &src[at.j..hi]);
            let (mut i, mut j) = (0, 0);
            for slot in &mut dst[at.k..at.k + n] {
                let (a, b) = (left[i], right[j]);
                let take_left = a <= b;
                *slot = if take_left { a } else { b };
                i += usize::from(take_left);
                j += usize::from(!take_left);
                if i == left.len() || j == right.len() {
                    break;
                }
            }
            at.i += i;
            at.j += j;
            at.k += i + j;
        } else {
            // One half is used up: the rest of the other is copied as it is.
            let (from, stop) = if at.i < mid {
                (&mut at.i, mid)
            } else {
                (&mut at.j, hi)
            };
            let n = (stop - *from).min(end - at.k);
            dst[at.k..at.k + n].copy_from_slice(&src[*from..*from + n]);
            *from += n;
            at.k += n;
        }
    }
    at.k - start
}
