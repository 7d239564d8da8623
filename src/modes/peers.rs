//! The peers' executors: the browser's own code for a job, behind the same [`Executor`]
//! as Offload's modes so its runs land in the same history. See [`crate::peers`].
//!
//! - `js-main`: plain JavaScript on the page's main thread, freezing it like `main`.
//! - `js-worker`: plain JavaScript in a worker holding a second page instance (the same
//!   module, so the same inline JavaScript), started on first use like `worker`.
//! - `webcrypto`, `webcrypto-all`: PBKDF2 from `crypto.subtle`, awaited on the main
//!   thread; the browser derives the keys on its own threads.

use super::single_worker::page_instance;
use super::{Executor, Readiness, RunFuture, RunOutput, run_message_on};
use crate::form::Mode;
use crate::instruments::meters::Meters;
use crate::workers::host::WorkerHost;
use offload_jobs::Outcome;
use offload_jobs::wire::{Request, ToWorker};
use web_time::Instant;
use yew::Callback;

const NO_FAULT: &str = "fault=panic applies to Offload's worker and pool modes only";

fn finished(outcome: Outcome, ms: f64, compute_ms: f64) -> RunOutput {
    RunOutput {
        outcome,
        ms,
        compute_ms,
        crossing: None,
        chunking: None,
        // A peer is the browser's code, one call: no phases or progress to report.
        phases: Vec::new(),
        progress: None,
    }
}

/// `js-main`.
pub struct JsMain {
    pub meters: Meters,
}

impl Executor for JsMain {
    fn run(&self, Request { job, fault, .. }: Request) -> RunFuture {
        let meters = self.meters.clone();
        Box::pin(async move {
            if fault.is_some() {
                return Err(NO_FAULT.into());
            }
            // As in `main`: let "running" paint before the freeze.
            meters.next_frame().await;
            gloo_timers::future::TimeoutFuture::new(0).await;
            let start = Instant::now();
            let (outcome, compute_ms) = crate::peers::run::js_job(&job)?;
            let ms = start.elapsed().as_secs_f64() * 1e3;
            Ok(finished(outcome, ms, compute_ms))
        })
    }
}

/// `js-worker`.
pub struct JsWorker(pub WorkerHost);

impl Executor for JsWorker {
    fn start(&self) {
        self.0.start();
    }

    fn retries_start(&self) -> bool {
        self.0.is_late()
    }

    fn run(&self, Request { id, job, fault }: Request) -> RunFuture {
        if fault.is_some() {
            return Box::pin(async { Err(NO_FAULT.to_string()) });
        }
        run_message_on(&self.0, &ToWorker::JsJob { id, job })
    }

    fn stop(&self) -> bool {
        self.0.stop_job()
    }
}

/// `webcrypto` (one password at a time) or `webcrypto-all` (`Promise.all`).
pub struct WebCrypto {
    pub together: bool,
}

impl Executor for WebCrypto {
    fn run(&self, Request { job, fault, .. }: Request) -> RunFuture {
        let together = self.together;
        Box::pin(async move {
            if fault.is_some() {
                return Err(NO_FAULT.into());
            }
            let start = Instant::now();
            let (outcome, compute_ms) = crate::peers::run::webcrypto(&job, together).await?;
            let ms = start.elapsed().as_secs_f64() * 1e3;
            Ok(finished(outcome, ms, compute_ms))
        })
    }
}

/// Every peer's executor, for the App to pick from.
pub struct Peers {
    js_main: JsMain,
    js_worker: JsWorker,
    webcrypto: WebCrypto,
    webcrypto_all: WebCrypto,
}

impl Peers {
    pub fn new(meters: Meters, on_js_worker: Callback<Readiness>) -> Peers {
        Peers {
            js_main: JsMain { meters },
            js_worker: JsWorker(
                WorkerHost::new(page_instance(), on_js_worker).labelled("js-worker"),
            ),
            webcrypto: WebCrypto { together: false },
            webcrypto_all: WebCrypto { together: true },
        }
    }

    /// Each peer's readiness when the page opens (the worker starts on first use).
    pub fn initial_readiness() -> Vec<(Mode, Readiness)> {
        let webcrypto = match crate::peers::js::webcrypto_missing() {
            None => Readiness::Ready { threads: 1 },
            Some(reason) => Readiness::Unavailable { reason },
        };
        vec![
            (Mode::JsMain, Readiness::Ready { threads: 1 }),
            (Mode::JsWorker, Readiness::NotStarted),
            (Mode::WebCrypto, webcrypto.clone()),
            (Mode::WebCryptoAll, webcrypto),
        ]
    }

    pub fn executor(&self, mode: Mode) -> Option<&dyn Executor> {
        match mode {
            Mode::JsMain => Some(&self.js_main),
            Mode::JsWorker => Some(&self.js_worker),
            Mode::WebCrypto => Some(&self.webcrypto),
            Mode::WebCryptoAll => Some(&self.webcrypto_all),
            _ => None,
        }
    }
}
