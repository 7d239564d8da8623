//! Native tests of the resumable forms: every budget, from one unit to the whole job at
//! once, ends with the one-shot forms' checksum, and tells the same phases and units.

mod common;

use offload_jobs::progress::{Observer, Phase, Quiet};
use offload_jobs::resumable::hash::Derivation;
use offload_jobs::resumable::sort::LEAF;
use offload_jobs::{Job, hash};
use sha2::Sha256;
use std::cell::{Cell, RefCell};

const BUDGETS: [u64; 6] = [0, 1, 7, 1000, 65_537, u64::MAX];

fn assert_resumes_to_one_shot(job: &Job, budgets: &[u64]) {
    let expected = job.run_sequential();
    for &budget in budgets {
        assert_eq!(
            job.resumable().run_to_end(budget, &Quiet),
            expected,
            "{job:?} in steps of {budget}"
        );
    }
}

#[test]
fn fib_resumes_to_the_one_shot_value() {
    for n in [1, 2, 3, 19, 20, 21, 22, 25, 30] {
        assert_resumes_to_one_shot(&Job::Fib { n }, &BUDGETS);
    }
    assert_eq!(
        Job::Fib { n: 32 }
            .resumable()
            .run_to_end(3, &Quiet)
            .checksum,
        "2178309"
    );
}

#[test]
fn sort_resumes_to_the_one_shot_checksum() {
    for len in [
        1,
        2,
        3,
        1000,
        LEAF - 1,
        LEAF,
        LEAF + 1,
        65_535,
        65_536,
        65_537,
        200_001,
    ] {
        let job = Job::Sort { len: len as u32 };
        assert_resumes_to_one_shot(&job, &[1, 4097, 65_536, u64::MAX]);
    }
    // One unit at a time is slow over many elements: a smaller set for it.
    for len in [1, 2, 5, 17, 1000] {
        assert_resumes_to_one_shot(&Job::Sort { len }, &[0, 1, 3]);
    }
}

#[test]
fn sort_over_two_passes_and_an_odd_tail() {
    // Buckets above LEAF after the first byte's pass get a second pass, on the next byte.
    let len = 300 * LEAF + 12_345;
    assert_resumes_to_one_shot(&Job::Sort { len: len as u32 }, &[99_999, 1 << 22]);
}

#[test]
fn hash_resumes_to_the_one_shot_checksum() {
    let jobs = [(1, 1), (1, 2), (3, 1), (2, 513), (5, 100), (17, 33)];
    for (count, iterations) in jobs {
        assert_resumes_to_one_shot(&Job::Hash { count, iterations }, &BUDGETS);
    }
}

fn derive_in_steps(password: &[u8], salt: &[u8], iterations: u32, budget: u64) -> [u8; 32] {
    let mut derivation = Derivation::new(password, salt, iterations);
    loop {
        if let Some(key) = derivation.step(budget) {
            return key;
        }
    }
}

fn rust_crypto(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut key = [0; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut key);
    key
}

#[test]
fn derivation_in_slices_matches_published_pbkdf2_hmac_sha256_vectors() {
    let vectors = common::PBKDF2_HMAC_SHA256;
    for (password, salt, iterations, expected) in vectors {
        assert_eq!(
            hex::encode(rust_crypto(password, salt, iterations)),
            expected
        );
        for budget in [0, 1, 999, u64::MAX] {
            assert_eq!(
                hex::encode(derive_in_steps(password, salt, iterations, budget)),
                expected,
                "{iterations} iterations in steps of {budget}"
            );
        }
    }
}

#[test]
fn derivation_in_slices_matches_rust_crypto_on_random_inputs() {
    // A small xorshift: the inputs vary in length (HMAC keys longer than a block are
    // hashed first) and content, reproducibly.
    let state = Cell::new(0x9E37_79B9_7F4A_7C15u64);
    let next = || {
        let mut x = state.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        state.set(x);
        x
    };
    let bytes = |n: u64| (0..n).map(|_| next() as u8).collect::<Vec<u8>>();
    for _ in 0..40 {
        let password = bytes(next() % 150);
        let salt = bytes(next() % 40);
        let iterations = (next() % 300) as u32 + 1;
        let budget = next() % 50;
        assert_eq!(
            derive_in_steps(&password, &salt, iterations, budget),
            rust_crypto(&password, &salt, iterations),
            "{password:?} {salt:?} {iterations} in steps of {budget}"
        );
    }
    assert_eq!(
        derive_in_steps(hash::password(3).as_bytes(), hash::SALT, 77, 5),
        hash::key_for(3, 77)
    );
}

#[derive(Default)]
struct Counting {
    done: Cell<u64>,
    phases: RefCell<Vec<Phase>>,
}

impl Observer for Counting {
    fn phase(&self, phase: Phase) {
        self.phases.borrow_mut().push(phase);
    }
    fn advance(&self, units: u64) {
        self.done.set(self.done.get() + units);
    }
}

#[test]
fn units_and_phases_match_the_one_shot_forms() {
    let jobs = [
        Job::Fib { n: 27 },
        Job::Sort { len: 1 },
        Job::Sort { len: 200_001 },
        Job::Hash {
            count: 9,
            iterations: 40,
        },
    ];
    for job in jobs {
        let one_shot = Counting::default();
        job.run_sequential_observed(&one_shot);
        for budget in [1, 12_345, u64::MAX] {
            let resumed = Counting::default();
            job.resumable().run_to_end(budget, &resumed);
            assert_eq!(
                resumed.done.get(),
                job.units(),
                "{job:?} in steps of {budget}"
            );
            assert_eq!(
                resumed.phases.into_inner(),
                *one_shot.phases.borrow(),
                "{job:?}"
            );
        }
    }
}

#[test]
fn a_step_stays_within_its_budget_and_a_done_job_stays_done() {
    // fib(30) has 144 subtrees at the cutoff: 17 steps of 8 do not finish it, the 18th does.
    let mut fib = Job::Fib { n: 30 }.resumable();
    let steps = (1..=40).find(|_| fib.step(8, &Quiet).is_some()).unwrap();
    assert_eq!(steps, 18);
    assert_eq!(fib.step(8, &Quiet).unwrap().checksum, "832040");
    // A hash of 3 passwords × 10 iterations in steps of 4: the 3 go in one group of four
    // lanes, so 10 group iterations, then the digest.
    let job = Job::Hash {
        count: 3,
        iterations: 10,
    };
    let mut hash = job.resumable();
    let steps = (1..=20).find(|_| hash.step(4, &Quiet).is_some()).unwrap();
    assert!((3..=4).contains(&steps), "{steps} steps");
    assert_eq!(hash.step(4, &Quiet), Some(job.run_sequential()));
}

#[test]
fn quanta_are_small_but_not_trivial() {
    for job in [
        Job::Fib { n: 40 },
        Job::Sort { len: 1_000_000 },
        Job::Hash {
            count: 4,
            iterations: 100_000,
        },
    ] {
        let quantum = job.resumable().quantum();
        assert!((1..=1 << 20).contains(&quantum), "{job:?}: {quantum}");
    }
}
