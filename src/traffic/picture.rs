//! A stream as pictures: the queue and the requests in flight over time, and each route's
//! latencies as a histogram on doubling buckets (a load tester's view: where most requests
//! landed, and how long the tail is). Pure.

/// The upper bounds of the histogram's buckets, in ms, each about twice the last (whole
/// seconds at the top, so their labels are short): a live loop's answers (under a ms) and a
/// stalled one's (seconds) both fall in view. One more bucket holds everything above.
pub const BUCKETS_MS: [f64; 14] = [
    0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1000.0, 2000.0, 4000.0,
];

/// The most points the trace keeps: a picture's worth, whatever the stream's length.
pub const TRACE_POINTS: usize = 200;

/// The server's state at a moment of the stream, in ms from its start.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TracePoint {
    pub t_ms: f64,
    /// `/heavy` requests waiting in the queue.
    pub waiting: u32,
    /// `/heavy` requests running.
    pub running: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picture {
    pub trace: Vec<TracePoint>,
    /// Requests per bucket of [`BUCKETS_MS`] (and one above), per route.
    pub light: Vec<u32>,
    pub heavy: Vec<u32>,
}

/// How many of `samples` fall in each bucket: at most its bound, above the one before.
pub fn histogram(samples: impl IntoIterator<Item = f64>) -> Vec<u32> {
    let mut counts = vec![0; BUCKETS_MS.len() + 1];
    for ms in samples {
        let bucket = BUCKETS_MS.partition_point(|&bound| bound < ms);
        counts[bucket] += 1;
    }
    counts
}

/// `trace` in at most `points` bins of equal time, each keeping its bin's largest
/// queue and flight (a peak must not vanish between two samples).
pub fn downsample(trace: &[TracePoint], points: usize) -> Vec<TracePoint> {
    let (Some(first), Some(last)) = (trace.first(), trace.last()) else {
        return Vec::new();
    };
    if trace.len() <= points {
        return trace.to_vec();
    }
    let span = (last.t_ms - first.t_ms).max(f64::EPSILON);
    let mut bins: Vec<Option<TracePoint>> = vec![None; points];
    for p in trace {
        let at = (((p.t_ms - first.t_ms) / span) * (points - 1) as f64).round() as usize;
        let bin = &mut bins[at.min(points - 1)];
        *bin = Some(match *bin {
            None => *p,
            Some(b) => TracePoint {
                t_ms: b.t_ms,
                waiting: b.waiting.max(p.waiting),
                running: b.running.max(p.running),
            },
        });
    }
    bins.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_latency_lands_in_one_doubling_bucket() {
        let counts = histogram([0.1, 0.5, 0.6, 3.0, 4.0, 5000.0, 9000.0]);
        assert_eq!(counts.len(), 15);
        assert_eq!((counts[0], counts[1], counts[3], counts[14]), (2, 1, 2, 2));
        assert_eq!(counts.iter().sum::<u32>(), 7);
    }

    #[test]
    fn a_long_trace_keeps_its_peaks_in_fewer_points() {
        let trace: Vec<_> = (0..10_000)
            .map(|i| TracePoint {
                t_ms: f64::from(i),
                waiting: u32::from(i == 5_003) * 9,
                running: 1,
            })
            .collect();
        let small = downsample(&trace, TRACE_POINTS);
        assert!(small.len() <= TRACE_POINTS);
        assert_eq!(
            small.iter().map(|p| p.waiting).max(),
            Some(9),
            "the peak survives"
        );
        assert_eq!(downsample(&trace[..3], TRACE_POINTS).len(), 3);
        assert!(downsample(&[], 10).is_empty());
    }
}
