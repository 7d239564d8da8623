//! The radix sort on the rayon pool. Its first pass is the one that needs the threads
//! most (about half of the one-thread sort in wasm, and it touches all of memory), so
//! here it is split too: every thread counts its own tile of the array, then moves its
//! tile's elements into their buckets in a second array, each thread into its own
//! stretches of it (disjoint slices, so safe Rust). The buckets are then sorted as
//! [`radix_sort`] sorts them, spread over the threads, and copied back.
//!
//! That second array is as large as the data. Where it would not fit beside the data in
//! the engine's memory (above [`SCRATCH_MAX_LEN`]), the first pass runs in place on the
//! calling thread instead, as [`radix_sort`]'s does, and only the buckets are parallel.

use super::{Bucket, InSteps, LEAF, Pass, SMALL, distribute, radix_sort_until};
use rayon::prelude::*;

/// The longest sort given a second array for its parallel first pass: 128 Mi u32, so data
/// and scratch take 1 GiB of the engine's 2 GiB (the largest sort, 256 Mi, takes the
/// other way).
pub const SCRATCH_MAX_LEN: usize = 1 << 27;

/// Sorts `data` ascending on the rayon pool. On a pool of one thread, exactly
/// [`radix_sort`], so the threaded build loses nothing there.
pub fn radix_sort_parallel(data: &mut [u32]) {
    sort_on_pool(data, SCRATCH_MAX_LEN, &|| false);
}

/// [`radix_sort_parallel`], asking `stop` between pieces of work (a tile of the first
/// pass, a bucket, a piece of a bucket's sort): once it says yes, the sort ends there,
/// `data` part-sorted (or, stopped inside the first pass, part-overwritten).
pub fn radix_sort_parallel_until(data: &mut [u32], stop: &(dyn Fn() -> bool + Sync)) {
    sort_on_pool(data, SCRATCH_MAX_LEN, stop);
}

/// [`radix_sort_parallel`], with a second array only up to `scratch_max_len` elements.
fn sort_on_pool(data: &mut [u32], scratch_max_len: usize, stop: &(dyn Fn() -> bool + Sync)) {
    let threads = rayon::current_num_threads();
    if threads == 1 || data.len() <= LEAF {
        return radix_sort_until(data, stop);
    }
    if data.len() <= scratch_max_len {
        split_into_scratch(data, threads, stop);
    } else {
        let buckets = split_in_place(data);
        sort_buckets(data, &buckets, stop);
    }
}

/// The first pass over the top byte by every thread at once: each tile of `data` is
/// counted, then moved into its own stretch of a second array, ordered there by top byte
/// (so each thread writes into one slice of its own). Then each bucket gathers its pieces
/// from every tile straight into its final place in `data`, and is sorted there.
fn split_into_scratch(data: &mut [u32], threads: usize, stop: &(dyn Fn() -> bool + Sync)) {
    // A few tiles per thread, so a thread that is descheduled for a moment holds up less.
    let tile = data.len().div_ceil(4 * threads);
    let counts: Vec<[usize; 256]> = data
        .par_chunks(tile)
        .map(|chunk| {
            let mut counts = [0; 256];
            if !stop() {
                chunk.iter().for_each(|&v| counts[(v >> 24) as usize] += 1);
            }
            counts
        })
        .collect();
    if stop() {
        return;
    }
    // Where each digit starts within each tile's stretch.
    let starts: Vec<[usize; 256]> = counts.iter().map(exclusive_sums).collect();
    let mut scratch = vec![0u32; data.len()];
    scratch
        .par_chunks_mut(tile)
        .zip(data.par_chunks(tile))
        .zip(&starts)
        .for_each(|((stretch, chunk), starts)| {
            if stop() {
                return;
            }
            let mut next = *starts;
            for &v in chunk {
                let digit = (v >> 24) as usize;
                stretch[next[digit]] = v;
                next[digit] += 1;
            }
        });
    // Each bucket's final place in `data`, and its pieces in the tiles' stretches.
    let sizes: Vec<usize> = (0..256)
        .map(|d| counts.iter().map(|c| c[d]).sum())
        .collect();
    let mut places = Vec::with_capacity(256);
    let mut rest = data;
    for &size in &sizes {
        let (place, tail) = std::mem::take(&mut rest).split_at_mut(size);
        places.push(place);
        rest = tail;
    }
    let scratch = &scratch;
    places
        .into_par_iter()
        .enumerate()
        .for_each(|(digit, place)| {
            if stop() {
                return;
            }
            let mut at = 0;
            for (t, (starts, counts)) in starts.iter().zip(&counts).enumerate() {
                let piece = &scratch[t * tile + starts[digit]..][..counts[digit]];
                place[at..at + piece.len()].copy_from_slice(piece);
                at += piece.len();
            }
            InSteps::of(place.len(), 16, LEAF).run_until(place, stop);
        });
}

/// Each digit's first place, from the digits' counts.
fn exclusive_sums(counts: &[usize; 256]) -> [usize; 256] {
    let mut starts = [0; 256];
    let mut place = 0;
    for (start, count) in starts.iter_mut().zip(counts) {
        (*start, place) = (place, place + count);
    }
    starts
}

/// The first pass over the top byte, in place on the calling thread: the buckets it made.
fn split_in_place(data: &mut [u32]) -> Vec<Bucket> {
    if data.len() <= SMALL {
        data.sort_unstable();
        return Vec::new();
    }
    let whole = Bucket {
        lo: 0,
        hi: data.len(),
        shift: 24,
    };
    let mut pass = Pass::Count {
        at: 0,
        counts: Box::new([0; 256]),
    };
    loop {
        if let (_, Some(mut buckets)) = distribute(data, &whole, &mut pass, usize::MAX) {
            buckets.reverse();
            return buckets;
        }
    }
}

/// Sorts each of `buckets` (ascending, disjoint, each sharing its top byte) of `data` as
/// [`radix_sort`] would, spread over the pool.
fn sort_buckets(data: &mut [u32], buckets: &[Bucket], stop: &(dyn Fn() -> bool + Sync)) {
    // Cut `data` into the buckets' disjoint slices, so each thread can own the ones it sorts.
    let mut slices = Vec::with_capacity(buckets.len());
    let (mut rest, mut at) = (data, 0);
    for bucket in buckets {
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(bucket.lo - at);
        let (slice, tail) = tail.split_at_mut(bucket.hi - bucket.lo);
        slices.push((slice, bucket.shift));
        (rest, at) = (tail, bucket.hi);
    }
    slices.into_par_iter().for_each(|(slice, shift)| {
        InSteps::of(slice.len(), shift, LEAF).run_until(slice, stop);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sort::{generate, reference_sort};

    #[test]
    fn both_first_passes_sort_like_the_reference() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let job = generate(LEAF * 5 + 321);
        let skewed: Vec<u32> = job.iter().map(|v| v & 0x03ff_ffff).collect();
        for input in [job, skewed] {
            let mut expected = input.clone();
            reference_sort(&mut expected);
            for scratch_max_len in [0, usize::MAX] {
                let mut sorted = input.clone();
                pool.install(|| sort_on_pool(&mut sorted, scratch_max_len, &|| false));
                assert_eq!(sorted, expected, "second array up to {scratch_max_len}");
            }
        }
    }
}
