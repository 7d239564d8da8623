//! The messages between the page and its workers, carried as JS values with
//! serde-wasm-bindgen: first a [`Boot`], then [`ToWorker`]s, each answered by [`Reply`]s.
//! Both bootstraps (www/*-worker.js) hand the first message to Rust, which checks it
//! before anything starts.
//!
//! Each direction is one enum in serde's default, externally tagged form,
//! `{"variant": {fields}}`, as are the [`Job`] and [`Task`] inside: a receiver reads the one
//! key and then that variant's fields, never guessing from which properties a message has.
//! The internally tagged form (`#[serde(tag = ...)]`) buffers the whole object in serde's
//! private `Content` before it knows its variant; in the page's wasm that cost about 100 KB
//! of generated code.
//!
//! What serde cannot carry (typed arrays, the compiled module, shared memory) travels as JS
//! properties beside the tag, named in [`BESIDE`], and is read apart from the serde value.

use crate::progress::PhaseTime;
use crate::tasks::Task;
use crate::{Job, Outcome};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Display;

/// One direction's message type: what its errors call it and the names its variants go by.
pub trait Message: Serialize + DeserializeOwned {
    /// As in "unreadable request".
    const WHAT: &'static str;
    /// Every variant's name on the wire (held equal to the derive's by src/jobs/tests/wire.rs).
    const VARIANTS: &'static [&'static str];

    /// Why a message could not be read: serde's own words, then what a message must be.
    /// A missing name gets no better from serde than "expected value" or "invalid length 0".
    fn unreadable(error: impl Display) -> String {
        format!(
            "unreadable {}: {error} (expected an object of one key naming its variant: {})",
            Self::WHAT,
            Self::VARIANTS.join(", ")
        )
    }
}

impl Message for Boot {
    const WHAT: &'static str = "start-up message";
    const VARIANTS: &'static [&'static str] = &["page_instance", "engine", "standalone"];
}

impl Message for ToWorker {
    const WHAT: &'static str = "request";
    const VARIANTS: &'static [&'static str] =
        &["run", "copies", "cancel", "task", "merge", "js_job", "ping"];
}

impl Message for Reply {
    const WHAT: &'static str = "reply";
    const VARIANTS: &'static [&'static str] = &[
        "ready",
        "done",
        "copiesdone",
        "taskdone",
        "progress",
        "stopped",
        "refused",
        "crashed",
        "pong",
        "pooloverhead",
    ];
}

/// The most pool threads a worker agrees to start: far above any core count a browser
/// reports, far below what would exhaust memory with stacks (each thread is a worker).
pub const MAX_POOL_THREADS: u32 = 256;

/// Page -> worker, the first message: what to start. Its own type, not a [`ToWorker`]:
/// the bootstraps read it before Rust runs (the glue's URL), and a worker takes it once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boot {
    /// A second instance of the page's own module. The compiled `WebAssembly.Module`
    /// travels beside this message ([`MODULE`]): it is no data serde can carry.
    PageInstance {
        /// The URL of the page's wasm-bindgen glue, which the worker imports.
        glue: String,
    },
    /// The threaded engine with a rayon pool of `threads`.
    Engine { threads: u32 },
    /// A second instance of the page's module that fetches and compiles the module itself,
    /// as a page that starts a fresh worker per job pays (mode `spawn`): `wasm` is the URL
    /// of the page's `.wasm`, `glue` that of its wasm-bindgen glue.
    Standalone { glue: String, wasm: String },
}

impl Boot {
    /// Whether a worker may act on this message; the error names what is wrong.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Boot::PageInstance { glue } if glue.is_empty() => {
                Err("boot: glue must be the URL of the page's module".into())
            }
            Boot::Standalone { glue, wasm } if glue.is_empty() || wasm.is_empty() => {
                Err("boot: glue and wasm must be the URLs of the page's module".into())
            }
            Boot::Engine { threads } if !(1..=MAX_POOL_THREADS).contains(threads) => Err(format!(
                "boot: threads must be a whole number from 1 to {MAX_POOL_THREADS}"
            )),
            _ => Ok(()),
        }
    }
}

/// Page -> worker: one whole job, as the App hands it to a mode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Matches the reply to the run that asked; a replaced worker's late replies are ignored.
    pub id: u32,
    pub job: Job,
    /// Test-only: make the worker die on purpose, to prove the page recovers.
    pub fault: Option<Fault>,
}

