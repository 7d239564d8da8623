//! PBKDF2-HMAC-SHA256 for four passwords at once, one per SIMD lane ([`crate::sha256x4`]),
//! or two in the doubled form ([`crate::sha256x4::Pairs`]) where fewer are to be derived.
//! Every PBKDF2 iteration MACs 32 bytes with the same key, so:
//! - each password's HMAC inner and outer pad blocks are compressed once (RFC 2104);
//! - an iteration's two messages (U, then the inner digest) each fill one block after the
//!   pad block, with fixed padding: an iteration is exactly two compressions, and with
//!   four lanes it is two compressions for four passwords.
//!
//! RustCrypto's `pbkdf2` stays the reference (`hash::reference_key`); the tests hold this to
//! it on published vectors and random inputs.

use crate::sha256x4::{Lanes, MAX_LANES, Pairs, Words, compress_digest_block};
use hmac::{Hmac, Mac};
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256, compress256};

/// SHA-256's initial state (FIPS 180-4 §5.3.3).
pub const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// Passwords per group in the usual form: the lanes of a `v128` of u32.
pub const LANES: usize = Lanes::LANES;

/// One password's eight state words.
type State = [u32; 8];

/// The SHA-256 states after the key's inner and outer pad blocks: HMAC's fixed prefix.
fn pad_states(key: &[u8]) -> (State, State) {
    // RFC 2104: a key longer than the block is hashed first; a shorter one is padded.
    let mut block = [0u8; 64];
    if key.len() > block.len() {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| {
        let mut state = IV;
        let padded = block.map(|k| k ^ byte);
        compress256(&mut state, &[GenericArray::clone_from_slice(&padded)]);
        state
    };
    (pad(0x36), pad(0x5c))
}

/// PBKDF2's U1 for the first 32-byte block: HMAC(P, S ‖ INT(1)). The salt may be any length,
/// so this one MAC per password goes through RustCrypto's general HMAC.
fn first_u(password: &[u8], salt: &[u8]) -> State {
    let mut mac = Hmac::<Sha256>::new_from_slice(password).expect("HMAC takes keys of any length");
    mac.update(salt);
    mac.update(&1u32.to_be_bytes());
    let bytes: [u8; 32] = mac.finalize().into_bytes().into();
    std::array::from_fn(|i| u32::from_be_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()))
}

/// Word w of the lanes' values: `[lane][word]` to `[word]` in lanes.
fn to_lanes<W: Words>(values: [State; MAX_LANES]) -> [W; 8] {
    std::array::from_fn(|w| W::from_lanes(std::array::from_fn(|l| values[l][w])))
}

fn to_key<W: Words>(lanes: &[W; 8], lane: usize) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (bytes, word) in key.chunks_exact_mut(4).zip(lanes) {
        bytes.copy_from_slice(&word.to_lanes()[lane].to_be_bytes());
    }
    key
}

/// Up to four passwords' keys (up to `W::LANES`) being derived together, one per lane, an
/// iteration at a time for all of them: resumable between any two iterations (the chunked
/// mode slices it).
#[derive(Clone)]
pub struct Group<W: Words = Lanes> {
    inner: [W; 8],
    outer: [W; 8],
    u: [W; 8],
    t: [W; 8],
    /// Passwords in use (the spare lanes repeat the last password).
    len: usize,
    done: u32,
    iterations: u32,
}

impl<W: Words> Group<W> {
    /// Starts the keys of 1 to `W::LANES` `passwords` (`iterations` at least 1) and does the
    /// first iteration.
    pub fn new(passwords: &[&[u8]], salt: &[u8], iterations: u32) -> Group<W> {
        assert!(
            (1..=W::LANES).contains(&passwords.len()),
            "1 to {} passwords",
            W::LANES
        );
        // Spare lanes repeat the last password; the vectors ignore lanes past W::LANES (their
        // pads cost microseconds, once per group).
        let lanes: [&[u8]; MAX_LANES] =
            std::array::from_fn(|l| passwords[l.min(passwords.len() - 1)]);
        let pads = lanes.map(pad_states);
        let u = to_lanes(lanes.map(|p| first_u(p, salt)));
        Group {
            inner: to_lanes(pads.map(|p| p.0)),
            outer: to_lanes(pads.map(|p| p.1)),
            u,
            t: u,
            len: passwords.len(),
            done: 1,
            iterations: iterations.max(1),
        }
    }

    /// Iterations still to do.
    pub fn remaining(&self) -> u32 {
        self.iterations - self.done
    }

    /// Does up to `budget` more iterations for every lane.
    pub fn step(&mut self, budget: u32)
    where
        W: Iterate,
    {
        W::iterate(self, budget);
    }

    /// `step`'s loop, instantiated only by the [`Iterate`] impls below.
    fn iterate_here(&mut self, budget: u32) {
        let now = self.remaining().min(budget);
        for _ in 0..now {
            // Each message after a pad block is a 32-byte digest: U, then the inner hash.
            let mut inner = self.inner;
            compress_digest_block(&mut inner, &self.u);
            let mut outer = self.outer;
            compress_digest_block(&mut outer, &inner);
            self.u = outer;
            for (t, u) in self.t.iter_mut().zip(&self.u) {
                *t = t.xor(*u);
            }
        }
        self.done += now;
    }

    /// The keys, once `remaining` is 0, in the passwords' order.
    pub fn keys(&self) -> impl Iterator<Item = [u8; 32]> + '_ {
        (0..self.len).map(|lane| to_key(&self.t, lane))
    }
}

/// The PBKDF2 loop of each lane form, as one non-generic function each, so that it is
/// compiled in this crate at the jobs' full optimisation whoever calls `Group::step`.
/// Release builds share no generic instances across crates: a generic `step` reached from
/// code generic over an `Observer` (the page's `JobClock`) was compiled in the page's
/// crate, which is optimised for size, and the hash ran 20 % slower there (issue 16).
pub trait Iterate: Words {
    fn iterate(group: &mut Group<Self>, budget: u32);
}

impl Iterate for Lanes {
    #[inline(never)]
    fn iterate(group: &mut Group<Lanes>, budget: u32) {
        group.iterate_here(budget);
    }
}

impl Iterate for Pairs {
    #[inline(never)]
    fn iterate(group: &mut Group<Pairs>, budget: u32) {
        group.iterate_here(budget);
    }
}

/// Keys for any number of passwords, four at a time.
pub fn derive_many(passwords: &[&[u8]], salt: &[u8], iterations: u32) -> Vec<[u8; 32]> {
    derive_many_in::<Lanes>(passwords, salt, iterations)
}

/// Keys for any number of passwords, `W::LANES` at a time.
pub fn derive_many_in<W: Iterate>(
    passwords: &[&[u8]],
    salt: &[u8],
    iterations: u32,
) -> Vec<[u8; 32]> {
    passwords
        .chunks(W::LANES)
        .flat_map(|group| {
            let mut group = Group::<W>::new(group, salt, iterations);
            group.step(u32::MAX);
            group.keys().collect::<Vec<_>>()
        })
        .collect()
}
