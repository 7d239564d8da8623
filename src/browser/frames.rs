//! The frame clock: one requestAnimationFrame loop for the whole page. It counts frames,
//! keeps frames per second, and records the longest gap between two frames during a run,
//! which is the plainest measure of how long the page could not paint or answer input.

use super::run_max::{RunMax, wake};
use gloo_render::{AnimationFrame, request_animation_frame};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use web_time::Instant;
use yew::Callback;

/// What the frame counter shows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameStats {
    pub count: u64,
    pub fps: u32,
    /// Longest gap between frames during the current run, or the last one.
    pub longest_gap_ms: f64,
}

#[derive(Default)]
struct Clock {
    stats: FrameStats,
    last_frame: Option<Instant>,
    /// Frame times of the last second, for fps.
    recent: VecDeque<Instant>,
    /// Gaps between frames during a run.
    run: RunMax,
    on_frame: Option<Callback<FrameStats>>,
    /// The pending request; dropping it would cancel the loop.
    request: Option<AnimationFrame>,
}

/// A handle to the page's frame loop; clones share it.
#[derive(Clone)]
pub struct FrameClock(Rc<RefCell<Clock>>);

impl PartialEq for FrameClock {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl FrameClock {
    /// Starts the loop; it runs for the life of the page.
    pub fn start() -> FrameClock {
        let clock = FrameClock(Rc::default());
        clock.schedule();
        clock
    }

    fn schedule(&self) {
        let this = self.clone();
        // Not rAF's timestamp: Chromium passes the time the frame was scheduled, which
        // after a long block is from before it, so every gap would look like one frame.
        let request = request_animation_frame(move |_| this.on_frame(Instant::now()));
        self.0.borrow_mut().request = Some(request);
    }

    fn on_frame(&self, now: Instant) {
        let (stats, listener, waiters) = {
            let mut clock = self.0.borrow_mut();
            let gap_ms = clock
                .last_frame
                .map_or(0.0, |last| (now - last).as_secs_f64() * 1e3);
            let waiters = clock.run.record(gap_ms);
            clock.last_frame = Some(now);
            clock.stats.longest_gap_ms = clock.run.max();
            clock.stats.count += 1;
            clock.recent.push_back(now);
            while clock
                .recent
                .front()
                .is_some_and(|&t| (now - t).as_secs_f64() > 1.0)
            {
                clock.recent.pop_front();
            }
            clock.stats.fps = clock.recent.len() as u32;
            (clock.stats, clock.on_frame.clone(), waiters)
        };
        // Outside the borrow: listeners may call back into the clock.
        wake(waiters);
        if let Some(listener) = listener {
            listener.emit(stats);
        }
        self.schedule();
    }

    /// Sends every frame's stats to `listener` (the frame counter; one at a time).
    pub fn subscribe(&self, listener: Callback<FrameStats>) {
        self.0.borrow_mut().on_frame = Some(listener);
    }

    pub fn stats(&self) -> FrameStats {
        self.0.borrow().stats
    }

    /// Starts measuring a run's longest frame gap.
    pub fn begin_run(&self) {
        self.0.borrow_mut().run.begin();
    }

    /// Resolves on the next frame.
    pub fn next_frame(&self) -> impl Future<Output = ()> + use<> {
        let next = self.0.borrow_mut().run.next_sample();
        async move {
            let _ = next.await;
        }
    }

    /// Ends a run at the first frame after it, since a frozen page's longest gap closes
    /// only when it paints again, and returns that run's longest gap.
    pub fn end_run(&self) -> impl Future<Output = f64> + use<> {
        let next = self.0.borrow_mut().run.next_sample();
        let clock = self.0.clone();
        async move {
            let _ = next.await;
            clock.borrow_mut().run.finish()
        }
    }
}
