//! What queueing theory predicts for `/heavy`, to draw beside what was measured: the
//! M/M/c queue (Poisson arrivals, exponential service times, c servers, first come first
//! served, unbounded). A job's time varies little here, so M/M/c overstates the waits of
//! a real run somewhat (a deterministic service, M/D/c, waits about half as long on
//! average); it is labelled as what it is wherever it is shown.

/// Erlang's C formula: the probability that an arrival must wait, with `servers` servers
/// and `offered` = arrival rate × mean service time (in erlangs). Computed through Erlang
/// B's recurrence, which stays finite for any number of servers. None at or past
/// saturation (offered ≥ servers), where the queue grows without end.
pub fn erlang_c(servers: u32, offered: f64) -> Option<f64> {
    let c = f64::from(servers);
    if servers == 0 || !(0.0..c).contains(&offered) {
        return None;
    }
    let b = (1..=servers).fold(1.0, |b, k| offered * b / (f64::from(k) + offered * b));
    Some(c * b / (c - offered * (1.0 - b)))
}

/// P(response time > t), waiting plus service, for M/M/c with `per_ms` arrivals a ms and
/// `service_ms` the mean service time. The wait, when there is one, is exponential with
/// rate θ = cμ − λ, the service with rate μ; their sum's tail follows by convolution.
fn response_tail(servers: u32, per_ms: f64, service_ms: f64, t: f64) -> Option<f64> {
    let mu = 1.0 / service_ms;
    let waits = erlang_c(servers, per_ms * service_ms)?;
    let theta = f64::from(servers) * mu - per_ms;
    let both = if (theta - mu).abs() < 1e-12 * mu {
        mu * t * (-mu * t).exp()
    } else {
        mu * ((-mu * t).exp() - (-theta * t).exp()) / (theta - mu)
    };
    Some((-mu * t).exp() + waits * both)
}

