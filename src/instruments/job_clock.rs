//! The clock and counters a job runs under on a thread of the page's own module (the main
//! thread, the single worker, a message-pool worker): it times the job's phases and counts
//! its units, and, where someone can listen, reports progress a few times a second.
//! Jobs never read a clock; this observer does it for them.

use offload_jobs::progress::{Observer, Phase, PhaseLog, PhaseTime, Progress};
use std::cell::{Cell, RefCell};
use web_time::Instant;

/// Reports no more often than this, however fast units come: the timeline and the bar
/// redraw ten times a second (`thread_timeline::REDRAW_MS`), and each report is a message
/// the page's main thread must wake up for and decode: more often is drawn by nobody.
const REPORT_EVERY_MS: f64 = 50.0;
/// The clock is looked at once per this fraction of the total, so a fast unit costs an
/// addition and a comparison, not a clock read.
const LOOK_STEPS: u64 = 100;

pub struct JobClock<'a> {
    start: Instant,
    log: RefCell<PhaseLog>,
    done: Cell<u64>,
    total: u64,
    next_look: Cell<u64>,
    last_report_ms: Cell<f64>,
    report: Option<&'a dyn Fn(Progress)>,
}

impl<'a> JobClock<'a> {
    /// A clock for `total` units, telling `report` (if any) how far the job has got.
    pub fn new(total: u64, report: Option<&'a dyn Fn(Progress)>) -> JobClock<'a> {
        JobClock {
            start: Instant::now(),
            log: RefCell::default(),
            done: Cell::new(0),
            total,
            next_look: Cell::new(0),
            last_report_ms: Cell::new(f64::NEG_INFINITY),
            report,
        }
    }

    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1e3
    }

    fn progress(&self) -> Progress {
        Progress {
            done: self.done.get(),
            total: self.total,
        }
    }

    fn send(&self, now_ms: f64) {
        if let Some(report) = self.report {
            self.last_report_ms.set(now_ms);
            report(self.progress());
        }
    }

    /// Ends the last phase: the phases in the order they ran, and the units counted.
    pub fn finish(self) -> (Vec<PhaseTime>, Progress) {
        let progress = self.progress();
        let now = self.now_ms();
        (self.log.into_inner().finish(now), progress)
    }
}

impl Observer for JobClock<'_> {
    fn phase(&self, phase: Phase) {
        let now = self.now_ms();
        let first = self.log.borrow().current().is_none();
        self.log.borrow_mut().enter(phase, now);
        if first {
            // The page learns the total before the first unit ends.
            self.send(now);
        }
    }

    fn advance(&self, units: u64) {
        let done = self.done.get() + units;
        self.done.set(done);
        if self.report.is_none() || (done < self.next_look.get() && done < self.total) {
            return;
        }
        self.next_look.set(done + (self.total / LOOK_STEPS).max(1));
        let now = self.now_ms();
        if done >= self.total || now - self.last_report_ms.get() >= REPORT_EVERY_MS {
            self.send(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_throttled_and_the_last_one_is_the_total() {
        let reports = RefCell::new(Vec::new());
        let report = |p: Progress| reports.borrow_mut().push(p);
        let clock = JobClock::new(10_000, Some(&report));
        clock.phase(Phase::Compute);
        (0..10_000).for_each(|_| clock.advance(1));
        let (phases, progress) = clock.finish();
        let reports = reports.into_inner();
        // The total first (at the first phase), then a few at most: this loop takes far
        // less than the REPORT_EVERY_MS per report allowed.
        assert_eq!(
            reports[0],
            Progress {
                done: 0,
                total: 10_000
            }
        );
        assert!(reports.len() <= 10, "{} reports", reports.len());
        assert_eq!(
            reports.last(),
            Some(&Progress {
                done: 10_000,
                total: 10_000
            })
        );
        assert_eq!(
            progress,
            Progress {
                done: 10_000,
                total: 10_000
            }
        );
        assert_eq!(phases.len(), 1);
        assert_eq!(phases[0].name, "compute");
    }

    #[test]
    fn a_clock_without_a_listener_still_counts_and_times() {
        let clock = JobClock::new(3, None);
        clock.phase(Phase::Derive);
        clock.advance(2);
        clock.phase(Phase::Checksum);
        clock.advance(1);
        let (phases, progress) = clock.finish();
        let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["derive", "checksum"]);
        assert_eq!(progress.done, 3);
    }
}
