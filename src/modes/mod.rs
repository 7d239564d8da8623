//! The execution modes, each behind [`Executor`]: the page hands over a job and awaits
//! the result; how and where it runs is the mode's business.
//!
//! - [`main_thread`]: runs the job right here, freezing the page (the lesson).
//! - [`async_main`]: the same inside an `async` fn, awaited: it freezes just the same.
//! - [`chunked`]: right here in slices, yielding between them: live, and slower.
//! - [`single_worker`]: one worker, a second instance of this very module.
//! - [`message_pool`]: workers that share no memory; the job split into tasks.
//! - [`engine`]: the threaded build with its rayon pool, in its own worker.
//! - [`peers`]: the browser's own code for the same jobs (JavaScript, WebCrypto).
//! - [`spawn`]: a new worker for every run, paying its start-up each time.
//! - [`burst`]: k copies of a job at once (`burst=k`): one after another, or spread.
//!
//! Both worker modes own a [`crate::workers::host::WorkerHost`], which starts the worker
//! on the mode's first use and replaces it when it dies.

pub mod async_main;
pub mod burst;
pub mod chunked;
pub mod copies;
pub mod main_thread;
pub mod message_pool;
pub mod peers;
pub mod pool;
pub mod round_trip;
pub mod serve;
pub mod single_worker;
pub mod spawn;

use crate::instruments::timeline::{LaneSample, Probe, Sample};
use crate::workers::host::WorkerHost;
use offload_jobs::Outcome;
use offload_jobs::progress::{PhaseTime, Progress};
use offload_jobs::wire::{Reply, Request, ToWorker};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A finished job, as the page reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunOutput {
    pub outcome: Outcome,
    /// Wall time as the page measured it: for a worker, from posting the job to the reply.
    pub ms: f64,
    /// Time measured where the job ran (for a message-pool: summed over its workers); for
    /// one worker, the difference to `ms` is the messaging.
    pub compute_ms: f64,
    /// What crossed between the page and a message-pool's workers.
    pub crossing: Option<Crossing>,
    /// How a `chunked` run was sliced.
    pub chunking: Option<Chunking>,
    /// Where `compute_ms` went, phase by phase, timed where the job ran (for a
    /// message-pool: summed over its workers, like `compute_ms`).
    pub phases: Vec<PhaseTime>,
    /// Work units done out of the job's total, as the mode's counters last said.
    pub progress: Option<Progress>,
}

/// How a `chunked` run shared the main thread: `compute_ms` is its slices' time, and
/// `ms - compute_ms` what yielding cost (the event loop's other work included).
#[derive(Clone, Debug, PartialEq)]
pub struct Chunking {
    pub slices: u32,
    /// The budget each slice had.
    pub slice_ms: u32,
    /// The longest slice: over the budget by at most one quantum of work.
    pub longest_slice_ms: f64,
    /// How the page yielded (`scheduler.yield()`, or a MessageChannel message).
    pub yield_with: &'static str,
    /// Yields that first waited for an overdue frame (rendering goes after a
    /// `scheduler.yield()` continuation, so a frame can be starved without them).
    pub frame_waits: u32,
}

/// What crossed between the page and a message-pool's workers during one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Crossing {
    pub tasks: u32,
    /// Messages both ways.
    pub messages: u32,
    /// Bulk data (typed arrays) posted to the workers, and received from them.
    pub bytes_out: u64,
    pub bytes_in: u64,
    /// Bulk data was moved by transfer; otherwise structured clone copied it.
    pub transferred: bool,
    /// Summed over tasks: how long each waited in the queue for an idle worker.
    pub queued_ms: f64,
    /// Summed over messages: round trip minus the worker's compute time (posting, copying,
    /// and waiting for the page's event loop to read the reply).
    pub messaging_ms: f64,
    /// The page's main thread inside `postMessage`: where structured clone copies what the
    /// page sends (a transfer only detaches it). Receiving copies too, outside this figure.
    pub post_ms: f64,
}

/// How long a worker has to answer a Stop (stopping its job between two pieces of work)
/// before it is terminated and replaced: the 100 ms, less a margin for the page's
/// own event loop to see the answer.
pub const STOP_BUDGET_MS: u32 = 90;

// What a worker's host reports of its worker, and why a run failed: defined with the hosts
// (`crate::workers`), which every mode with workers builds on.
pub use crate::workers::{Readiness, RunError};

