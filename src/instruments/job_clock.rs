//! The clock and counters a job runs under on a thread of the page's own module (the main
//! thread, the single worker, a message-pool worker): it times the job's phases and counts
//! its units, and, where someone can listen, reports progress a few times a second.
//! Jobs never read a clock; this observer does it for them.

use offload_jobs::progress::{Observer, Phase, PhaseLog, PhaseTime, Progress};
use std::cell::{Cell, RefCell};
use web_time::Instant;

/// Reports no more often than this (about one frame), however fast units come.
const REPORT_EVERY_MS: f64 = 16.0;
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
