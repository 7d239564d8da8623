//! The page's own meters: how smoothly it paints, how promptly its event loop runs, and
//! how long clicks wait.
//!
//! Two probes, one per question: a requestAnimationFrame loop (frames, fps, the gap
//! between two frames) and a 20 ms timer whose lateness feeds a histogram, as Node's
//! `monitorEventLoopDelay` does. A blocked main thread stops both, and each measures the
//! blocked stretch only when it runs again after it (one big sample), so a run ends on
//! both probes' next samples. While the page is out of sight (a hidden tab, or a
//! frame scrolled out of view: `visibility.rs`) the browser stops frames and may throttle
//! timers: the probes take no samples then, and a run that ends out of sight ends at
//! once. Clicks (Event Timing) and Long Animation Frames come from observers whose entries
//! arrive after the next paint, so a run collects them for a few frames after it ends.

use super::histogram::{Histogram, Summary};
use super::input_delay::InputDelays;
use super::long_frames::LongFrames;
use super::observer::now_ms;
use super::responsiveness::Responsiveness;
use super::run_max::{RunMax, wake};
use super::run_window::RunWindow;
use super::visibility::{SightListener, is_hidden};
use gloo_render::{AnimationFrame, request_animation_frame};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use yew::Callback;

/// How often the lag probe asks to run.
const LAG_INTERVAL_MS: u32 = 20;
/// How long after a run's end its clicks and long frames are collected (visible tab only).
const COLLECT_MS: f64 = 120.0;
/// The refresh interval assumed before any two frames were seen.
const DEFAULT_REFRESH_MS: f64 = 1000.0 / 60.0;

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
    /// Lag percentiles of the current run or, when no run is going, since page load.
    pub lag: Option<Summary>,
    pub running: bool,
    /// How long the latest click waited for its handler.
    pub last_click_delay_ms: Option<f64>,
}

#[derive(Default)]
struct State {
    frames: u64,
    last_frame: Option<f64>,
    /// Frame times of the last second, for fps.
    recent: VecDeque<f64>,
    gaps: RunMax,
    /// Every visible frame gap since load: its median is the screen's refresh interval.
    frame_gaps: Histogram,
    lag_ms: f64,
    lags: RunMax,
    lag_since_load: Histogram,
    lag_run: Histogram,
    run: Option<RunWindow>,
    hidden: bool,
    on_frame: Option<Callback<Reading>>,
    /// The pending frame request and timer; dropping either would stop its probe.
    frame_request: Option<AnimationFrame>,
    lag_timer: Option<Timeout>,
}

struct Inner {
    state: RefCell<State>,
    input: InputDelays,
    long_frames: LongFrames,
    visibility: RefCell<Option<SightListener>>,
}

/// A handle to the page's meters; clones share them.
#[derive(Clone)]
pub struct Meters(Rc<Inner>);

impl PartialEq for Meters {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Meters {
    /// Starts the probes and observers; they run for the life of the page.
    pub fn start() -> Meters {
        let meters = Meters(Rc::new(Inner {
            state: RefCell::new(State {
                hidden: is_hidden(),
                ..State::default()
            }),
            input: InputDelays::start(),
            long_frames: LongFrames::start(),
            visibility: RefCell::new(None),
        }));
        let this = meters.clone();
        let listener = SightListener::start(move |unseen| this.on_visibility(unseen));
        *meters.0.visibility.borrow_mut() = listener;
        meters.request_frame();
        meters.set_lag_timer();
        meters
    }

    pub fn read(&self) -> Reading {
        let state = self.0.state.borrow();
        let running = state.run.is_some();
        let lag = if running {
            &state.lag_run
        } else {
            &state.lag_since_load
        };
        Reading {
            frames: state.frames,
            fps: state.recent.len() as u32,
            longest_gap_ms: state.gaps.max(),
            lag_ms: state.lag_ms,
            max_lag_ms: state.lags.max(),
            lag: lag.summary(),
            running,
            last_click_delay_ms: self.0.input.last_delay_ms(),
        }
    }

    /// Sends a reading on every frame to `listener` (the live meters; one at a time).
    pub fn subscribe(&self, listener: Callback<Reading>) {
        self.0.state.borrow_mut().on_frame = Some(listener);
    }

    /// Stops sending readings (the live meters are gone).
    pub fn unsubscribe(&self) {
        self.0.state.borrow_mut().on_frame = None;
    }

    fn request_frame(&self) {
        let this = self.clone();
        // Not rAF's timestamp: Chromium passes the time the frame was scheduled, which
        // after a long block is from before it, so every gap would look like one frame.
        let request = request_animation_frame(move |_| this.on_frame(now_ms()));
        self.0.state.borrow_mut().frame_request = Some(request);
    }

