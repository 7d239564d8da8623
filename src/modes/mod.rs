//! The execution modes, each behind [`Executor`]: the page hands over a job and awaits
//! the result; how and where it runs is the mode's business.
//!
//! - [`main_thread`]: runs the job right here, freezing the page (the lesson).
//! - [`worker_host`]: a dedicated worker speaking [`offload_jobs::wire`], used twice:
//!   [`single_worker`] (a second instance of this very module) and [`engine`] (the
//!   threaded build with its rayon pool).

pub mod engine;
pub mod main_thread;
pub mod single_worker;
pub mod worker_entry;
pub mod worker_host;

use offload_jobs::Outcome;
use offload_jobs::wire::Request;
use std::future::Future;
use std::pin::Pin;

/// A finished job, as the page reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    pub outcome: Outcome,
    /// Wall time as the page measured it: for a worker, from posting the job to the reply.
    pub ms: f64,
    /// Time measured where the job ran; the difference to `ms` is the messaging.
    pub compute_ms: f64,
}

/// Why a run did not finish, said to the user.
pub type RunError = String;

pub type RunFuture = Pin<Box<dyn Future<Output = Result<Finished, RunError>>>>;

/// One way to run a job.
pub trait Executor {
    fn run(&self, request: Request) -> RunFuture;

    /// Stops the job under way, if this mode can: a worker can be terminated and replaced;
    /// the main thread cannot be interrupted (by the time a click is handled, it is done).
    fn stop(&self) -> bool {
        false
    }
}

/// A mode's readiness, shown beside the mode picker; Run waits for `Ready`.
#[derive(Clone, Debug, PartialEq)]
pub enum Readiness {
    Starting,
    /// `threads` answered (1 except for the pool).
    Ready {
        threads: u32,
    },
    /// Cannot run here (for the pool: no cross-origin isolation), or failed to start.
    Unavailable {
        reason: String,
    },
}
