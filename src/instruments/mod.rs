//! What the page measures about itself while jobs run: frames, event-loop lag and, from
//! the workers, what each thread is doing. Browser-facing probes live here; the pure
//! arithmetic they feed (histograms, percentiles, speed-ups) stays testable natively.

pub mod meters;
pub mod round_trip;
pub mod run_max;
