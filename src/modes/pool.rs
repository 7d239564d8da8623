//! `pool`: the engine, a separate threaded build (src/engine) in one dedicated worker that
//! starts a rayon pool of `threads` nested workers over its own shared memory.
//!
//! A pool's size is fixed when wasm-bindgen-rayon builds it, so a new `threads` means a new
//! engine: the old worker is terminated (taking its pool threads with it) and a fresh one
//! started, without reloading the page, and never while a run is using it.

use super::burst::{CopiesFuture, combine, since};
use super::copies::Span;
use super::{Executor, Readiness, RunFuture, RunOutput, host_probe, run_on};
use crate::instruments::timeline::Probe;
use crate::workers::host::{Recipe, WorkerHost};
use offload_jobs::wire::{Boot, Reply, Request, ToWorker};
use std::cell::Cell;
use web_time::Instant;
use yew::Callback;

fn recipe(threads: u32) -> Recipe {
    Recipe {
        script: "./engine-worker.js",
        boot: Box::new(move || {
            serde_wasm_bindgen::to_value(&Boot::Engine { threads }).unwrap_or_default()
        }),
    }
}

pub struct PoolMode {
    host: WorkerHost,
    threads: Cell<u32>,
    probe: Probe,
}

impl PoolMode {
    pub fn new(threads: u32, on_readiness: Callback<Readiness>) -> PoolMode {
        let host = WorkerHost::new(recipe(threads), on_readiness);
        PoolMode {
            probe: host_probe(&host, "engine"),
            host,
            threads: threads.into(),
        }
    }

    /// Gives the pool `threads` threads: a new engine if the count changed and one was
    /// started. Deferred (false) while a run uses the pool; call again when it ends.
    pub fn resize(&self, threads: u32) -> bool {
        if self.threads.get() == threads {
            return true;
        }
        let applied = self.host.restart(recipe(threads));
        if applied {
            self.threads.set(threads);
        }
        applied
    }
}

impl Executor for PoolMode {
    fn start(&self) {
        self.host.start();
    }

    fn retries_start(&self) -> bool {
        self.host.is_late()
    }

    fn run(&self, request: Request) -> RunFuture {
        run_on(&self.host, request)
    }

    /// One message for every copy: the engine runs them at once on its pool and times
    /// each; its offsets are placed on the page's clock from when the message was posted.
    fn run_copies(&self, Request { id, job, .. }: Request, copies: u32) -> CopiesFuture {
        let t0 = Instant::now();
        let answer = self.host.send(&ToWorker::Copies { id, job, copies });
        let posted_ms = since(t0);
        let host = self.host.clone();
        Box::pin(async move {
            let answer = answer.await?;
            let done = match answer.reply {
                Reply::CopiesDone { copies, .. } => copies,
                Reply::Refused { reason, .. } => return Err(reason),
                other => return Err(format!("the engine answered out of turn: {other:?}")),
            };
            let progress = host.sample().progress;
            let spans = done.into_iter().map(|copy| {
                let finished = RunOutput {
                    outcome: copy.outcome,
                    ms: copy.finished_ms - copy.started_ms,
                    compute_ms: copy.finished_ms - copy.started_ms,
                    crossing: None,
                    chunking: None,
                    phases: copy.phases,
                    progress: None,
                };
                let span = Span {
                    submitted_ms: 0.0,
                    started_ms: posted_ms + copy.started_ms,
                    finished_ms: posted_ms + copy.finished_ms,
                };
                (finished, span)
            });
            let mut copies = combine(spans.collect())?;
            copies.finished.progress = progress;
            Ok(copies)
        })
    }

    /// Asks the engine to stop the job between two pieces of work, keeping its pool warm;
    /// terminated and replaced only if it does not answer within [`super::STOP_BUDGET_MS`].
    fn stop(&self) -> bool {
        self.host.cancel_job(super::STOP_BUDGET_MS)
    }

    fn probe(&self) -> Option<Probe> {
        Some(self.probe.clone())
    }
}

// Read by the Overheads panel (src/ui/overheads.rs).
impl PoolMode {
    /// The pool's start time and its empty task's round trip, once it is ready.
    pub fn start_figures(&self) -> crate::workers::host::StartFigures {
        self.host.start_figures()
    }
}
