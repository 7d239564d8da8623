//! Peers: the browser's own code for the same jobs, run beside Offload's modes so the
//! history compares like with like. Plain JavaScript for fib and sort (on the main thread
//! or in a worker), WebCrypto's PBKDF2 for hash. Each peer's output is checksummed with
//! the jobs crate's own digest, so a peer that computed something else shows it.
//!
//! [`availability`] (which job has which peer) and the checksums are pure and tested
//! natively; [`run`] calls into JavaScript.

pub mod js;
pub mod run;

use crate::form::Mode;
use offload_jobs::digest::{CHUNK, chunk_digest, combine};

// Which peer has code for which job is the form's knowledge (it refuses the pair).
pub use crate::form::unavailable_for;

/// The sort's checksum over numbers sorted elsewhere, exactly as the job computes it; an
/// array that is not ascending gets no checksum.
pub fn sorted_checksum(sorted: &[u32]) -> Result<String, String> {
    if !sorted.is_sorted() {
        return Err("the browser's sort returned numbers that are not ascending".into());
    }
    Ok(combine(
        sorted.len(),
        sorted.chunks(CHUNK).map(chunk_digest),
    ))
}

/// The hash job's checksum over keys derived elsewhere: 32 bytes each, in password order.
pub fn keys_checksum(keys: &[u8], count: u32) -> Result<String, String> {
    if keys.len() != count as usize * 32 {
        return Err(format!(
            "WebCrypto returned {} bytes for {count} keys of 32",
            keys.len()
        ));
    }
    let keys = keys
        .chunks_exact(32)
        .map(|k| <[u8; 32]>::try_from(k).expect("chunks_exact gives 32 bytes"));
    Ok(offload_jobs::hash::checksum(keys))
}

/// What a finished peer run means for the page, in the newest-run panel.
pub fn lesson(mode: Mode) -> &'static str {
    match mode {
        Mode::JsMain => {
            "Plain JavaScript on the main thread blocks the event loop exactly like \
             Offload's main mode: no frame, no click, until it is done."
        }
        Mode::JsWorker => {
            "Plain JavaScript in a worker: the event loop stayed free, as with Offload's \
             worker mode; compare the times to see what WebAssembly bought."
        }
        Mode::WebCrypto | Mode::WebCryptoAll => {
            "WebCrypto's PBKDF2 is the browser's native code, run off the main thread by the \
             browser itself: the page only awaited promises, so frames kept coming. One \
             password at a time uses one browser thread; Promise.all lets the browser use \
             several."
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use offload_jobs::{Job, hash, sort};

    #[test]
    fn each_job_has_a_peer_and_the_others_say_why_not() {
        assert_eq!(unavailable_for(Mode::JsMain, "fib"), None);
        assert_eq!(unavailable_for(Mode::JsWorker, "sort"), None);
        assert_eq!(unavailable_for(Mode::WebCryptoAll, "hash"), None);
        assert!(
            unavailable_for(Mode::JsWorker, "hash")
                .unwrap()
                .contains("WebCrypto")
        );
        assert!(unavailable_for(Mode::WebCrypto, "sort").is_some());
        assert_eq!(unavailable_for(Mode::Pool, "hash"), None, "not a peer");
    }

    #[test]
    fn checksums_over_outside_output_match_the_jobs() {
        let mut numbers = sort::generate(200_000);
        numbers.sort();
        let job = Job::Sort { len: 200_000 }.run_sequential();
        assert_eq!(sorted_checksum(&numbers).unwrap(), job.checksum);
        numbers.swap(0, 1);
        assert!(sorted_checksum(&numbers).is_err());

        let keys: Vec<u8> = (0..3).flat_map(|i| hash::key_for(i, 10)).collect();
        let job = Job::Hash {
            count: 3,
            iterations: 10,
        };
        assert_eq!(
            keys_checksum(&keys, 3).unwrap(),
            job.run_sequential().checksum
        );
        assert!(keys_checksum(&keys[..64], 3).is_err());
    }
}
