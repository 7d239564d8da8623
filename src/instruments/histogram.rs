//! A histogram of durations with bounded relative error, the shape of the HDR histogram
//! behind Node's `monitorEventLoopDelay`: memory stays fixed however long the page lives,
//! and a percentile is off by at most 1/64 (1.6 %) of its value. Pure: no clock, no browser.

/// Values are counted in microseconds; below this, every microsecond has its own bucket.
const EXACT: u64 = 128;
/// Buckets per power of two above `EXACT`: the 1/64 relative error.
const PER_OCTAVE: u64 = 64;
/// Largest power of two counted separately (2^40 µs is 12 days); larger values share the
/// last bucket, while `max` stays exact.
const TOP_OCTAVE: u32 = 40;
const BUCKETS: usize = (EXACT + (TOP_OCTAVE as u64 - 6) * PER_OCTAVE) as usize;

#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    counts: Vec<u64>,
    samples: u64,
    min_us: u64,
    max_us: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            samples: 0,
            min_us: u64::MAX,
            max_us: 0,
        }
    }
}

/// p50, p99 and max of some samples, in milliseconds, and how many there were.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Summary {
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub samples: u64,
}

fn bucket_of(us: u64) -> usize {
    if us < EXACT {
        return us as usize;
    }
    let octave = (63 - us.leading_zeros()).min(TOP_OCTAVE);
    let shift = octave - 6;
    let top = (us >> shift).min(2 * PER_OCTAVE - 1);
    (EXACT + (octave as u64 - 7) * PER_OCTAVE + (top - PER_OCTAVE)) as usize
}

/// The largest value (µs) that falls in `bucket`.
fn upper_bound(bucket: usize) -> u64 {
    let bucket = bucket as u64;
    if bucket < EXACT {
        return bucket;
    }
    let octave = (bucket - EXACT) / PER_OCTAVE + 7;
    let top = (bucket - EXACT) % PER_OCTAVE + PER_OCTAVE;
    ((top + 1) << (octave - 6)) - 1
}

impl Histogram {
    /// Counts one sample; negative or NaN durations count as zero.
    pub fn record(&mut self, ms: f64) {
        let us = if ms.is_finite() && ms > 0.0 {
            (ms * 1e3).round().min(u64::MAX as f64 / 2.0) as u64
        } else if ms.is_infinite() && ms > 0.0 {
            u64::MAX / 2
        } else {
            0
        };
        self.counts[bucket_of(us)] += 1;
        self.samples += 1;
        self.min_us = self.min_us.min(us);
        self.max_us = self.max_us.max(us);
    }

    pub fn samples(&self) -> u64 {
        self.samples
    }

    pub fn max_ms(&self) -> Option<f64> {
        (self.samples > 0).then(|| self.max_us as f64 / 1e3)
    }

    /// The nearest-rank percentile (`p` from 0 to 100): the smallest recorded value with at
    /// least `p` % of the samples at or below it, within the bucket's 1.6 %, never outside
    /// the exact min and max. None without samples.
    pub fn percentile_ms(&self, p: f64) -> Option<f64> {
        if self.samples == 0 {
            return None;
        }
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 100.0) };
        let rank = ((p / 100.0 * self.samples as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (bucket, &count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                // The last bucket has no upper bound of its own: its values run to `max`.
                let top = if bucket == BUCKETS - 1 {
                    self.max_us
                } else {
                    upper_bound(bucket)
                };
                let us = top.clamp(self.min_us, self.max_us);
                return Some(us as f64 / 1e3);
            }
        }
        self.max_ms()
    }

    /// p50, p99 and max; None without samples.
    pub fn summary(&self) -> Option<Summary> {
        Some(Summary {
            p50_ms: self.percentile_ms(50.0)?,
            p99_ms: self.percentile_ms(99.0)?,
            max_ms: self.max_ms()?,
            samples: self.samples,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= b.abs() / 64.0 + 1e-3
    }

    #[test]
    fn empty_has_no_percentiles() {
        let h = Histogram::default();
        assert_eq!(h.percentile_ms(50.0), None);
        assert_eq!(h.max_ms(), None);
        assert_eq!(h.summary(), None);
    }

    #[test]
    fn one_sample_is_every_percentile() {
        let mut h = Histogram::default();
        h.record(1234.5);
        for p in [0.0, 1.0, 50.0, 99.0, 100.0] {
            assert_eq!(h.percentile_ms(p), Some(1234.5), "p{p}");
        }
        assert_eq!(h.summary().unwrap().samples, 1);
    }

    #[test]
    fn percentiles_of_one_to_a_thousand() {
        let mut h = Histogram::default();
        for ms in 1..=1000 {
            h.record(ms as f64);
        }
        assert!(close(h.percentile_ms(50.0).unwrap(), 500.0));
        assert!(close(h.percentile_ms(99.0).unwrap(), 990.0));
        assert_eq!(h.percentile_ms(100.0), Some(1000.0));
        assert!(close(h.percentile_ms(0.0).unwrap(), 1.0));
        assert_eq!(h.max_ms(), Some(1000.0));
    }

    #[test]
    fn one_long_block_shows_in_p99_only_when_it_is_over_one_percent() {
        // 99 quick samples and one blocked stretch: p99 is still quick, max is not.
        let mut h = Histogram::default();
        (0..99).for_each(|_| h.record(1.0));
        h.record(1900.0);
        let s = h.summary().unwrap();
        assert!(close(s.p50_ms, 1.0) && close(s.p99_ms, 1.0), "{s:?}");
        assert_eq!(s.max_ms, 1900.0);
        // Two of them in a hundred: p99 is the block.
        h.record(1900.0);
        assert!(close(h.percentile_ms(99.0).unwrap(), 1900.0));
    }

    #[test]
    fn bad_and_extreme_values_neither_panic_nor_escape_the_range() {
        let mut h = Histogram::default();
        h.record(-5.0);
        h.record(f64::NAN);
        assert_eq!(h.percentile_ms(100.0), Some(0.0));
        h.record(f64::INFINITY);
        h.record(1e15);
        assert_eq!(h.samples(), 4);
        assert!(h.percentile_ms(100.0).unwrap() >= 1e15);
        assert_eq!(h.percentile_ms(f64::NAN), Some(0.0));
        assert_eq!(h.percentile_ms(250.0), h.max_ms());
    }

    #[test]
    fn every_bucket_holds_its_values_within_the_error() {
        for us in (0..5_000_000u64).step_by(997) {
            let b = bucket_of(us);
            assert!(upper_bound(b) >= us, "{us}");
            assert!(upper_bound(b) - us <= us / 64, "{us} in {b}");
            assert!(b < BUCKETS);
        }
    }
}
