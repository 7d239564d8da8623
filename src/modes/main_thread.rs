//! `main`: the job runs synchronously on the page's main thread. Nothing paints, no click
//! is answered and no timer fires until it returns; async/await would not change that,
//! since the work itself never yields.

use super::{Executor, Finished, RunFuture};
use crate::instruments::job_clock::JobClock;
use crate::instruments::meters::Meters;
use offload_jobs::wire::Request;
use web_time::Instant;

pub struct MainThread {
    pub meters: Meters,
}

impl Executor for MainThread {
    fn run(&self, Request { job, fault, .. }: Request) -> RunFuture {
        let meters = self.meters.clone();
        Box::pin(async move {
            if fault.is_some() {
                // A panic here would take the whole page down with it: that is exactly what
                // the other modes exist to avoid, so the fault is not injected here.
                return Err("fault=panic applies to the worker and pool modes only".into());
            }
            // Let "running" paint before the freeze, so the user sees why the page stops:
            // the frame after this one is painted before the timer's task runs.
            meters.next_frame().await;
            gloo_timers::future::TimeoutFuture::new(0).await;
            // Counted and timed, but never reported while it runs: nothing could paint it.
            let clock = JobClock::new(job.units(), None);
            let start = Instant::now();
            let outcome = job.run_sequential_observed(&clock);
            let ms = start.elapsed().as_secs_f64() * 1e3;
            let (phases, progress) = clock.finish();
            Ok(Finished {
                outcome,
                ms,
                compute_ms: ms,
                crossing: None,
                chunking: None,
                phases,
                progress: Some(progress),
            })
        })
    }
}
