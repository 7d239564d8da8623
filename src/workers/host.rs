//! One dedicated worker that speaks [`offload_jobs::wire`], seen from the page: started on
//! first use, then reused for one message at a time, and replaced when it dies.
//!
//! Its lifecycle is one state type, [`Life`]. Whatever a state armed lives inside it (the
//! worker, its handlers, the start deadline, the pending reply), so leaving a state
//! cancels it: the deadline is dropped, the worker terminated, the waiting run answered.
//!
//! Death is noticed two ways: a `crashed` reply (a panic or allocation-failure hook reports
//! before the trap) and the worker's `error` event (a trap, or an error a bootstrap reports).

mod returning;

use super::{Readiness, RunError};
use crate::instruments::pool_counters::PoolCounters;
use crate::instruments::timeline::Sample;
use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use offload_jobs::progress::Progress;
use offload_jobs::wire::{DATA, Message, Reply, ToWorker};
use std::cell::RefCell;
use std::future::Future;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};
use web_time::Instant;
use yew::Callback;

/// How to start one kind of worker.
pub struct Recipe {
    /// The module worker's script, relative to the page.
    pub script: &'static str,
    /// The first message (a [`offload_jobs::wire::Boot`], plus what serde cannot carry).
    pub boot: Box<dyn Fn() -> JsValue>,
}

/// A worker's reply to one posted message.
pub struct Answer {
    pub reply: Reply,
    /// The message as it arrived: bulk data travels beside the serde fields.
    pub raw: JsValue,
    /// From posting the message to receiving the reply, as the page saw it.
    pub round_trip_ms: f64,
}

type Answered = Result<Answer, RunError>;

/// One look at a worker, for the timeline.
#[derive(Default)]
pub struct HostSample {
    /// The message posted last, if any.
    pub id: Option<u32>,
    /// A message is pending: the worker is working on it.
    pub busy: bool,
    /// The progress of the message posted last.
    pub progress: Option<Progress>,
    /// The worker publishes counters in shared memory (the engine).
    pub counted: bool,
    /// The engine's own counters (its pool threads), when they are that message's.
    pub pool: Option<Sample>,
}

/// A running worker and the handlers that keep listening to it. Dropping it terminates
/// the worker, and with it every worker it started (a pool's threads), and frees its
/// handlers (a `spawn` run's worker is dropped after every run).
struct Live {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    /// The engine's counters in its shared memory (from its `Ready`): held here so that
    /// they go when this worker does.
    counters: Option<PoolCounters>,
    /// The latest progress the worker reported, and for which message.
    reported: Option<(u32, Progress)>,
}

impl Drop for Live {
    /// Runs before the fields drop: the handlers are detached first, so that an event the
    /// dying worker queued before it was terminated (the trap after its crash report) finds
    /// none of ours and never calls a freed closure. A late error still finds the page's
    /// one handler that hides it, as ours did.
    fn drop(&mut self) {
        self.worker.terminate();
        self.worker.set_onmessage(None);
        IGNORE_LATE_ERRORS.with(|ignore| {
            self.worker
                .set_onerror(Some(ignore.as_ref().unchecked_ref()))
        });
    }
}

thread_local! {
    /// One handler for every terminated worker's late error, made once for the page's life.
    static IGNORE_LATE_ERRORS: Closure<dyn FnMut(ErrorEvent)> =
        Closure::new(|event: ErrorEvent| event.prevent_default());
}

struct Pending {
    id: u32,
    posted: Instant,
    reply: oneshot::Sender<Answered>,
}

/// Where a worker is in its life.
enum Life {
    /// Not started: a mode's workers start on its first use, not with the page.
    Idle,
    /// Booting; the deadline moves it to `Late` if it never says `Ready`.
    Starting {
        live: Live,
        _deadline: Timeout,
    },
    /// Booting to replace a worker that a run grew (`returning.rs`): messages posted
    /// meanwhile wait in `waiting` and are let go when it is ready, or told why not (a Stop).
    Returning {
        live: Live,
        _deadline: Timeout,
        waiting: Vec<oneshot::Sender<Result<(), RunError>>>,
    },
    Ready {
        live: Live,
        threads: u32,
    },
    Busy {
        live: Live,
        threads: u32,
        pending: Pending,
    },
    /// Asked to stop the pending message's job between two pieces of work (Stop); the
    /// deadline terminates and replaces it if it does not answer in time. The run is
    /// answered when this state is left, so the next run never meets a worker still busy.
    Stopping {
        live: Live,
        threads: u32,
        pending: Pending,
        /// When Stop was asked: how long stopping took is said in the run's result.
        asked: Instant,
        _deadline: Timeout,
    },
    /// Died while starting: it would die again, so it stays down.
    Unavailable {
        reason: String,
    },
    /// Did not say `Ready` within [`START_DEADLINE_MS`]: terminated, and tried again by the
    /// next [`WorkerHost::start`] (a slow start on a loaded machine may well succeed).
    Late {
        reason: String,
    },
}

