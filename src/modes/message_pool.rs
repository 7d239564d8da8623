//! `message-pool`: `threads` workers that share no memory, each a second instance of the
//! page's module, started on first use and reused (what Piscina does for Node). A job is
//! split into tasks ([`offload_jobs::tasks`]); each worker takes the next task from one
//! queue whenever it is idle; the results are combined here, or, for sort, merged by a
//! worker, off the main thread. Everything crosses as messages, and the run reports
//! what crossed ([`Crossing`]). It needs no cross-origin isolation, so it runs anywhere.

use super::single_worker::page_instance;
use super::{Crossing, Executor, Finished, Readiness, RunError, RunFuture};
use crate::instruments::timeline::{LaneSample, Probe, Sample};
use crate::workers::host::{Answer, WorkerHost};
use futures_util::future::join_all;
use offload_jobs::progress::{Phase, PhaseTime, Progress, sum_phases};
use offload_jobs::tasks::{self, Task};
use offload_jobs::wire::{Fault, PoolRequest, Reply, Request};
use offload_jobs::{Job, Outcome};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_time::Instant;
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
}

/// Work units of the current run: its total, and those of each worker's finished tasks
/// (the tasks under way report their own).
#[derive(Default)]
struct Tally {
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
            .map(|index| WorkerHost::new(page_instance(), self.listener(index)))
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
    fn start(&self) {
        if !self.0.started.replace(true) {
            let hosts = self.0.hosts.borrow().clone();
            hosts.iter().for_each(WorkerHost::start);
        }
    }

    fn run(&self, request: Request) -> RunFuture {
        let hosts = self.0.hosts.borrow().clone();
        let transfer = self.0.transfer.get();
        *self.0.tally.borrow_mut() = Tally {
            run: request.id,
            total: request.job.units(),
            finished: vec![0; hosts.len()],
        };
        let tally = self.0.tally.clone();
        Box::pin(run_split(hosts, request, transfer, tally))
    }

    fn probe(&self) -> Option<Probe> {
        self.0.probe.borrow().clone()
    }

    fn stop(&self) -> bool {
        let hosts = self.0.hosts.borrow().clone();
        // Every busy worker is terminated; `|` so that none is skipped.
        hosts.iter().fold(false, |any, host| host.stop_job() | any)
    }
}

/// One run: the queue, the workers draining it, then the combination.
struct Split {
    started: Instant,
    queue: RefCell<VecDeque<(usize, Task)>>,
    outputs: RefCell<Vec<Option<Answer>>>,
    crossing: RefCell<Crossing>,
    /// The first failure; the other workers then stop taking tasks.
    failed: RefCell<Option<RunError>>,
    /// Test-only: the first task dispatched dies on purpose.
    fault: Cell<Option<Fault>>,
    transfer: bool,
    tally: Rc<RefCell<Tally>>,
}

async fn run_split(
    hosts: Vec<WorkerHost>,
    Request { job, fault, .. }: Request,
    transfer: bool,
    tally: Rc<RefCell<Tally>>,
) -> Result<Finished, RunError> {
    let tasks = tasks::split(&job, hosts.len() as u32);
    let split = Split {
        started: Instant::now(),
        outputs: RefCell::new((0..tasks.len()).map(|_| None).collect()),
        queue: RefCell::new(tasks.into_iter().enumerate().collect()),
        crossing: RefCell::new(Crossing {
            transferred: transfer,
            ..Crossing::default()
        }),
        failed: RefCell::default(),
        fault: Cell::new(fault),
        transfer,
        tally,
    };
    join_all(
        hosts
            .iter()
            .enumerate()
            .map(|(i, host)| drain(&split, i, host)),
    )
    .await;
    if let Some(reason) = split.failed.take() {
        return Err(reason);
    }
    let outputs: Vec<Answer> = split.outputs.take().into_iter().flatten().collect();
    let compute_ms = outputs.iter().map(compute_ms).sum::<f64>();
    let mut phases = sum_phases(outputs.iter().map(phases_of));
    // A reply without its output must fail the run, never feed a wrong checksum (or a
    // panic in `combine_keys`, which takes whole 32-byte keys only).
    let (outcome, merge_ms) = match job {
        Job::Fib { .. } => {
            let values: Option<Vec<u64>> = outputs.iter().map(fib_value).collect();
            let values = values.ok_or("a worker answered a fib task without its value")?;
            (tasks::combine_fib(values), 0.0)
        }
        Job::Hash { .. } => {
            let keys: Vec<Vec<u8>> = outputs.iter().map(|a| bulk_bytes(&a.raw)).collect();
            if keys.iter().any(|k| k.is_empty() || k.len() % 32 != 0) {
                return Err("a worker answered a hash task without whole keys".into());
            }
            // Combined here, on the page's main thread: timed here too.
            let start = Instant::now();
            let outcome = tasks::combine_keys(keys.iter().map(Vec::as_slice));
            let ms = start.elapsed().as_secs_f64() * 1e3;
            phases.push(PhaseTime {
                name: Phase::Checksum.name().into(),
                ms,
            });
            (outcome, ms)
        }
        Job::Sort { .. } => {
            let (outcome, merge_ms, merge_phases) = merge(&split, &hosts[0], &outputs).await?;
            phases = sum_phases([&phases[..], &merge_phases[..]]);
            (outcome, merge_ms)
        }
    };
    let mut crossing = split.crossing.take();
    crossing.tasks = outputs.len() as u32;
    Ok(Finished {
        outcome,
        ms: split.started.elapsed().as_secs_f64() * 1e3,
        compute_ms: compute_ms + merge_ms,
        crossing: Some(crossing),
        chunking: None,
        phases,
        progress: Some(split.tally.borrow().progress()),
    })
}

