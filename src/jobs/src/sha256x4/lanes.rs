//! Four u32 lanes: one WebAssembly `v128` under simd128, a plain `[u32; 4]` elsewhere, with
//! the same operations, so that the SHA-256 arithmetic on them is tested natively.

use super::{MAX_LANES, Words};

impl Words for Lanes {
    const LANES: usize = 4;
    #[inline(always)]
    fn splat(x: u32) -> Lanes {
        Lanes::splat(x)
    }
    #[inline(always)]
    fn from_lanes(x: [u32; MAX_LANES]) -> Lanes {
        Lanes::from_array(x)
    }
    #[inline(always)]
    fn to_lanes(self) -> [u32; MAX_LANES] {
        self.to_array()
    }
    #[inline(always)]
    fn add_wrapping(self, o: Lanes) -> Lanes {
        self.add_wrapping(o)
    }
    #[inline(always)]
    fn xor(self, o: Lanes) -> Lanes {
        self.xor(o)
    }
    #[inline(always)]
    fn and(self, o: Lanes) -> Lanes {
        self.and(o)
    }
    #[inline(always)]
    fn select(self, other: Lanes, mask: Lanes) -> Lanes {
        self.select(other, mask)
    }
    #[inline(always)]
    fn shift_right(self, n: u32) -> Lanes {
        self.shift_right(n)
    }
    #[inline(always)]
    fn rotr2(self, a: u32, b: u32) -> Lanes {
        rotr(self, a).xor(rotr(self, b))
    }
    #[inline(always)]
    fn rotr3(self, a: u32, b: u32, c: u32) -> Lanes {
        self.rotr2(a, b).xor(rotr(self, c))
    }
}

/// wasm has no vector rotate: two shifts whose bits do not overlap, joined.
#[inline(always)]
fn rotr(x: Lanes, n: u32) -> Lanes {
    x.shift_right(n).xor(x.shift_left(32 - n))
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::Lanes;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub use array::Lanes;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
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
        /// Each bit from `self` where `mask` has a 1, from `other` where it has a 0: one
        /// wasm instruction.
        #[inline(always)]
        pub fn select(self, other: Lanes, mask: Lanes) -> Lanes {
            Lanes(v128_bitselect(self.0, other.0, mask.0))
        }
        #[inline(always)]
        pub fn shift_right(self, n: u32) -> Lanes {
            Lanes(u32x4_shr(self.0, n))
        }
        #[inline(always)]
        pub fn shift_left(self, n: u32) -> Lanes {
            Lanes(u32x4_shl(self.0, n))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod array {
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
        /// Each bit from `self` where `mask` has a 1, from `other` where it has a 0.
        #[inline(always)]
        pub fn select(self, other: Lanes, mask: Lanes) -> Lanes {
            Lanes(std::array::from_fn(|i| {
                (self.0[i] & mask.0[i]) | (other.0[i] & !mask.0[i])
            }))
        }
        #[inline(always)]
        pub fn shift_right(self, n: u32) -> Lanes {
            Lanes(self.0.map(|a| a >> n))
        }
        #[inline(always)]
        pub fn shift_left(self, n: u32) -> Lanes {
            Lanes(self.0.map(|a| a << n))
        }
    }
}
