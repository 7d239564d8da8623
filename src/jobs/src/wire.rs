//! The messages between the page and its workers, carried as JS values with
//! serde-wasm-bindgen: first a [`Boot`], then [`Request`]s, each answered by a [`Reply`].
//! Both bootstraps (www/*-worker.js) hand the first message to Rust, which checks it
//! before anything starts.

use crate::progress::PhaseTime;
use crate::tasks::Task;
use crate::{Job, Outcome};
use serde::{Deserialize, Serialize};

/// The most pool threads a worker agrees to start: far above any core count a browser
/// reports, far below what would exhaust memory with stacks (each thread is a worker).
pub const MAX_POOL_THREADS: u32 = 256;

/// Page -> worker, the first message: what to start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "boot", rename_all = "snake_case")]
pub enum Boot {
    /// A second instance of the page's own module. The compiled `WebAssembly.Module`
    /// travels beside this message (property `module`): it is no data serde can carry.
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

/// Page -> worker: run one job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Matches the reply to the run that asked; a replaced worker's late replies are ignored.
    pub id: u32,
    pub job: Job,
    /// Test-only: make the worker die on purpose, to prove the page recovers.
    pub fault: Option<Fault>,
}

/// Page -> the engine: `copies` copies of one job at once, as `copies` requests reach a
/// server at once (`burst`). Told apart from a [`Request`] by its `copies` field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Copies {
    pub id: u32,
    pub job: Job,
    pub copies: u32,
}

/// Page -> a worker busy with run `cancel` (a [`Request`] or [`Copies`]): stop it between
/// two pieces of work and answer [`Reply::Stopped`], staying ready for the next. Told apart
/// from the others by its `cancel` field. The engine reads it on its own event loop, free
/// while the pool works; a worker that cannot read it mid-job is terminated instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cancel {
    pub cancel: u32,
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
/// on its start, in ms, timed inside it with `performance.now()` (from the worker's own
/// start): loading its script, fetching the `.wasm` (from the browser's cache when it has
/// it), compiling it and instantiating it with the glue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Startup {
    pub script_ms: f64,
    pub fetch_ms: f64,
    pub compile_ms: f64,
    pub instantiate_ms: f64,
}

/// Page -> a `message-pool` worker: one piece of a job split across workers that share no
/// memory. Bulk data travels beside the message (property `data`), never through serde,
/// which would turn a typed array into an array of numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PoolRequest {
    /// Run one task; a bulk output (keys, a sorted slice) comes back as `data`.
    Task {
        id: u32,
        task: Task,
        /// Hand `data` back by transfer (moved) rather than structured clone (copied).
        transfer: bool,
        fault: Option<Fault>,
    },
    /// Merge the sorted slices in `data` (an array of `Uint32Array`) and checksum them.
    Merge { id: u32 },
}

/// Page -> a page-instance worker: the browser's own code for a job (a peer, to compare
/// with Offload's), or an empty message to time the messaging itself. Told apart from a
/// [`Request`] by its `peer` field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "peer", rename_all = "snake_case")]
pub enum PeerRequest {
    /// The job in plain JavaScript (fib's recursion, `Uint32Array.prototype.sort`).
    Js { id: u32, job: Job },
    /// Answered at once with [`Reply::Pong`]: a message round trip and nothing else.
    Ping { id: u32 },
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

/// Beside every reply a worker posts (a JS property next to the serde fields, as the
/// engine's `counters` are): the size of its wasm memory in bytes when it posted, which
/// never shrinks. The page shows it and replaces a worker that grew too far (see
/// `src/workers/memory.rs`).
pub const MEMORY_BYTES: &str = "memory_bytes";

/// Worker -> page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Reply {
    /// The worker has started; `threads` is how many pool threads answered (1 for the
    /// single worker). The engine's carries its progress counters beside it (property
    /// `counters`: `{buffer, offset}`, its shared memory and where [`crate::counters`] start).
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
    /// Every copy of a [`Copies`] request finished, in the order they were asked for.
    CopiesDone { id: u32, copies: Vec<CopyDone> },
    /// A task finished: fib's subtree value here, a bulk output beside it as `data`.
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
    /// The job `id` stopped early, asked by a [`Cancel`]: the worker is ready again.
    Stopped { id: u32 },
    /// The job was not attempted (its parameters failed [`Job::check`]).
    Refused { id: u32, reason: String },
    /// The worker is dying (a panic); the page replaces it.
    Crashed { reason: String },
    /// The answer to [`PeerRequest::Ping`].
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
