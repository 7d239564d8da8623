//! Event-loop lag: how late a timer fires. The probe asks to run every [`INTERVAL_MS`] and
//! records how much later than that it actually ran (the idea of Node's
//! `monitorEventLoopDelay`). While the main thread is busy, nothing runs, so the lag grows
//! to the length of the busy stretch; a free loop stays within a few milliseconds.

use super::run_max::{RunMax, wake};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;
use web_time::Instant;
use yew::Callback;

const INTERVAL_MS: u32 = 20;

#[derive(Default)]
struct Probe {
    /// The latest sample, shown live.
    current_ms: f64,
    run: RunMax,
    on_sample: Option<Callback<f64>>,
    /// The pending timer; dropping it would stop the probe.
    timer: Option<Timeout>,
}

/// A handle to the page's lag probe; clones share it.
#[derive(Clone)]
pub struct LoopLag(Rc<RefCell<Probe>>);

impl PartialEq for LoopLag {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl LoopLag {
    /// Starts the probe; it runs for the life of the page.
    pub fn start() -> LoopLag {
        let probe = LoopLag(Rc::default());
        probe.schedule();
        probe
    }

    fn schedule(&self) {
        let this = self.clone();
        let due = Instant::now() + Duration::from_millis(INTERVAL_MS.into());
        let timer = Timeout::new(INTERVAL_MS, move || this.on_tick(due));
        self.0.borrow_mut().timer = Some(timer);
    }

    fn on_tick(&self, due: Instant) {
        let late_ms = Instant::now().saturating_duration_since(due).as_secs_f64() * 1e3;
        let (waiters, listener) = {
            let mut probe = self.0.borrow_mut();
            probe.current_ms = late_ms;
            (probe.run.record(late_ms), probe.on_sample.clone())
        };
        wake(waiters);
        if let Some(listener) = listener {
            listener.emit(late_ms);
        }
        self.schedule();
    }

    /// Sends every sample to `listener` (the lag meter; one at a time).
    pub fn subscribe(&self, listener: Callback<f64>) {
        self.0.borrow_mut().on_sample = Some(listener);
    }

    pub fn current_ms(&self) -> f64 {
        self.0.borrow().current_ms
    }

    /// The largest lag of the current run, or of the last one.
    pub fn run_max_ms(&self) -> f64 {
        self.0.borrow().run.max()
    }

    pub fn begin_run(&self) {
        self.0.borrow_mut().run.begin();
    }

    /// Ends a run at the probe's next sample (the one a blocked loop delayed).
    pub fn end_run(&self) -> impl Future<Output = f64> + use<> {
        let next = self.0.borrow_mut().run.next_sample();
        let probe = self.0.clone();
        async move {
            let _ = next.await;
            probe.borrow_mut().run.finish()
        }
    }
}
