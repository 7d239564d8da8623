//! How far a job has got, told as it runs: its phases, and work units done out of a total
//! known up front. The caller implements [`Observer`] (with a clock, counters, messages);
//! the jobs only call it, so they stay pure. Units are coarse on purpose (a fib subtree at
//! the parallel cutoff, a 64 Ki-element chunk, one password), so an observer costs nothing
//! measurable next to the work between two calls.

use serde::{Deserialize, Serialize};

/// A stretch of a job whose time the page reports on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// sort: fill the array from its seeded generators.
    Generate,
    /// sort: the sort itself.
    Sort,
    /// sort: check the result is ascending.
    Verify,
    /// sort and hash: digest the whole output.
    Checksum,
    /// fib: the recursion.
    Compute,
    /// hash: derive every password's key.
    Derive,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Generate,
        Phase::Sort,
        Phase::Verify,
        Phase::Checksum,
        Phase::Compute,
        Phase::Derive,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Phase::Generate => "generate",
            Phase::Sort => "sort",
            Phase::Verify => "verify",
            Phase::Checksum => "checksum",
            Phase::Compute => "compute",
            Phase::Derive => "derive",
        }
    }

    /// A small number for a counter in shared memory (0 is "no phase").
    pub fn code(self) -> u32 {
        Phase::ALL
            .iter()
            .position(|&p| p == self)
            .map_or(0, |i| i as u32 + 1)
    }

    pub fn from_code(code: u32) -> Option<Phase> {
        Phase::ALL.get((code as usize).checked_sub(1)?).copied()
    }
}

/// Told of a job's progress, from any thread the job runs on. Every method defaults to
/// doing nothing.
pub trait Observer {
    /// The job enters `phase`; the previous one (if any) has ended. Called from the thread
    /// that started the job, in order.
    fn phase(&self, _phase: Phase) {}
    /// A unit of work starts on the calling thread (the engine marks the thread busy).
    fn begin(&self) {}
    /// `units` of work finished on the calling thread, ending what [`Observer::begin`]
    /// started.
    fn advance(&self, _units: u64) {}
    /// Whether whoever runs the job wants it to stop (Stop was pressed). The jobs ask
    /// between pieces of work (a fib subtree at the cutoff, a sort chunk or bucket, a slice
    /// of a hash's iterations) and skip what is left once it says yes, so a cancelled job
    /// ends within one piece. Once true it must stay true for the rest of the job: the
    /// job's return value is then meaningless, and [`crate::Job`]'s `*_cancellable` forms,
    /// which ask once more at the end, report [`Cancelled`] instead of it.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A job that stopped early because its observer said [`Observer::cancelled`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// `value` if `observer` still lets the work stand, else `Err(Cancelled)`: asked once more
/// after the work, so a job or task that skipped pieces is never reported as finished.
pub fn unless_cancelled<O: Observer + ?Sized, T>(observer: &O, value: T) -> Result<T, Cancelled> {
    if observer.cancelled() {
        return Err(Cancelled);
    }
    Ok(value)
}

/// For callers that do not care: every call compiles away.
pub struct Quiet;

impl Observer for Quiet {}

/// `inner`, cancelled also when `stop` says so: for a caller whose Stop comes from
/// elsewhere than the observer it already has (a worker's flag beside its clock).
pub struct StopWhen<'a, O: ?Sized, F> {
    inner: &'a O,
    stop: F,
}

impl<'a, O: Observer + ?Sized, F: Fn() -> bool> StopWhen<'a, O, F> {
    pub fn new(inner: &'a O, stop: F) -> Self {
        StopWhen { inner, stop }
    }
}

impl<O: Observer + ?Sized, F: Fn() -> bool> Observer for StopWhen<'_, O, F> {
    fn phase(&self, phase: Phase) {
        self.inner.phase(phase);
    }
    fn begin(&self) {
        self.inner.begin();
    }
    fn advance(&self, units: u64) {
        self.inner.advance(units);
    }
    fn cancelled(&self) -> bool {
        (self.stop)() || self.inner.cancelled()
    }
}

/// Runs `work` as `units` of work on the calling thread: begun, done, advanced.
#[inline]
pub fn unit<O: Observer + ?Sized, R>(observer: &O, units: u64, work: impl FnOnce() -> R) -> R {
    observer.begin();
    let result = work();
    observer.advance(units);
    result
}

/// Work units done out of a job's total, as carried to the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// How long one phase took where the job ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseTime {
    pub name: String,
    pub ms: f64,
}

/// Phase times from timestamps the caller reads (jobs never read a clock): each phase
/// lasts from its start to the next one's, the last until [`PhaseLog::finish`].
#[derive(Clone, Debug, Default)]
pub struct PhaseLog {
    current: Option<(Phase, f64)>,
    times: Vec<PhaseTime>,
}

impl PhaseLog {
    /// `phase` starts at `now_ms`; the one before ends there.
    pub fn enter(&mut self, phase: Phase, now_ms: f64) {
        self.close(now_ms);
        self.current = Some((phase, now_ms));
    }

    /// The phase under way, if any.
    pub fn current(&self) -> Option<Phase> {
        self.current.map(|(phase, _)| phase)
    }

    fn close(&mut self, now_ms: f64) {
        if let Some((phase, start)) = self.current.take() {
            self.times.push(PhaseTime {
                name: phase.name().into(),
                ms: (now_ms - start).max(0.0),
            });
        }
    }

    /// Ends the last phase at `now_ms`; the phases in the order they ran.
    pub fn finish(mut self, now_ms: f64) -> Vec<PhaseTime> {
        self.close(now_ms);
        self.times
    }
}

/// Adds phase times from several places (a message-pool's workers) by name, keeping the
/// order in which names first appear.
pub fn sum_phases<'a>(lists: impl IntoIterator<Item = &'a [PhaseTime]>) -> Vec<PhaseTime> {
    let mut sums: Vec<PhaseTime> = Vec::new();
    for time in lists.into_iter().flatten() {
        match sums.iter_mut().find(|t| t.name == time.name) {
            Some(sum) => sum.ms += time.ms,
            None => sums.push(time.clone()),
        }
    }
    sums
}
