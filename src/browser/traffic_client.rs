//! Traffic's clients (www/traffic-client.js): a worker that sends a stream's requests at
//! their intended times, so that a blocked main thread cannot hold them back.

use super::trusted_types::new_worker;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions};

/// What the clients' thread says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ClientSays {
    /// Started: it can take a schedule.
    Ready,
    /// Request `index` of the schedule, sent `sent_ms` after the stream's start: at its
    /// time, or after it when the clients' timer was late.
    Request { index: u32, sent_ms: f64 },
    /// Every request of the schedule is sent.
    Done,
}

/// The clients' worker; terminated when dropped (a stopped stream sends nothing more).
pub struct ClientThread {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl ClientThread {
    pub fn start(mut on: impl FnMut(ClientSays) + 'static) -> Result<ClientThread, String> {
        let worker = new_worker("./traffic-client.js", &WorkerOptions::new())
            .map_err(|e| format!("the traffic clients' worker did not start: {e:?}"))?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if js_sys::Array::is_array(&data) {
                let pair = js_sys::Array::from(&data);
                let index = pair.get(0).as_f64().unwrap_or(-1.0);
                let sent_ms = pair.get(1).as_f64().unwrap_or(f64::NAN);
                if index >= 0.0 {
                    on(ClientSays::Request {
                        index: index as u32,
                        sent_ms,
                    });
                }
            } else if js_sys::Reflect::has(&data, &"done".into()).unwrap_or(false) {
                on(ClientSays::Done);
            } else {
                on(ClientSays::Ready);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(ClientThread {
            worker,
            _on_message: on_message,
        })
    }

    /// Sends the requests at `start` (on [`epoch_now`]'s clock) plus each of `at_ms`.
    pub fn send(&self, start: f64, at_ms: &[f64]) -> Result<(), String> {
        let message = js_sys::Object::new();
        let at = js_sys::Float64Array::from(at_ms);
        let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&message, &key.into(), value);
        set("start", &start.into())
            .and_then(|_| set("at", &at))
            .and_then(|_| {
                self.worker
                    .post_message_with_transfer(&message, &js_sys::Array::of1(&at.buffer()))
            })
            .map_err(|e| format!("the schedule did not reach the clients: {e:?}"))
    }
}

impl Drop for ClientThread {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Now, in ms, on a clock the page and its workers share (`performance.timeOrigin +
/// performance.now()`): each thread's `performance.now()` counts from its own start.
pub fn epoch_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.time_origin() + p.now())
}
