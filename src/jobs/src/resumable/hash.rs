//! PBKDF2-HMAC-SHA256 in slices of iterations: the HMAC is keyed once per password and
//! cloned for each iteration (U1 = HMAC(P, S ‖ INT(1)), Ui = HMAC(P, Ui−1), T = ⊕ Ui),
//! so a derivation can stop between any two iterations and resume.

use crate::hash::{SALT, checksum, password};
use crate::progress::{Observer, Phase};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// HMAC iterations per quantum: about 0.2 ms.
pub const QUANTUM: u64 = 512;

/// One 32-byte key (one PBKDF2 block) being derived.
#[derive(Clone)]
pub struct Derivation {
    /// The HMAC keyed with the password, cloned for every iteration.
    keyed: Hmac<Sha256>,
    u: [u8; 32],
    t: [u8; 32],
    done: u32,
    iterations: u32,
}

impl Derivation {
    /// Starts a key of `iterations` (at least 1) and does the first one.
    pub fn new(password: &[u8], salt: &[u8], iterations: u32) -> Derivation {
        let keyed =
            Hmac::<Sha256>::new_from_slice(password).expect("HMAC takes keys of any length");
        let mut first = keyed.clone();
        first.update(salt);
        first.update(&1u32.to_be_bytes());
        let u: [u8; 32] = first.finalize().into_bytes().into();
        Derivation {
            keyed,
            u,
            t: u,
            done: 1,
            iterations: iterations.max(1),
        }
    }

    /// Iterations still to do.
    pub fn remaining(&self) -> u32 {
        self.iterations - self.done
    }

    /// Does up to `budget` more iterations (at least one while any remain); the key once
    /// all are done.
    pub fn step(&mut self, budget: u64) -> Option<[u8; 32]> {
        let now = u64::from(self.remaining()).min(budget.max(1)) as u32;
        for _ in 0..now {
            let mut mac = self.keyed.clone();
            mac.update(&self.u);
            self.u = mac.finalize().into_bytes().into();
            self.t.iter_mut().zip(self.u).for_each(|(t, u)| *t ^= u);
        }
        self.done += now;
        (self.remaining() == 0).then_some(self.t)
    }
}

/// The hash job: every password's key in turn, then the digest over all of them.
pub struct Hash {
    count: u32,
    iterations: u32,
    current: Option<Derivation>,
    keys: Vec<[u8; 32]>,
    result: Option<String>,
}

impl Hash {
    pub fn new(count: u32, iterations: u32) -> Hash {
        Hash {
            count,
            iterations,
            current: None,
            keys: Vec::with_capacity(count as usize),
            result: None,
        }
    }

    /// Does up to `budget` HMAC iterations (at least one), across passwords; the job's
    /// checksum once every key is derived.
    pub fn step<O: Observer + ?Sized>(&mut self, budget: u64, observer: &O) -> Option<String> {
        if self.result.is_some() {
            return self.result.clone();
        }
        let mut left = budget.max(1);
        while left > 0 {
            let derivation = match &mut self.current {
                Some(d) => d,
                None if self.keys.len() as u32 == self.count => {
                    observer.phase(Phase::Checksum);
                    self.result = Some(checksum(std::mem::take(&mut self.keys)));
                    return self.result.clone();
                }
                None => {
                    if self.keys.is_empty() {
                        observer.phase(Phase::Derive);
                    }
                    observer.begin();
                    left -= 1;
                    let index = self.keys.len() as u32;
                    self.current.insert(Derivation::new(
                        password(index).as_bytes(),
                        SALT,
                        self.iterations,
                    ))
                }
            };
            let now = u64::from(derivation.remaining()).min(left);
            left -= now;
            let key = match now {
                0 => (derivation.remaining() == 0).then_some(derivation.t),
                _ => derivation.step(now),
            };
            if let Some(key) = key {
                self.keys.push(key);
                self.current = None;
                observer.advance(1);
            }
        }
        // A budget that ended exactly with the last key still owes the checksum: the next
        // step does it (it is a single small digest).
        None
    }
}
