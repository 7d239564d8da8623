//! The page's own meters: how smoothly it paints and how promptly its event loop runs.
//!
//! Two probes, one per question: a requestAnimationFrame loop (frames, fps, the gap
//! between two frames) and a 20 ms timer (event-loop lag: how late it fires, the idea of
//! Node's `monitorEventLoopDelay`). A blocked main thread stops both, and each measures
//! the blocked stretch only when it runs again after it, so a run ends on both probes'
//! next samples.

use super::run_max::{RunMax, wake};
use gloo_render::{AnimationFrame, request_animation_frame};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;
use web_time::Instant;
use yew::Callback;

/// How often the lag probe asks to run.
const LAG_INTERVAL_MS: u32 = 20;

/// What the live meters show.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Reading {
    pub frames: u64,
    pub fps: u32,
    /// Longest gap between two frames during the current run, or the last one.
    pub longest_gap_ms: f64,
    /// How late the latest lag sample fired.
    pub lag_ms: f64,
    /// The largest lag during the current run, or the last one.
    pub max_lag_ms: f64,
}

#[derive(Default)]
struct State {
    frames: u64,
    last_frame: Option<Instant>,
    /// Frame times of the last second, for fps.
    recent: VecDeque<Instant>,
    gaps: RunMax,
    lag_ms: f64,
    lags: RunMax,
    on_frame: Option<Callback<Reading>>,
    /// The pending frame request and timer; dropping either would stop its probe.
    frame_request: Option<AnimationFrame>,
    lag_timer: Option<Timeout>,
}

/// A handle to the page's meters; clones share them.
#[derive(Clone)]
pub struct Meters(Rc<RefCell<State>>);

impl PartialEq for Meters {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Meters {
    /// Starts both probes; they run for the life of the page.
    pub fn start() -> Meters {
        let meters = Meters(Rc::default());
        meters.request_frame();
        meters.set_lag_timer();
        meters
    }

    pub fn read(&self) -> Reading {
        let state = self.0.borrow();
        Reading {
            frames: state.frames,
            fps: state.recent.len() as u32,
            longest_gap_ms: state.gaps.max(),
            lag_ms: state.lag_ms,
            max_lag_ms: state.lags.max(),
        }
    }

    /// Sends a reading on every frame to `listener` (the live meters; one at a time).
    pub fn subscribe(&self, listener: Callback<Reading>) {
        self.0.borrow_mut().on_frame = Some(listener);
    }

    fn request_frame(&self) {
        let this = self.clone();
        // Not rAF's timestamp: Chromium passes the time the frame was scheduled, which
        // after a long block is from before it, so every gap would look like one frame.
        let request = request_animation_frame(move |_| this.on_frame(Instant::now()));
        self.0.borrow_mut().frame_request = Some(request);
    }

    fn on_frame(&self, now: Instant) {
        let (waiters, listener) = {
            let mut state = self.0.borrow_mut();
            let gap_ms = state.last_frame.map_or(0.0, |last| ms(now - last));
            state.last_frame = Some(now);
            state.frames += 1;
            state.recent.push_back(now);
            while state
                .recent
                .front()
                .is_some_and(|&t| now - t > Duration::from_secs(1))
            {
                state.recent.pop_front();
            }
            (state.gaps.record(gap_ms), state.on_frame.clone())
        };
        // Outside the borrow: whoever wakes may call back in here.
        wake(waiters);
        if let Some(listener) = listener {
            listener.emit(self.read());
        }
        self.request_frame();
    }

    fn set_lag_timer(&self) {
        let this = self.clone();
        let due = Instant::now() + Duration::from_millis(LAG_INTERVAL_MS.into());
        let timer = Timeout::new(LAG_INTERVAL_MS, move || this.on_lag_sample(due));
        self.0.borrow_mut().lag_timer = Some(timer);
    }

    fn on_lag_sample(&self, due: Instant) {
        let late_ms = ms(Instant::now().saturating_duration_since(due));
        let waiters = {
            let mut state = self.0.borrow_mut();
            state.lag_ms = late_ms;
            state.lags.record(late_ms)
        };
        wake(waiters);
        self.set_lag_timer();
    }

    /// Resolves on the next frame.
    pub fn next_frame(&self) -> impl Future<Output = ()> + use<> {
        let next = self.0.borrow_mut().gaps.next_sample();
        async move {
            let _ = next.await;
        }
    }

    /// Starts measuring a run.
    pub fn begin_run(&self) {
        let mut state = self.0.borrow_mut();
        state.gaps.begin();
        state.lags.begin();
    }

    /// Ends a run at both probes' next samples; returns the run's longest frame gap and
    /// largest event-loop lag.
    pub fn end_run(&self) -> impl Future<Output = (f64, f64)> + use<> {
        let (next_frame, next_lag) = {
            let mut state = self.0.borrow_mut();
            (state.gaps.next_sample(), state.lags.next_sample())
        };
        let state = self.0.clone();
        async move {
            let _ = next_frame.await;
            let _ = next_lag.await;
            let mut state = state.borrow_mut();
            (state.gaps.finish(), state.lags.finish())
        }
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}