impl Life {
    fn readiness(&self) -> Readiness {
        match self {
            Life::Idle => Readiness::NotStarted,
            Life::Starting { .. } | Life::Returning { .. } => Readiness::Starting,
            Life::Ready { threads, .. }
            | Life::Busy { threads, .. }
            | Life::Stopping { threads, .. } => Readiness::Ready { threads: *threads },
            Life::Unavailable { reason } | Life::Late { reason } => Readiness::Unavailable {
                reason: reason.clone(),
            },
        }
    }
}

/// What starting the current worker cost, measured by the host (and, for the engine,
/// reported by it): the overheads every run in its mode sits on.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StartFigures {
    /// From posting the boot message to the `Ready` reply, in ms.
    pub start_ms: Option<f64>,
    /// The engine's median round trip of an empty pool task, in ms ([`Reply::PoolOverhead`]).
    pub empty_task_ms: Option<f64>,
    /// A worker that fetched and compiled the module itself: its own account of the start.
    pub startup: Option<offload_jobs::wire::Startup>,
}

struct Host {
    /// When the current worker's boot message was posted, and what its start cost.
    booted: Option<Instant>,
    figures: StartFigures,
    recipe: Recipe,
    on_readiness: Callback<Readiness>,
    life: Life,
    /// The id of the message posted last: whose progress the counters should show.
    last_id: Option<u32>,
    /// Bumped for every worker created, so that a replaced worker's late events (already
    /// queued when it was terminated) are ignored.
    generation: u32,
    /// The worker's memory, and its replacement after a run that grew it (`returning.rs`).
    memory: returning::Memory,
}

/// How long a worker may take to start (compile, instantiate, start its pool) before it
/// is reported unavailable: seconds on a loaded 2-core machine, so this is generous.
const START_DEADLINE_MS: u32 = 30_000;

/// The page's handle on one worker; clones share it.
#[derive(Clone)]
pub struct WorkerHost(Rc<RefCell<Host>>);

impl WorkerHost {
    /// A host whose worker is not started yet (see [`WorkerHost::start`]).
    pub fn new(recipe: Recipe, on_readiness: Callback<Readiness>) -> WorkerHost {
        let host = Host {
            memory: returning::Memory::new(recipe.script),
            booted: None,
            figures: StartFigures::default(),
            recipe,
            on_readiness,
            life: Life::Idle,
            last_id: None,
            generation: 0,
        };
        WorkerHost(Rc::new(RefCell::new(host)))
    }

    /// Starts the worker if it has not been started yet, or again if it missed its start
    /// deadline; otherwise does nothing.
    pub fn start(&self) {
        if matches!(self.0.borrow().life, Life::Idle | Life::Late { .. }) {
            self.spawn();
        }
    }

    /// The worker missed its start deadline: [`WorkerHost::start`] tries again.
    pub fn is_late(&self) -> bool {
        matches!(self.0.borrow().life, Life::Late { .. })
    }

    /// Takes a new recipe (say, another thread count) and, if a worker was started, replaces
    /// it. Refused (false) while a message is pending: a restart never kills a run.
    pub fn restart(&self, recipe: Recipe) -> bool {
        if self.is_busy() {
            return false;
        }
        let started = !matches!(self.0.borrow().life, Life::Idle);
        self.0.borrow_mut().recipe = recipe;
        if started {
            self.spawn();
        }
        true
    }

    /// A run is using the worker: a message is pending, or waits for a fresh worker.
    pub fn is_busy(&self) -> bool {
        match &self.0.borrow().life {
            Life::Busy { .. } | Life::Stopping { .. } => true,
            Life::Returning { waiting, .. } => !waiting.is_empty(),
            _ => false,
        }
    }

    /// Moves to `next`, and tells the page. A state left behind is dropped with whatever it
    /// armed: the worker terminated, the deadline cleared, a waiting run's channel closed.
    /// The page is told after the borrow ends, since it may call straight back in.
    fn enter(&self, next: Life) {
        let readiness = next.readiness();
        self.0.borrow_mut().life = next;
        self.note_life();
        let listener = self.0.borrow().on_readiness.clone();
        listener.emit(readiness);
    }