/// Page -> worker, every message after the [`Boot`]. Each carries the `id` its replies
/// name. Which worker takes which: the single worker and `spawn`'s take `Run`, the engine
/// `Run`, `Copies` and `Cancel`, a message-pool worker `Task` and `Merge`, the `js-worker`
/// `JsJob` and `Ping`; a worker refuses a message it was not built for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    /// Run one whole job.
    Run(Request),
    /// The engine: `copies` copies of one job at once, as `copies` requests reach a server
    /// at once (`burst`).
    Copies { id: u32, job: Job, copies: u32 },
    /// Stop run `id` between two pieces of work and answer [`Reply::Stopped`], staying ready
    /// for the next. The engine reads it on its own event loop, free while the pool works;
    /// a page-instance worker, which cannot read it mid-job, is stopped by its shared flag
    /// and finds this message only afterwards.
    Cancel { id: u32 },
    /// A message-pool worker: run one piece of a job split across workers that share no
    /// memory; a bulk output (keys, a sorted slice) comes back beside the reply ([`DATA`]).
    Task {
        id: u32,
        task: Task,
        /// Hand the output back by transfer (moved) rather than structured clone (copied).
        transfer: bool,
        fault: Option<Fault>,
    },
    /// A message-pool worker: merge the sorted slices beside this message ([`DATA`], an
    /// array of `Uint32Array`) and checksum them.
    Merge { id: u32 },
    /// The browser's own code for a job, in plain JavaScript (fib's recursion,
    /// `Uint32Array.prototype.sort`): a peer, to compare with Offload's.
    JsJob { id: u32, job: Job },
    /// Answered at once with [`Reply::Pong`]: a message round trip and nothing else.
    Ping { id: u32 },
}

impl ToWorker {
    /// The run or piece of a run this message belongs to, which its replies name.
    pub fn id(&self) -> u32 {
        match self {
            ToWorker::Run(Request { id, .. })
            | ToWorker::Copies { id, .. }
            | ToWorker::Cancel { id }
            | ToWorker::Task { id, .. }
            | ToWorker::Merge { id }
            | ToWorker::JsJob { id, .. }
            | ToWorker::Ping { id } => *id,
        }
    }
}

/// What one copy of a burst did, timed by the worker that ran it, in ms since it received
/// the message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CopyDone {
    pub outcome: Outcome,
    pub started_ms: f64,
    pub finished_ms: f64,
    #[serde(default)]
    pub phases: Vec<PhaseTime>,
}

/// What a worker that fetched and compiled the module itself ([`Boot::Standalone`]) spent
/// on its start, in ms (its bootstrap sets it beside the boot, [`STARTUP`]), timed inside it with `performance.now()` (from the worker's own
/// start): loading its script, fetching the `.wasm` (from the browser's cache when it has
/// it), compiling it and instantiating it with the glue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Startup {
    pub script_ms: f64,
    pub fetch_ms: f64,
    pub compile_ms: f64,
    pub instantiate_ms: f64,
}

/// A deliberate failure, for tests of recovery. Only `fault=panic` or `fault=oom` in the
/// URL asks for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    /// Panic inside the job (in the engine: inside a pool thread).
    Panic,
    /// Allocate inside the job until the worker's memory can grow no further (a page
    /// instance's 4 GiB, the engine's 2 GiB): a real allocation failure, which aborts.
    Oom,
}

impl Fault {
    /// The fault a URL's `fault=` value names (`panic`, `oom`); anything else is none.
    pub fn from_directive(value: &str) -> Option<Fault> {
        match value {
            "panic" => Some(Fault::Panic),
            "oom" => Some(Fault::Oom),
            _ => None,
        }
    }

    /// Fails the way this fault asks, where it is called: inside the job, on the thread
    /// `who` names. Never returns; only a worker may call it (natively, `Oom` would take
    /// whatever the machine lends).
    pub fn strike(self, who: &str) -> ! {
        match self {
            Fault::Panic => panic!("fault=panic asked {who} to panic"),
            Fault::Oom => exhaust_memory(),
        }
    }
}

/// Allocates 256 MiB at a time, untouched (so the pages cost no resident memory), until
/// the allocator is refused and Rust's allocation-failure path aborts: the worker's
/// alloc error hook reports "out of memory: memory allocation of N bytes failed" first.
fn exhaust_memory() -> ! {
    const CHUNK: usize = 256 << 20;
    let mut held: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut chunk = Vec::<u8>::with_capacity(CHUNK);
        chunk.push(1);
        held.push(std::hint::black_box(chunk));
    }
}

