//! The jobs Offload runs, in pure Rust: no browser types, no clocks, no I/O.
//!
//! Every job has a sequential form (what the main thread and the single worker run) and,
//! with the `parallel` feature, a rayon form (what the engine's pool runs). For the same
//! parameters both forms return the same [`Outcome`], whose checksum is computed from the
//! job's whole output: that equality is how the tests and the page prove a mode honest.
//! [`tasks`] cuts a job into pieces for workers that share no memory, and combines their
//! outputs into that same [`Outcome`].

pub mod counters;
pub mod digest;
pub mod fib;
pub mod hash;
pub mod limits;
pub mod pbkdf2x4;
pub mod progress;
pub mod radix;
pub mod resumable;
pub mod sha256x4;
pub mod sort;
pub mod tasks;
pub mod wire;

use progress::{Cancelled, Observer};
use serde::{Deserialize, Serialize};

/// One job with its parameters, as picked in the page and carried to a worker. On the
/// wire it is externally tagged, `{"fib":{"n":41}}`, for the reason [`wire`] gives; the
/// page's exports write their flat `{"job":"fib","n":41}` themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Job {
    /// Naive recursive Fibonacci of `n`.
    Fib { n: u32 },
    /// `len` pseudo-random u32 from a fixed seed, sorted ascending.
    Sort { len: u32 },
    /// PBKDF2-HMAC-SHA256 of `count` distinct passwords, `iterations` each.
    Hash { count: u32, iterations: u32 },
}

/// What a job produced, reduced to what is worth sending back across a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Fib: the value. Sort and hash: 16 hex digits of a SHA-256 over the whole output.
    pub checksum: String,
}

impl Job {
    /// The job's name as the page and the URL spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Job::Fib { .. } => "fib",
            Job::Sort { .. } => "sort",
            Job::Hash { .. } => "hash",
        }
    }

    /// Checks every parameter against [`limits`]. Workers call it again on what they
    /// receive, so that no message can make them attempt what cannot fit or finish.
    pub fn check(&self) -> Result<(), limits::ParamError> {
        match *self {
            Job::Fib { n } => limits::FIB_N.check(n.into()),
            Job::Sort { len } => limits::SORT_LEN.check(len.into()),
            Job::Hash { count, iterations } => {
                limits::HASH_COUNT.check(count.into())?;
                limits::HASH_ITERATIONS.check(iterations.into())?;
                limits::check_hash_total(count, iterations)
            }
        }
    }

    /// The work units [`Observer::advance`] adds up to over a whole run, in every form
    /// (and over every task of [`tasks::split`], the merge included).
    pub fn units(&self) -> u64 {
        match *self {
            Job::Fib { n } => fib::units(n),
            Job::Sort { len } => sort::units(len as usize),
            Job::Hash { count, .. } => hash::units(count),
        }
    }

    /// Runs the job on the calling thread.
    pub fn run_sequential(&self) -> Outcome {
        self.run_sequential_observed(&progress::Quiet)
    }

    /// [`Job::run_sequential`], telling `observer` of its phases and progress.
    pub fn run_sequential_observed<O: Observer + ?Sized>(&self, observer: &O) -> Outcome {
        let checksum = match *self {
            Job::Fib { n } => fib::sequential_observed(n, observer).to_string(),
            Job::Sort { len } => sort::sequential_observed(len as usize, observer),
            Job::Hash { count, iterations } => {
                hash::sequential_observed(count, iterations, observer)
            }
        };
        Outcome { checksum }
    }

    /// [`Job::run_sequential_observed`] for a caller that may cancel it: `Err(Cancelled)`
    /// once `observer` says [`Observer::cancelled`] (asked once more at the end, so a job
    /// that skipped work is never reported as finished).
    pub fn run_sequential_cancellable<O: Observer + ?Sized>(
        &self,
        observer: &O,
    ) -> Result<Outcome, Cancelled> {
        progress::unless_cancelled(observer, self.run_sequential_observed(observer))
    }

    /// Runs the job's parallel form on the current rayon pool.
    #[cfg(feature = "parallel")]
    pub fn run_parallel(&self) -> Outcome {
        self.run_parallel_observed(&progress::Quiet)
    }

    /// [`Job::run_parallel`], telling `observer` of its phases and progress from every
    /// thread that works on it.
    #[cfg(feature = "parallel")]
    pub fn run_parallel_observed<O: Observer + Sync + ?Sized>(&self, observer: &O) -> Outcome {
        let checksum = match *self {
            Job::Fib { n } => fib::parallel_observed(n, observer).to_string(),
            Job::Sort { len } => sort::parallel_observed(len as usize, observer),
            Job::Hash { count, iterations } => hash::parallel_observed(count, iterations, observer),
        };
        Outcome { checksum }
    }

    /// [`Job::run_parallel_observed`] for a caller that may cancel it, as
    /// [`Job::run_sequential_cancellable`].
    #[cfg(feature = "parallel")]
    pub fn run_parallel_cancellable<O: Observer + Sync + ?Sized>(
        &self,
        observer: &O,
    ) -> Result<Outcome, Cancelled> {
        progress::unless_cancelled(observer, self.run_parallel_observed(observer))
    }
}
