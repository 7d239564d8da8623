//! The four-lane SHA-256 block function against RustCrypto's `sha2::compress256`, lane by
//! lane, on pseudo-random states and blocks, in both forms (four lanes, and two doubled
//! passwords rotated by 64-bit shifts); natively on arrays with the same arithmetic as
//! wasm's `v128`.

use offload_jobs::pbkdf2x4::IV;
use offload_jobs::sha256x4::{Lanes, MAX_LANES, Pairs, Words, compress, compress_digest_block};
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256, compress256};

/// xorshift64: reproducible inputs without a dependency.
fn rng(mut x: u64) -> impl FnMut() -> u32 {
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 16) as u32
    }
}

fn lanes_of<W: Words, const N: usize>(values: &[[u32; N]; MAX_LANES]) -> [W; N] {
    std::array::from_fn(|w| W::from_lanes(std::array::from_fn(|l| values[l][w])))
}

fn lane<W: Words, const N: usize>(lanes: &[W; N], l: usize) -> [u32; N] {
    std::array::from_fn(|w| lanes[w].to_lanes()[l])
}

fn reference(state: [u32; 8], block: [u32; 16]) -> [u32; 8] {
    let mut state = state;
    let bytes: Vec<u8> = block.iter().flat_map(|w| w.to_be_bytes()).collect();
    compress256(&mut state, &[GenericArray::clone_from_slice(&bytes)]);
    state
}

#[test]
fn compress_matches_sha2_on_every_lane() {
    compress_matches_sha2::<Lanes>();
    compress_matches_sha2::<Pairs>();
}

fn compress_matches_sha2<W: Words>() {
    let mut next = rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..200 {
        let states: [[u32; 8]; 4] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
        let blocks: [[u32; 16]; 4] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
        let mut lanes: [W; 8] = lanes_of(&states);
        compress(&mut lanes, &lanes_of(&blocks));
        for l in 0..W::LANES {
            assert_eq!(lane(&lanes, l), reference(states[l], blocks[l]), "lane {l}");
        }
    }
}

#[test]
fn the_digest_block_is_the_padded_end_of_a_96_byte_message() {
    digest_block_matches_sha2::<Lanes>();
    digest_block_matches_sha2::<Pairs>();
}

fn digest_block_matches_sha2<W: Words>() {
    let mut next = rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..200 {
        let states: [[u32; 8]; 4] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
        let digests: [[u32; 8]; 4] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
        let mut lanes: [W; 8] = lanes_of(&states);
        compress_digest_block(&mut lanes, &lanes_of(&digests));
        for l in 0..W::LANES {
            let mut block = [0u32; 16];
            block[..8].copy_from_slice(&digests[l]);
            block[8] = 0x8000_0000;
            block[15] = 96 * 8;
            assert_eq!(lane(&lanes, l), reference(states[l], block), "lane {l}");
        }
    }
}

#[test]
fn two_blocks_give_sha256_of_a_96_byte_message() {
    // Independent of how the padding is written above: the whole hash of 96 bytes.
    let mut next = rng(7);
    let messages: [Vec<u8>; 4] = std::array::from_fn(|_| (0..96).map(|_| next() as u8).collect());
    let words = |m: &[u8]| -> Vec<u32> {
        m.chunks(4)
            .map(|b| u32::from_be_bytes(b.try_into().unwrap()))
            .collect()
    };
    let firsts: [[u32; 16]; 4] =
        std::array::from_fn(|l| words(&messages[l][..64]).try_into().unwrap());
    let digests: [[u32; 8]; 4] =
        std::array::from_fn(|l| words(&messages[l][64..]).try_into().unwrap());
    let mut state: [Lanes; 8] = lanes_of(&[IV; 4]);
    compress(&mut state, &lanes_of(&firsts));
    compress_digest_block(&mut state, &lanes_of(&digests));
    for (l, message) in messages.iter().enumerate() {
        let hash: Vec<u8> = lane(&state, l)
            .iter()
            .flat_map(|w| w.to_be_bytes())
            .collect();
        assert_eq!(hash, Sha256::digest(message).to_vec(), "lane {l}");
    }
}

#[test]
fn select_takes_bits_from_self_where_the_mask_is_set() {
    let a = Lanes::from_array([0xffff_0000, 0x1234_5678, 0, u32::MAX]);
    let b = Lanes::from_array([0x0f0f_0f0f, 0x8765_4321, u32::MAX, 0]);
    let mask = Lanes::from_array([0xff00_ff00, 0, u32::MAX, 0x0000_ffff]);
    assert_eq!(
        a.select(b, mask).to_array(),
        [0xff0f_000f, 0x8765_4321, 0, 0x0000_ffff]
    );
}