/// The `q` quantile (0.99: p99) of M/M/c's response time in ms; None past saturation.
pub fn mmc_response_quantile(servers: u32, per_ms: f64, service_ms: f64, q: f64) -> Option<f64> {
    let tail = |t| response_tail(servers, per_ms, service_ms, t);
    let target = 1.0 - q;
    let mut high = service_ms;
    while tail(high)? > target {
        high *= 2.0;
    }
    let mut low = 0.0;
    for _ in 0..100 {
        let mid = (low + high) / 2.0;
        if tail(mid)? > target {
            low = mid;
        } else {
            high = mid;
        }
    }
    Some(high)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Textbook values: M/M/1 waits with probability ρ; Erlang C for 2 servers at 1
    /// erlang is 1/3; for 10 servers at 8 erlangs, 0.409 (tables).
    #[test]
    fn erlang_c_matches_the_tables() {
        assert!((erlang_c(1, 0.7).unwrap() - 0.7).abs() < 1e-12);
        assert!((erlang_c(2, 1.0).unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert!((erlang_c(10, 8.0).unwrap() - 0.4092).abs() < 5e-4);
        assert_eq!(erlang_c(2, 2.0), None, "saturated");
        assert_eq!(erlang_c(2, 2.5), None);
    }

    /// M/M/1's response time is exponential with rate μ − λ: its p99 is ln(100)/(μ − λ).
    #[test]
    fn one_server_has_the_closed_form() {
        for rho in [0.1, 0.5, 0.9] {
            let (service_ms, per_ms) = (100.0, rho / 100.0);
            let exact = 100f64.ln() / (1.0 / service_ms - per_ms);
            let got = mmc_response_quantile(1, per_ms, service_ms, 0.99).unwrap();
            assert!(
                (got / exact - 1.0).abs() < 1e-6,
                "ρ {rho}: {got} against {exact}"
            );
        }
    }

    /// Light load: nearly nobody waits, so p99 is the service's own p99; more servers at
    /// the same utilisation wait less; saturation has no answer.
    #[test]
    fn the_curve_behaves() {
        let light = mmc_response_quantile(4, 0.001, 100.0, 0.99).unwrap();
        assert!(
            (light / (100.0 * 100f64.ln()) - 1.0).abs() < 0.01,
            "{light}"
        );
        let one = mmc_response_quantile(1, 0.9 / 100.0, 100.0, 0.99).unwrap();
        let four = mmc_response_quantile(4, 3.6 / 100.0, 100.0, 0.99).unwrap();
        assert!(
            four < one,
            "4 servers at ρ 0.9: {four} ms, 1 server: {one} ms"
        );
        assert_eq!(mmc_response_quantile(2, 0.02, 100.0, 0.99), None);
        let (low, high) = (0.5, 0.95);
        let at = |rho: f64| mmc_response_quantile(2, 2.0 * rho / 100.0, 100.0, 0.99).unwrap();
        assert!(at(low) < at(high));
    }
}

/// The same question for the page's own set-up, by simulation: M/D/c (Poisson arrivals,
/// every job exactly `service_ms`, as these jobs nearly are) with the stream's bounded
/// queue (`queue`: the most that may wait; None, unbounded) over the stream's own
/// `duration_ms`, so it answers at ρ ≥ 1 too, where a bounded queue turns requests away
/// and an unbounded one grows for as long as the stream lasts. The p99 of the response
/// times of every accepted request over enough simulated streams (about 200,000 requests
/// in all, from a fixed seed); None without arrivals.
pub fn mdc_stream_p99(
    servers: u32,
    per_ms: f64,
    service_ms: f64,
    queue: Option<u32>,
    duration_ms: f64,
) -> Option<f64> {
    use rand_core::SeedableRng;
    let per_stream = per_ms * duration_ms;
    if !(per_stream >= 1.0 && service_ms > 0.0) {
        return None;
    }
    let streams = (200_000.0 / per_stream).ceil().clamp(1.0, 1_000.0) as u32;
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0x004D_4443);
    let mut responses = Vec::new();
    for _ in 0..streams {
        // When each server is next free, and when each waiting request will start (FIFO:
        // in order, so the front is the next to leave the queue).
        let mut free = vec![0.0_f64; servers.max(1) as usize];
        let mut waiting = std::collections::VecDeque::new();
        let mut t = 0.0;
        loop {
            t += -(1.0 - super::arrivals::unit(&mut rng)).ln() / per_ms;
            if t > duration_ms {
                break;
            }
            while waiting.front().is_some_and(|&start| start <= t) {
                waiting.pop_front();
            }
            let (server, &next_free) = free
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .expect("at least one server");
            let start = next_free.max(t);
            if start > t && queue.is_some_and(|bound| waiting.len() as u32 >= bound) {
                continue; // turned away: 503
            }
            if start > t {
                waiting.push_back(start);
            }
            free[server] = start + service_ms;
            responses.push(start + service_ms - t);
        }
    }
    responses.sort_by(f64::total_cmp);
    crate::traffic::latency::nearest_rank(&responses, 0.99)
}

#[cfg(test)]
mod simulated {
    use super::*;

    /// Light load: almost nobody waits, so p99 is the job itself; a bounded queue of 0
    /// never lets anyone wait; past saturation an unbounded queue's p99 grows with the
    /// stream's length, a bounded one's does not.
    #[test]
    fn the_simulation_behaves() {
        let s = 100.0;
        let light = mdc_stream_p99(1, 0.01 / s, s, None, 600_000.0).unwrap();
        assert!((light - s).abs() < 0.05 * s, "{light}");
        let no_wait = mdc_stream_p99(1, 0.9 / s, s, Some(0), 60_000.0).unwrap();
        assert!((no_wait - s).abs() < 1e-9, "{no_wait}");
        let short = mdc_stream_p99(1, 1.1 / s, s, None, 10_000.0).unwrap();
        let long = mdc_stream_p99(1, 1.1 / s, s, None, 60_000.0).unwrap();
        assert!(
            long > 2.0 * short,
            "unbounded past saturation: {short} then {long}"
        );
        let bounded = mdc_stream_p99(1, 1.1 / s, s, Some(4), 60_000.0).unwrap();
        assert!(
            bounded <= 5.0 * s + 1e-9,
            "at most 4 waiting, then its own job: {bounded}"
        );
        assert_eq!(mdc_stream_p99(1, 0.0, s, None, 1000.0), None);
    }

    /// Deterministic jobs wait less than exponential ones: at ρ 0.75 on one server the
    /// simulated M/D/1 p99 sits below M/M/1's.
    #[test]
    fn fixed_job_times_wait_less_than_exponential_ones() {
        let s = 100.0;
        let md1 = mdc_stream_p99(1, 0.75 / s, s, None, 3_600_000.0).unwrap();
        let mm1 = mmc_response_quantile(1, 0.75 / s, s, 0.99).unwrap();
        assert!(md1 < mm1 && md1 > s, "M/D/1 {md1} against M/M/1 {mm1}");
    }
}
