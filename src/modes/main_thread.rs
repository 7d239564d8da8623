//! `main`: the job runs synchronously on the page's main thread. Nothing paints, no click
//! is answered and no timer fires until it returns; async/await would not change that,
//! since the work itself never yields.

use super::burst::{CopiesFuture, combine, since};
use super::copies::Span;
use super::{Executor, RunError, RunFuture, RunOutput};
use crate::instruments::job_clock::JobClock;
use crate::instruments::meters::Meters;
use offload_jobs::wire::{Fault, Request};
use web_time::Instant;

pub struct MainThread {
    pub meters: Meters,
}

impl Executor for MainThread {
    fn run(&self, Request { job, fault, .. }: Request) -> RunFuture {
        let meters = self.meters.clone();
        Box::pin(async move {
            before_freeze(&meters, fault).await?;
            Ok(run_blocking(&job))
        })
    }

    /// A request of a stream: after the requests that arrived meanwhile (a timer's task
    /// goes after the messages already queued), then blocking, as a server's handler would.
    fn serve(&self, Request { job, .. }: Request) -> RunFuture {
        Box::pin(async move {
            gloo_timers::future::TimeoutFuture::new(0).await;
            Ok(run_blocking(&job))
        })
    }

    /// Every copy in one blocking stretch, one after another: the page is dead throughout,
    /// and no copy's result can reach it (be painted, or sent anywhere) until the last one
    /// is done, so every copy finishes, as the page sees it, when the stretch ends.
    fn run_copies(&self, Request { job, fault, .. }: Request, copies: u32) -> CopiesFuture {
        let meters = self.meters.clone();
        let t0 = Instant::now();
        Box::pin(async move {
            before_freeze(&meters, fault).await?;
            let done: Vec<(RunOutput, f64)> = (0..copies)
                .map(|_| {
                    let started_ms = since(t0);
                    (run_blocking(&job), started_ms)
                })
                .collect();
            let finished_ms = since(t0);
            let spans = done.into_iter().map(|(finished, started_ms)| {
                let span = Span {
                    submitted_ms: 0.0,
                    started_ms,
                    finished_ms,
                };
                (finished, span)
            });
            combine(spans.collect())
        })
    }
}

/// What every main-thread run does before it blocks: refuse a test fault, and let
/// "running" paint, so the user sees why the page stops (the frame after this one is
/// painted before the timer's task runs).
pub(super) async fn before_freeze(meters: &Meters, fault: Option<Fault>) -> Result<(), RunError> {
    if fault.is_some() {
        // A panic here would take the whole page down with it: that is exactly what the
        // other modes exist to avoid, so the fault is not injected here.
        return Err("fault=panic applies to the worker and pool modes only".into());
    }
    meters.next_frame().await;
    gloo_timers::future::TimeoutFuture::new(0).await;
    Ok(())
}

/// The job, synchronously, counted and timed but never reported while it runs: nothing
/// could paint it.
pub(super) fn run_blocking(job: &offload_jobs::Job) -> RunOutput {
    let clock = JobClock::new(job.units(), None);
    let start = Instant::now();
    let outcome = job.run_sequential_observed(&clock);
    let ms = start.elapsed().as_secs_f64() * 1e3;
    let (phases, progress) = clock.finish();
    RunOutput {
        outcome,
        ms,
        compute_ms: ms,
        crossing: None,
        chunking: None,
        phases,
        progress: Some(progress),
    }
}
