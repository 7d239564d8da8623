//! Naive recursive Fibonacci: exponential work from a tiny input, the classic CPU burner.

use crate::progress::{Observer, Phase, unit};

/// Below this `n` the parallel form recurses sequentially: a `rayon::join` costs more than
/// fib(20) itself, and the tree above the cutoff still has thousands of tasks to share.
/// It is also the unit of progress: one subtree at or below it is one unit.
pub const CUTOFF: u32 = 20;

/// fib(0) = 0, fib(1) = 1, computed the slow way on purpose.
pub fn sequential(n: u32) -> u64 {
    sequential_observed(n, &crate::progress::Quiet)
}

/// The same recursion, split with `rayon::join` above [`CUTOFF`].
#[cfg(feature = "parallel")]
pub fn parallel(n: u32) -> u64 {
    parallel_observed(n, &crate::progress::Quiet)
}

/// The work units of fib(n): its subtrees at or below [`CUTOFF`] (see [`leaves`]).
pub fn units(n: u32) -> u64 {
    leaves(n, CUTOFF)
}

/// How many leaves the recursion of fib(n) has when every subtree above `threshold` is
/// split: 1 at or below it, else the sum of both children's (a Fibonacci number itself).
pub fn leaves(n: u32, threshold: u32) -> u64 {
    if n <= threshold {
        return 1;
    }
    // (leaves(m - 1), leaves(m)) walked up from m = threshold + 1, where both are 1 and 2.
    let (mut below, mut at) = (1u64, 2u64);
    for _ in threshold + 1..n {
        (below, at) = (at, below.saturating_add(at));
    }
    at
}

/// [`sequential`], telling `observer` of each subtree at the cutoff.
pub fn sequential_observed<O: Observer + ?Sized>(n: u32, observer: &O) -> u64 {
    observer.phase(Phase::Compute);
    subtrees(n, observer)
}

pub(crate) fn naive(n: u32) -> u64 {
    if n < 2 {
        return n.into();
    }
    naive(n - 1) + naive(n - 2)
}

/// A subtree at the cutoff, unless the job was cancelled (then 0: the caller discards it).
fn leaf<O: Observer + ?Sized>(n: u32, observer: &O) -> u64 {
    if observer.cancelled() {
        return 0;
    }
    unit(observer, 1, || naive(n))
}

fn subtrees<O: Observer + ?Sized>(n: u32, observer: &O) -> u64 {
    if n <= CUTOFF {
        return leaf(n, observer);
    }
    // Asked above the cutoff too: a cancelled tree is left at once, not walked to its
    // leaves (fib(47)'s has about 600 000 nodes above them).
    if observer.cancelled() {
        return 0;
    }
    subtrees(n - 1, observer) + subtrees(n - 2, observer)
}

/// [`parallel`], telling `observer` of each subtree at the cutoff, on the thread that ran it.
#[cfg(feature = "parallel")]
pub fn parallel_observed<O: Observer + Sync + ?Sized>(n: u32, observer: &O) -> u64 {
    observer.phase(Phase::Compute);
    parallel_subtrees(n, observer)
}

#[cfg(feature = "parallel")]
fn parallel_subtrees<O: Observer + Sync + ?Sized>(n: u32, observer: &O) -> u64 {
    if n <= CUTOFF {
        return leaf(n, observer);
    }
    // Before a join, which costs more than the look (see `subtrees`).
    if observer.cancelled() {
        return 0;
    }
    let (a, b) = rayon::join(
        || parallel_subtrees(n - 1, observer),
        || parallel_subtrees(n - 2, observer),
    );
    a + b
}
