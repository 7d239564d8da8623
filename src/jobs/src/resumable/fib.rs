//! fib(n) with an explicit stack of the subtrees still to do, so that it can stop after
//! any subtree and resume. Subtrees at or below [`CUTOFF`] (about 30 µs at n = 20) are
//! the one-shot forms' own `naive` recursion: the machine does exactly their work, so
//! `chunked` against `main` measures the slicing, not a different algorithm.

use crate::fib::{CUTOFF, naive};
use crate::progress::{Observer, Phase, unit};

/// Subtrees at the cutoff per quantum: 8 × fib(20) ≈ 0.25 ms.
pub const QUANTUM: u64 = 8;

pub struct Fib {
    /// The arguments of the subtrees not done yet; the next one is on top.
    pending: Vec<u32>,
    sum: u64,
    started: bool,
}

impl Fib {
    pub fn new(n: u32) -> Fib {
        Fib {
            pending: vec![n],
            sum: 0,
            started: false,
        }
    }

    /// Computes up to `budget` subtrees at the cutoff (at least one); fib(n) when done.
    pub fn step<O: Observer + ?Sized>(&mut self, budget: u64, observer: &O) -> Option<u64> {
        if !self.started {
            self.started = true;
            observer.phase(Phase::Compute);
        }
        let mut leaves = 0;
        while leaves < budget.max(1) {
            let Some(n) = self.pending.pop() else { break };
            if n <= CUTOFF {
                self.sum += unit(observer, 1, || naive(n));
                leaves += 1;
            } else {
                // n - 1 on top: the same order as the recursion.
                self.pending.extend([n - 2, n - 1]);
            }
        }
        self.pending.is_empty().then_some(self.sum)
    }
}
