//! `message-pool`: `threads` workers that share no memory, each a second instance of the
//! page's module, started on first use and reused (what Piscina does for Node). A job is
//! split into tasks ([`offload_jobs::tasks`]); each worker takes the next task from one
//! queue whenever it is idle; the results are combined here, or, for sort, merged by a
//! worker, off the main thread. Everything crosses as messages, and the run reports
//! what crossed ([`Crossing`]). It needs no cross-origin isolation, so it runs anywhere.

mod answers;
mod halt;
mod split;

use super::burst::CopiesFuture;
use super::single_worker::page_instance;
use super::{Executor, Readiness, RunFuture};
use crate::instruments::timeline::{LaneSample, Probe, Sample};
use crate::workers::host::WorkerHost;
use crate::workers::stop_flag::StopFlag;
use offload_jobs::progress::Progress;
use offload_jobs::wire::Request;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use yew::Callback;

struct Shared {
    hosts: RefCell<Vec<WorkerHost>>,
    /// Each worker's own readiness; the mode's is their sum ([`overall`]).
    states: RefCell<Vec<Readiness>>,
    on_readiness: Callback<Readiness>,
    started: Cell<bool>,
    /// Hand bulk data over by transfer (moved) instead of structured clone (copied).
    transfer: Cell<bool>,
    /// The current (or last) run's units, finished per worker, for the timeline.
    tally: Rc<RefCell<Tally>>,
    probe: RefCell<Option<Probe>>,
    /// Where the page is isolated, one flag every worker reads between pieces of its task:
    /// Stop raises it and the workers are kept (else they are terminated and replaced).
    stop_flag: Option<StopFlag>,
    /// The current (or last) run's state, which Stop sets: it then sends nothing more.
    halt: RefCell<halt::Halt>,
}

/// Work units of the current run: its total, and those of each worker's finished tasks
/// (the tasks under way report their own).
#[derive(Default)]
pub(super) struct Tally {
    run: u32,
    total: u64,
    finished: Vec<u64>,
}

pub struct MessagePool(Rc<Shared>);

/// The mode's readiness: unavailable if any worker is, ready when all are.
fn overall(states: &[Readiness]) -> Readiness {
    if let Some(down) = states
        .iter()
        .find(|s| matches!(s, Readiness::Unavailable { .. }))
    {
        return down.clone();
    }
    if states.iter().all(|s| matches!(s, Readiness::Ready { .. })) {
        return Readiness::Ready {
            threads: states.len() as u32,
        };
    }
    if states.iter().all(|s| *s == Readiness::NotStarted) {
        return Readiness::NotStarted;
    }
    Readiness::Starting
}

impl MessagePool {
    pub fn new(size: u32, on_readiness: Callback<Readiness>) -> MessagePool {
        let pool = MessagePool(Rc::new(Shared {
            hosts: RefCell::default(),
            states: RefCell::default(),
            on_readiness,
            started: Cell::new(false),
            transfer: Cell::new(false),
            tally: Rc::default(),
            probe: RefCell::default(),
            stop_flag: StopFlag::new(),
            halt: RefCell::default(),
        }));
        let weak = Rc::downgrade(&pool.0);
        *pool.0.probe.borrow_mut() = Some(Probe(Rc::new(move |run| sample(&weak, run))));
        pool.resize(size);
        pool
    }

    /// Grows or shrinks the pool to `size` workers (a dropped host terminates its worker).
    /// Deferred (false) while a run uses the pool; call again when it ends.
    pub fn resize(&self, size: u32) -> bool {
        let size = size.max(1) as usize;
        let shared = &self.0;
        if shared.hosts.borrow().iter().any(WorkerHost::is_busy) {
            return false;
        }
        if shared.hosts.borrow().len() == size {
            return true;
        }
        let added: Vec<WorkerHost> = (shared.hosts.borrow().len()..size)
            .map(|index| {
                let recipe = StopFlag::in_boot(page_instance(), shared.stop_flag.clone());
                WorkerHost::new(recipe, self.listener(index)).labelled("message-pool")
            })
            .collect();
        {
            let mut hosts = shared.hosts.borrow_mut();
            hosts.truncate(size);
            hosts.extend(added.iter().cloned());
            let mut states = shared.states.borrow_mut();
            states.resize(size, Readiness::NotStarted);
            states.truncate(size);
        }
        if shared.started.get() {
            added.iter().for_each(WorkerHost::start);
        }
        self.announce();
        true
    }

