//! Checksums over whole outputs, computed in chunks so that the sequential and the
//! parallel form of a job hash the same bytes the same way and give the same digest.

use sha2::{Digest, Sha256};

/// Elements per chunk when hashing a large array: big enough that a chunk's digest costs
/// far more than scheduling it on a pool, small enough that a pool of any size gets many.
pub const CHUNK: usize = 1 << 16;

/// SHA-256 of one chunk of u32, fed as little-endian bytes so every platform agrees.
pub fn chunk_digest(chunk: &[u32]) -> [u8; 32] {
    let bytes: Vec<u8> = chunk.iter().flat_map(|x| x.to_le_bytes()).collect();
    Sha256::digest(&bytes).into()
}

/// Combines the length and the chunk digests, in order, into the checksum shown in the page.
pub fn combine(len: usize, chunk_digests: impl IntoIterator<Item = [u8; 32]>) -> String {
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
