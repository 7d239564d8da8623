//! Every mode's executor, made once for the page's life. The App asks for the chosen
//! mode's, and tells them what a run's plan sets beyond the job (the pools' size, how
//! message-pool's data crosses, chunked's slice); nothing else here decides anything.

use crate::form::{Mode, Plan};
use crate::instruments::meters::Meters;
use crate::modes::async_main::AsyncMainThread;
use crate::modes::chunked::ChunkedMainThread;
use crate::modes::main_thread::MainThread;
use crate::modes::message_pool::MessagePool;
use crate::modes::peers::Peers;
use crate::modes::pool::PoolMode;
use crate::modes::single_worker::SingleWorker;
use crate::modes::spawn::Spawn;
use crate::modes::{Executor, Readiness};
use crate::workers::host::StartFigures;
use std::rc::Rc;
use yew::Callback;

pub struct Executors {
    // Each in an Rc: a traffic stream holds its mode's executor for as long as it serves.
    main: Rc<MainThread>,
    async_main: Rc<AsyncMainThread>,
    chunked: Rc<ChunkedMainThread>,
    worker: Rc<SingleWorker>,
    /// A new worker per run (and per copy of a burst).
    spawn: Rc<Spawn>,
    message_pool: Rc<MessagePool>,
    /// None where the page is not cross-origin isolated or has no shared memory.
    engine: Option<Rc<PoolMode>>,
    /// The browser's own code for the same jobs, for comparison.
    peers: Peers,
}

impl Executors {
    /// `on(mode)` is where a mode with workers reports its readiness; `threads` sizes the
    /// pools; `engine` is the pool's, made by the App where the page can run it.
    pub fn new(
        meters: &Meters,
        threads: u32,
        engine: Option<PoolMode>,
        on: impl Fn(Mode) -> Callback<Readiness>,
    ) -> Executors {
        Executors {
            main: Rc::new(MainThread {
                meters: meters.clone(),
            }),
            async_main: Rc::new(AsyncMainThread {
                meters: meters.clone(),
            }),
            chunked: Rc::new(ChunkedMainThread::new(meters.clone())),
            worker: Rc::new(SingleWorker::new(on(Mode::Worker))),
            spawn: Rc::default(),
            message_pool: Rc::new(MessagePool::new(threads, on(Mode::MessagePool))),
            engine: engine.map(Rc::new),
            peers: Peers::new(meters.clone(), on(Mode::JsWorker)),
        }
    }

    /// The chosen mode's executor; None for the pool where the page cannot run it.
    pub fn get(&self, mode: Mode) -> Option<&dyn Executor> {
        match mode {
            Mode::Main => Some(&*self.main),
            Mode::Async => Some(&*self.async_main),
            Mode::Chunked => Some(&*self.chunked),
            Mode::Worker => Some(&*self.worker),
            Mode::Spawn => Some(&*self.spawn),
            Mode::MessagePool => Some(&*self.message_pool),
            Mode::Pool => self.engine.as_deref().map(|e| e as &dyn Executor),
            peer => self.peers.executor(peer),
        }
    }

    /// Offload's own mode's executor, to keep: a traffic stream serves through it for as
    /// long as it lasts. None for the peers (a stream serves Offload's modes only).
    pub fn shared(&self, mode: Mode) -> Option<Rc<dyn Executor>> {
        let shared: Rc<dyn Executor> = match mode {
            Mode::Main => self.main.clone(),
            Mode::Async => self.async_main.clone(),
            Mode::Chunked => self.chunked.clone(),
            Mode::Worker => self.worker.clone(),
            Mode::Spawn => self.spawn.clone(),
            Mode::MessagePool => self.message_pool.clone(),
            Mode::Pool => self.engine.clone()?,
            _ => return None,
        };
        Some(shared)
    }

    /// Both pools to `threads` (each waits for a run that uses it to end).
    pub fn resize(&self, threads: u32) {
        self.message_pool.resize(threads);
        if let Some(engine) = &self.engine {
            engine.resize(threads);
        }
    }

    /// What the plan sets beyond the job, before it runs.
    pub fn prepare(&self, plan: &Plan) {
        self.message_pool.set_transfer(plan.transfer);
        self.chunked.set_slice(plan.slice_ms);
    }

    /// The reused worker's one start-up: `spawn`'s baseline.
    pub fn worker_start_ms(&self) -> Option<f64> {
        self.worker.start_figures().start_ms
    }

    /// The engine's start figures, for "Overheads"; None without a pool.
    pub fn pool_start_figures(&self) -> Option<StartFigures> {
        self.engine.as_deref().map(PoolMode::start_figures)
    }
}
