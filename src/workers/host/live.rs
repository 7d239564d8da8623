//! A running worker and the handlers that listen to it, made from the host's recipe. Its
//! handlers carry the worker's generation, so that a replaced worker's late events reach
//! nothing.

use super::{WorkerHost, with_host};
use crate::instruments::pool_counters::PoolCounters;
use offload_jobs::progress::Progress;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// A running worker and the handlers that keep listening to it. Dropping it terminates
/// the worker, and with it every worker it started (a pool's threads), and frees its
/// handlers (a `spawn` run's worker is dropped after every run).
pub(super) struct Live {
    pub(super) worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    /// The engine's counters in its shared memory (from its `Ready`): held here so that
    /// they go when this worker does.
    pub(super) counters: Option<PoolCounters>,
    /// The latest progress the worker reported, and for which message.
    pub(super) reported: Option<(u32, Progress)>,
}

impl Drop for Live {
    /// Runs before the fields drop: the handlers are detached first, so that an event the
    /// dying worker queued before it was terminated (the trap after its crash report) finds
    /// none of ours and never calls a freed closure. A late error still finds the page's
    /// one handler that hides it, as ours did.
    fn drop(&mut self) {
        self.worker.terminate();
        self.worker.set_onmessage(None);
        IGNORE_LATE_ERRORS.with(|ignore| {
            self.worker
                .set_onerror(Some(ignore.as_ref().unchecked_ref()))
        });
    }
}

thread_local! {
    /// One handler for every terminated worker's late error, made once for the page's life.
    static IGNORE_LATE_ERRORS: Closure<dyn FnMut(ErrorEvent)> =
        Closure::new(|event: ErrorEvent| event.prevent_default());
}

impl WorkerHost {
    pub(super) fn create_worker(&self, generation: u32) -> Result<Live, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let script = self.0.borrow().recipe.script;
        let worker = crate::browser::trusted_types::new_worker(script, &options)
            .map_err(|e| format!("the worker could not be created: {e:?}"))?;
        let weak = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            with_host(&weak, generation, |host| host.on_reply(event.data()));
        });
        let weak = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            // Shown in the page instead; the console would only repeat it.
            event.prevent_default();
            let reason = format!("the worker died: {}", event.message());
            with_host(&weak, generation, |host| host.crash(reason));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let boot = (self.0.borrow().recipe.boot)();
        let live = Live {
            worker,
            _on_message: on_message,
            _on_error: on_error,
            counters: None,
            reported: None,
        };
        live.worker
            .post_message(&boot)
            .map_err(|e| format!("the worker could not be started: {e:?}"))?;
        Ok(live)
    }
}
