//! SHA-256's block function on four messages at once, one per 32-bit lane: PBKDF2 runs the
//! same number of iterations for every password of a job, so four passwords advance in
//! lockstep. On wasm32 with `simd128` each word of the four messages is one `v128`; elsewhere
//! (the native tests) the same code runs on `[u32; 4]`, so the arithmetic is tested natively.
//!
//! Hand-written because no crate offers a multi-buffer SHA-256 for wasm (RustCrypto's
//! `sha2` does one message at a time); the tests hold it to `sha2::compress256`.

pub use lanes::Lanes;

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
pub fn compress(state: &mut [Lanes; 8], block: &[Lanes; 16]) {
    let mut w = *block;
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (i, k) in K.iter().enumerate() {
        if i >= 16 {
            let w15 = w[(i + 1) % 16];
            let w2 = w[(i + 14) % 16];
            let s0 = w15.rotr(7).xor(w15.rotr(18)).xor(w15.shift_right(3));
            let s1 = w2.rotr(17).xor(w2.rotr(19)).xor(w2.shift_right(10));
            w[i % 16] = w[i % 16]
                .add_wrapping(s0)
                .add_wrapping(w[(i + 9) % 16])
                .add_wrapping(s1);
        }
        let sigma1 = e.rotr(6).xor(e.rotr(11)).xor(e.rotr(25));
        // (e AND f) XOR (NOT e AND g)
        let ch = e.and(f).xor(g.and_not(e));
        let t1 = h
            .add_wrapping(sigma1)
            .add_wrapping(ch)
            .add_wrapping(Lanes::splat(*k))
            .add_wrapping(w[i % 16]);
        let sigma0 = a.rotr(2).xor(a.rotr(13)).xor(a.rotr(22));
        let maj = a.and(b).xor(a.and(c)).xor(b.and(c));
        let t2 = sigma0.add_wrapping(maj);
        h = g;
        g = f;
        f = e;
        e = d.add_wrapping(t1);
        d = c;
        c = b;
        b = a;
        a = t1.add_wrapping(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.add_wrapping(v);
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use core::arch::wasm32::*;

    /// Four u32 lanes in one WebAssembly `v128`.
    #[derive(Clone, Copy, Debug)]
    pub struct Lanes(v128);

    impl Lanes {
        #[inline(always)]
        pub fn splat(x: u32) -> Lanes {
            Lanes(u32x4_splat(x))
        }
        #[inline(always)]
        pub fn from_array(x: [u32; 4]) -> Lanes {
            Lanes(u32x4(x[0], x[1], x[2], x[3]))
        }
        #[inline(always)]
        pub fn to_array(self) -> [u32; 4] {
            [
                u32x4_extract_lane::<0>(self.0),
                u32x4_extract_lane::<1>(self.0),
                u32x4_extract_lane::<2>(self.0),
                u32x4_extract_lane::<3>(self.0),
            ]
        }
        #[inline(always)]
        pub fn add_wrapping(self, o: Lanes) -> Lanes {
            Lanes(u32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn xor(self, o: Lanes) -> Lanes {
            Lanes(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        pub fn and(self, o: Lanes) -> Lanes {
            Lanes(v128_and(self.0, o.0))
        }
        /// self AND NOT o
        #[inline(always)]
        pub fn and_not(self, o: Lanes) -> Lanes {
            Lanes(v128_andnot(self.0, o.0))
        }
        #[inline(always)]
        pub fn shift_right(self, n: u32) -> Lanes {
            Lanes(u32x4_shr(self.0, n))
        }
        #[inline(always)]
        pub fn rotr(self, n: u32) -> Lanes {
            Lanes(v128_or(u32x4_shr(self.0, n), u32x4_shl(self.0, 32 - n)))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    /// Four u32 lanes as a plain array: the same arithmetic as the `v128` form.
    #[derive(Clone, Copy, Debug)]
    pub struct Lanes([u32; 4]);

    impl Lanes {
        #[inline(always)]
        fn map2(self, o: Lanes, f: impl Fn(u32, u32) -> u32) -> Lanes {
            Lanes(std::array::from_fn(|i| f(self.0[i], o.0[i])))
        }
        pub fn splat(x: u32) -> Lanes {
            Lanes([x; 4])
        }
        pub fn from_array(x: [u32; 4]) -> Lanes {
            Lanes(x)
        }
        pub fn to_array(self) -> [u32; 4] {
            self.0
        }
        #[inline(always)]
        pub fn add_wrapping(self, o: Lanes) -> Lanes {
            self.map2(o, u32::wrapping_add)
        }
        #[inline(always)]
        pub fn xor(self, o: Lanes) -> Lanes {
            self.map2(o, |a, b| a ^ b)
        }
        #[inline(always)]
        pub fn and(self, o: Lanes) -> Lanes {
            self.map2(o, |a, b| a & b)
        }
        /// self AND NOT o
        #[inline(always)]
        pub fn and_not(self, o: Lanes) -> Lanes {
            self.map2(o, |a, b| a & !b)
        }
        #[inline(always)]
        pub fn shift_right(self, n: u32) -> Lanes {
            Lanes(self.0.map(|a| a >> n))
        }
        #[inline(always)]
        pub fn rotr(self, n: u32) -> Lanes {
            Lanes(self.0.map(|a| a.rotate_right(n)))
        }
    }
}