    pub fn set_transfer(&self, transfer: bool) {
        self.0.transfer.set(transfer);
    }

    /// Tells the page the mode's readiness; never while a `RefCell` here is borrowed.
    fn announce(&self) {
        let readiness = overall(&self.0.states.borrow());
        self.0.on_readiness.emit(readiness);
    }

    /// Worker `index`'s readiness listener.
    fn listener(&self, index: usize) -> Callback<Readiness> {
        let weak: Weak<Shared> = Rc::downgrade(&self.0);
        Callback::from(move |readiness| {
            let Some(shared) = weak.upgrade() else { return };
            if let Some(state) = shared.states.borrow_mut().get_mut(index) {
                *state = readiness;
            }
            MessagePool(shared).announce();
        })
    }
}

impl Executor for MessagePool {
    /// Starts the workers on first use, and again those that missed their start deadline.
    fn start(&self) {
        self.0.started.set(true);
        let hosts = self.0.hosts.borrow().clone();
        hosts.iter().for_each(WorkerHost::start);
    }

    fn retries_start(&self) -> bool {
        self.0.hosts.borrow().iter().any(WorkerHost::is_late)
    }

    fn run(&self, request: Request) -> RunFuture {
        let copies = self.run_copies(request, 1);
        Box::pin(async move { copies.await.map(|c| c.finished) })
    }

    /// Every copy's tasks go into the one queue at once, and spread over the workers.
    fn run_copies(&self, request: Request, copies: u32) -> CopiesFuture {
        let hosts = self.0.hosts.borrow().clone();
        let transfer = self.0.transfer.get();
        *self.0.tally.borrow_mut() = Tally {
            run: request.id,
            total: request.job.units() * u64::from(copies.max(1)),
            finished: vec![0; hosts.len()],
        };
        let tally = self.0.tally.clone();
        let halt = halt::Halt::default();
        *self.0.halt.borrow_mut() = halt.clone();
        let stop = (halt, self.0.stop_flag.clone());
        Box::pin(split::run_split(
            hosts, request, copies, transfer, tally, stop,
        ))
    }

    fn probe(&self) -> Option<Probe> {
        self.0.probe.borrow().clone()
    }

    /// The run sends nothing more (even between two messages, when no worker is busy), and
    /// the tasks under way are cancelled.
    fn stop(&self) -> bool {
        let stopped = self.0.halt.borrow().stop();
        let hosts = self.0.hosts.borrow().clone();
        cancel_all(&hosts, self.0.stop_flag.as_ref()) | stopped
    }
}

/// Cancels whatever the workers run or wait to send: every busy worker drops its task at
/// its next look at the flag and is kept, or is terminated and replaced if it does not
/// answer in time (or where there is no flag). `|` skips none.
fn cancel_all(hosts: &[WorkerHost], flag: Option<&StopFlag>) -> bool {
    let Some(flag) = flag else {
        return hosts.iter().fold(false, |any, host| host.stop_job() | any);
    };
    if hosts.iter().any(WorkerHost::is_busy) {
        flag.raise();
    }
    hosts.iter().fold(false, |any, host| {
        host.cancel_job(super::STOP_BUDGET_MS) | any
    })
}

impl Tally {
    fn finish(&mut self, worker: usize, units: u64) {
        if let Some(finished) = self.finished.get_mut(worker) {
            *finished += units;
        }
    }

    fn progress(&self) -> Progress {
        Progress {
            done: self.finished.iter().sum(),
            total: self.total,
        }
    }
}

/// The timeline's look at the pool: a worker is busy while it holds a task (the queue
/// knows, having dispatched it), and its units are its finished tasks' plus what the task
/// under way has reported.
fn sample(shared: &Weak<Shared>, run: u32) -> Option<Sample> {
    let shared = shared.upgrade()?;
    let tally = shared.tally.borrow();
    if tally.run != run {
        return None;
    }
    let hosts = shared.hosts.borrow();
    let lanes: Vec<LaneSample> = hosts
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let now = host.sample();
            let under_way = match (now.busy, now.progress) {
                (true, Some(progress)) => progress.done,
                _ => 0,
            };
            LaneSample {
                name: format!("mp-{i}"),
                busy: now.busy,
                units: tally.finished.get(i).copied().unwrap_or(0) + under_way,
            }
        })
        .collect();
    let done = lanes.iter().map(|l| l.units).sum::<u64>().min(tally.total);
    Some(Sample {
        lanes,
        progress: Some(Progress {
            done,
            total: tally.total,
        }),
        phase: None,
    })
}
