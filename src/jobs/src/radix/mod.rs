//! The jobs' sort: a radix sort of u32, in place but for one bucket's scratch space, that
//! can stop after any piece of work and resume. The one-shot forms run it without stopping
//! ([`radix_sort`]); the chunked form (`resumable::sort`) in pieces between yields. So
//! every mode runs the very same sort.
//!
//! - First an American-flag pass over the top byte: count each value's digit, then swap
//!   every element into its digit's stretch, in place. Buckets still larger than [`LEAF`]
//!   get another pass on the next byte.
//! - Then each bucket is a leaf, sorted least significant digit first through a scratch
//!   buffer, in cache. Its elements share their top byte, so 24 bits are left, two
//!   passes of 12 bits.
//!
//! Why not a crate: `rdst` (0.20) was the best one measured for wasm (20M u32 in 201 ms
//! against 427 ms for `sort_unstable`, in Node's V8), and its first pass is the same
//! in-place American-flag pass as here (85 ms). Its leaves take three passes of 8 bits:
//! 137 ms, against 80 ms for two passes of 12 bits here, which is what brings the sort
//! phase under a third of the browser's typed-array sort. A sort that stops and resumes
//! is not in any crate either.

#[cfg(feature = "parallel")]
mod parallel;
#[cfg(feature = "parallel")]
pub use parallel::{radix_sort_parallel, radix_sort_parallel_until};

/// Buckets up to this size are leaves, sorted in one piece: the longest indivisible piece
/// of the sort, about 0.5 ms in wasm for 128 Ki u32. The 20M job's buckets (about 78 Ki
/// after the first pass) are leaves at once; larger jobs get a second pass.
pub const LEAF: usize = 1 << 17;

/// Buckets this small are sorted by comparison (an insertion sort, in `sort_unstable`):
/// below it, clearing a radix pass's counters would cost more than the sort.
const SMALL: usize = 64;

/// Sorts `data` ascending on the calling thread.
pub fn radix_sort(data: &mut [u32]) {
    InSteps::new(data.len(), LEAF).run_to_end(data);
}

/// A piece of the sort between two looks at `stop`: about a millisecond of work in wasm.
const PIECE: usize = 1 << 20;

/// [`radix_sort`], asking `stop` between pieces of about [`PIECE`] elements' work (a leaf
/// is one piece): once it says yes, the sort ends there, `data` part-sorted.
pub fn radix_sort_until(data: &mut [u32], stop: impl Fn() -> bool) {
    InSteps::new(data.len(), LEAF).run_until(data, stop);
}

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

/// The radix sort of a whole array, a piece at a time: which buckets are left, and the
/// pass under way.
pub(crate) struct InSteps {
    /// Buckets still to sort, the next on top.
    pending: Vec<Bucket>,
    /// The bucket being distributed, if one is.
    pass: Option<(Bucket, Pass)>,
    /// The largest bucket sorted in one piece.
    leaf: usize,
    /// The leaves' scratch space, kept from one leaf to the next.
    scratch: Vec<u32>,
}

impl InSteps {
    /// A sort of `len` elements from the top byte down.
    pub(crate) fn new(len: usize, leaf: usize) -> InSteps {
        InSteps::of(len, 24, leaf)
    }

    /// A sort of `len` elements that agree on every byte above `shift + 8`.
    fn of(len: usize, shift: u32, leaf: usize) -> InSteps {
        InSteps {
            pending: vec![Bucket {
                lo: 0,
                hi: len,
                shift,
            }],
            pass: None,
            leaf,
            scratch: Vec::new(),
        }
    }

    /// Sorts `data` to the end, without stopping: the one-shot forms.
    fn run_to_end(mut self, data: &mut [u32]) {
        while !self.step(data, usize::MAX).1 {}
    }

    /// Sorts `data` in pieces until it is sorted or `stop` says yes.
    fn run_until(mut self, data: &mut [u32], stop: impl Fn() -> bool) {
        while !stop() && !self.step(data, PIECE).1 {}
    }

