//! Checksums over whole outputs, computed in chunks so that the sequential and the
//! parallel form of a job hash the same bytes the same way and give the same digest.
//!
//! A chunk's digest is XXH3-128 of its bytes; the checksum is SHA-256 over the length and
//! every chunk digest in order. XXH3 is not a cryptographic hash, and need not be: it
//! guards against a wrong sort, not an adversary. It replaced SHA-256 for the chunks
//! (checksums changed once, in issue 8) because SHA-256 of 80 MB took 216 ms of a 725 ms
//! sort job in wasm; XXH3 (wasm `simd128` in the crate) reads it in a fraction of that.

use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::xxh3_128;

/// Elements per chunk when hashing a large array: big enough that a chunk's digest costs
/// far more than scheduling it on a pool, small enough that a pool of any size gets many.
pub const CHUNK: usize = 1 << 16;

/// One chunk's digest: XXH3-128, little-endian.
pub type ChunkDigest = [u8; 16];

/// XXH3-128 of one chunk of u32, fed as little-endian bytes so every platform agrees.
pub fn chunk_digest(chunk: &[u32]) -> ChunkDigest {
    xxh3_128(&le_bytes(chunk)).to_le_bytes()
}

/// The chunk's bytes as they lie in memory, on the little-endian targets (wasm, x86, arm).
#[cfg(target_endian = "little")]
fn le_bytes(chunk: &[u32]) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Borrowed(bytemuck::cast_slice(chunk))
}

/// Elsewhere, a little-endian copy, so the checksum is the same on every platform.
#[cfg(not(target_endian = "little"))]
fn le_bytes(chunk: &[u32]) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(chunk.iter().flat_map(|x| x.to_le_bytes()).collect())
}

/// Combines the length and the chunk digests, in order, into the checksum shown in the page.
pub fn combine(len: usize, chunk_digests: impl IntoIterator<Item = ChunkDigest>) -> String {
    let mut top = Sha256::new();
    top.update((len as u64).to_le_bytes());
    for d in chunk_digests {
        top.update(d);
    }
    short_hex(&top.finalize())
}

/// The first 8 bytes of a digest as 16 hex digits: plenty to tell two outputs apart.
pub fn short_hex(digest: &[u8]) -> String {
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}
