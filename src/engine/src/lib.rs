//! The engine: the jobs' parallel forms on a rayon pool over shared memory, living in one
//! dedicated worker (`www/engine-worker.js`) that the page can terminate and replace.
//!
//! The page shares this memory only to read the progress counters ([`counters`]) with
//! `Atomics.load`. A pool thread that panics or runs out of memory traps and may leave a
//! lock held here; only this worker and its threads are lost (the page never waits on it).

// A pool thread reports an allocation failure before it aborts ([`report_out_of_memory`]).
#![cfg_attr(target_arch = "wasm32", feature(alloc_error_hook))]

// Built from the page's workspace (or with RUSTFLAGS that replace this directory's), the
// crate would compile without threads and the pool would hang at start: refuse instead.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
compile_error!(
    "offload-engine needs atomics and shared memory: build it from src/engine (its \
     .cargo/config.toml sets them), e.g. with `cargo xtask build`"
);

mod counters;

use futures_channel::oneshot;
use offload_jobs::Job;
use offload_jobs::progress::{Cancelled, PhaseTime};
use offload_jobs::wire::{Boot, CopyDone, MEMORY_BYTES, Message, Reply, Request, ToWorker};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use web_time::Instant;

// engine-worker.js awaits this before `start_engine`: it spawns the pool's threads, each
// a nested worker instantiating this module over the same memory.
pub use wasm_bindgen_rayon::init_thread_pool;

/// The scope of whichever thread runs this: the engine's own worker, or a pool thread.
fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts to this thread's parent: from the engine thread that is the page; from a pool
/// thread it is the engine, whose wrapped `Worker` forwards crash reports to the page.
fn post(reply: &Reply) {
    if let Ok(value) = serde_wasm_bindgen::to_value(reply) {
        if matches!(reply, Reply::Ready { .. }) {
            counters::attach(&value);
        }
        let _ = js_sys::Reflect::set(&value, &MEMORY_BYTES.into(), &memory_bytes().into());
        let _ = scope().post_message(&value);
    }
}

#[wasm_bindgen]
extern "C" {
    /// The worker scope's `reportError`: an error event at the Worker object that started
    /// this thread, which engine-worker.js passes on to the page for a pool thread.
    #[wasm_bindgen(js_namespace = self, js_name = reportError)]
    fn report_error(error: &js_sys::Error);
}

/// The pool size the page's boot message asks for: engine-worker.js calls this before it
/// starts any thread, and a message that is not a valid `Engine` boot is refused (thrown).
#[wasm_bindgen]
pub fn boot_threads(boot: JsValue) -> Result<u32, JsError> {
    let boot = serde_wasm_bindgen::from_value(boot);
    let boot: Boot = boot.map_err(|e| JsError::new(&format!("boot: {}", Boot::unreadable(e))))?;
    boot.check().map_err(|e| JsError::new(&e))?;
    match boot {
        Boot::Engine { threads } => Ok(threads),
        _ => Err(JsError::new("boot: this worker runs the engine only")),
    }
}

/// Raised as an error on the thread whose allocation failed (a pool thread's reaches the
/// page as its crash), before Rust aborts with a trap that says only "unreachable". Every
/// thread shares this memory, so the engine's whole pool has hit its 2 GiB ceiling.
#[cfg(target_arch = "wasm32")]
fn report_out_of_memory(layout: std::alloc::Layout) {
    report_error(&js_sys::Error::new(&format!(
        "out of memory: memory allocation of {} bytes failed",
        layout.size()
    )));
}

/// The size of the engine's shared wasm memory in bytes (its pool's too): it only grows.
fn memory_bytes() -> f64 {
    let buffer = wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer();
    js_sys::Reflect::get(&buffer, &"byteLength".into())
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or_default()
}

/// Called once the pool is up: checks every thread answers, then takes requests.
#[wasm_bindgen]
pub fn start_engine() {
    // The panic message is the useful part of a crash; the trap that follows says only
    // "unreachable". Raised as an error before the thread dies, on whichever thread
    // panicked, so the page can show it.
    std::panic::set_hook(Box::new(|info| {
        report_error(&js_sys::Error::new(&format!(
            "a pool thread panicked: {info}"
        )));
    }));
    #[cfg(target_arch = "wasm32")]
    std::alloc::set_alloc_error_hook(report_out_of_memory);
    // `broadcast` runs once on every pool thread: the count proves they all started.
    // Blocking here is allowed: this is a worker, not the page's main thread.
    let threads = rayon::broadcast(|ctx| ctx.index()).len() as u32;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(on_request);
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    wasm_bindgen_futures::spawn_local(report_overhead_then_ready(threads));
}

