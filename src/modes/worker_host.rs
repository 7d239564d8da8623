//! A dedicated worker that speaks [`offload_jobs::wire`], seen from the page: started
//! once and reused, one job at a time, and replaced when it dies.
//!
//! Death is noticed two ways: a `crashed` reply (a panic hook reports before the trap)
//! and the worker's `error` event (a trap or an error thrown in its JS). Either fails the
//! pending run with the reason and starts a fresh worker, so the next run works.

use super::{Finished, Readiness, RunError, RunFuture};
use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use offload_jobs::wire::{Reply, Request};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use web_time::Instant;
use yew::Callback;

/// How to start one kind of worker.
pub struct Recipe {
    /// The module worker's script, relative to the page.
    pub script: &'static str,
    /// The first message, which tells the script what to instantiate.
    pub init: Box<dyn Fn() -> JsValue>,
}

/// A worker's `onmessage` and `onerror` closures.
type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(ErrorEvent)>,
);

struct Pending {
    id: u32,
    posted: Instant,
    reply: oneshot::Sender<Result<Finished, RunError>>,
}

struct Host {
    recipe: Recipe,
    on_readiness: Callback<Readiness>,
    worker: Option<Worker>,
    /// Bumped on every spawn, so a replaced worker's late events are ignored.
    generation: u32,
    ready: bool,
    pending: Option<Pending>,
    /// The event handlers, kept alive as long as their worker.
    _handlers: Option<Handlers>,
    /// Fires if the worker has not said `Ready` in time; dropped (cancelled) on respawn.
    start_deadline: Option<Timeout>,
}

/// How long a worker may take to start (compile, instantiate, start its pool) before it
/// is reported unavailable: seconds on a loaded 2-core machine, so this is generous.
const START_DEADLINE_MS: u32 = 30_000;

/// The page's handle on one worker; clones share it.
#[derive(Clone)]
pub struct WorkerHost(Rc<RefCell<Host>>);

impl WorkerHost {
    pub fn start(recipe: Recipe, on_readiness: Callback<Readiness>) -> WorkerHost {
        let host = Host {
            recipe,
            on_readiness,
            worker: None,
            generation: 0,
            ready: false,
            pending: None,
            _handlers: None,
            start_deadline: None,
        };
        let host = WorkerHost(Rc::new(RefCell::new(host)));
        host.spawn();
        host
    }

    /// Replaces the worker with a fresh one built from `recipe` (say, another thread count).
    pub fn restart(&self, recipe: Recipe) {
        self.stop("the worker was restarted with new settings".into());
        self.0.borrow_mut().recipe = recipe;
        self.spawn();
    }

    /// Tells the page how this worker is; never called while the host is borrowed, since
    /// the page may answer at once (an autorun on `Ready`) by calling back in here.
    fn announce(&self, readiness: Readiness) {
        let listener = self.0.borrow().on_readiness.clone();
        listener.emit(readiness);
    }

    fn spawn(&self) {
        let generation = {
            let mut host = self.0.borrow_mut();
            host.generation += 1;
            host.ready = false;
            host.generation
        };
        self.announce(Readiness::Starting);
        if let Err(reason) = self.create_worker(generation) {
            return self.announce(Readiness::Unavailable { reason });
        }
        // A start that hangs (say, a pool whose threads never come up) must not leave the
        // mode "starting" forever.
        let weak = Rc::downgrade(&self.0);
        let deadline = Timeout::new(START_DEADLINE_MS, move || {
            with_host(&weak, generation, |host| {
                if !host.0.borrow().ready {
                    let seconds = START_DEADLINE_MS / 1000;
                    host.crash(format!("the worker did not start within {seconds} s"));
                }
            });
        });
        self.0.borrow_mut().start_deadline = Some(deadline);
    }

