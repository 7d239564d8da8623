//! The thread timeline's arithmetic, pure: what each thread was doing at each frame of a
//! run, turned into busy stretches per lane, and the main thread's frozen stretches found
//! from frame gaps (nothing paints while it is frozen, so they are drawn after the fact).

use offload_jobs::progress::Progress;
use std::rc::Rc;

/// A frame gap longer than this means the main thread was frozen (three missed frames).
pub const FREEZE_MS: f64 = 50.0;

/// One thread seen at one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneSample {
    /// "worker", "pool-0", "mp-1": the lane it is drawn in.
    pub name: String,
    pub busy: bool,
    /// Units of work this thread has finished in the run so far (0 where unknown).
    pub units: u64,
}

/// Every thread of a mode, and its progress, at one frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    pub lanes: Vec<LaneSample>,
    pub progress: Option<Progress>,
    pub phase: Option<&'static str>,
}

/// How a mode is looked at each frame: given the run's id, what its threads are doing
/// (None when its counters are not that run's yet). Compared by identity.
#[derive(Clone)]
pub struct Probe(pub Rc<dyn Fn(u32) -> Option<Sample>>);

impl PartialEq for Probe {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One thread's lane: its busy (or, on the main lane, frozen) stretches in ms since the
/// run began.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub name: String,
    pub stretches: Vec<(f64, f64)>,
    pub busy_now: bool,
    units: u64,
}

impl Lane {
    fn new(name: &str) -> Lane {
        Lane {
            name: name.into(),
            stretches: Vec::new(),
            busy_now: false,
            units: 0,
        }
    }

    /// Busy (or frozen) time in all.
    pub fn busy_ms(&self) -> f64 {
        self.stretches.iter().map(|(a, b)| b - a).sum()
    }

    /// Marks `[from, to]` busy, joining it to a stretch that ends at `from`.
    fn mark(&mut self, from: f64, to: f64) {
        match self.stretches.last_mut() {
            Some((_, end)) if *end >= from => *end = end.max(to),
            _ => self.stretches.push((from, to)),
        }
    }
}

/// One run as the timeline saw it, frame by frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    pub run: u32,
    /// The main thread first; its stretches are frozen ones.
    pub main: Lane,
    pub lanes: Vec<Lane>,
    pub progress: Option<Progress>,
    pub phase: Option<&'static str>,
    /// The latest frame, ms since the run began.
    pub now_ms: f64,
    pub ended: bool,
    /// The tab was hidden since the last frame: a hidden tab paints nothing, so the gap
    /// that follows is the browser's doing, not a frozen main thread.
    hidden_since_frame: bool,
}

impl Recording {
    pub fn new(run: u32) -> Recording {
        Recording {
            run,
            main: Lane::new("main"),
            lanes: Vec::new(),
            progress: None,
            phase: None,
            now_ms: 0.0,
            ended: false,
            hidden_since_frame: false,
        }
    }

    /// The tab was hidden: the next frame's gap is not drawn as a freeze.
    pub fn hidden(&mut self) {
        self.hidden_since_frame = true;
    }

    /// A frame at `now_ms`, with what the mode's threads were doing (if it could tell).
    /// A thread counts as busy since the previous frame if it is busy now or finished a
    /// unit in between (a unit can start and end between two frames).
    pub fn frame(&mut self, now_ms: f64, sample: Option<Sample>) {
        let last = self.now_ms;
        if now_ms - last > FREEZE_MS && !std::mem::take(&mut self.hidden_since_frame) {
            self.main.mark(last, now_ms);
        }
        if let Some(sample) = sample {
            for seen in sample.lanes {
                let lane = match self.lanes.iter().position(|l| l.name == seen.name) {
                    Some(i) => &mut self.lanes[i],
                    None => {
                        self.lanes.push(Lane::new(&seen.name));
                        self.lanes.last_mut().expect("just pushed")
                    }
                };
                if seen.busy || seen.units > lane.units {
                    lane.mark(last, now_ms);
                }
                lane.busy_now = seen.busy;
                lane.units = seen.units;
            }
            self.progress = sample.progress.or(self.progress);
            self.phase = sample.phase;
        }
        self.now_ms = self.now_ms.max(now_ms);
    }

