//! PBKDF2-HMAC-SHA256 over many passwords: slow by design, one key per password.

use crate::digest::short_hex;
use crate::pbkdf2x4;
use crate::progress::{Observer, Phase, Quiet, unit};
use crate::sha256x4::{Lanes, Pairs};
use sha2::{Digest, Sha256};

/// The salt every job's passwords share; the passwords themselves differ. Public so the
/// page's WebCrypto peer derives the very same keys.
pub const SALT: &[u8] = b"offload-salt";

/// One 32-byte PBKDF2-HMAC-SHA256 key, by the jobs' own four-lane form (one lane used).
pub fn derive_key(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    pbkdf2x4::derive_many(&[password], salt, iterations)[0]
}

/// The same key by RustCrypto's `pbkdf2`: the reference the four-lane form is tested against.
pub fn reference_key(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut key);
    key
}

/// The job's `index`-th password.
pub fn password(index: u32) -> String {
    format!("password-{index}")
}

/// The keys of the job's passwords `first..first + count`, four at a time.
pub fn keys_for(first: u32, count: u32, iterations: u32) -> Vec<[u8; 32]> {
    let passwords: Vec<String> = (first..first + count).map(password).collect();
    let passwords: Vec<&[u8]> = passwords.iter().map(|p| p.as_bytes()).collect();
    pbkdf2x4::derive_many(&passwords, SALT, iterations)
}

/// How many passwords a group derives together, and in which form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Width {
    /// One password per lane of [`Lanes`]: the fastest per password.
    Four,
    /// Two doubled in [`Pairs`]: about 0.72 of a group of four's time (V8, simd128).
    Two,
}

/// `count` passwords from `first` cut into groups for `threads` threads: (first password,
/// size, form). A group of four costs the same whether one lane or four are in use, so:
/// rounds of four per thread, then the passwords left after the last full round, if at
/// most two per thread, in groups of two (4 passwords on 2 threads: two groups of two at
/// once, not one of four; 5 on one thread: four, then a group of one at 0.72 the cost).
fn groups(first: u32, count: u32, threads: usize) -> Vec<(u32, u32, Width)> {
    let threads = threads.max(1) as u32;
    let tail = count % (4 * threads);
    let fours = if tail <= 2 * threads {
        count - tail
    } else {
        count
    };
    let cut = |from: u32, to: u32, size: u32, width: Width| {
        (from..to)
            .step_by(size as usize)
            .map(move |g| (g, (to - g).min(size), width))
    };
    cut(first, first + fours, 4, Width::Four)
        .chain(cut(first + fours, first + count, 2, Width::Two))
        .collect()
}

/// Iterations a group does between two looks at [`Observer::cancelled`]: about a
/// millisecond in wasm (a job may ask 10 million iterations of one password).
const ITERATION_SLICE: u32 = 1 << 10;

/// The keys of the job's passwords `first..first + n`, derived together in one `width`
/// group as one unit of `observer`'s, asking it between slices of [`ITERATION_SLICE`]
/// iterations whether to stop: then the keys are left unfinished (meaningless; the caller
/// discards them).
fn group_keys_observed<O: Observer + ?Sized>(
    first: u32,
    n: u32,
    width: Width,
    iterations: u32,
    observer: &O,
) -> Vec<[u8; 32]> {
    fn derive<W: pbkdf2x4::Iterate, O: Observer + ?Sized>(
        passwords: &[&[u8]],
        iterations: u32,
        observer: &O,
    ) -> Vec<[u8; 32]> {
        let mut group = pbkdf2x4::Group::<W>::new(passwords, SALT, iterations);
        while group.remaining() > 0 && !observer.cancelled() {
            group.step(ITERATION_SLICE);
        }
        group.keys().collect()
    }
    if observer.cancelled() {
        return Vec::new();
    }
    let passwords: Vec<String> = (first..first + n).map(password).collect();
    let passwords: Vec<&[u8]> = passwords.iter().map(|p| p.as_bytes()).collect();
    unit(observer, n.into(), || match width {
        Width::Four => derive::<Lanes, O>(&passwords, iterations, observer),
        Width::Two => derive::<Pairs, O>(&passwords, iterations, observer),
    })
}

