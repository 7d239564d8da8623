//! Two passwords in one vector, each u32 word doubled in a 64-bit lane (`x:x`): a 64-bit
//! shift right by n leaves rotr(x, n) in the low half, so a rotation is one shift instead
//! of [`super::Lanes`]'s two and an OR. A group of two then costs about 0.72 of a group of
//! four (measured in V8: 396 against 548 ns per PBKDF2 iteration), which wins wherever four
//! lanes would leave a thread idle (four passwords on two threads: two groups of two).
//!
//! Lanewise 32-bit add, XOR, AND and select keep both halves equal; after the 64-bit shifts
//! the high halves are copied back from the low ones. Natively the same arithmetic runs on
//! `[u32; 4]` with u64 shifts, so the tests check this very trick.

use super::{MAX_LANES, Words};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::Pairs;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub use array::Pairs;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    /// Two passwords' words, each doubled into a 64-bit lane of a `v128`.
    #[derive(Clone, Copy, Debug)]
    pub struct Pairs(pub(super) v128);

    impl Pairs {
        #[inline(always)]
        pub(super) fn from_pair(a: u32, b: u32) -> Pairs {
            Pairs(u32x4(a, a, b, b))
        }
        #[inline(always)]
        pub(super) fn pair(self) -> [u32; 2] {
            [
                u32x4_extract_lane::<0>(self.0),
                u32x4_extract_lane::<2>(self.0),
            ]
        }
        #[inline(always)]
        pub(super) fn add_wrapping(self, o: Pairs) -> Pairs {
            Pairs(u32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub(super) fn xor(self, o: Pairs) -> Pairs {
            Pairs(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        pub(super) fn and(self, o: Pairs) -> Pairs {
            Pairs(v128_and(self.0, o.0))
        }
        #[inline(always)]
        pub(super) fn select(self, other: Pairs, mask: Pairs) -> Pairs {
            Pairs(v128_bitselect(self.0, other.0, mask.0))
        }
        #[inline(always)]
        pub(super) fn shift_right(self, n: u32) -> Pairs {
            Pairs(u32x4_shr(self.0, n))
        }
        /// Each 64-bit lane shifted right: rotr(x, n) in its low half.
        #[inline(always)]
        pub(super) fn shift_right_64(self, n: u32) -> Pairs {
            Pairs(u64x2_shr(self.0, n))
        }
        /// Each 64-bit lane's low half copied into its high half.
        #[inline(always)]
        pub(super) fn double_low(self) -> Pairs {
            Pairs(i32x4_shuffle::<0, 0, 2, 2>(self.0, self.0))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod array {
    /// Two passwords' words, each doubled: `[a, a, b, b]`, as the `v128` form lays them out.
    #[derive(Clone, Copy, Debug)]
    pub struct Pairs([u32; 4]);

    impl Pairs {
        fn map2(self, o: Pairs, f: impl Fn(u32, u32) -> u32) -> Pairs {
            Pairs(std::array::from_fn(|i| f(self.0[i], o.0[i])))
        }
        pub(super) fn from_pair(a: u32, b: u32) -> Pairs {
            Pairs([a, a, b, b])
        }
        pub(super) fn pair(self) -> [u32; 2] {
            [self.0[0], self.0[2]]
        }
        pub(super) fn add_wrapping(self, o: Pairs) -> Pairs {
            self.map2(o, u32::wrapping_add)
        }
        pub(super) fn xor(self, o: Pairs) -> Pairs {
            self.map2(o, |a, b| a ^ b)
        }
        pub(super) fn and(self, o: Pairs) -> Pairs {
            self.map2(o, |a, b| a & b)
        }
        pub(super) fn select(self, other: Pairs, mask: Pairs) -> Pairs {
            Pairs(std::array::from_fn(|i| {
                (self.0[i] & mask.0[i]) | (other.0[i] & !mask.0[i])
            }))
        }
        pub(super) fn shift_right(self, n: u32) -> Pairs {
            Pairs(self.0.map(|a| a >> n))
        }
        /// Each 64-bit lane (little-endian: word 0 low, word 1 high) shifted right.
        pub(super) fn shift_right_64(self, n: u32) -> Pairs {
            let shift = |lo: u32, hi: u32| ((u64::from(hi) << 32 | u64::from(lo)) >> n) as u32;
            let high = |lo: u32, hi: u32| ((u64::from(hi) << 32 | u64::from(lo)) >> n >> 32) as u32;
            let w = self.0;
            Pairs([
                shift(w[0], w[1]),
                high(w[0], w[1]),
                shift(w[2], w[3]),
                high(w[2], w[3]),
            ])
        }
        pub(super) fn double_low(self) -> Pairs {
            Pairs([self.0[0], self.0[0], self.0[2], self.0[2]])
        }
    }
}

impl Words for Pairs {
    const LANES: usize = 2;
    #[inline(always)]
    fn splat(x: u32) -> Pairs {
        Pairs::from_pair(x, x)
    }
    #[inline(always)]
    fn from_lanes(x: [u32; MAX_LANES]) -> Pairs {
        Pairs::from_pair(x[0], x[1])
    }
    #[inline(always)]
    fn to_lanes(self) -> [u32; MAX_LANES] {
        let [a, b] = self.pair();
        [a, b, 0, 0]
    }
    #[inline(always)]
    fn add_wrapping(self, o: Pairs) -> Pairs {
        self.add_wrapping(o)
    }
    #[inline(always)]
    fn xor(self, o: Pairs) -> Pairs {
        self.xor(o)
    }
    #[inline(always)]
    fn and(self, o: Pairs) -> Pairs {
        self.and(o)
    }
    #[inline(always)]
    fn select(self, other: Pairs, mask: Pairs) -> Pairs {
        self.select(other, mask)
    }
    #[inline(always)]
    fn shift_right(self, n: u32) -> Pairs {
        self.shift_right(n)
    }
    #[inline(always)]
    fn rotr2(self, a: u32, b: u32) -> Pairs {
        self.shift_right_64(a)
            .xor(self.shift_right_64(b))
            .double_low()
    }
    #[inline(always)]
    fn rotr3(self, a: u32, b: u32, c: u32) -> Pairs {
        self.shift_right_64(a)
            .xor(self.shift_right_64(b))
            .xor(self.shift_right_64(c))
            .double_low()
    }
}