/// Beside every reply a worker posts: the size of its wasm memory in bytes when it posted,
/// which never shrinks. The page shows it and replaces a worker that grew too far (see
/// `src/workers/memory.rs`).
pub const MEMORY_BYTES: &str = "memory_bytes";
/// Beside a [`ToWorker::Task`]'s reply and a [`ToWorker::Merge`]: bulk data, typed arrays
/// that serde would turn into arrays of numbers.
pub const DATA: &str = "data";
/// Beside a [`Boot::PageInstance`]: the page's compiled `WebAssembly.Module`.
pub const MODULE: &str = "module";
/// Beside a [`Boot::Standalone`], set by the worker's own bootstrap: its [`Startup`].
pub const STARTUP: &str = "startup";
/// Beside a page-instance [`Boot`] where the page is isolated: the shared flag Stop raises
/// (src/workers/stop_flag.rs).
pub const STOP_FLAG: &str = "stop_flag";
/// Beside the engine's [`Reply::Ready`]: its progress counters, `{buffer, offset}`, its
/// shared memory and where [`crate::counters`] start.
pub const COUNTERS: &str = "counters";

/// Every property that may travel beside a message's serde value. A receiver reads the
/// value without them: an externally tagged enum is an object of exactly one key.
pub const BESIDE: [&str; 6] = [MEMORY_BYTES, DATA, MODULE, STARTUP, STOP_FLAG, COUNTERS];

/// Worker -> page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reply {
    /// The worker has started; `threads` is how many pool threads answered (1 for the
    /// single worker). The engine's carries its progress counters beside it ([`COUNTERS`]).
    Ready {
        threads: u32,
        /// A [`Boot::Standalone`] worker's own start-up, measured inside it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        startup: Option<Startup>,
    },
    /// A job finished; `compute_ms` is its time measured inside the worker, `phases` how
    /// that time divides (a worker that does not time them sends none).
    Done {
        id: u32,
        outcome: Outcome,
        compute_ms: f64,
        #[serde(default)]
        phases: Vec<PhaseTime>,
    },
    /// Every copy of a [`ToWorker::Copies`] finished, in the order they were asked for.
    CopiesDone { id: u32, copies: Vec<CopyDone> },
    /// A task finished: fib's subtree value here, a bulk output beside it ([`DATA`]).
    TaskDone {
        id: u32,
        value: Option<u64>,
        compute_ms: f64,
        #[serde(default)]
        phases: Vec<PhaseTime>,
    },
    /// How far the job or task `id` has got, in work units: sent by a worker while it
    /// runs, a few times a second at most, and once more when `done` reaches `total`.
    Progress { id: u32, done: u64, total: u64 },
    /// The job `id` stopped early, asked by a [`ToWorker::Cancel`]: the worker is ready again.
    Stopped { id: u32 },
    /// The message was not acted on: its parameters failed [`Job::check`], or this worker
    /// was not built for it.
    Refused { id: u32, reason: String },
    /// The worker is dying (a panic); the page replaces it.
    Crashed { reason: String },
    /// The answer to [`ToWorker::Ping`].
    Pong { id: u32 },
    /// The engine, just before `Ready`: the median round trip of an empty task spawned on
    /// its pool and awaited, in ms (what any pool job pays before it starts working).
    PoolOverhead { empty_task_ms: f64 },
}

impl Reply {
    /// The message this reply answers, if it answers one.
    pub fn id(&self) -> Option<u32> {
        match self {
            Reply::Done { id, .. }
            | Reply::TaskDone { id, .. }
            | Reply::Refused { id, .. }
            | Reply::CopiesDone { id, .. }
            | Reply::Stopped { id }
            | Reply::Pong { id } => Some(*id),
            Reply::Ready { .. }
            | Reply::Crashed { .. }
            | Reply::PoolOverhead { .. }
            | Reply::Progress { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_is_named_in_the_url_and_on_the_wire() {
        assert_eq!(Fault::from_directive("panic"), Some(Fault::Panic));
        assert_eq!(Fault::from_directive("oom"), Some(Fault::Oom));
        assert_eq!(Fault::from_directive("OOM"), None);
        assert_eq!(Fault::from_directive(""), None);
        let json = serde_json::to_string(&Fault::Oom).unwrap();
        assert_eq!(json, "\"oom\"");
        assert_eq!(serde_json::from_str::<Fault>(&json).unwrap(), Fault::Oom);
    }

    #[test]
    fn a_panic_fault_panics_with_who_it_struck() {
        let caught = std::panic::catch_unwind(|| Fault::Panic.strike("this test"));
        let message = caught.unwrap_err();
        let message = message.downcast_ref::<String>().unwrap();
        assert_eq!(message, "fault=panic asked this test to panic");
    }
}