/// Times empty tasks on the pool, each spawned and awaited (this worker's event loop stays
/// free), and reports their median before `Ready`: before any job, so none skews it.
/// What a pool job pays to start and to be heard of, beside its work.
async fn report_overhead_then_ready(threads: u32) {
    const SAMPLES: usize = 51;
    let mut ms = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let (done, finished) = oneshot::channel();
        let start = Instant::now();
        rayon::spawn(move || {
            let _ = done.send(());
        });
        if finished.await.is_err() {
            return;
        }
        ms.push(start.elapsed().as_secs_f64() * 1e3);
    }
    ms.sort_by(f64::total_cmp);
    post(&Reply::PoolOverhead {
        empty_task_ms: ms[SAMPLES / 2],
    });
    post(&Reply::Ready {
        threads,
        startup: None,
    });
}

fn on_request(event: MessageEvent) {
    let message = serde_wasm_bindgen::from_value(event.data());
    let message = match message.map_err(ToWorker::unreadable) {
        Ok(message) => message,
        Err(reason) => return post(&Reply::Crashed { reason }),
    };
    match message {
        ToWorker::Run(request) => on_run(request),
        ToWorker::Copies { id, job, copies } => on_copies(id, job, copies),
        // Raises the cancel flag the running job's observer reads between pieces of work:
        // the job ends within one piece and its run answers `Stopped`; the pool stays up.
        // It arrives while the pool works, since this thread only awaits the pool.
        ToWorker::Cancel { id } => counters::cancel(id),
        other => post(&Reply::Refused {
            id: other.id(),
            reason: "the engine runs whole jobs and their copies only".into(),
        }),
    }
}

fn on_run(request: Request) {
    if let Err(error) = request.job.check() {
        return post(&Reply::Refused {
            id: request.id,
            reason: error.message,
        });
    }
    wasm_bindgen_futures::spawn_local(run(request));
}

/// Runs the job from a pool thread and awaits it, so this worker's own event loop stays
/// free: were it blocked in a wait, a dying pool thread's error could never reach the page.
async fn run(Request { id, job, fault }: Request) {
    let (done, outcome) = oneshot::channel();
    let start = Instant::now();
    rayon::spawn(move || {
        if let Some(fault) = fault {
            fault.strike("this pool thread");
        }
        let _ = done.send(run_counted(id, &job));
    });
    // A thread that dies (panics abort here) never sends: this future then never ends, and
    // the page, told by the crash report, terminates the whole worker with it.
    match outcome.await {
        Ok((Ok(outcome), phases)) => {
            let compute_ms = start.elapsed().as_secs_f64() * 1e3;
            post(&Reply::Done {
                id,
                outcome,
                compute_ms,
                phases,
            });
        }
        Ok((Err(Cancelled), _)) => post(&Reply::Stopped { id }),
        Err(_) => {}
    }
}

fn on_copies(id: u32, job: Job, copies: u32) {
    let max = offload_jobs::limits::BURST.max;
    let refused = job.check().err().map(|e| e.message).or_else(|| {
        (!(1..=max).contains(&copies)).then(|| format!("copies must be from 1 to {max}"))
    });
    if let Some(reason) = refused {
        return post(&Reply::Refused { id, reason });
    }
    wasm_bindgen_futures::spawn_local(run_copies(id, job, copies));
}

/// Every copy at once on the pool, each in its own parallel form: rayon's threads take up
/// their pieces as they free up, so the copies share the threads. The counters count the
/// units of every copy, so the page's progress is the burst's.
async fn run_copies(id: u32, job: Job, copies: u32) {
    let (done, finished) = oneshot::channel();
    let start = Instant::now();
    counters::JobObserver::reset(id, job.units().saturating_mul(copies.into()));
    rayon::spawn(move || {
        let ms = |at: Instant| at.duration_since(start).as_secs_f64() * 1e3;
        let mut results: Vec<Option<CopyDone>> = (0..copies).map(|_| None).collect();
        rayon::scope(|scope| {
            for slot in results.iter_mut() {
                let job = &job;
                scope.spawn(move |_| {
                    let started_ms = ms(Instant::now());
                    let observer = counters::JobObserver::another_copy(id);
                    // A cancelled copy leaves its slot empty: the burst answers `Stopped`.
                    if let Ok(outcome) = job.run_parallel_cancellable(&observer) {
                        *slot = Some(CopyDone {
                            outcome,
                            started_ms,
                            finished_ms: ms(Instant::now()),
                            phases: observer.finish(),
                        });
                    }
                });
            }
        });
        let _ = done.send(results.into_iter().collect::<Option<Vec<_>>>());
    });
    match finished.await {
        Ok(Some(copies)) => post(&Reply::CopiesDone { id, copies }),
        Ok(None) => post(&Reply::Stopped { id }),
        Err(_) => {}
    }
}

/// What a pool job gives back: its outcome (or that it was stopped), and its phases.
type Counted = (Result<offload_jobs::Outcome, Cancelled>, Vec<PhaseTime>);

/// The job's parallel form, publishing its progress in the counters, timing its phases,
/// and stopping between pieces of work if its run is cancelled.
fn run_counted(id: u32, job: &Job) -> Counted {
    let observer = counters::JobObserver::begin_job(id, job.units());
    let outcome = job.run_parallel_cancellable(&observer);
    (outcome, observer.finish())
}
