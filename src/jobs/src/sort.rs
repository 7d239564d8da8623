//! Sort `len` pseudo-random u32 ascending, check the result, and checksum all of it.
//!
//! The sort is [`crate::radix`]'s radix sort, on one thread, in pieces (the chunked form)
//! or on the pool (its first pass split among the threads too). Before issue 8
//! it was `sort_unstable` (a pattern-defeating quicksort): 449 ms for 20M u32 in the
//! page's worker. `sort_unstable` stays as the plain reference the tests compare every
//! form with.

use crate::digest::{CHUNK, chunk_digest, combine};
use crate::progress::{Observer, Phase, Quiet, unit};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The fixed seed: the same `len` always sorts the same numbers, in every mode.
const SEED: u64 = 0x0FF1_0AD0_5EED;

/// Fills one chunk from its own generator, seeded by the chunk's index, so the array can
/// be generated chunk by chunk on any number of threads and come out identical.
pub(crate) fn fill_chunk(index: usize, chunk: &mut [u32]) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED.wrapping_add(index as u64));
    chunk.iter_mut().for_each(|x| *x = rng.next_u32());
}

/// The unsorted input for `len`.
pub fn generate(len: usize) -> Vec<u32> {
    generate_range(0, len)
}

/// Elements `[start, start + len)` of the unsorted input of any job at least that long:
/// each chunk has its own generator, so a worker that shares no memory with the others
/// can make its own slice and get exactly what [`generate`] puts there. `start` must be a
/// multiple of [`CHUNK`] (a slice starting mid-chunk would need the generator's state
/// part-way through, which only costs more to reach).
pub fn generate_range(start: usize, len: usize) -> Vec<u32> {
    assert!(
        start.is_multiple_of(CHUNK),
        "a range of the input must start on a chunk boundary"
    );
    let first = start / CHUNK;
    let mut data = vec![0; len];
    data.chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(i, c)| fill_chunk(first + i, c));
    data
}

pub use crate::radix::radix_sort;
#[cfg(feature = "parallel")]
pub use crate::radix::radix_sort_parallel;

/// The plain reference sort the tests hold every radix form to.
pub fn reference_sort(data: &mut [u32]) {
    data.sort_unstable();
}

/// Panics unless `data` is ascending: a wrong sort must never produce a checksum.
pub(crate) fn assert_sorted(sorted: bool) {
    assert!(sorted, "sort produced an array that is not ascending");
}

/// The work units of a sort of `len`: each of its four phases counts one per [`CHUNK`].
pub fn units(len: usize) -> u64 {
    4 * chunks(len)
}

/// How many [`CHUNK`]s `len` elements fill (the last may be partial).
pub fn chunks(len: usize) -> u64 {
    len.div_ceil(CHUNK) as u64
}

/// Generate, sort, verify and checksum on the calling thread.
pub fn sequential(len: usize) -> String {
    sequential_observed(len, &Quiet)
}

/// [`sequential`], telling `observer` of each phase and chunk. The sort and the check run
/// over the whole array at once, so each counts its chunks when it ends. Cancelled, it
/// skips what is left from the next chunk, sort piece or phase on (and returns nothing).
pub fn sequential_observed<O: Observer + ?Sized>(len: usize, observer: &O) -> String {
    let chunks = chunks(len);
    observer.phase(Phase::Generate);
    let mut data = vec![0; len];
    data.chunks_mut(CHUNK).enumerate().for_each(|(i, c)| {
        if !observer.cancelled() {
            unit(observer, 1, || fill_chunk(i, c));
        }
    });
    let stop = || observer.cancelled();
    if stop() {
        return String::new();
    }
    observer.phase(Phase::Sort);
    unit(observer, chunks, || {
        crate::radix::radix_sort_until(&mut data, stop)
    });
    if stop() {
        return String::new();
    }
    observer.phase(Phase::Verify);
    assert_sorted(unit(observer, chunks, || data.is_sorted()));
    observer.phase(Phase::Checksum);
    let digests = data
        .chunks(CHUNK)
        .map(|c| unit(observer, 1, || chunk_digest(c)));
    combine(len, digests)
}

/// The same on the rayon pool: generation, sort, check and chunk digests all parallel.
#[cfg(feature = "parallel")]
pub fn parallel(len: usize) -> String {
    parallel_observed(len, &Quiet)
}

/// [`parallel`], telling `observer` of each phase, and of each chunk on the thread that
/// made it. Inside rayon's sort the threads cannot be seen, so the sort counts as one
/// unit of the thread that started it. Cancelled, it skips what is left from the next
/// chunk, bucket or phase on (and returns nothing).
#[cfg(feature = "parallel")]
pub fn parallel_observed<O: Observer + Sync + ?Sized>(len: usize, observer: &O) -> String {
    use rayon::prelude::*;
    let chunks = chunks(len);
    let stop = || observer.cancelled();
    observer.phase(Phase::Generate);
    let mut data = vec![0; len];
    data.par_chunks_mut(CHUNK).enumerate().for_each(|(i, c)| {
        if !stop() {
            unit(observer, 1, || fill_chunk(i, c));
        }
    });
    if stop() {
        return String::new();
    }
    observer.phase(Phase::Sort);
    unit(observer, chunks, || {
        crate::radix::radix_sort_parallel_until(&mut data, &stop)
    });
    if stop() {
        return String::new();
    }
    observer.phase(Phase::Verify);
    let sorted = unit(observer, chunks, || is_sorted_parallel(&data));
    assert_sorted(sorted);
    observer.phase(Phase::Checksum);
    let digests: Vec<crate::digest::ChunkDigest> = data
        .par_chunks(CHUNK)
        .map(|c| unit(observer, 1, || chunk_digest(c)))
        .collect();
    combine(len, digests)
}

/// Whether `data` is ascending, checked a chunk per task: each chunk with the slice's own
/// `is_sorted` (a tight loop the compiler vectorises), then each chunk's first element
/// against the previous chunk's last. `par_windows(2)` made one closure call per element:
/// 3.1x slower natively on one thread (28 against 9 ms for 20M), and in the engine it
/// made the pool's one-thread verify 37 ms where `worker`'s took 20 (issue 16).
#[cfg(feature = "parallel")]
pub(crate) fn is_sorted_parallel(data: &[u32]) -> bool {
    use rayon::prelude::*;
    let seams_hold = data
        .chunks(CHUNK)
        .zip(data.chunks(CHUNK).skip(1))
        .all(|(before, after)| before[before.len() - 1] <= after[0]);
    seams_hold && data.par_chunks(CHUNK).all(|c| c.is_sorted())
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::{CHUNK, is_sorted_parallel};

    /// One element out of place fails the check wherever it is: inside a chunk, on
    /// either side of a seam between chunks, in the last (partial) chunk.
    #[test]
    fn one_element_out_of_place_is_found_anywhere() {
        let len = 3 * CHUNK + 17;
        let sorted: Vec<u32> = (0..len as u32).map(|v| v * 2).collect();
        assert!(is_sorted_parallel(&sorted));
        assert!(is_sorted_parallel(&[]) && is_sorted_parallel(&[7]));
        for at in [5, CHUNK - 1, CHUNK, 2 * CHUNK + 1, len - 1] {
            let mut data = sorted.clone();
            data[at] = if at == 0 { u32::MAX } else { data[at - 1] - 1 };
            assert!(
                !is_sorted_parallel(&data),
                "missed the element out of place at {at}"
            );
        }
    }
}
