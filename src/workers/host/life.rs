//! Where a worker is in its life: one state type, [`Life`], and the moves between its
//! states. Each move takes the old state out ([`WorkerHost::take`]) and enters the next:
//! whatever the old state armed (the worker, its start deadline, the run waiting for an
//! answer) is dropped with it, so no move can leave a deadline ticking or a run unanswered.

use super::live::Live;
use super::mailbox::Answered;
use super::{StartFigures, WorkerHost, with_host};
use crate::instruments::pool_counters::PoolCounters;
use crate::workers::{Readiness, RunError};
use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_time::Instant;

/// How long a worker may take to start (compile, instantiate, start its pool) before it
/// is reported unavailable: seconds on a loaded 2-core machine, so this is generous.
const START_DEADLINE_MS: u32 = 30_000;

/// The message a busy worker is working on, and the run waiting for its answer.
pub(super) struct Pending {
    pub(super) id: u32,
    pub(super) posted: Instant,
    pub(super) reply: oneshot::Sender<Answered>,
}

/// Where a worker is in its life.
pub(super) enum Life {
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
    pub(super) fn readiness(&self) -> Readiness {
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

impl WorkerHost {
    /// Moves to `next`, and tells the page. A state left behind is dropped with whatever it
    /// armed: the worker terminated, the deadline cleared, a waiting run's channel closed.
    /// The page is told after the borrow ends, since it may call straight back in.
    pub(super) fn enter(&self, next: Life) {
        let readiness = next.readiness();
        self.0.borrow_mut().life = next;
        self.note_life();
        let listener = self.0.borrow().on_readiness.clone();
        listener.emit(readiness);
    }

    /// Takes the state out to move it on; [`WorkerHost::put`] or [`WorkerHost::enter`]
    /// must follow.
    pub(super) fn take(&self) -> Life {
        std::mem::replace(&mut self.0.borrow_mut().life, Life::Idle)
    }

    /// Puts a state back unchanged (no announcement).
    pub(super) fn put(&self, life: Life) {
        self.0.borrow_mut().life = life;
    }

    /// A fresh worker from the recipe: Starting, with its deadline armed.
    pub(super) fn spawn(&self) {
        self.spawn_as(|live, deadline| Life::Starting {
            live,
            _deadline: deadline,
        });
    }

    /// A fresh worker from the recipe, in the starting state `starting` makes of it and its
    /// armed deadline.
    pub(super) fn spawn_as(&self, starting: impl FnOnce(Live, Timeout) -> Life) {
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

    pub(super) fn on_ready(&self, threads: u32, raw: &JsValue) {
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

    /// A worker that dies after it was ready is replaced at once; one that dies while
    /// starting is not (it would die again): the mode is reported unavailable instead.
    /// Either way the dead worker is terminated and its deadline cleared (and messages
    /// waiting for it are answered: their channels close).
    pub(super) fn crash(&self, reason: String) {
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