    fn create_worker(&self, generation: u32) -> Result<(), String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let script = self.0.borrow().recipe.script;
        let worker = Worker::new_with_options(script, &options)
            .map_err(|e| format!("the worker could not be created: {e:?}"))?;
        let weak = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            with_host(&weak, generation, |host| host.on_reply(event.data()));
        });
        let weak = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            let reason = format!("the worker died: {}", event.message());
            with_host(&weak, generation, |host| host.crash(reason));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let init = (self.0.borrow().recipe.init)();
        let posted = worker
            .post_message(&init)
            .map_err(|e| format!("the worker could not be started: {e:?}"));
        let mut host = self.0.borrow_mut();
        host.worker = Some(worker);
        host._handlers = Some((on_message, on_error));
        posted
    }

    /// Terminates the current worker (and with it any workers it started) and fails the
    /// pending run with `reason`.
    fn stop(&self, reason: RunError) {
        let pending = {
            let mut host = self.0.borrow_mut();
            if let Some(worker) = host.worker.take() {
                worker.terminate();
            }
            host.ready = false;
            host.pending.take()
        };
        if let Some(pending) = pending {
            let _ = pending.reply.send(Err(reason));
        }
    }

    /// Stops the worker and spawns a replacement (which announces itself as starting).
    fn replace(&self, reason: RunError) {
        self.stop(reason);
        self.spawn();
    }

    /// Terminates the worker mid-job and starts a fresh one; the run fails as stopped.
    pub fn stop_job(&self) -> bool {
        let busy = self.0.borrow().pending.is_some();
        if busy {
            let reason = "stopped: the worker was terminated and replaced".to_string();
            self.replace(reason);
        }
        busy
    }

    /// Posts `request` and resolves with the worker's answer, or with why there is none.
    pub fn run(&self, request: Request) -> RunFuture {
        let (reply, answer) = oneshot::channel();
        let posted = {
            let mut host = self.0.borrow_mut();
            match (&host.worker, host.ready, &host.pending) {
                (Some(worker), true, None) => serde_wasm_bindgen::to_value(&request)
                    .map_err(|e| e.to_string())
                    .and_then(|message| {
                        worker.post_message(&message).map_err(|e| format!("{e:?}"))
                    }),
                (_, _, Some(_)) => Err("the worker is busy with another run".into()),
                _ => Err("the worker is not ready".into()),
            }
            .map(|()| {
                host.pending = Some(Pending {
                    id: request.id,
                    posted: Instant::now(),
                    reply,
                })
            })
        };
        Box::pin(async move {
            posted?;
            answer
                .await
                .unwrap_or_else(|_| Err("the worker was replaced".into()))
        })
    }
}

/// Runs `f` on the host if it is still alive and `generation` is its current worker.
fn with_host(weak: &Weak<RefCell<Host>>, generation: u32, f: impl FnOnce(&WorkerHost)) {
    let Some(rc) = weak.upgrade() else { return };
    if rc.borrow().generation == generation {
        f(&WorkerHost(rc));
    }
}

impl WorkerHost {
    fn on_reply(&self, data: JsValue) {
        let reply: Reply = match serde_wasm_bindgen::from_value(data) {
            Ok(reply) => reply,
            Err(error) => {
                return self.crash(format!("the worker sent an unreadable reply: {error}"));
            }
        };
        match reply {
            Reply::Ready { threads } => {
                self.0.borrow_mut().ready = true;
                self.announce(Readiness::Ready { threads });
            }
            Reply::Done {
                id,
                outcome,
                compute_ms,
            } => {
                if let Some(pending) = self.take_pending(id) {
                    let ms = pending.posted.elapsed().as_secs_f64() * 1e3;
                    let _ = pending.reply.send(Ok(Finished {
                        outcome,
                        ms,
                        compute_ms,
                    }));
                }
            }
            Reply::Refused { id, reason } => {
                if let Some(pending) = self.take_pending(id) {
                    let _ = pending.reply.send(Err(reason));
                }
            }
            Reply::Crashed { reason } => self.crash(reason),
        }
    }

    fn take_pending(&self, id: u32) -> Option<Pending> {
        self.0.borrow_mut().pending.take_if(|p| p.id == id)
    }

    /// A worker that dies after it was ready is replaced at once; one that dies while
    /// starting is not (it would die again): the mode is reported unavailable instead.
    fn crash(&self, reason: String) {
        if self.0.borrow().ready {
            self.replace(reason);
        } else {
            self.stop(reason.clone());
            self.announce(Readiness::Unavailable { reason });
        }
    }
}
