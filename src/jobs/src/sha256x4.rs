//! SHA-256's block function on four messages at once, one per 32-bit lane: PBKDF2 runs the
//! same number of iterations for every password of a job, so four passwords advance in
//! lockstep. On wasm32 with `simd128` each word of the four messages is one `v128`; elsewhere
//! (the native tests) the same code runs on `[u32; 4]`, so the arithmetic is tested natively.
//!
//! Hand-written because no crate offers a multi-buffer SHA-256 for wasm (RustCrypto's
//! `sha2` does one message at a time); the tests hold it to `sha2::compress256`.

mod lanes;
mod pairs;

pub use lanes::Lanes;
pub use pairs::Pairs;

/// The most passwords one vector of words carries ([`Lanes`]).
pub const MAX_LANES: usize = 4;

/// A vector of one u32 word from each of [`Words::LANES`] messages: the operations SHA-256
/// needs, with the rotations as a whole (each form rotates its own way).
pub trait Words: Copy {
    /// Messages (passwords) per vector.
    const LANES: usize;
    fn splat(x: u32) -> Self;
    /// The first [`Words::LANES`] values, one per message (the rest are ignored).
    fn from_lanes(x: [u32; MAX_LANES]) -> Self;
    /// One value per message, then zeros.
    fn to_lanes(self) -> [u32; MAX_LANES];
    fn add_wrapping(self, o: Self) -> Self;
    fn xor(self, o: Self) -> Self;
    fn and(self, o: Self) -> Self;
    /// Each bit from `self` where `mask` has a 1, from `other` where it has a 0.
    fn select(self, other: Self, mask: Self) -> Self;
    fn shift_right(self, n: u32) -> Self;
    /// rotr(x, a) XOR rotr(x, b)
    fn rotr2(self, a: u32, b: u32) -> Self;
    /// rotr(x, a) XOR rotr(x, b) XOR rotr(x, c)
    fn rotr3(self, a: u32, b: u32, c: u32) -> Self;
}

/// FIPS 180-4 §4.2.2: the round constants (as in RustCrypto `sha2`'s consts.rs).
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// Compresses one 64-byte block of each of four messages (`block[i]` is word i of the
/// four) into their four states.
#[inline(always)]
// The last round's a XOR b is stored for a next round that never comes.
#[allow(unused_assignments)]
pub fn compress<W: Words>(state: &mut [W; 8], block: &[W; 16]) {
    let mut w = *block;
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    // b XOR c for Maj: each round's a XOR b is the next round's b XOR c.
    let mut bc = b.xor(c);
    // Unrolled: a rolled loop kept the schedule in linear memory with computed indexes,
    // and branched on the round in the wasm; unrolled, every word is a local.
    eight_rounds!(0, w, bc, a b c d e f g h);
    eight_rounds!(8, w, bc, a b c d e f g h);
    eight_rounds!(16, w, bc, a b c d e f g h);
    eight_rounds!(24, w, bc, a b c d e f g h);
    eight_rounds!(32, w, bc, a b c d e f g h);
    eight_rounds!(40, w, bc, a b c d e f g h);
    eight_rounds!(48, w, bc, a b c d e f g h);
    eight_rounds!(56, w, bc, a b c d e f g h);
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.add_wrapping(v);
    }
}

/// Bits of a message after one earlier 64-byte block and a 32-byte digest: HMAC's inner
/// or outer hash of a digest (the key's pad block, then the digest).
const DIGEST_MESSAGE_BITS: u32 = (64 + 32) * 8;

/// [`compress`] of the last block of a 96-byte message whose last 32 bytes are `digest`:
/// every PBKDF2 iteration's two blocks. Words 8 to 15 are the fixed padding (0x80, zeros,
/// the length), so inlined, the compiler folds them into the round constants and drops
/// the schedule's terms that are zero or constant.
#[inline(always)]
pub fn compress_digest_block<W: Words>(state: &mut [W; 8], digest: &[W; 8]) {
    let mut block = [W::splat(0); 16];
    block[..8].copy_from_slice(digest);
    block[8] = W::splat(0x8000_0000);
    block[15] = W::splat(DIGEST_MESSAGE_BITS);
    compress(state, &block);
}

/// Round `i` (FIPS 180-4 §6.2.2 step 3) with the working variables named in this round's
/// order; it writes the new `a` into `h` and the new `e` into `d`, so the caller rotates
/// the names instead of moving eight values.
macro_rules! round {
    ($i:expr, $w:ident, $bc:ident, $a:ident $b:ident $c:ident $d:ident $e:ident $f:ident $g:ident $h:ident) => {
        // K + W first: constant for the padding words, folded at compile time.
        let kw = word(&mut $w, $i).add_wrapping(W::splat(K[$i]));
        let ch = $f.select($g, $e);
        let t1 = $h
            .add_wrapping(big_sigma1($e))
            .add_wrapping(ch)
            .add_wrapping(kw);
        let ab = $a.xor($b);
        // Maj(a, b, c) = b XOR ((a XOR b) AND (b XOR c)): where a = b that is b, else c.
        let maj = $b.xor(ab.and($bc));
        $bc = ab;
        $d = $d.add_wrapping(t1);
        $h = t1.add_wrapping(big_sigma0($a).add_wrapping(maj));
    };
}

/// Rounds `i` to `i + 7`: after eight the names are back in their first order.
macro_rules! eight_rounds {
    ($i:expr, $w:ident, $bc:ident, $a:ident $b:ident $c:ident $d:ident $e:ident $f:ident $g:ident $h:ident) => {
        round!($i, $w, $bc, $a $b $c $d $e $f $g $h);
        round!($i + 1, $w, $bc, $h $a $b $c $d $e $f $g);
        round!($i + 2, $w, $bc, $g $h $a $b $c $d $e $f);
        round!($i + 3, $w, $bc, $f $g $h $a $b $c $d $e);
        round!($i + 4, $w, $bc, $e $f $g $h $a $b $c $d);
        round!($i + 5, $w, $bc, $d $e $f $g $h $a $b $c);
        round!($i + 6, $w, $bc, $c $d $e $f $g $h $a $b);
        round!($i + 7, $w, $bc, $b $c $d $e $f $g $h $a);
    };
}
use {eight_rounds, round};

/// Word `i` of the message schedule, kept as a window of the last 16 (FIPS 180-4 §6.2.2
/// step 1): the block's own words, then each from four earlier ones.
#[inline(always)]
fn word<W: Words>(w: &mut [W; 16], i: usize) -> W {
    if i >= 16 {
        let sigma0 = small_sigma0(w[(i + 1) % 16]);
        let sigma1 = small_sigma1(w[(i + 14) % 16]);
        w[i % 16] = w[i % 16]
            .add_wrapping(sigma0)
            .add_wrapping(w[(i + 9) % 16])
            .add_wrapping(sigma1);
    }
    w[i % 16]
}

#[inline(always)]
fn big_sigma0<W: Words>(x: W) -> W {
    x.rotr3(2, 13, 22)
}

#[inline(always)]
fn big_sigma1<W: Words>(x: W) -> W {
    x.rotr3(6, 11, 25)
}

#[inline(always)]
fn small_sigma0<W: Words>(x: W) -> W {
    x.rotr2(7, 18).xor(x.shift_right(3))
}

#[inline(always)]
fn small_sigma1<W: Words>(x: W) -> W {
    x.rotr2(17, 19).xor(x.shift_right(10))
}
