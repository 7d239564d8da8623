//! One dedicated worker that speaks [`offload_jobs::wire`], seen from the page: started on
//! first use, then reused for one message at a time, and replaced when it dies.
//!
//! Its lifecycle is one state type, [`Life`]. Whatever a state armed lives inside it (the
//! worker, its handlers, the start deadline, the pending reply), so leaving a state
//! cancels it: the deadline is dropped, the worker terminated, the waiting run answered.
//!
//! Death is noticed two ways: a `crashed` reply (a panic or allocation-failure hook reports
//! before the trap) and the worker's `error` event (a trap, or an error a bootstrap reports).
//!
//! One handle, [`WorkerHost`], whose concerns each have a file, so that each can be read
//! (and changed) without the others:
//! - `life.rs`: the states and the moves between them (start, ready, late, crash);
//! - `stopping.rs`: Stop, asked of the worker or forced by terminating it, and shutting down;
//! - `live.rs`: a running worker and its handlers, made from the [`Recipe`];
//! - `mailbox.rs`: posting a message and handing each reply to the run that waits for it;
//! - `sampling.rs`: what the instruments read of the worker: its progress and its start;
//! - `returning.rs`: its memory, and its replacement after a run that grew it.

mod life;
mod live;
mod mailbox;
mod returning;
mod sampling;
mod stopping;

use super::Readiness;
use life::Life;
pub use mailbox::Answer;
pub use sampling::{HostSample, StartFigures};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;
use web_time::Instant;
use yew::Callback;

/// How to start one kind of worker.
pub struct Recipe {
    /// The module worker's script, relative to the page.
    pub script: &'static str,
    /// The first message (a [`offload_jobs::wire::Boot`], plus what serde cannot carry).
    pub boot: Box<dyn Fn() -> JsValue>,
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
}

/// Runs `f` on the host if it is still alive and `generation` is its current worker.
fn with_host(weak: &Weak<RefCell<Host>>, generation: u32, f: impl FnOnce(&WorkerHost)) {
    let Some(rc) = weak.upgrade() else { return };
    if rc.borrow().generation == generation {
        f(&WorkerHost(rc));
    }
}
