//! The `worker` mode's other side: this code runs inside the worker, in the second
//! instance of the page's module that www/page-worker.js creates.

use offload_jobs::wire::{Fault, Reply, Request};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use web_time::Instant;

fn post(reply: &Reply) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if let Ok(value) = serde_wasm_bindgen::to_value(reply) {
        let _ = scope.post_message(&value);
    }
}

/// Called by www/page-worker.js once the module is instantiated in the worker.
#[wasm_bindgen]
pub fn start_page_worker() {
    // Report the panic's own message before the trap, which says only "unreachable".
    std::panic::set_hook(Box::new(|info| {
        post(&Reply::Crashed {
            reason: format!("the worker panicked: {info}"),
        })
    }));
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        match serde_wasm_bindgen::from_value::<Request>(event.data()) {
            Ok(request) => post(&run(request)),
            Err(error) => post(&Reply::Crashed {
                reason: format!("unreadable request: {error}"),
            }),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&Reply::Ready { threads: 1 });
}

/// Runs one job synchronously: blocking is this worker's job, and the page stays free.
fn run(Request { id, job, fault }: Request) -> Reply {
    if let Err(error) = job.check() {
        return Reply::Refused {
            id,
            reason: error.message,
        };
    }
    if fault == Some(Fault::Panic) {
        panic!("fault=panic asked the worker to panic");
    }
    let start = Instant::now();
    let outcome = job.run_sequential();
    Reply::Done {
        id,
        outcome,
        compute_ms: start.elapsed().as_secs_f64() * 1e3,
    }
}
