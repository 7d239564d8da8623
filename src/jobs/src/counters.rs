//! The layout of the counters the engine publishes in its shared memory, as 32-bit slots:
//! the engine's pool threads write them with atomics, and the page reads them each frame
//! with `Atomics.load` only (never a wait, a lock or a write). Shared by both builds so
//! that writer and reader cannot disagree.

use crate::wire::MAX_POOL_THREADS;

/// The request whose job the counters below describe; written last when a job starts, so
/// a reader that sees its own run's id sees that run's totals.
pub const RUN: usize = 0;
/// Work units done so far outside the pool's threads (each pool thread counts its own in
/// [`units`]: the job's progress is their sum, and no two threads write the same line).
pub const DONE: usize = 1;
/// The job's work units in all ([`crate::Job::units`]).
pub const TOTAL: usize = 2;
/// The phase under way ([`crate::progress::Phase::code`]; 0 before the first).
pub const PHASE: usize = 3;
/// Slots per cache line (64 bytes): each thread's slots get a line of their own, so that
/// threads counting units never contend for one (measured: shared lines slowed a 2-thread
/// fib noticeably in the browser).
pub const LINE: usize = 16;
/// Slots before the first thread's: the header, alone on its line.
pub const HEADER: usize = LINE;
/// Every slot, for the most threads a pool may have.
pub const SLOTS: usize = HEADER + LINE * MAX_POOL_THREADS as usize;

/// 1 while pool thread `thread` is inside a unit of work, else 0.
pub fn busy(thread: usize) -> usize {
    HEADER + LINE * thread
}

/// Units pool thread `thread` has finished during the current job.
pub fn units(thread: usize) -> usize {
    busy(thread) + 1
}
