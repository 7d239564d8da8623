//! The hash job's keys in wasm, for timing SHA-256 changes where they matter: V8 on wasm
//! simd128 (x86 natively compiles the same code very differently). Build, then time in Node:
//! `cargo build --release -p offload-jobs --example hash_wasm_timing --target wasm32-unknown-unknown`
//! `node src/jobs/examples/hash_wasm_timing.mjs [count] [iterations]`
//! (the repository's .cargo/config.toml adds `+simd128` for wasm32, as for the page).

/// Natively there is nothing to time: say how to run it.
fn main() {
    eprintln!("build this example for wasm32-unknown-unknown and run hash_wasm_timing.mjs");
}

/// Derives the keys of the job's passwords `0..count` as one thread does (groups of four,
/// a short tail in pairs) and returns the first 32 bits of their checksum, so that a run
/// can be checked against another build's.
#[unsafe(no_mangle)]
pub extern "C" fn derive(count: u32, iterations: u32) -> u32 {
    let quiet = offload_jobs::progress::Quiet;
    let keys = offload_jobs::hash::keys_observed(0, count, iterations, &quiet);
    let checksum = offload_jobs::hash::checksum(keys);
    u32::from_str_radix(&checksum[..8], 16).unwrap_or_default()
}
