//! Running a burst's copies (`burst=k`): one after another on one thread, or at once
//! over several, each copy's span on the page's clock; then one result for the run, whose
//! checksum every copy must share. The arithmetic is in [`super::copies`].

use super::copies::{Burst, Span, agreed_checksum};
use super::{Chunking, Crossing, RunError, RunFuture, RunOutput};
use futures_util::future::join_all;
use offload_jobs::progress::{Progress, sum_phases};
use offload_jobs::wire::Request;
use std::future::Future;
use std::pin::Pin;
use web_time::Instant;

/// A burst's result: the run's figures (ms: the makespan; compute: the copies' sum) and
/// each copy's span.
#[derive(Clone, Debug, PartialEq)]
pub struct Copies {
    pub finished: RunOutput,
    pub burst: Burst,
}

pub type CopiesFuture = Pin<Box<dyn Future<Output = Result<Copies, RunError>>>>;

/// One copy run at once with the others: its result, and when it started (ms since the
/// burst was submitted).
pub type CopyFuture = Pin<Box<dyn Future<Output = Result<(RunOutput, f64), RunError>>>>;

/// Copy `copy` of a burst: the same job; a test's fault goes to the first copy only.
pub fn copy_request(request: &Request, copy: u32) -> Request {
    Request {
        fault: request.fault.filter(|_| copy == 0),
        ..request.clone()
    }
}

/// Milliseconds since `t0`.
pub fn since(t0: Instant) -> f64 {
    t0.elapsed().as_secs_f64() * 1e3
}

/// Runs the copies one after another, each begun only when the one before it has finished
/// (a queue in front of one thread); all were submitted at once, when this is called.
pub fn one_after_another(
    copies: u32,
    mut run: impl FnMut(u32) -> RunFuture + 'static,
) -> CopiesFuture {
    let t0 = Instant::now();
    Box::pin(async move {
        let mut done = Vec::new();
        for copy in 0..copies {
            let started_ms = since(t0);
            let finished = run(copy).await?;
            let span = Span {
                submitted_ms: 0.0,
                started_ms,
                finished_ms: since(t0),
            };
            done.push((finished, span));
        }
        combine(done)
    })
}

/// Runs every copy at once; each future says when its copy started (ms since `t0`).
pub fn all_at_once(runs: Vec<CopyFuture>, t0: Instant) -> CopiesFuture {
    Box::pin(async move {
        let mut done = Vec::new();
        for result in join_all(runs.into_iter().map(|run| async move {
            let result = run.await;
            result.map(|(finished, started_ms)| (finished, started_ms, since(t0)))
        }))
        .await
        {
            let (finished, started_ms, finished_ms) = result?;
            let span = Span {
                submitted_ms: 0.0,
                started_ms,
                finished_ms,
            };
            done.push((finished, span));
        }
        combine(done)
    })
}

/// One result for the burst: the checksum every copy agrees on, the makespan as its time,
/// the copies' own times, phases, progress and crossings added up.
pub fn combine(done: Vec<(RunOutput, Span)>) -> Result<Copies, RunError> {
    let checksum = agreed_checksum(done.iter().map(|(f, _)| f.outcome.checksum.as_str()))?;
    let burst = Burst {
        spans: done.iter().map(|(_, span)| *span).collect(),
        copy_ms: done.iter().map(|(f, _)| f.compute_ms).collect(),
        ..Burst::default()
    };
    let progress = done
        .iter()
        .filter_map(|(f, _)| f.progress)
        .reduce(|a, b| Progress {
            done: a.done + b.done,
            total: a.total + b.total,
        });
    let crossing = done
        .iter()
        .filter_map(|(f, _)| f.crossing.clone())
        .reduce(add_crossing);
    let chunking = done
        .iter()
        .filter_map(|(f, _)| f.chunking.clone())
        .reduce(add_chunking);
    let finished = RunOutput {
        outcome: offload_jobs::Outcome { checksum },
        ms: burst.makespan_ms(),
        compute_ms: burst.sum_of_copies_ms(),
        crossing,
        chunking,
        phases: sum_phases(done.iter().map(|(f, _)| f.phases.as_slice())),
        progress,
    };
    Ok(Copies { finished, burst })
}

/// `chunked` copies run one after another: their slices add up.
fn add_chunking(a: Chunking, b: Chunking) -> Chunking {
    Chunking {
        slices: a.slices + b.slices,
        longest_slice_ms: a.longest_slice_ms.max(b.longest_slice_ms),
        frame_waits: a.frame_waits + b.frame_waits,
        ..a
    }
}

fn add_crossing(a: Crossing, b: Crossing) -> Crossing {
    Crossing {
        tasks: a.tasks + b.tasks,
        messages: a.messages + b.messages,
        bytes_out: a.bytes_out + b.bytes_out,
        bytes_in: a.bytes_in + b.bytes_in,
        transferred: a.transferred,
        queued_ms: a.queued_ms + b.queued_ms,
        messaging_ms: a.messaging_ms + b.messaging_ms,
        post_ms: a.post_ms + b.post_ms,
    }
}
