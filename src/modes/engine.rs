//! `pool`: the engine, a separate threaded build (src/engine) in one dedicated worker that
//! starts a rayon pool of `threads` nested workers over its own shared memory.
//!
//! A pool's size is fixed when wasm-bindgen-rayon builds it, so a new `threads` means a new
//! engine: the old worker is terminated (taking its pool threads with it) and a fresh one
//! started, without reloading the page, and never while a run is using it.

use super::{Executor, Readiness, RunFuture, host_probe, run_on};
use crate::instruments::timeline::Probe;
use crate::workers::host::{Recipe, WorkerHost};
use offload_jobs::wire::{Boot, Request};
use std::cell::Cell;
use yew::Callback;

fn recipe(threads: u32) -> Recipe {
    Recipe {
        script: "./engine-worker.js",
        boot: Box::new(move || {
            serde_wasm_bindgen::to_value(&Boot::Engine { threads }).unwrap_or_default()
        }),
    }
}

pub struct Engine {
    host: WorkerHost,
    threads: Cell<u32>,
    probe: Probe,
}

impl Engine {
    pub fn new(threads: u32, on_readiness: Callback<Readiness>) -> Engine {
        let host = WorkerHost::new(recipe(threads), on_readiness);
        Engine {
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

impl Executor for Engine {
    fn start(&self) {
        self.host.start();
    }

    fn run(&self, request: Request) -> RunFuture {
        run_on(&self.host, request)
    }

    fn stop(&self) -> bool {
        self.host.stop_job()
    }

    fn probe(&self) -> Option<Probe> {
        Some(self.probe.clone())
    }
}

// Read by the Overheads panel (src/ui/overheads.rs).
impl Engine {
    /// The pool's start time and its empty task's round trip, once it is ready.
    pub fn start_figures(&self) -> crate::workers::host::StartFigures {
        self.host.start_figures()
    }
}
