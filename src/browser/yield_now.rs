//! Giving the event loop a turn from the middle of a job on the main thread: what
//! `chunked` does between two slices.
//!
//! `scheduler.yield()` where the browser has it (Chromium 129+): the continuation runs
//! ahead of other queued tasks, so the job does not fall behind everything else. Elsewhere
//! a `MessageChannel` message, a fresh task that is not clamped; `setTimeout(0)` is never
//! used, since browsers clamp nested timers to 4 ms, which would be most of a 5 ms slice.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How the page yields to the event loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YieldPrimitive {
    SchedulerYield,
    MessageChannel,
}

impl YieldPrimitive {
    /// As the run record and the page spell it.
    pub fn name(self) -> &'static str {
        match self {
            YieldPrimitive::SchedulerYield => "scheduler.yield()",
            YieldPrimitive::MessageChannel => "a MessageChannel message",
        }
    }
}

/// `scheduler.yield` bound to `scheduler`, if this browser has it.
fn scheduler_yield() -> Option<(JsValue, Function)> {
    let scheduler = Reflect::get(&js_sys::global(), &"scheduler".into()).ok()?;
    if !scheduler.is_object() {
        return None;
    }
    let yield_fn = Reflect::get(&scheduler, &"yield".into()).ok()?;
    Some((scheduler, yield_fn.dyn_into().ok()?))
}

/// What [`yield_to_event_loop`] will use here.
pub fn primitive() -> YieldPrimitive {
    match scheduler_yield() {
        Some(_) => YieldPrimitive::SchedulerYield,
        None => YieldPrimitive::MessageChannel,
    }
}

/// Lets the event loop run (paint, input, timers) and resumes after it; says how.
pub async fn yield_to_event_loop() -> YieldPrimitive {
    if let Some((scheduler, yield_fn)) = scheduler_yield()
        && let Ok(promise) = yield_fn.call0(&scheduler)
        && let Ok(promise) = promise.dyn_into::<Promise>()
    {
        let _ = JsFuture::from(promise).await;
        return YieldPrimitive::SchedulerYield;
    }
    if let Ok(channel) = web_sys::MessageChannel::new() {
        let port = channel.port1();
        let arrived = Promise::new(&mut |resolve, _| port.set_onmessage(Some(&resolve)));
        let _ = channel.port2().post_message(&JsValue::UNDEFINED);
        let _ = JsFuture::from(arrived).await;
        port.set_onmessage(None);
        port.close();
    }
    YieldPrimitive::MessageChannel
}