    /// Takes the state out to move it on; [`WorkerHost::put`] or [`WorkerHost::enter`]
    /// must follow.
    fn take(&self) -> Life {
        std::mem::replace(&mut self.0.borrow_mut().life, Life::Idle)
    }

    /// Puts a state back unchanged (no announcement).
    fn put(&self, life: Life) {
        self.0.borrow_mut().life = life;
    }

    /// A fresh worker from the recipe: Starting, with its deadline armed.
    fn spawn(&self) {
        self.spawn_as(|live, deadline| Life::Starting {
            live,
            _deadline: deadline,
        });
    }

    /// A fresh worker from the recipe, in the starting state `starting` makes of it and its
    /// armed deadline.
    fn spawn_as(&self, starting: impl FnOnce(Live, Timeout) -> Life) {
        let generation = {
            let mut host = self.0.borrow_mut();
            host.booted = Some(Instant::now());
            host.figures = StartFigures::default();
            host.generation += 1;
            host.generation
        };
        let next = match self.create_worker(generation) {
            Ok(live) => {
                // A start that hangs (say, a pool whose threads never come up) must not
                // leave the mode "starting" forever.
                let weak = Rc::downgrade(&self.0);
                let deadline = Timeout::new(START_DEADLINE_MS, move || {
                    with_host(&weak, generation, WorkerHost::start_overdue);
                });
                starting(live, deadline)
            }
            Err(reason) => Life::Unavailable { reason },
        };
        self.enter(next);
    }

