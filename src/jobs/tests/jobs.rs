//! Native tests of the jobs: known answers, and sequential == parallel for every job.

mod common;

use common::pool;

use offload_jobs::sha256x4::Pairs;
use offload_jobs::{Job, digest, fib, hash, limits, sort};

#[test]
fn fib_known_values() {
    let known = [
        (0, 0),
        (1, 1),
        (2, 1),
        (10, 55),
        (20, 6765),
        (30, 832_040),
        (32, 2_178_309),
    ];
    for (n, value) in known {
        assert_eq!(fib::sequential(n), value, "fib({n})");
        assert_eq!(
            pool(2).install(|| fib::parallel(n)),
            value,
            "parallel fib({n})"
        );
    }
}

#[test]
fn pbkdf2_hmac_sha256_known_answers() {
    let vectors = common::PBKDF2_HMAC_SHA256;
    for (password, salt, iterations, expected) in vectors {
        assert_eq!(
            hex::encode(hash::derive_key(password, salt, iterations)),
            expected
        );
    }
}

#[test]
fn sort_output_is_sorted_and_keeps_every_element() {
    let len = 3 * digest::CHUNK + 17; // crosses chunk boundaries, ends in a partial chunk
    let input = sort::generate(len);
    assert_eq!(input.len(), len);
    assert!(
        !input.is_sorted(),
        "the generator should not produce sorted data"
    );
    let mut sorted = input.clone();
    sort::reference_sort(&mut sorted);
    assert!(sorted.is_sorted());
    // Same multiset: the sum and the xor of the elements survive sorting.
    let sum = |v: &[u32]| v.iter().map(|&x| u64::from(x)).sum::<u64>();
    assert_eq!(sum(&input), sum(&sorted));
    // The job's checksum is exactly the chunked digest of that sorted array.
    let expected = digest::combine(len, sorted.chunks(digest::CHUNK).map(digest::chunk_digest));
    assert_eq!(sort::sequential(len), expected);
}

#[test]
fn radix_sorts_agree_with_the_reference_on_every_shape_of_input() {
    let job = sort::generate(300_000);
    let shapes: Vec<Vec<u32>> = vec![
        job.clone(),
        job.iter().map(|x| x % 7).collect(),
        job.iter().map(|x| x | 0xffff_0000).collect(),
        job.iter().map(|x| x & 0xff00_00ff).collect(),
        (0..300_000).rev().collect(),
        vec![9; 1000],
        vec![],
    ];
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    for input in shapes {
        let mut expected = input.clone();
        sort::reference_sort(&mut expected);
        let mut one = input.clone();
        sort::radix_sort(&mut one);
        assert_eq!(one, expected, "radix_sort, {} elements", input.len());
        let mut parallel = input.clone();
        pool.install(|| sort::radix_sort_parallel(&mut parallel));
        assert_eq!(
            parallel,
            expected,
            "radix_sort_parallel, {} elements",
            input.len()
        );
    }
}

#[test]
fn sort_checksum_depends_on_the_output() {
    assert_ne!(sort::sequential(1000), sort::sequential(1001));
    assert_eq!(sort::sequential(1000), sort::sequential(1000));
}

#[test]
fn sequential_equals_parallel_for_every_job() {
    let jobs = [
        Job::Fib { n: 27 },
        Job::Sort { len: 1 },
        Job::Sort { len: 500_000 },
        Job::Hash {
            count: 1,
            iterations: 3,
        },
        Job::Hash {
            count: 37,
            iterations: 50,
        },
    ];
    for job in jobs {
        let expected = job.run_sequential();
        for threads in [1, 2, 3] {
            assert_eq!(
                pool(threads).install(|| job.run_parallel()),
                expected,
                "{job:?} on {threads}"
            );
        }
    }
}

#[test]
fn hash_checksum_covers_every_key() {
    let a = hash::sequential(10, 5);
    assert_ne!(
        a,
        hash::sequential(11, 5),
        "one more password changes the digest"
    );
    assert_ne!(
        a,
        hash::sequential(10, 6),
        "one more iteration changes the digest"
    );
}

#[test]
fn limits_name_the_parameter_and_range() {
    assert_eq!(limits::FIB_N.parse(" 42 "), Ok(42));
    for bad in [
        "",
        "abc",
        "-1",
        "4.5",
        "1e3",
        "0",
        "51",
        "99999999999999999999999",
    ] {
        let err = limits::FIB_N.parse(bad).unwrap_err();
        assert_eq!(err.param, "n");
        assert!(
            err.message
                .starts_with("n must be a whole number from 1 to 50"),
            "{}",
            err.message
        );
    }
    let err = limits::SORT_LEN.parse("300000000").unwrap_err();
    assert!(err.message.contains("268,435,456"), "{}", err.message);
    assert!(limits::check_hash_total(4096, 10_000_000).is_err());
    assert!(limits::check_hash_total(100, 1_000_000).is_ok());
}

#[test]
fn jobs_check_their_own_parameters() {
    assert!(Job::Fib { n: 51 }.check().is_err());
    assert!(Job::Sort { len: 0 }.check().is_err());
    assert!(
        Job::Hash {
            count: 4096,
            iterations: 1_000_000
        }
        .check()
        .is_err()
    );
    assert!(
        Job::Hash {
            count: 8,
            iterations: 1000
        }
        .check()
        .is_ok()
    );
}

#[test]
fn four_lane_pbkdf2_matches_rust_crypto_on_random_inputs() {
    // Groups whose passwords differ in length (empty, longer than a block: hashed first),
    // any salt, and group sizes that leave lanes spare.
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..60 {
        let passwords: Vec<Vec<u8>> = (0..next() % 9)
            .map(|_| (0..next() % 150).map(|_| next() as u8).collect())
            .collect();
        let salt: Vec<u8> = (0..next() % 80).map(|_| next() as u8).collect();
        let iterations = (next() % 200) as u32 + 1;
        let refs: Vec<&[u8]> = passwords.iter().map(Vec::as_slice).collect();
        let expected: Vec<[u8; 32]> = refs
            .iter()
            .map(|p| hash::reference_key(p, &salt, iterations))
            .collect();
        assert_eq!(
            offload_jobs::pbkdf2x4::derive_many(&refs, &salt, iterations),
            expected,
            "{passwords:?} {salt:?} {iterations}"
        );
        assert_eq!(
            offload_jobs::pbkdf2x4::derive_many_in::<Pairs>(&refs, &salt, iterations),
            expected,
            "pairs: {passwords:?} {salt:?} {iterations}"
        );
    }
}

#[test]
fn a_hash_job_derives_the_reference_keys_in_order() {
    for count in [1, 3, 4, 5, 9] {
        let keys = hash::keys_for(2, count, 50);
        let expected: Vec<[u8; 32]> = (2..2 + count)
            .map(|i| hash::reference_key(hash::password(i).as_bytes(), hash::SALT, 50))
            .collect();
        assert_eq!(keys, expected, "count {count}");
    }
}

#[test]
fn small_hash_jobs_give_the_reference_keys_on_any_pool() {
    // Few passwords per thread go in groups of two (sha256x4::Pairs), the rest in fours:
    // the checksum must not tell which.
    for threads in 1..=3 {
        for count in 1..=13 {
            let expected = hash::checksum(
                (0..count)
                    .map(|i| hash::reference_key(hash::password(i).as_bytes(), hash::SALT, 7)),
            );
            assert_eq!(hash::sequential(count, 7), expected, "sequential {count}");
            assert_eq!(
                pool(threads).install(|| hash::parallel(count, 7)),
                expected,
                "{count} on {threads} threads"
            );
        }
    }
}
