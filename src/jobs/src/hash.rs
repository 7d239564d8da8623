//! PBKDF2-HMAC-SHA256 over many passwords: slow by design, one key per password.

use crate::digest::short_hex;
use crate::progress::{Observer, Phase, Quiet, unit};
use sha2::{Digest, Sha256};

/// The salt every job's passwords share; the passwords themselves differ. Public so the
/// page's WebCrypto peer derives the very same keys.
pub const SALT: &[u8] = b"offload-salt";

/// One 32-byte PBKDF2-HMAC-SHA256 key (RustCrypto's implementation).
pub fn derive_key(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut key);
    key
}

/// The job's `index`-th password.
pub fn password(index: u32) -> String {
    format!("password-{index}")
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
    let keys: Vec<[u8; 32]> = (0..count)
        .map(|i| unit(observer, 1, || key_for(i, iterations)))
        .collect();
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
    let keys: Vec<[u8; 32]> = (0..count)
        .into_par_iter()
        .map(|i| unit(observer, 1, || key_for(i, iterations)))
        .collect();
    observer.phase(Phase::Checksum);
    checksum(keys)
}