    /// About `budget` elements' work on `data`: the work done, and whether it is sorted.
    pub(crate) fn step(&mut self, data: &mut [u32], budget: usize) -> (usize, bool) {
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
                // A bucket below the top shares its top byte at least: what is left to
                // sort are its low `shift + 8` bits. The whole array, however small,
                // gets its pass first.
                Some(bucket) if bucket.shift < 24 && bucket.hi - bucket.lo <= self.leaf => {
                    let leaf = &mut data[bucket.lo..bucket.hi];
                    sort_low_bits(leaf, &mut self.scratch, bucket.shift + 8);
                    bucket.hi - bucket.lo
                }
                Some(bucket) if bucket.hi - bucket.lo <= SMALL => {
                    data[bucket.lo..bucket.hi].sort_unstable();
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

/// Sorts `bucket`, whose elements agree on every bit above their lowest `low_bits`: least
/// significant digit first, through `scratch`. Digits are 12 bits where a bucket is large
/// enough to fill 4096 counters (two passes for the 24 bits below a shared top byte),
/// else 8 bits. A pass whose digit is the same in every element is skipped.
fn sort_low_bits(bucket: &mut [u32], scratch: &mut Vec<u32>, low_bits: u32) {
    let len = bucket.len();
    if len <= SMALL {
        bucket.sort_unstable();
        return;
    }
    let bits = if low_bits > 16 && len >= 1 << 12 {
        12
    } else {
        8
    };
    let passes = low_bits.div_ceil(bits) as usize;
    let digits = 1 << bits;
    let mask = digits as u32 - 1;
    // Every pass's counts from one read of the bucket.
    let mut counts = vec![0usize; passes * digits];
    for &value in bucket.iter() {
        for pass in 0..passes {
            counts[pass * digits + ((value >> (pass as u32 * bits)) & mask) as usize] += 1;
        }
    }
    scratch.clear();
    scratch.resize(len, 0);
    let (mut from, mut to) = (bucket, scratch.as_mut_slice());
    let mut in_scratch = false;
    for (pass, next) in counts.chunks_exact_mut(digits).enumerate() {
        if next.contains(&len) {
            continue;
        }
        // Counts become each digit's next place.
        let mut place = 0;
        for slot in next.iter_mut() {
            (*slot, place) = (place, place + *slot);
        }
        let shift = pass as u32 * bits;
        for &value in from.iter() {
            let digit = ((value >> shift) & mask) as usize;
            to[next[digit]] = value;
            next[digit] += 1;
        }
        std::mem::swap(&mut from, &mut to);
        in_scratch = !in_scratch;
    }
    if in_scratch {
        // The last pass wrote into the scratch buffer (`from` now): back into the bucket.
        to.copy_from_slice(from);
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

    /// xorshift32 from `seed`: enough spread for a test's data.
    fn xorshift(mut seed: u32) -> impl FnMut() -> u32 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        }
    }

    #[test]
    fn every_distribution_and_budget_sorts_like_the_reference() {
        let mut random = xorshift(0x1234_5678);
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

    #[test]
    fn leaves_sort_their_low_bits_with_either_digit_width() {
        let mut random = xorshift(0x9e37_79b9);
        let mut scratch = Vec::new();
        // Sizes on both sides of SMALL and of the 12-bit digits' 4096.
        for len in [2, SMALL, SMALL + 1, 4095, 4096, 100_000] {
            for low_bits in [8, 16, 24] {
                let shared = random() & !((1u32 << low_bits) - 1);
                let mask = (1u32 << low_bits) - 1;
                let bucket: Vec<u32> = (0..len).map(|_| shared | (random() & mask)).collect();
                let mut expected = bucket.clone();
                reference_sort(&mut expected);
                let mut sorted = bucket;
                sort_low_bits(&mut sorted, &mut scratch, low_bits);
                assert_eq!(sorted, expected, "{len} elements, {low_bits} low bits");
            }
        }
    }

    #[test]
    fn a_million_in_one_top_byte_takes_a_second_pass() {
        let data: Vec<u32> = (0..1_000_000u32)
            .map(|i| 0x7f00_0000 | i.wrapping_mul(0x9e37_79b9) >> 8)
            .collect();
        let mut expected = data.clone();
        reference_sort(&mut expected);
        let mut sorted = data;
        radix_sort(&mut sorted);
        assert_eq!(sorted, expected);
    }
}
