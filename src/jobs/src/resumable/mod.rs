//! The jobs as state machines that do a bounded amount of work per call and resume where
//! they stopped: what `chunked` runs on the page's main thread between two yields.
//!
//! No clock here either: [`Resumable::step`] does about `budget` units of work (fib:
//! subtrees at the cutoff; sort: elements touched; hash: HMAC iterations) and returns, and
//! the caller reads its clock between steps to decide when a slice is over.
//! [`Resumable::quantum`] is a budget worth about 0.1–0.5 ms in wasm, so a slice of a few
//! ms ends close to its budget. Every machine ends with the same [`Outcome`] as the job's
//! one-shot forms, and tells an [`Observer`] the same phases and units.

pub mod fib;
pub mod hash;
pub mod sort;

use crate::progress::Observer;
use crate::{Job, Outcome};

/// A job part-way done.
pub struct Resumable(Machine);

enum Machine {
    Fib(fib::Fib),
    Sort(sort::Sort),
    Hash(hash::Hash),
}

impl Job {
    /// This job as a state machine that [`Resumable::step`] advances a little at a time.
    pub fn resumable(&self) -> Resumable {
        Resumable(match *self {
            Job::Fib { n } => Machine::Fib(fib::Fib::new(n)),
            Job::Sort { len } => Machine::Sort(sort::Sort::new(len as usize)),
            Job::Hash { count, iterations } => Machine::Hash(hash::Hash::new(count, iterations)),
        })
    }
}

impl Resumable {
    /// Does about `budget` units of work (at least one indivisible piece, even for a
    /// budget of 0) and returns the outcome once the job is complete; called again after
    /// that, it returns the same outcome and does nothing.
    pub fn step<O: Observer + ?Sized>(&mut self, budget: u64, observer: &O) -> Option<Outcome> {
        let checksum = match &mut self.0 {
            Machine::Fib(m) => m.step(budget, observer).map(|v| v.to_string()),
            Machine::Sort(m) => m.step(budget, observer),
            Machine::Hash(m) => m.step(budget, observer),
        };
        checksum.map(|checksum| Outcome { checksum })
    }

    /// A budget for [`Resumable::step`] of about 0.1–0.5 ms of work in wasm on the
    /// project's machines (fib(20) ≈ 30 µs; 64 Ki elements generated, counted or placed ≈ 0.2 ms;
    /// an HMAC-SHA256 ≈ 0.4 µs).
    pub fn quantum(&self) -> u64 {
        match self.0 {
            Machine::Fib(_) => fib::QUANTUM,
            Machine::Sort(_) => sort::QUANTUM,
            Machine::Hash(_) => hash::QUANTUM,
        }
    }

    /// Runs every step with `budget` until the outcome: the whole job at once, in pieces.
    pub fn run_to_end<O: Observer + ?Sized>(mut self, budget: u64, observer: &O) -> Outcome {
        loop {
            if let Some(outcome) = self.step(budget, observer) {
                return outcome;
            }
        }
    }
}
