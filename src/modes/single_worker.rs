//! `worker`: one dedicated worker running a second instance of the page's own module,
//! started on first use and reused. The job goes in and the checksum comes out as
//! messages, copied by structured clone; the two instances share no memory.

use super::burst::{CopiesFuture, copy_request, one_after_another};
use super::{Executor, Readiness, RunFuture, host_probe, run_on};
use crate::instruments::timeline::Probe;
use crate::workers::host::{Recipe, WorkerHost};
use crate::workers::stop_flag::StopFlag;
use offload_jobs::wire::Request;
use yew::Callback;

/// The worker, its timeline probe, and where the page is isolated, the flag that stops its
/// job between two pieces of work (else Stop terminates it and starts another).
pub struct SingleWorker(WorkerHost, Probe, Option<StopFlag>);

impl SingleWorker {
    pub fn new(on_readiness: Callback<Readiness>) -> SingleWorker {
        let flag = StopFlag::new();
        let host = WorkerHost::new(
            StopFlag::in_boot(page_instance(), flag.clone()),
            on_readiness,
        );
        let probe = host_probe(&host, "worker");
        SingleWorker(host, probe, flag)
    }
}

/// A worker holding a second instance of the page's module. It instantiates the module
/// the page already compiled: posting `wasm_bindgen::module()` beside the boot message
/// means nothing is fetched or compiled twice.
pub fn page_instance() -> Recipe {
    Recipe {
        script: "./page-worker.js",
        boot: Box::new(|| {
            let boot = offload_jobs::wire::Boot::PageInstance {
                glue: crate::browser::glue_url(),
            };
            let message = serde_wasm_bindgen::to_value(&boot).unwrap_or_default();
            let _ = js_sys::Reflect::set(
                &message,
                &offload_jobs::wire::MODULE.into(),
                &wasm_bindgen::module(),
            );
            message
        }),
    }
}

impl Executor for SingleWorker {
    fn start(&self) {
        self.0.start();
    }

    fn retries_start(&self) -> bool {
        self.0.is_late()
    }

    fn run(&self, request: Request) -> RunFuture {
        run_on(&self.0, request)
    }

    /// The copies queue on the page: the worker takes one message at a time, so each copy
    /// is posted when the one before it has answered.
    fn run_copies(&self, request: Request, copies: u32) -> CopiesFuture {
        let host = self.0.clone();
        one_after_another(copies, move |copy| {
            run_on(&host, copy_request(&request, copy))
        })
    }

    /// Raises the flag for the job under way, which ends it within one piece of work, and
    /// keeps the worker; it is terminated and replaced only if it does not answer within
    /// [`super::STOP_BUDGET_MS`], or at once where there is no flag (not isolated).
    fn stop(&self) -> bool {
        match &self.2 {
            Some(flag) if self.0.is_busy() => {
                flag.raise();
                self.0.cancel_job(super::STOP_BUDGET_MS)
            }
            _ => self.0.stop_job(),
        }
    }

    fn probe(&self) -> Option<Probe> {
        Some(self.1.clone())
    }
}

impl SingleWorker {
    /// What starting the reused worker cost (once): `spawn`'s baseline.
    pub fn start_figures(&self) -> crate::workers::host::StartFigures {
        self.0.start_figures()
    }
}
