//! `async`: the job inside an `async` function, awaited on the page's main thread. It
//! freezes the page exactly like `main`: an `async` function runs synchronously until its
//! first `await` that is not ready, and a CPU-bound job has none, so the one poll that
//! starts it runs it to the end while the event loop waits.

use super::{Executor, RunFuture, RunOutput};
use crate::instruments::meters::Meters;
use offload_jobs::Job;
use offload_jobs::wire::Request;

pub struct AsyncMainThread {
    pub meters: Meters,
}

/// The whole job, as an `async` function: nothing in it awaits, so nothing in it yields.
/// It is `main`'s very work, so the two modes differ only in the `async` around it.
async fn compute(job: Job) -> RunOutput {
    super::main_thread::run_blocking(&job)
}

impl Executor for AsyncMainThread {
    fn run(&self, Request { job, fault, .. }: Request) -> RunFuture {
        let meters = self.meters.clone();
        Box::pin(async move {
            super::main_thread::before_freeze(&meters, fault).await?;
            Ok(compute(job).await)
        })
    }

    /// As `main` serves: after the requests already queued, then the whole job at once.
    fn serve(&self, Request { job, .. }: Request) -> RunFuture {
        Box::pin(async move {
            gloo_timers::future::TimeoutFuture::new(0).await;
            Ok(compute(job).await)
        })
    }
}
