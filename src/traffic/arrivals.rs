//! When each request of a stream is meant to be sent, and to which route: fixed before
//! the stream starts, so that a request's latency is counted from its intended send time
//! (as wrk2 and autocannon `-R` do). A sender that measured from when it actually got to
//! send would hide the very stall it is meant to measure ("coordinated omission").

use crate::form::{Arrivals, Traffic};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The fixed seed: the same settings always send the same stream, so two modes (or a
/// page and its reload) are compared on identical traffic.
const SEED: u64 = 0x7EAF_F1C0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// A tiny handler on the page's main thread: the homepage everyone else wants.
    Light,
    /// The chosen job, in the chosen mode.
    Heavy,
}

impl Route {
    pub fn path(self) -> &'static str {
        match self {
            Route::Light => "/light",
            Route::Heavy => "/heavy",
        }
    }
}

/// One request: its intended send time from the stream's start, and its route.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrival {
    pub at_ms: f64,
    pub route: Route,
}

/// Every request of the stream, in order of intended send time: `rate_per_s × seconds`
/// of them, all before `seconds` are up.
pub fn schedule(traffic: &Traffic) -> Vec<Arrival> {
    let count = traffic.requests() as usize;
    let gap_ms = 1000.0 / f64::from(traffic.rate_per_s);
    let share = f64::from(traffic.heavy_percent) / 100.0;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let mut at_ms = 0.0;
    (0..count)
        .map(|i| {
            let route = match traffic.arrivals {
                // Independent: each request is heavy with probability `share`.
                Arrivals::Poisson => heavy_if(unit(&mut rng) < share),
                // Spread: the i-th request is heavy when it takes the running count of
                // heavy requests past the next whole number (20 %: every fifth).
                Arrivals::Even => {
                    heavy_if(((i + 1) as f64 * share).floor() > (i as f64 * share).floor())
                }
            };
            let arrival = Arrival { at_ms, route };
            at_ms += match traffic.arrivals {
                // Exponential gaps with mean `gap_ms`: a Poisson process.
                Arrivals::Poisson => -gap_ms * (1.0 - unit(&mut rng)).ln(),
                Arrivals::Even => gap_ms,
            };
            arrival
        })
        // A Poisson stream may run past the end by chance: the stream still lasts
        // `seconds`, so its last requests are sent at the end rather than after it.
        .map(|mut a| {
            a.at_ms = a.at_ms.min(f64::from(traffic.seconds) * 1000.0);
            a
        })
        .collect()
}

fn heavy_if(heavy: bool) -> Route {
    if heavy { Route::Heavy } else { Route::Light }
}

/// A uniform draw from [0, 1), from the generator's top 53 bits (the M/D/c simulation
/// draws its arrivals with it too).
pub(super) fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traffic(rate_per_s: u32, seconds: u32, heavy_percent: u32, arrivals: Arrivals) -> Traffic {
        Traffic {
            rate_per_s,
            seconds,
            heavy_percent,
            arrivals,
            queue: None,
        }
    }

    fn heavy(stream: &[Arrival]) -> usize {
        stream.iter().filter(|a| a.route == Route::Heavy).count()
    }

    #[test]
    fn even_arrivals_are_evenly_spaced_and_evenly_heavy() {
        let stream = schedule(&traffic(50, 2, 20, Arrivals::Even));
        assert_eq!(stream.len(), 100);
        assert!(
            stream
                .windows(2)
                .all(|w| (w[1].at_ms - w[0].at_ms - 20.0).abs() < 1e-9)
        );
        assert_eq!(heavy(&stream), 20);
        let heavy_at: Vec<_> = (0..stream.len())
            .filter(|&i| stream[i].route == Route::Heavy)
            .collect();
        assert!(
            heavy_at.windows(2).all(|w| w[1] - w[0] == 5),
            "{heavy_at:?}"
        );
        assert_eq!(heavy(&schedule(&traffic(10, 1, 0, Arrivals::Even))), 0);
        assert_eq!(heavy(&schedule(&traffic(10, 1, 100, Arrivals::Even))), 10);
    }

    /// The exponential gaps have the rate's mean and spread (their standard deviation is
    /// their mean), within what 20,000 draws allow; the same settings give the same stream.
    #[test]
    fn poisson_arrivals_have_the_rate_and_a_fixed_seed() {
        let t = traffic(1000, 20, 30, Arrivals::Poisson);
        let stream = schedule(&t);
        assert_eq!(stream.len(), 20_000);
        assert_eq!(stream, schedule(&t));
        let gaps: Vec<f64> = stream.windows(2).map(|w| w[1].at_ms - w[0].at_ms).collect();
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let sd = (gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / gaps.len() as f64).sqrt();
        assert!((mean - 1.0).abs() < 0.03, "mean gap {mean} ms");
        assert!((sd / mean - 1.0).abs() < 0.05, "sd/mean {}", sd / mean);
        let share = heavy(&stream) as f64 / stream.len() as f64;
        assert!((share - 0.3).abs() < 0.02, "heavy share {share}");
        assert!(stream.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        assert!(stream.iter().all(|a| a.at_ms <= 20_000.0));
    }
}