/// The keys of passwords `first..first + count` on the calling thread, telling `observer`
/// of each group.
pub fn keys_observed<O: Observer + ?Sized>(
    first: u32,
    count: u32,
    iterations: u32,
    observer: &O,
) -> Vec<[u8; 32]> {
    groups(first, count, 1)
        .into_iter()
        .flat_map(|(g, n, width)| group_keys_observed(g, n, width, iterations, observer))
        .collect()
}

/// The key of the job's `index`-th password.
pub fn key_for(index: u32, iterations: u32) -> [u8; 32] {
    derive_key(password(index).as_bytes(), SALT, iterations)
}

/// A digest over every derived key, in password order (also over keys derived elsewhere,
/// such as by WebCrypto, so that they are checked against the job's own).
pub fn checksum(keys: impl IntoIterator<Item = [u8; 32]>) -> String {
    let mut all = Sha256::new();
    keys.into_iter().for_each(|k| all.update(k));
    short_hex(&all.finalize())
}

/// The work units of a hash job: one per password (the checksum is too small to count).
pub fn units(count: u32) -> u64 {
    count.into()
}

/// Derives every key on the calling thread.
pub fn sequential(count: u32, iterations: u32) -> String {
    sequential_observed(count, iterations, &Quiet)
}

/// [`sequential`], telling `observer` of each password.
pub fn sequential_observed<O: Observer + ?Sized>(
    count: u32,
    iterations: u32,
    observer: &O,
) -> String {
    observer.phase(Phase::Derive);
    let keys = keys_observed(0, count, iterations, observer);
    observer.phase(Phase::Checksum);
    checksum(keys)
}

/// Spreads the passwords across the pool; keys are collected in order before digesting.
#[cfg(feature = "parallel")]
pub fn parallel(count: u32, iterations: u32) -> String {
    parallel_observed(count, iterations, &Quiet)
}

/// [`parallel`], telling `observer` of each password on the thread that derived it.
#[cfg(feature = "parallel")]
pub fn parallel_observed<O: Observer + Sync + ?Sized>(
    count: u32,
    iterations: u32,
    observer: &O,
) -> String {
    use rayon::prelude::*;
    observer.phase(Phase::Derive);
    // Groups of passwords derived together are the unit of parallel work.
    let groups = groups(0, count, rayon::current_num_threads());
    let keys: Vec<Vec<[u8; 32]>> = groups
        .into_par_iter()
        .map(|(g, n, width)| group_keys_observed(g, n, width, iterations, observer))
        .collect();
    let keys = keys.into_iter().flatten();
    observer.phase(Phase::Checksum);
    checksum(keys)
}

#[cfg(test)]
mod tests {
    use super::{Width, groups};

    #[test]
    fn groups_cover_every_password_once_in_order() {
        for threads in 1..=5 {
            for count in 0..=40 {
                let cut = groups(3, count, threads);
                let covered: Vec<u32> = cut.iter().flat_map(|&(g, n, _)| g..g + n).collect();
                assert_eq!(
                    covered,
                    (3..3 + count).collect::<Vec<_>>(),
                    "{count} on {threads}"
                );
                for (_, n, width) in cut {
                    let most = if width == Width::Four { 4 } else { 2 };
                    assert!((1..=most).contains(&n), "{count} on {threads}");
                }
            }
        }
    }

    #[test]
    fn passwords_left_after_full_rounds_go_in_pairs_when_that_is_sooner() {
        use Width::{Four, Two};
        // 4 on 2 threads: two groups of two at once, not one group of four.
        assert_eq!(groups(0, 4, 2), [(0, 2, Two), (2, 2, Two)]);
        // A full round of four per thread, and nothing left.
        assert_eq!(groups(0, 8, 2), [(0, 4, Four), (4, 4, Four)]);
        // 5 on one thread: four, then one in a pair (0.72 the cost of a group of four).
        assert_eq!(groups(0, 5, 1), [(0, 4, Four), (4, 1, Two)]);
        // 7 on one thread: three left is more than two per thread, so four again.
        assert_eq!(groups(0, 7, 1), [(0, 4, Four), (4, 3, Four)]);
        assert_eq!(groups(0, 64, 2).len(), 16);
    }
}