    fn create_worker(&self, generation: u32) -> Result<Live, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let script = self.0.borrow().recipe.script;
        let worker = crate::browser::trusted_types::new_worker(script, &options)
            .map_err(|e| format!("the worker could not be created: {e:?}"))?;
        let weak = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            with_host(&weak, generation, |host| host.on_reply(event.data()));
        });
        let weak = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            // Shown in the page instead; the console would only repeat it.
            event.prevent_default();
            let reason = format!("the worker died: {}", event.message());
            with_host(&weak, generation, |host| host.crash(reason));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let boot = (self.0.borrow().recipe.boot)();
        let live = Live {
            worker,
            _on_message: on_message,
            _on_error: on_error,
            counters: None,
            reported: None,
        };
        live.worker
            .post_message(&boot)
            .map_err(|e| format!("the worker could not be started: {e:?}"))?;
        Ok(live)
    }

    /// Terminates the worker mid-job and starts a fresh one; the run fails as stopped.
    pub fn stop_job(&self) -> bool {
        match self.take() {
            Life::Busy { pending, .. } => {
                let reason = "stopped: the worker was terminated and replaced";
                let _ = pending.reply.send(Err(reason.into()));
                self.spawn();
                true
            }
            other => self.stop_waiting(other),
        }
    }

    /// The worker did not say `Ready` in time: terminated, and `Late` until started again.
    fn start_overdue(&self) {
        match self.take() {
            Life::Starting { .. } | Life::Returning { .. } => {
                let seconds = START_DEADLINE_MS / 1000;
                let reason =
                    format!("the worker did not start within {seconds} s; Run tries again");
                self.enter(Life::Late { reason });
            }
            other => self.put(other),
        }
    }

    /// Stops the job under way cooperatively: posts a [`ToWorker::Cancel`] for it and waits up to
    /// `budget_ms` for the worker to answer, keeping it (and what it started, a pool) warm;
    /// past the budget it is terminated and replaced as [`WorkerHost::stop_job`] does. False
    /// if no job was under way.
    pub fn cancel_job(&self, budget_ms: u32) -> bool {
        match self.take() {
            Life::Busy {
                live,
                threads,
                pending,
            } => {
                let cancel = serde_wasm_bindgen::to_value(&ToWorker::Cancel { id: pending.id });
                let posted = cancel.is_ok_and(|cancel| live.worker.post_message(&cancel).is_ok());
                if !posted {
                    self.put(Life::Busy {
                        live,
                        threads,
                        pending,
                    });
                    return self.stop_job();
                }
                let generation = self.0.borrow().generation;
                let weak = Rc::downgrade(&self.0);
                let deadline = Timeout::new(budget_ms, move || {
                    with_host(&weak, generation, |host| host.stop_overdue(budget_ms));
                });
                self.put(Life::Stopping {
                    live,
                    threads,
                    pending,
                    asked: Instant::now(),
                    _deadline: deadline,
                });
                true
            }
            other => self.stop_waiting(other),
        }
    }

    /// The worker did not answer a cancel within its budget: terminated and replaced.
    fn stop_overdue(&self, budget_ms: u32) {
        match self.take() {
            Life::Stopping { pending, .. } => {
                let reason = format!(
                    "stopped: the worker did not stop within {budget_ms} ms, so it was \
                     terminated and replaced"
                );
                let _ = pending.reply.send(Err(reason));
                self.spawn();
            }
            other => self.put(other),
        }
    }

    /// Terminates the worker for good (mode `spawn`, whose workers serve one run): a
    /// pending run fails with `reason`, and the host stays down, starting no replacement.
    pub fn shut_down(&self, reason: &str) {
        if let Life::Busy { pending, .. } | Life::Stopping { pending, .. } = self.take() {
            let _ = pending.reply.send(Err(reason.into()));
        }
        self.enter(Life::Unavailable {
            reason: reason.into(),
        });
    }

    /// Posts `message` and resolves with the reply to it, or with why there is none.
    pub fn send(&self, message: &ToWorker) -> impl Future<Output = Answered> + use<> {
        self.send_with(message, None, &js_sys::Array::new())
    }

    /// [`WorkerHost::send`] with bulk `data` beside the message ([`DATA`]), moving the
    /// buffers in `transfer`.
    pub fn send_with(
        &self,
        message: &ToWorker,
        data: Option<&JsValue>,
        transfer: &js_sys::Array,
    ) -> impl Future<Output = Answered> + use<> {
        let value = serde_wasm_bindgen::to_value(message).map_err(|e| e.to_string());
        if let (Ok(value), Some(data)) = (&value, data) {
            let _ = js_sys::Reflect::set(value, &DATA.into(), data);
        }
        let sent = value.map(|value| self.send_value(message.id(), &value, transfer));
        async move { sent?.await }
    }

    fn send_value(
        &self,
        id: u32,
        message: &JsValue,
        transfer: &js_sys::Array,
    ) -> impl Future<Output = Answered> + use<> {
        let (reply, answer) = oneshot::channel();
        // Posted now, unless the worker is being replaced to return memory: then once the
        // fresh one is ready.
        let (posted, deferred) = match self.fresh_worker() {
            None => (Some(self.post(id, message, transfer, reply)), None),
            Some(fresh) => {
                let later = (self.clone(), message.clone(), transfer.clone(), reply);
                (None, Some((fresh, later)))
            }
        };
        async move {
            if let Some((fresh, (host, message, transfer, reply))) = deferred {
                // Let go (or the fresh worker never started: then posting says why).
                if let Ok(Err(stopped)) = fresh.await {
                    return Err(stopped);
                }
                host.post(id, &message, &transfer, reply)?;
            }
            posted.transpose()?;
            answer
                .await
                .unwrap_or_else(|_| Err("the worker was replaced".into()))
        }
    }

    fn post(
        &self,
        id: u32,
        message: &JsValue,
        transfer: &js_sys::Array,
        reply: oneshot::Sender<Answered>,
    ) -> Result<(), RunError> {
        let (result, next) = match self.take() {
            Life::Ready { mut live, threads } => {
                match live.worker.post_message_with_transfer(message, transfer) {
                    Ok(()) => {
                        live.reported = None;
                        self.0.borrow_mut().last_id = Some(id);
                        let posted = Instant::now();
                        let pending = Pending { id, posted, reply };
                        let next = Life::Busy {
                            live,
                            threads,
                            pending,
                        };
                        (Ok(()), next)
                    }
                    Err(e) => (Err(format!("{e:?}")), Life::Ready { live, threads }),
                }
            }
            busy @ (Life::Busy { .. } | Life::Stopping { .. }) => {
                (Err("the worker is busy with another run".into()), busy)
            }
            other => (Err("the worker is not ready".into()), other),
        };
        self.put(next);
        result
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
    fn on_reply(&self, raw: JsValue) {
        let reply = serde_wasm_bindgen::from_value(super::serde_fields(&raw));
        let reply: Reply = match reply.map_err(Reply::unreadable) {
            Ok(reply) => reply,
            Err(unreadable) => return self.crash(format!("the worker sent an {unreadable}")),
        };
        self.note_memory(&raw, matches!(reply, Reply::Ready { .. }));
        match reply {
            Reply::Ready { threads, startup } => {
                self.0.borrow_mut().figures.startup = startup;
                self.on_ready(threads, &raw)
            }
            Reply::Progress { id, done, total } => self.on_progress(id, Progress { done, total }),
            Reply::Crashed { reason } => self.crash(reason),
            Reply::PoolOverhead { empty_task_ms } => {
                self.0.borrow_mut().figures.empty_task_ms = Some(empty_task_ms);
            }
            answer => self.on_answer(answer, raw),
        }
    }

    /// What starting the current worker cost; empty until it is ready.
    pub fn start_figures(&self) -> StartFigures {
        self.0.borrow().figures
    }

    fn on_ready(&self, threads: u32, raw: &JsValue) {
        {
            let mut host = self.0.borrow_mut();
            host.figures.start_ms = host.booted.map(|t| t.elapsed().as_secs_f64() * 1e3);
        }
        match self.take() {
            Life::Starting { mut live, .. } => {
                live.counters = PoolCounters::from_ready(raw, threads);
                self.enter(Life::Ready { live, threads });
            }
            Life::Returning {
                mut live, waiting, ..
            } => {
                live.counters = PoolCounters::from_ready(raw, threads);
                self.enter(Life::Ready { live, threads });
                for waiter in waiting {
                    let _ = waiter.send(Ok(()));
                }
            }
            other => {
                self.put(other);
                self.crash("the worker said it was ready twice".into());
            }
        }
    }

    fn on_progress(&self, id: u32, progress: Progress) {
        if let Life::Ready { live, .. } | Life::Busy { live, .. } | Life::Stopping { live, .. } =
            &mut self.0.borrow_mut().life
        {
            live.reported = Some((id, progress));
        }
    }

    /// What the worker is doing now, for the timeline: busy with a message or not, and
    /// its progress, from the engine's counters where it has them, else from its reports.
    pub fn sample(&self) -> HostSample {
        let host = self.0.borrow();
        let (live, busy) = match &host.life {
            Life::Ready { live, .. } => (live, false),
            Life::Busy { live, .. } | Life::Stopping { live, .. } => (live, true),
            _ => return HostSample::default(),
        };
        let Some(id) = host.last_id else {
            return HostSample::default();
        };
        let pool = live.counters.as_ref().and_then(|c| c.read(id));
        let reported = live.reported.filter(|(reported, _)| *reported == id);
        HostSample {
            id: Some(id),
            busy,
            counted: live.counters.is_some(),
            progress: pool
                .as_ref()
                .and_then(|p| p.progress)
                .or(reported.map(|(_, p)| p)),
            pool,
        }
    }

    /// A reply to the pending message: the worker is ready for the next one.
    fn on_answer(&self, reply: Reply, raw: JsValue) {
        let Some(id) = reply.id() else { return };
        match self.take() {
            Life::Busy {
                live,
                threads,
                pending,
            } if pending.id == id => {
                self.put(Life::Ready { live, threads });
                let round_trip_ms = pending.posted.elapsed().as_secs_f64() * 1e3;
                let _ = pending.reply.send(Ok(Answer {
                    reply,
                    raw,
                    round_trip_ms,
                }));
                self.return_memory_if_grown();
            }
            // Stopped, or finished before the cancel arrived: either way the user asked to
            // stop, and the worker is ready again, warm. Leaving Stopping clears its deadline.
            Life::Stopping {
                live,
                threads,
                pending,
                asked,
                ..
            } if pending.id == id => {
                self.put(Life::Ready { live, threads });
                let ms = asked.elapsed().as_secs_f64() * 1e3;
                let _ = pending.reply.send(Err(format!(
                    "stopped {} ms after Stop, between two pieces of work; the worker was \
                     kept, warm",
                    ms.round()
                )));
                // A stopped run may have grown it as far as a finished one.
                self.return_memory_if_grown();
            }
            other => self.put(other),
        }
    }

    /// A worker that dies after it was ready is replaced at once; one that dies while
    /// starting is not (it would die again): the mode is reported unavailable instead.
    /// Either way the dead worker is terminated and its deadline cleared (and messages
    /// waiting for it are answered: their channels close).
    fn crash(&self, reason: String) {
        match self.take() {
            Life::Starting { .. } | Life::Returning { .. } => {
                self.enter(Life::Unavailable { reason })
            }
            Life::Ready { .. } => self.spawn(),
            Life::Busy { pending, .. } | Life::Stopping { pending, .. } => {
                let _ = pending.reply.send(Err(reason));
                self.spawn();
            }
            other => self.put(other),
        }
    }
}