pub type RunFuture = Pin<Box<dyn Future<Output = Result<RunOutput, RunError>>>>;

/// One way to run a job.
pub trait Executor {
    /// Starts whatever the mode needs (its workers) if it has not yet: modes start on first
    /// use, so a page opened in one mode starts no workers for the others.
    fn start(&self) {}

    /// The mode's workers missed their start deadline (a slow start on a loaded machine):
    /// unavailable for now, and [`Executor::start`] tries again, so Run stays enabled.
    fn retries_start(&self) -> bool {
        false
    }

    fn run(&self, request: Request) -> RunFuture;

    /// One `/heavy` request of a traffic stream (`serve`): the job as [`Executor::run`]
    /// runs it, minus what only a single run needs (the main thread's wait for a frame
    /// that shows "running"; a stream's page is painted between its requests anyway).
    fn serve(&self, request: Request) -> RunFuture {
        self.run(request)
    }

    /// How many `/heavy` requests this mode runs at once in a stream; the rest wait in
    /// the stream's queue. One for every mode with one place to run (the main thread, the
    /// one worker) and for the pools, which spread each job over their threads.
    fn serves_at_once(&self) -> u32 {
        1
    }

    /// `copies` copies of the job submitted at once (`burst`), each copy's span recorded.
    /// By default one after another, all asked for at once: right for a mode whose run
    /// does nothing until awaited (the main thread's `async` and `chunked`). Modes with
    /// workers queue or spread the copies themselves.
    fn run_copies(&self, request: Request, copies: u32) -> burst::CopiesFuture {
        let mut runs: Vec<Option<RunFuture>> = (0..copies)
            .map(|copy| Some(self.run(burst::copy_request(&request, copy))))
            .collect();
        burst::one_after_another(copies, move |copy| {
            runs[copy as usize]
                .take()
                .unwrap_or_else(|| Box::pin(async { Err("a copy was run twice".into()) }))
        })
    }

    /// Stops the job under way, if this mode can: a worker is asked to stop between two
    /// pieces of work and kept, or terminated and replaced if it cannot be asked or does not
    /// answer within [`STOP_BUDGET_MS`]; the main thread cannot be interrupted (by the time
    /// a click is handled, it is done).
    fn stop(&self) -> bool {
        false
    }

    /// How the timeline looks at this mode's threads each frame; None for the main
    /// thread, which cannot be looked at while it runs a job.
    fn probe(&self) -> Option<Probe> {
        None
    }
}

/// Runs one whole job on a worker that speaks [`offload_jobs::wire`].
pub fn run_on(host: &WorkerHost, request: Request) -> RunFuture {
    run_message_on(host, &ToWorker::Run(request))
}

/// Posts one whole job (Offload's, or a peer's) and awaits its `Done`.
pub fn run_message_on(host: &WorkerHost, message: &ToWorker) -> RunFuture {
    let answer = host.send(message);
    let host = host.clone();
    Box::pin(async move {
        let answer = answer.await?;
        match answer.reply {
            Reply::Done {
                outcome,
                compute_ms,
                phases,
                ..
            } => Ok(RunOutput {
                outcome,
                ms: answer.round_trip_ms,
                compute_ms,
                crossing: None,
                chunking: None,
                phases,
                progress: host.sample().progress,
            }),
            Reply::Refused { reason, .. } => Err(reason),
            other => Err(format!("the worker answered out of turn: {other:?}")),
        }
    })
}

/// The timeline's look at a mode with one worker: one lane named `lane`, busy while a
/// message is pending, and the worker's progress. The engine adds its pool threads' lanes.
pub fn host_probe(host: &WorkerHost, lane: &'static str) -> Probe {
    let host = host.clone();
    Probe(Rc::new(move |run| {
        let sample = host.sample();
        if sample.id != Some(run) {
            return None;
        }
        if sample.counted {
            // Until the engine has started this run's job, its counters are another's.
            return Some(sample.pool.unwrap_or_default());
        }
        let units = sample.progress.map_or(0, |p| p.done);
        Some(Sample {
            lanes: vec![LaneSample {
                name: lane.into(),
                busy: sample.busy,
                units,
            }],
            progress: sample.progress,
            phase: None,
        })
    }))
}
