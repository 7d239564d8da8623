//! Stop, from the host's side: asked of the worker between two pieces of work
//! ([`WorkerHost::cancel_job`], the worker kept warm), forced by terminating it
//! ([`WorkerHost::stop_job`], a fresh one started), or for good ([`WorkerHost::shut_down`]).
//! Each answers the waiting run itself, so a Stop never leaves a run hanging.

use super::life::Life;
use super::{WorkerHost, with_host};
use gloo_timers::callback::Timeout;
use offload_jobs::wire::ToWorker;
use std::rc::Rc;
use web_time::Instant;

impl WorkerHost {
    /// Terminates the worker mid-job and starts a fresh one; the run fails as stopped.
    pub fn stop_job(&self) -> bool {
        match self.take() {
            Life::Busy { pending, .. } => {
                let reason = "stopped: the worker was terminated and replaced";
                let _ = pending.reply.send(Err(reason.into()));
                self.spawn();
                true
            }
            other => self.stop_waiting(other),
        }
    }

    /// Stops the job under way cooperatively: posts a [`ToWorker::Cancel`] for it and waits up to
    /// `budget_ms` for the worker to answer, keeping it (and what it started, a pool) warm;
    /// past the budget it is terminated and replaced as [`WorkerHost::stop_job`] does. False
    /// if no job was under way.
    pub fn cancel_job(&self, budget_ms: u32) -> bool {
        match self.take() {
            Life::Busy {
                live,
                threads,
                pending,
            } => {
                let cancel = serde_wasm_bindgen::to_value(&ToWorker::Cancel { id: pending.id });
                let posted = cancel.is_ok_and(|cancel| live.worker.post_message(&cancel).is_ok());
                if !posted {
                    self.put(Life::Busy {
                        live,
                        threads,
                        pending,
                    });
                    return self.stop_job();
                }
                let generation = self.0.borrow().generation;
                let weak = Rc::downgrade(&self.0);
                let deadline = Timeout::new(budget_ms, move || {
                    with_host(&weak, generation, |host| host.stop_overdue(budget_ms));
                });
                self.put(Life::Stopping {
                    live,
                    threads,
                    pending,
                    asked: Instant::now(),
                    _deadline: deadline,
                });
                true
            }
            other => self.stop_waiting(other),
        }
    }

    /// The worker did not answer a cancel within its budget: terminated and replaced.
    fn stop_overdue(&self, budget_ms: u32) {
        match self.take() {
            Life::Stopping { pending, .. } => {
                let reason = format!(
                    "stopped: the worker did not stop within {budget_ms} ms, so it was \
                     terminated and replaced"
                );
                let _ = pending.reply.send(Err(reason));
                self.spawn();
            }
            other => self.put(other),
        }
    }

    /// Terminates the worker for good (mode `spawn`, whose workers serve one run): a
    /// pending run fails with `reason`, and the host stays down, starting no replacement.
    pub fn shut_down(&self, reason: &str) {
        if let Life::Busy { pending, .. } | Life::Stopping { pending, .. } = self.take() {
            let _ = pending.reply.send(Err(reason.into()));
        }
        self.enter(Life::Unavailable {
            reason: reason.into(),
        });
    }
}
