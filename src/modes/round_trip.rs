//! A worker message's round trip: a fresh page-instance worker (the kind `worker`,
//! `message-pool` and `js-worker` use), timed from its boot message to `Ready`, then pinged
//! [`PINGS`] times, one at a time. The median is what any message-based mode pays per
//! message, before its job does anything. The worker is ended with the probe.

use super::Readiness;
use super::single_worker::page_instance;
use crate::workers::host::WorkerHost;
use futures_util::StreamExt;
use offload_jobs::wire::{Reply, ToWorker};
use yew::Callback;

pub const PINGS: u32 = 50;

/// What the probe measured, in ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoundTrip {
    /// Boot message posted to `Ready`: instantiating the page's module in a worker.
    pub worker_start_ms: f64,
    /// Median of [`PINGS`] empty messages there and back.
    pub median_ms: f64,
}

/// The middle value (the upper of the two middles for an even count); None when empty.
pub fn median(mut samples: Vec<f64>) -> Option<f64> {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied()
}

/// Starts a worker, pings it, and ends it.
pub async fn measure() -> Result<RoundTrip, String> {
    let (tell, mut readiness) = futures_channel::mpsc::unbounded();
    let host = WorkerHost::new(
        page_instance(),
        Callback::from(move |r| {
            let _ = tell.unbounded_send(r);
        }),
    )
    .labelled("overheads' probe");
    host.start();
    loop {
        match readiness.next().await {
            Some(Readiness::Ready { .. }) => break,
            Some(Readiness::Unavailable { reason }) => return Err(reason),
            Some(_) => {}
            None => return Err("the probe's worker went away".into()),
        }
    }
    let worker_start_ms = host.start_figures().start_ms.unwrap_or(f64::NAN);
    let mut samples = Vec::new();
    for id in 1..=PINGS {
        let answer = host.send(&ToWorker::Ping { id }).await?;
        if !matches!(answer.reply, Reply::Pong { .. }) {
            return Err(format!(
                "the worker answered a ping with {:?}",
                answer.reply
            ));
        }
        samples.push(answer.round_trip_ms);
    }
    let median_ms = median(samples).ok_or("no ping was answered")?;
    Ok(RoundTrip {
        worker_start_ms,
        median_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_is_the_middle_sample() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![0.4, 9.0, 0.1, 0.2]), Some(0.4));
    }
}
