//! What the page measures about itself while jobs run: frames, event-loop lag and, from
//! the workers, what each thread is doing. Browser-facing probes live here; the pure
//! arithmetic they feed (histograms, percentiles, speed-ups) stays testable natively.

pub mod job_clock;
pub mod meters;
pub mod pool_counters;
pub mod run_max;
pub mod timeline;
