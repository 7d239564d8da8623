//! Latencies as a load tester reports them: per route, from each request's intended send
//! time to its response, summarised by count, p50, p95, p99 and max; for `/heavy` also
//! how that time divided between waiting (for the event loop, then in the queue) and
//! running (as Piscina reports `waitTime` and `runTime`).

use super::ledger::Counts;

/// One route's latencies in ms. Percentiles are nearest-rank: p99 of 200 samples is the
/// 198th smallest, a latency some request really had.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub count: u32,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Summary {
    /// None for no samples: a route nobody asked for has no latency, not a zero one.
    pub fn of(samples: &[f64]) -> Option<Summary> {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        Some(Summary {
            count: sorted.len() as u32,
            p50_ms: nearest_rank(&sorted, 0.50)?,
            p95_ms: nearest_rank(&sorted, 0.95)?,
            p99_ms: nearest_rank(&sorted, 0.99)?,
            max_ms: *sorted.last()?,
        })
    }
}

/// The smallest sample with at least `q` of all samples at or below it.
pub fn nearest_rank(sorted: &[f64], q: f64) -> Option<f64> {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.max(1) - 1).copied()
}

/// Timings of one `/heavy` request, in ms from its intended send time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeavyTiming {
    /// When it started running: until then it waited (the page's event loop, the queue).
    pub started_ms: f64,
    pub answered_ms: f64,
}

/// What a stream's requests met, collected while it runs.
#[derive(Clone, Debug, Default)]
pub struct Latencies {
    pub light: Vec<f64>,
    pub heavy: Vec<HeavyTiming>,
    /// How late the clients sent each request (their timers are clamped to 4 ms once
    /// nested): part of every latency, and not the server's doing.
    pub sent_late: Vec<f64>,
}

/// A served stream, as the page shows and exports it.
#[derive(Clone, Debug, PartialEq)]
pub struct TrafficReport {
    pub counts: Counts,
    pub light: Option<Summary>,
    pub heavy: Option<Summary>,
    /// Medians of a `/heavy` request's wait (intended send to start) and run.
    pub heavy_wait_p50_ms: Option<f64>,
    pub heavy_run_p50_ms: Option<f64>,
    /// Responses a second over the stream, from its start to its last answer.
    pub throughput_per_s: f64,
    /// The load against the server's capacity: `/heavy` arrivals a second × their mean
    /// run time ÷ how many run at once. Past 1, the queue grows while the stream lasts.
    pub rho: Option<f64>,
    /// Why the last failed `/heavy` request failed (its worker died mid-stream, say).
    pub last_failure: Option<String>,
    /// The median of how late the clients sent requests: the floor under every latency.
    pub sent_late_p50_ms: Option<f64>,
    /// The most `/heavy` requests that waited in the queue at once (the ledger's count).
    pub queue_peak: u32,
    /// The queue over time and each route's histogram, for the page's pictures.
    pub picture: super::picture::Picture,
}

impl Latencies {
    /// The report, with `heavy_per_s` the rate `/heavy` requests were sent at and
    /// `capacity` how many the mode runs at once; `elapsed_ms` from the stream's start to
    /// its last answer.
    pub fn report(
        &self,
        counts: Counts,
        elapsed_ms: f64,
        heavy_per_s: f64,
        capacity: u32,
    ) -> TrafficReport {
        let totals: Vec<f64> = self.heavy.iter().map(|t| t.answered_ms).collect();
        let mut waits: Vec<f64> = self.heavy.iter().map(|t| t.started_ms).collect();
        let mut runs: Vec<f64> = self
            .heavy
            .iter()
            .map(|t| t.answered_ms - t.started_ms)
            .collect();
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            nearest_rank(v, 0.5)
        };
        let mean_run_ms = (!runs.is_empty()).then(|| runs.iter().sum::<f64>() / runs.len() as f64);
        TrafficReport {
            counts,
            light: Summary::of(&self.light),
            heavy: Summary::of(&totals),
            heavy_wait_p50_ms: median(&mut waits),
            heavy_run_p50_ms: median(&mut runs),
            throughput_per_s: if elapsed_ms > 0.0 {
                f64::from(counts.answered) * 1000.0 / elapsed_ms
            } else {
                0.0
            },
            rho: mean_run_ms.map(|s| heavy_per_s * s / 1000.0 / f64::from(capacity.max(1))),
            last_failure: None,
            sent_late_p50_ms: median(&mut self.sent_late.clone()),
            queue_peak: 0,
            picture: super::picture::Picture {
                trace: Vec::new(),
                light: super::picture::histogram(self.light.iter().copied()),
                heavy: super::picture::histogram(totals.iter().copied()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_latencies_some_request_had() {
        let samples: Vec<f64> = (1..=200).rev().map(f64::from).collect();
        let s = Summary::of(&samples).unwrap();
        assert_eq!(
            (s.count, s.p50_ms, s.p95_ms, s.p99_ms, s.max_ms),
            (200, 100.0, 190.0, 198.0, 200.0)
        );
        let one = Summary::of(&[7.5]).unwrap();
        assert_eq!((one.p50_ms, one.p99_ms, one.max_ms), (7.5, 7.5, 7.5));
        assert_eq!(Summary::of(&[]), None);
    }

    /// A stall shows in full: one request that waited 1.9 s is the max, and the p99 of
    /// 100 requests if it is one of the slowest two.
    #[test]
    fn one_stalled_request_is_the_max_and_moves_the_tail() {
        let mut samples = vec![0.3; 99];
        samples.push(1900.0);
        let s = Summary::of(&samples).unwrap();
        assert_eq!((s.p50_ms, s.p99_ms, s.max_ms), (0.3, 0.3, 1900.0));
        samples.push(1800.0);
        assert_eq!(Summary::of(&samples).unwrap().p99_ms, 1800.0);
    }

    #[test]
    fn the_report_splits_heavy_time_and_measures_the_load() {
        let latencies = Latencies {
            light: vec![1.0, 2.0],
            heavy: vec![
                HeavyTiming {
                    started_ms: 0.0,
                    answered_ms: 100.0,
                },
                HeavyTiming {
                    started_ms: 50.0,
                    answered_ms: 150.0,
                },
                HeavyTiming {
                    started_ms: 10.0,
                    answered_ms: 110.0,
                },
            ],
            sent_late: vec![4.0, 0.5, 1.0],
        };
        let counts = Counts {
            sent: 5,
            answered: 5,
            ..Counts::default()
        };
        let r = latencies.report(counts, 1000.0, 4.0, 2);
        assert_eq!(
            (r.heavy_wait_p50_ms, r.heavy_run_p50_ms),
            (Some(10.0), Some(100.0))
        );
        assert_eq!(r.heavy.unwrap().max_ms, 150.0);
        assert_eq!(r.throughput_per_s, 5.0);
        assert_eq!(r.sent_late_p50_ms, Some(1.0));
        // 4 a second × 0.1 s each ÷ 2 at once.
        assert!((r.rho.unwrap() - 0.2).abs() < 1e-12);
        assert_eq!(
            Latencies::default()
                .report(Counts::default(), 0.0, 0.0, 1)
                .rho,
            None
        );
    }
}