    fn on_frame(&self, now: f64) {
        let (waiters, listener) = {
            let mut state = self.0.state.borrow_mut();
            if state.hidden {
                // A browser paints nothing while hidden; one that does is not measured.
                state.last_frame = None;
                (Vec::new(), None)
            } else {
                let gap_ms = state.last_frame.map(|last| now - last);
                state.last_frame = Some(now);
                state.frames += 1;
                state.recent.push_back(now);
                while state.recent.front().is_some_and(|&t| now - t > 1000.0) {
                    state.recent.pop_front();
                }
                if let Some(gap_ms) = gap_ms {
                    state.frame_gaps.record(gap_ms);
                }
                (
                    state.gaps.record(gap_ms.unwrap_or(0.0)),
                    state.on_frame.clone(),
                )
            }
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
        let due = now_ms() + f64::from(LAG_INTERVAL_MS);
        let timer = Timeout::new(LAG_INTERVAL_MS, move || this.on_lag_sample(due));
        self.0.state.borrow_mut().lag_timer = Some(timer);
    }

    fn on_lag_sample(&self, due: f64) {
        let late_ms = (now_ms() - due).max(0.0);
        let waiters = {
            let mut state = self.0.state.borrow_mut();
            if state.hidden {
                // Throttled, not blocked: a hidden tab's timers say nothing about the page.
                state.lags.waiters()
            } else {
                state.lag_ms = late_ms;
                state.lag_since_load.record(late_ms);
                if state.run.is_some() {
                    state.lag_run.record(late_ms);
                }
                state.lags.record(late_ms)
            }
        };
        wake(waiters);
        self.set_lag_timer();
    }

    /// The page went out of sight or came back: no gap or lag may span the change, and whoever waits
    /// for a sample is woken when it hides (none would come).
    fn on_visibility(&self, hidden: bool) {
        let now = now_ms();
        let waiters = {
            let mut state = self.0.state.borrow_mut();
            state.hidden = hidden;
            state.last_frame = None;
            if let Some(run) = &mut state.run {
                if hidden {
                    run.hide(now);
                } else {
                    run.show(now);
                }
            }
            if hidden {
                let mut waiters = state.gaps.waiters();
                waiters.extend(state.lags.waiters());
                waiters
            } else {
                Vec::new()
            }
        };
        wake(waiters);
        // A fresh timer: the pending one's due time is from before the change.
        self.set_lag_timer();
    }

    /// Resolves on the next frame, or at once while the tab is hidden.
    pub fn next_frame(&self) -> impl Future<Output = ()> + use<> {
        let next = {
            let mut state = self.0.state.borrow_mut();
            (!state.hidden).then(|| state.gaps.next_sample())
        };
        async move {
            if let Some(next) = next {
                let _ = next.await;
            }
        }
    }

    /// Starts measuring a run.
    pub fn begin_run(&self) {
        let mut state = self.0.state.borrow_mut();
        state.gaps.begin();
        state.lags.begin();
        state.lag_run = Histogram::default();
        state.run = Some(RunWindow::begin(now_ms(), state.frames, state.hidden));
    }

    /// Ends a run at both probes' next samples (at once if the tab is hidden), then
    /// collects the clicks and long frames the browser reports after the next paint.
    pub fn end_run(&self) -> impl Future<Output = Responsiveness> + use<> {
        let closing = {
            let mut state = self.0.state.borrow_mut();
            (!state.hidden).then(|| (state.gaps.next_sample(), state.lags.next_sample()))
        };
        let meters = self.clone();
        async move {
            if let Some((next_frame, next_lag)) = closing {
                let _ = next_frame.await;
                let _ = next_lag.await;
            }
            let end_ms = now_ms();
            let (mut page, window) = meters.close_probes(end_ms);
            // Chromium reported both some 40 ms (four frames) after a long block ended.
            while now_ms() - end_ms < COLLECT_MS && !meters.0.state.borrow().hidden {
                meters.next_frame().await;
            }
            page.input = meters.0.input.figures(window.start_ms, end_ms);
            page.long_frames = meters.0.long_frames.figures(window.start_ms, end_ms);
            page
        }
    }

    /// Ends a run that failed or was stopped at once, with what the probes saw so far: no
    /// wait for their next samples nor for late clicks and long frames. Stop is answered
    /// within 100 ms; the 120 ms of collecting alone made it 130-210 ms (stop.test.mjs).
    pub fn end_run_at_once(&self) -> Responsiveness {
        self.close_probes(now_ms()).0
    }

    /// The probes' figures for the run, closed at `end_ms`.
    fn close_probes(&self, end_ms: f64) -> (Responsiveness, RunWindow) {
        let mut state = self.0.state.borrow_mut();
        let hidden_now = state.hidden;
        let mut window = state
            .run
            .take()
            .unwrap_or_else(|| RunWindow::begin(end_ms, state.frames, hidden_now));
        if hidden_now {
            window.hide(end_ms);
        }
        let refresh_ms = state
            .frame_gaps
            .percentile_ms(50.0)
            .unwrap_or(DEFAULT_REFRESH_MS);
        let figures = window.frame_figures(end_ms, state.frames, refresh_ms);
        let page = Responsiveness {
            longest_gap_ms: state.gaps.finish(),
            frames: window.frames_painted(state.frames),
            loop_lag_ms: state.lags.finish(),
            lag: state.lag_run.summary(),
            input: self.0.input.figures(window.start_ms, end_ms),
            fps: figures.fps,
            frames_dropped: figures.dropped,
            long_frames: None,
            hidden: window.overlapped_hidden,
        };
        (page, window)
    }
}