    /// The run has ended: nothing is busy any more.
    pub fn end(&mut self) {
        self.ended = true;
        self.phase = None;
        self.lanes.iter_mut().for_each(|l| l.busy_now = false);
    }
}

/// Ticks for an axis of `span_ms`: a round step (1, 2 or 5 × 10^k ms) giving at most
/// `most` intervals, and the tick positions from 0.
pub fn ticks(span_ms: f64, most: u32) -> Vec<f64> {
    if span_ms <= 0.0 || most == 0 {
        return vec![0.0];
    }
    let step = round_step(span_ms / f64::from(most));
    (0..=most)
        .map(|i| f64::from(i) * step)
        .take_while(|&t| t <= span_ms + 1e-9)
        .collect()
}

/// The smallest step of 1, 2 or 5 × 10^k (or 10^(k+1)) at least `rough`: the spacing of
/// an axis's ticks, for the timeline and the chart alike.
pub fn round_step(rough: f64) -> f64 {
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= rough)
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(name: &str, busy: bool, units: u64) -> LaneSample {
        LaneSample {
            name: name.into(),
            busy,
            units,
        }
    }

    fn sample(lanes: Vec<LaneSample>, done: u64) -> Option<Sample> {
        Some(Sample {
            lanes,
            progress: Some(Progress { done, total: 10 }),
            phase: Some("compute"),
        })
    }

    #[test]
    fn busy_frames_join_into_stretches() {
        let mut rec = Recording::new(1);
        rec.frame(
            16.0,
            sample(vec![lane("pool-0", true, 0), lane("pool-1", false, 0)], 0),
        );
        rec.frame(
            32.0,
            sample(vec![lane("pool-0", true, 1), lane("pool-1", false, 0)], 1),
        );
        rec.frame(
            48.0,
            sample(vec![lane("pool-0", false, 1), lane("pool-1", false, 2)], 3),
        );
        let zero = &rec.lanes[0];
        assert_eq!(zero.stretches, [(0.0, 32.0)]);
        assert_eq!(zero.busy_ms(), 32.0);
        // pool-1 never looked busy at a frame, but finished two units before the third.
        assert_eq!(rec.lanes[1].stretches, [(32.0, 48.0)]);
        assert_eq!(rec.progress, Some(Progress { done: 3, total: 10 }));
        assert!(rec.main.stretches.is_empty(), "no gap over {FREEZE_MS} ms");
    }

    #[test]
    fn a_long_gap_between_frames_is_a_frozen_main_thread() {
        let mut rec = Recording::new(1);
        rec.frame(16.0, None);
        rec.frame(1516.0, None);
        rec.frame(1532.0, None);
        assert_eq!(rec.main.stretches, [(16.0, 1516.0)]);
        assert_eq!(rec.main.busy_ms(), 1500.0);
        assert!(rec.lanes.is_empty());
    }

    #[test]
    fn a_gap_while_the_tab_was_hidden_is_no_freeze() {
        let mut rec = Recording::new(1);
        rec.frame(16.0, None);
        rec.hidden();
        rec.frame(5016.0, None);
        rec.frame(6516.0, None);
        assert_eq!(
            rec.main.stretches,
            [(5016.0, 6516.0)],
            "only the gap after it is shown"
        );
    }

    #[test]
    fn a_sample_without_progress_keeps_the_last_and_end_clears_busy() {
        let mut rec = Recording::new(1);
        rec.frame(16.0, sample(vec![lane("worker", true, 0)], 4));
        rec.frame(32.0, Some(Sample::default()));
        assert_eq!(rec.progress, Some(Progress { done: 4, total: 10 }));
        rec.end();
        assert!(!rec.lanes[0].busy_now);
        assert!(rec.ended);
    }

    #[test]
    fn ticks_are_round_and_cover_the_span() {
        assert_eq!(ticks(1000.0, 5), [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]);
        assert_eq!(ticks(1234.0, 4), [0.0, 500.0, 1000.0]);
        assert_eq!(ticks(45.0, 4), [0.0, 20.0, 40.0]);
        assert_eq!(ticks(0.0, 4), [0.0]);
    }
}