/// One worker's share: take the next task whenever idle, until the queue is empty or a
/// task failed.
async fn drain(split: &Split, worker: usize, host: &WorkerHost) {
    loop {
        if split.failed.borrow().is_some() {
            return;
        }
        let Some((index, task)) = split.queue.borrow_mut().pop_front() else {
            return;
        };
        split.crossing.borrow_mut().queued_ms += split.started.elapsed().as_secs_f64() * 1e3;
        let units = task.units();
        let request = PoolRequest::Task {
            id: index as u32,
            task,
            transfer: split.transfer,
            fault: split.fault.take(),
        };
        match send(split, host, index as u32, &request, &js_sys::Array::new()).await {
            Ok(answer) => {
                split.outputs.borrow_mut()[index] = Some(answer);
                split.tally.borrow_mut().finish(worker, units);
            }
            Err(reason) => {
                split.failed.borrow_mut().get_or_insert(reason);
                return;
            }
        }
    }
}

/// Posts one message and awaits a successful reply, counting what crossed and how long the
/// messaging took beyond the worker's own compute time.
async fn send(
    split: &Split,
    host: &WorkerHost,
    id: u32,
    request: &PoolRequest,
    transfer: &js_sys::Array,
) -> Result<Answer, RunError> {
    let message = serde_wasm_bindgen::to_value(request).map_err(|e| e.to_string())?;
    let bytes_out = bulk_len(&message);
    let answer = host.send(id, &message, transfer).await?;
    if let Reply::Refused { reason, .. } = &answer.reply {
        return Err(reason.clone());
    }
    let mut crossing = split.crossing.borrow_mut();
    crossing.messages += 2;
    crossing.bytes_out += bytes_out;
    crossing.bytes_in += bulk_len(&answer.raw);
    crossing.messaging_ms += (answer.round_trip_ms - compute_ms(&answer)).max(0.0);
    Ok(answer)
}

/// Sort's last step: one worker merges every sorted slice and checksums the result, so
/// the page never holds the merged array nor spends its main thread on it.
async fn merge(
    split: &Split,
    host: &WorkerHost,
    outputs: &[Answer],
) -> Result<(Outcome, f64, Vec<PhaseTime>), RunError> {
    let slices = js_sys::Array::new();
    let transfer = js_sys::Array::new();
    for answer in outputs {
        let data = bulk(&answer.raw);
        if split.transfer {
            transfer.push(&js_sys::Reflect::get(&data, &"buffer".into()).unwrap_or_default());
        }
        slices.push(&data);
    }
    let id = outputs.len() as u32;
    let message =
        serde_wasm_bindgen::to_value(&PoolRequest::Merge { id }).map_err(|e| e.to_string())?;
    let _ = js_sys::Reflect::set(&message, &"data".into(), &slices);
    let bytes: u64 = slices.iter().map(|s| byte_length(&s)).sum();
    let units = tasks::merge_units((bytes / 4) as usize);
    let answer = host.send(id, &message, &transfer).await?;
    split.tally.borrow_mut().finish(0, units);
    let mut crossing = split.crossing.borrow_mut();
    crossing.messages += 2;
    crossing.bytes_out += bytes;
    crossing.messaging_ms += (answer.round_trip_ms - compute_ms(&answer)).max(0.0);
    match answer.reply {
        Reply::Done {
            outcome,
            compute_ms,
            phases,
            ..
        } => Ok((outcome, compute_ms, phases)),
        Reply::Refused { reason, .. } => Err(reason),
        other => Err(format!("the merge was answered out of turn: {other:?}")),
    }
}

fn compute_ms(answer: &Answer) -> f64 {
    match answer.reply {
        Reply::Done { compute_ms, .. } | Reply::TaskDone { compute_ms, .. } => compute_ms,
        _ => 0.0,
    }
}

fn phases_of(answer: &Answer) -> &[PhaseTime] {
    match &answer.reply {
        Reply::Done { phases, .. } | Reply::TaskDone { phases, .. } => phases,
        _ => &[],
    }
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

fn fib_value(answer: &Answer) -> Option<u64> {
    match answer.reply {
        Reply::TaskDone { value, .. } => value,
        _ => None,
    }
}

/// The typed array a message carries beside its serde fields (`data`), if any.
fn bulk(message: &JsValue) -> JsValue {
    js_sys::Reflect::get(message, &"data".into()).unwrap_or_default()
}

fn byte_length(view: &JsValue) -> u64 {
    js_sys::Reflect::get(view, &"byteLength".into())
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or(0.0) as u64
}

fn bulk_len(message: &JsValue) -> u64 {
    byte_length(&bulk(message))
}

fn bulk_bytes(message: &JsValue) -> Vec<u8> {
    bulk(message)
        .dyn_into::<js_sys::Uint8Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default()
}
