//! Naive recursive Fibonacci: exponential work from a tiny input, the classic CPU burner.

/// Below this `n` the parallel form recurses sequentially: a `rayon::join` costs more than
/// fib(20) itself, and the tree above the cutoff still has thousands of tasks to share.
#[cfg(feature = "parallel")]
const PARALLEL_CUTOFF: u32 = 20;

/// fib(0) = 0, fib(1) = 1, computed the slow way on purpose.
pub fn sequential(n: u32) -> u64 {
    if n < 2 {
        return n.into();
    }
    sequential(n - 1) + sequential(n - 2)
}

/// The same recursion, split with `rayon::join` above [`PARALLEL_CUTOFF`].
#[cfg(feature = "parallel")]
pub fn parallel(n: u32) -> u64 {
    if n <= PARALLEL_CUTOFF {
        return sequential(n);
    }
    let (a, b) = rayon::join(|| parallel(n - 1), || parallel(n - 2));
    a + b
}
