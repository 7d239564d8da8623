//! PBKDF2-HMAC-SHA256 over many passwords: slow by design, one key per password.

use crate::digest::short_hex;
use crate::pbkdf2x4::{self, LANES};
use crate::progress::{Observer, Phase, Quiet, unit};
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

/// `count` passwords from `first` in groups of [`LANES`]: (first of the group, its size).
fn groups(first: u32, count: u32) -> impl Iterator<Item = (u32, u32)> {
    (first..first + count)
        .step_by(LANES)
        .map(move |g| (g, (first + count - g).min(LANES as u32)))
}

/// The keys of passwords `first..first + count`, telling `observer` of each group of four.
pub fn keys_observed<O: Observer + ?Sized>(
    first: u32,
    count: u32,
    iterations: u32,
    observer: &O,
) -> Vec<[u8; 32]> {
    groups(first, count)
        .flat_map(|(g, n)| unit(observer, n.into(), || keys_for(g, n, iterations)))
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
    // Groups of four passwords (one per SIMD lane) are the unit of parallel work.
    let groups: Vec<(u32, u32)> = groups(0, count).collect();
    let keys: Vec<Vec<[u8; 32]>> = groups
        .into_par_iter()
        .map(|(g, n)| unit(observer, n.into(), || keys_for(g, n, iterations)))
        .collect();
    let keys = keys.into_iter().flatten();
    observer.phase(Phase::Checksum);
    checksum(keys)
}
