//! PBKDF2-HMAC-SHA256 in slices of iterations, on the one-shot form's four-lane groups
//! ([`crate::pbkdf2x4::Group`]): U1 = HMAC(P, S ‖ INT(1)), Ui = HMAC(P, Ui−1), T = ⊕ Ui for
//! four passwords at once, stopping between any two iterations and resuming.

use crate::hash::{SALT, checksum, password};
use crate::pbkdf2x4::{Group, LANES};
use crate::progress::{Observer, Phase};

/// Iterations of a group of four per quantum: about 0.15 ms (0.55 µs each in V8).
pub const QUANTUM: u64 = 256;

/// One password's key, derived in steps (a group with one lane in use).
#[derive(Clone)]
pub struct Derivation(Group);

impl Derivation {
    /// Starts a key of `iterations` (at least 1) and does the first one.
    pub fn new(password: &[u8], salt: &[u8], iterations: u32) -> Derivation {
        Derivation(Group::new(&[password], salt, iterations))
    }

    /// Iterations still to do.
    pub fn remaining(&self) -> u32 {
        self.0.remaining()
    }

    /// Does up to `budget` more iterations (at least one while any remain); the key once
    /// all are done.
    pub fn step(&mut self, budget: u64) -> Option<[u8; 32]> {
        self.0.step(budget.clamp(1, u32::MAX.into()) as u32);
        (self.remaining() == 0).then(|| self.0.keys().next().unwrap_or_default())
    }
}

/// The hash job: every password's key in turn, then the digest over all of them.
pub struct Hash {
    count: u32,
    iterations: u32,
    /// The group of up to four passwords under way.
    current: Option<Box<Group>>,
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

    /// Does up to `budget` iterations of a group (at least one), across groups; the job's
    /// checksum once every key is derived.
    pub fn step<O: Observer + ?Sized>(&mut self, budget: u64, observer: &O) -> Option<String> {
        if self.result.is_some() {
            return self.result.clone();
        }
        let mut left = budget.max(1);
        while left > 0 {
            let group = match &mut self.current {
                Some(g) => g,
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
                    // The same groups as the one-shot form: passwords 0–3, 4–7, …
                    let first = self.keys.len() as u32;
                    let n = (self.count - first).min(LANES as u32);
                    let passwords: Vec<String> = (first..first + n).map(password).collect();
                    let passwords: Vec<&[u8]> = passwords.iter().map(|p| p.as_bytes()).collect();
                    self.current
                        .insert(Box::new(Group::new(&passwords, SALT, self.iterations)))
                }
            };
            let now = u64::from(group.remaining()).min(left);
            left -= now;
            group.step(now as u32);
            if group.remaining() == 0 {
                let before = self.keys.len();
                self.keys.extend(group.keys());
                self.current = None;
                observer.advance((self.keys.len() - before) as u64);
            }
        }
        // A budget that ended exactly with the last key still owes the checksum: the next
        // step does it (it is a single small digest).
        None
    }
}
