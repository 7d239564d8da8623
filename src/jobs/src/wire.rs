//! The messages between the page and its workers, carried as JS values with
//! serde-wasm-bindgen. Bulk data never crosses: a job goes out, a checksum comes back.

use crate::{Job, Outcome};
use serde::{Deserialize, Serialize};

/// Page -> worker: run one job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Matches the reply to the run that asked; a replaced worker's late replies are ignored.
    pub id: u32,
    pub job: Job,
    /// Test-only: make the worker die on purpose, to prove the page recovers.
    pub fault: Option<Fault>,
}

/// A deliberate failure, for tests of recovery. Only `fault=panic` in the URL asks for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    /// Panic inside the job (in the engine: inside a pool thread).
    Panic,
}

/// Worker -> page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Reply {
    /// The worker has started; `threads` is how many pool threads answered (1 for the
    /// single worker).
    Ready { threads: u32 },
    /// A job finished; `compute_ms` is its time measured inside the worker.
    Done {
        id: u32,
        outcome: Outcome,
        compute_ms: f64,
    },
    /// The job was not attempted (its parameters failed [`Job::check`]).
    Refused { id: u32, reason: String },
    /// The worker is dying (a panic); the page replaces it.
    Crashed { reason: String },
}
