//! Inside a worker that holds a second instance of the page's module: this code runs
//! there, once www/page-worker.js has instantiated the module (the page's side of the same
//! workers is `crate::workers`).

mod faults;
mod task;
use crate::instruments::job_clock::JobClock;
use crate::workers::stop_flag::StopFlag;
use offload_jobs::progress::{Progress, StopWhen};
use offload_jobs::wire::{Boot, DATA, Message, Reply, Request, STARTUP, Startup, ToWorker};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use web_time::Instant;

thread_local! {
    /// The page's Stop for this worker's jobs, if it handed one over at boot.
    static STOP: RefCell<Option<StopFlag>> = const { RefCell::new(None) };
}

fn post(reply: &Reply) {
    post_with(reply, None);
}

/// Bulk data that goes back beside a reply, as `data`, moved or copied.
pub struct Beside {
    pub data: JsValue,
    /// Hand the buffer over (transfer) rather than have it copied (structured clone).
    pub transfer: bool,
}

pub fn post_with(reply: &Reply, beside: Option<Beside>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let Ok(value) = serde_wasm_bindgen::to_value(reply) else {
        return;
    };
    faults::attach_memory(&value);
    let transfer = js_sys::Array::new();
    if let Some(Beside {
        data,
        transfer: moved,
    }) = beside
    {
        let _ = js_sys::Reflect::set(&value, &DATA.into(), &data);
        if moved {
            let buffer = js_sys::Reflect::get(&data, &"buffer".into()).unwrap_or_default();
            transfer.push(&buffer);
        }
    }
    let _ = scope.post_message_with_transfer(&value, &transfer);
}

/// Called by www/page-worker.js once the module is instantiated in the worker, with the
/// page's boot message (with its [`STARTUP`] set beside it by the bootstrap for a
/// standalone worker): anything but a valid `PageInstance` or `Standalone` boot is refused
/// (thrown).
#[wasm_bindgen]
pub fn start_page_worker(message: JsValue) -> Result<(), JsError> {
    STOP.with(|stop| *stop.borrow_mut() = StopFlag::take_from_boot(&message));
    let boot = serde_wasm_bindgen::from_value(crate::workers::serde_fields(&message));
    let boot: Boot = boot.map_err(|e| JsError::new(&format!("boot: {}", Boot::unreadable(e))))?;
    boot.check().map_err(|e| JsError::new(&e))?;
    let startup = js_sys::Reflect::get(&message, &STARTUP.into())
        .ok()
        .and_then(|s| serde_wasm_bindgen::from_value::<Startup>(s).ok());
    if !matches!(boot, Boot::PageInstance { .. } | Boot::Standalone { .. }) {
        return Err(JsError::new(
            "boot: this worker runs the page's module only",
        ));
    }
    // Report the panic's own message before the trap, which says only "unreachable".
    std::panic::set_hook(Box::new(|info| {
        post(&Reply::Crashed {
            reason: format!("the worker panicked: {info}"),
        })
    }));
    faults::report_allocation_failures();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let data = event.data();
        let message = serde_wasm_bindgen::from_value(crate::workers::serde_fields(&data));
        match message.map_err(ToWorker::unreadable) {
            Ok(message) => {
                if let Some((reply, beside)) = answer(message, &data) {
                    post_with(&reply, beside);
                }
            }
            Err(reason) => post(&Reply::Crashed { reason }),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&Reply::Ready {
        threads: 1,
        startup,
    });
    Ok(())
}

/// The reply to one message (`raw` as it arrived, with its bulk data beside it), or None
/// for a message that asks for none.
fn answer(message: ToWorker, raw: &JsValue) -> Option<(Reply, Option<Beside>)> {
    Some(match message {
        ToWorker::Run(request) => (run(request), None),
        ToWorker::Task {
            id,
            task,
            transfer,
            fault,
        } => task::run(id, task, transfer, fault),
        ToWorker::Merge { id } => (task::merge(id, raw), None),
        ToWorker::JsJob { id, job } => (crate::peers::run::js_job_reply(id, &job), None),
        ToWorker::Ping { id } => (Reply::Pong { id }, None),
        // A Stop arrives after the job it stops has ended (told by the shared flag, which
        // this worker reads mid-job): nothing is left to do.
        ToWorker::Cancel { .. } => return None,
        ToWorker::Copies { id, .. } => {
            let reason = "copies at once run on the engine (mode pool) only".into();
            (Reply::Refused { id, reason }, None)
        }
    })
}

/// Runs one job synchronously: blocking is this worker's job, and the page stays free.
fn run(Request { id, job, fault }: Request) -> Reply {
    if let Err(error) = job.check() {
        return Reply::Refused {
            id,
            reason: error.message,
        };
    }
    if let Some(fault) = fault {
        fault.strike("the worker");
    }
    let report = reporter(id);
    let clock = JobClock::new(job.units(), Some(&report));
    let observer = StopWhen::new(&clock, stop_asked());
    let start = Instant::now();
    let outcome = job.run_sequential_cancellable(&observer);
    let compute_ms = start.elapsed().as_secs_f64() * 1e3;
    let (phases, _) = clock.finish();
    match outcome {
        Ok(outcome) => Reply::Done {
            id,
            outcome,
            compute_ms,
            phases,
        },
        Err(_) => Reply::Stopped { id },
    }
}

/// Whether the page has asked to stop since now: for a job or task starting now, told by
/// the flag the page handed over at boot (never, without one).
pub fn stop_asked() -> impl Fn() -> bool {
    let flag = STOP.with(|stop| stop.borrow().clone());
    let stops = flag.as_ref().map(StopFlag::stops);
    move || {
        flag.as_ref()
            .zip(stops)
            .is_some_and(|(f, s)| f.raised_since(s))
    }
}

/// Posts the progress of message `id` to the page, which shows it as the run goes: this
/// worker's job blocks its own event loop, not the page's, so each post arrives at once.
pub fn reporter(id: u32) -> impl Fn(Progress) {
    move |Progress { done, total }| post(&Reply::Progress { id, done, total })
}
