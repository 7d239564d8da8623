//! "Sweep the load" (the knee): the same traffic at utilisations ρ = λ·share·S / c of
//! 0.25 to 1.1, one stream per ρ, in one mode; `/light` and `/heavy` p99 against ρ, beside
//! what M/M/c predicts for `/heavy`. S is one `/heavy` job's time, measured first by
//! single runs of the job in the mode ([`MEASURE_RUNS`], the shortest kept); c is how many `/heavy` jobs the mode runs at once
//! on separate cores. Pure: the App only starts the runs this asks for and hands back
//! their ends (`ui/app/sweep.rs`).

use super::TrafficReport;
use super::theory::{mdc_stream_p99, mmc_response_quantile};
use crate::form::{Plan, Traffic};
use offload_jobs::limits;
use serde_json::{Value, json};

/// The utilisations swept, in order: light load, the knee, saturation and past it.
pub const RHOS: [f64; 6] = [0.25, 0.5, 0.75, 0.9, 1.0, 1.1];

/// Single runs that time S, the shortest kept: the first run in a fresh worker was seen
/// taking 1.5 to 2× a warm one (V8 tiers the module up), which set every rate too low.
pub const MEASURE_RUNS: usize = 2;

/// The servers c: how many `/heavy` jobs the mode runs at once (`Executor::serves_at_once`),
/// no more than the cores can run side by side. A pool (the engine's or the
/// message-pool) spreads ONE job over its threads, so one job runs at a time: c = 1, and
/// its S is its own measured (parallel) job time. The main thread and the one worker are
/// one server too. `spawn` starts a worker per request: c = the cores.
pub fn servers(at_once: u32, cores: u32) -> u32 {
    at_once.min(cores.max(1)).max(1)
}

/// The rate of all requests, a second, that loads `servers` to `rho` when `heavy_percent`
/// of them are `/heavy` and each takes `service_ms`: λ = ρ·c / (share·S), rounded, within
/// `limits::SERVE_RATE` (at least 1). None without `/heavy` requests or a time.
pub fn rate_for(rho: f64, servers: u32, heavy_percent: u32, service_ms: f64) -> Option<u32> {
    let share = f64::from(heavy_percent) / 100.0;
    if share <= 0.0 || !(service_ms.is_finite() && service_ms > 0.0) {
        return None;
    }
    let rate = rho * f64::from(servers) * 1000.0 / (share * service_ms);
    let (min, max) = (limits::SERVE_RATE.min, limits::SERVE_RATE.max);
    Some((rate.round().min(f64::from(max)) as u32).clamp(min, max))
}

/// M/M/c's p99 response time (wait and service) for `/heavy` at `rho`, with `servers`
/// servers of mean service `service_ms`; None at or past ρ = 1, where the queue grows
/// without end and no steady state exists.
pub fn predicted_p99_ms(rho: f64, servers: u32, service_ms: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&rho) {
        return None;
    }
    let per_ms = rho * f64::from(servers) / service_ms;
    mmc_response_quantile(servers, per_ms, service_ms, 0.99)
}

/// One stream of the sweep, as measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub rho_asked: f64,
    pub rate_per_s: u32,
    pub run_id: u32,
    pub report: TrafficReport,
    pub predicted_p99_ms: Option<f64>,
    /// M/D/c with this stream's queue and duration, simulated: [`simulated_p99_ms`].
    pub simulated_p99_ms: Option<f64>,
}

/// `/heavy`'s p99 for a stream of `traffic` on `servers` servers of `service_ms` each, as
/// M/D/c predicts it with the stream's own queue bound and length (simulated: it holds at
/// ρ ≥ 1 too, where M/M/c's steady state does not exist).
pub fn simulated_p99_ms(traffic: &Traffic, servers: u32, service_ms: f64) -> Option<f64> {
    let heavy_per_ms = f64::from(traffic.rate_per_s * traffic.heavy_percent) / 100.0 / 1000.0;
    let duration_ms = f64::from(traffic.seconds) * 1000.0;
    mdc_stream_p99(
        servers,
        heavy_per_ms,
        service_ms,
        traffic.queue,
        duration_ms,
    )
}

impl Point {
    /// Requests turned away (503) because the bounded queue was full.
    pub fn rejected(&self) -> u32 {
        self.report.counts.rejected
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Running,
    Done,
    Stopped,
    Failed(String),
}

/// How a run the sweep asked for ended.
#[derive(Clone, Debug, PartialEq)]
pub enum RunEnd {
    /// A single run of the job: its wall time in ms.
    Job(f64),
    Stream(Box<TrafficReport>),
    Failed(String),
}

/// A sweep under way or ended: its plan (fixed when it starts: the form may be edited
/// meanwhile), S once measured, and the points so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    plan: Plan,
    base: Traffic,
    pub servers: u32,
    /// S: one `/heavy` job's time in this mode, ms, the shortest of the sweep's first
    /// [`MEASURE_RUNS`] single runs.
    pub service_ms: Option<f64>,
    /// Those runs' times so far, ms.
    pub measured_ms: Vec<f64>,
    pub points: Vec<Point>,
    in_flight: Option<u32>,
    pub state: State,
}

impl Sweep {
    /// A sweep of `plan`'s traffic in its mode, with `servers` (see [`servers`]); None
    /// when the plan serves no stream or no `/heavy` request (nothing to load).
    pub fn start(plan: Plan, servers: u32) -> Option<Sweep> {
        let base = plan.traffic.filter(|t| t.heavy_percent > 0)?;
        Some(Sweep {
            plan,
            base,
            servers: servers.max(1),
            service_ms: None,
            measured_ms: Vec::new(),
            points: Vec::new(),
            in_flight: None,
            state: State::Running,
        })
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn traffic(&self) -> &Traffic {
        &self.base
    }

    pub fn is_running(&self) -> bool {
        self.state == State::Running
    }

    /// The run to start now, if any: first single runs of the job (to measure S), then
    /// one stream per ρ, in order. None while a run is in flight or once ended.
    pub fn next(&self) -> Option<Plan> {
        if !self.is_running() || self.in_flight.is_some() {
            return None;
        }
        let traffic = match self.service_ms {
            None => None,
            Some(s) => Some(self.traffic_at(*RHOS.get(self.points.len())?, s)?),
        };
        Some(Plan {
            traffic,
            ..self.plan.clone()
        })
    }

    /// The stream for `rho`: the form's traffic at the rate that load asks.
    fn traffic_at(&self, rho: f64, service_ms: f64) -> Option<Traffic> {
        let rate_per_s = rate_for(rho, self.servers, self.base.heavy_percent, service_ms)?;
        Some(Traffic {
            rate_per_s,
            ..self.base
        })
    }

    /// The run [`Sweep::next`] asked for started as run `id`.
    pub fn started(&mut self, id: u32) {
        self.in_flight = Some(id);
    }

    /// Run `id` ended; any other run's end is not the sweep's.
    pub fn ended(&mut self, id: u32, end: RunEnd) {
        if self.in_flight != Some(id) {
            return;
        }
        self.in_flight = None;
        if !self.is_running() {
            return;
        }
        match (end, self.service_ms) {
            (RunEnd::Job(ms), None) if ms.is_finite() && ms > 0.0 => {
                self.measured_ms.push(ms);
                if self.measured_ms.len() >= MEASURE_RUNS {
                    self.service_ms = self.measured_ms.iter().copied().reduce(f64::min);
                }
            }
            (RunEnd::Stream(report), Some(s)) => {
                let rho = RHOS[self.points.len()];
                let traffic = self.traffic_at(rho, s);
                self.points.push(Point {
                    rho_asked: rho,
                    rate_per_s: traffic.map_or(0, |t| t.rate_per_s),
                    run_id: id,
                    report: *report,
                    predicted_p99_ms: predicted_p99_ms(rho, self.servers, s),
                    simulated_p99_ms: traffic.and_then(|t| simulated_p99_ms(&t, self.servers, s)),
                });
                if self.points.len() == RHOS.len() {
                    self.state = State::Done;
                }
            }
            (RunEnd::Failed(why), _) => self.state = State::Failed(why),
            _ => self.state = State::Failed("a run ended that the sweep did not ask for".into()),
        }
    }

    /// Stop: the stream in flight ends as Stop ends it, and nothing more starts.
    pub fn stop(&mut self) {
        if self.is_running() {
            self.state = State::Stopped;
        }
    }

    /// Whether `point`'s queue grew without bound: an unbounded queue at ρ ≥ 1, where
    /// requests arrive faster than they are served and some waited.
    pub fn queue_grew(&self, point: &Point) -> bool {
        self.base.queue.is_none() && point.rho_asked >= 1.0 && point.report.queue_peak > 0
    }

    pub fn state_name(&self) -> &'static str {
        match self.state {
            State::Running => "running",
            State::Done => "done",
            State::Stopped => "stopped",
            State::Failed(_) => "failed",
        }
    }

    /// A sentence for the page: what the sweep is doing or did.
    pub fn status_text(&self) -> String {
        let mode = self.plan.mode.name();
        let streams = RHOS.len();
        let seconds = self.base.seconds;
        match (&self.state, self.service_ms) {
            (State::Running, None) => format!(
                "Sweeping the load in {mode}: timing one /heavy job first ({MEASURE_RUNS} single runs, the shorter kept), then {streams} streams of {seconds} s."
            ),
            (State::Running, Some(s)) => format!(
                "Sweeping the load in {mode}: one job took {s:.0} ms (S) on {} server(s) (c); stream {} of {streams}, ρ {:.2}.",
                self.servers,
                (self.points.len() + 1).min(streams),
                RHOS[self.points.len().min(streams - 1)],
            ),
            (State::Done, _) => format!(
                "Swept the load in {mode}: {streams} streams of {seconds} s each, ρ {} to {}.",
                RHOS[0],
                RHOS[streams - 1]
            ),
            (State::Stopped, _) => format!(
                "Stopped the sweep after {} of {streams} streams.",
                self.points.len()
            ),
            (State::Failed(why), _) => format!("The sweep ended early: {why}."),
        }
    }

    /// The sweep for tests and exports (`data-sweep`): what was asked, S and c, and each
    /// point's figures.
    pub fn json(&self) -> Value {
        let points: Vec<Value> = self
            .points
            .iter()
            .map(|p| {
                let r = &p.report;
                json!({
                    "rho_asked": p.rho_asked,
                    "rate_per_s": p.rate_per_s,
                    "run_id": p.run_id,
                    "rho_measured": r.rho,
                    "light_p99_ms": r.light.map(|s| s.p99_ms),
                    "heavy_p99_ms": r.heavy.map(|s| s.p99_ms),
                    "heavy_wait_p50_ms": r.heavy_wait_p50_ms,
                    "heavy_run_p50_ms": r.heavy_run_p50_ms,
                    "sent": r.counts.sent,
                    "answered": r.counts.answered,
                    "rejected": r.counts.rejected,
                    "stopped": r.counts.stopped,
                    "queue_peak": r.queue_peak,
                    "queue_grew": self.queue_grew(p),
                    "predicted_p99_ms": p.predicted_p99_ms,
                    "simulated_p99_ms": p.simulated_p99_ms,
                })
            })
            .collect();
        json!({
            "state": self.state_name(),
            "mode": self.plan.mode.name(),
            "servers": self.servers,
            "service_ms": self.service_ms,
            "measured_ms": self.measured_ms,
            "seconds": self.base.seconds,
            "heavy_percent": self.base.heavy_percent,
            "arrivals": self.base.arrivals.name(),
            "queue": self.base.queue,
            "points": points,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::form::{Arrivals, Mode};
    use crate::traffic::Summary;
    use crate::traffic::ledger::Counts;
    use offload_jobs::Job;

    fn plan(mode: Mode, heavy_percent: u32, queue: Option<u32>) -> Plan {
        Plan {
            job: Job::Fib { n: 30 },
            mode,
            threads: 1,
            transfer: false,
            slice_ms: 5,
            burst: 1,
            traffic: Some(Traffic {
                rate_per_s: 40,
                seconds: 2,
                heavy_percent,
                arrivals: Arrivals::Poisson,
                queue,
            }),
        }
    }

    /// A sweep of `plan` whose S was measured as `ms`.
    pub(crate) fn measured(plan: Plan, ms: f64) -> Sweep {
        let mut sweep = Sweep::start(plan, 1).unwrap();
        for id in 0..MEASURE_RUNS as u32 {
            sweep.started(1000 + id);
            sweep.ended(1000 + id, RunEnd::Job(ms));
        }
        sweep
    }

    fn report(rejected: u32, queue_peak: u32) -> Box<TrafficReport> {
        let s = Summary {
            count: 10,
            p50_ms: 1.0,
            p95_ms: 2.0,
            p99_ms: 3.0,
            max_ms: 4.0,
        };
        Box::new(TrafficReport {
            counts: Counts {
                sent: 10,
                answered: 10 - rejected,
                rejected,
                ..Counts::default()
            },
            light: Some(s),
            heavy: Some(s),
            heavy_wait_p50_ms: Some(1.0),
            heavy_run_p50_ms: Some(50.0),
            throughput_per_s: 5.0,
            rho: Some(0.5),
            last_failure: None,
            sent_late_p50_ms: None,
            queue_peak,
            picture: Default::default(),
        })
    }

    #[test]
    fn a_pool_is_one_server_and_spawn_the_cores() {
        assert_eq!(
            servers(1, 4),
            1,
            "main, worker, and a pool: one job at a time"
        );
        assert_eq!(
            servers(32, 4),
            4,
            "spawn: a worker per request, the cores run them"
        );
        assert_eq!(servers(0, 0), 1);
    }

    /// λ = ρ·c / (share·S): 20 % heavy, 50 ms each, one server: ρ 1 at 100 a second.
    #[test]
    fn rates_load_the_servers_to_the_asked_rho() {
        assert_eq!(rate_for(1.0, 1, 20, 50.0), Some(100));
        assert_eq!(rate_for(0.25, 1, 20, 50.0), Some(25));
        assert_eq!(rate_for(0.9, 2, 20, 50.0), Some(180));
        let rates: Vec<_> = RHOS
            .iter()
            .map(|&r| rate_for(r, 1, 20, 60.0).unwrap())
            .collect();
        assert!(rates.windows(2).all(|w| w[0] < w[1]), "{rates:?}");
        // Within the limits: a tiny job cannot ask for 10,000 a second, nor a huge one 0.
        assert_eq!(rate_for(1.1, 4, 1, 0.5), Some(limits::SERVE_RATE.max));
        assert_eq!(rate_for(0.25, 1, 100, 60_000.0), Some(1));
        assert_eq!(
            rate_for(0.5, 1, 0, 50.0),
            None,
            "no /heavy request: no load"
        );
        assert_eq!(rate_for(0.5, 1, 20, 0.0), None);
    }

    #[test]
    fn the_prediction_is_mmc_below_saturation_only() {
        // M/M/1: p99 = ln(100) / (μ − λ) = ln(100) · S / (1 − ρ).
        let p = predicted_p99_ms(0.5, 1, 60.0).unwrap();
        assert!((p / (100f64.ln() * 60.0 / 0.5) - 1.0).abs() < 1e-6, "{p}");
        assert_eq!(predicted_p99_ms(1.0, 1, 60.0), None);
        assert_eq!(predicted_p99_ms(1.1, 2, 60.0), None);
        assert!(predicted_p99_ms(0.9, 1, 60.0) > predicted_p99_ms(0.75, 1, 60.0));
    }

    #[test]
    fn the_sweep_measures_first_then_streams_each_rho_in_order() {
        assert_eq!(Sweep::start(plan(Mode::Worker, 0, Some(1)), 1), None);
        let mut without = plan(Mode::Worker, 20, None);
        without.traffic = None;
        assert_eq!(Sweep::start(without, 1), None);

        let mut sweep = Sweep::start(plan(Mode::Worker, 20, Some(1)), 1).unwrap();
        let first = sweep.next().unwrap();
        assert_eq!((first.traffic, first.mode), (None, Mode::Worker));
        sweep.started(1);
        assert_eq!(sweep.next(), None, "one run at a time");
        sweep.ended(99, RunEnd::Job(1.0));
        assert!(
            sweep.measured_ms.is_empty(),
            "another run's end is not the sweep's"
        );
        // The first run in a fresh worker is slow: the shorter of two is S.
        sweep.ended(1, RunEnd::Job(90.0));
        assert_eq!(sweep.service_ms, None);
        let second = sweep.next().unwrap();
        assert_eq!(second.traffic, None, "timed again");
        sweep.started(100);
        sweep.ended(100, RunEnd::Job(50.0));
        assert_eq!(sweep.service_ms, Some(50.0));
        let mut rates = Vec::new();
        for (i, _) in RHOS.iter().enumerate() {
            let plan = sweep.next().unwrap();
            let t = plan.traffic.unwrap();
            assert_eq!((t.seconds, t.heavy_percent, t.queue), (2, 20, Some(1)));
            rates.push(t.rate_per_s);
            let id = 2 + i as u32;
            sweep.started(id);
            sweep.ended(id, RunEnd::Stream(report(0, 0)));
        }
        assert_eq!(rates, [25, 50, 75, 90, 100, 110]);
        assert_eq!(sweep.state, State::Done);
        assert_eq!(sweep.next(), None);
        let rhos: Vec<_> = sweep.points.iter().map(|p| p.rho_asked).collect();
        assert_eq!(rhos, RHOS);
        let predicted: Vec<_> = sweep
            .points
            .iter()
            .map(|p| p.predicted_p99_ms.is_some())
            .collect();
        assert_eq!(predicted, [true, true, true, true, false, false]);
        let json = sweep.json();
        assert_eq!(json["points"].as_array().unwrap().len(), 6);
        assert_eq!(json["points"][5]["rate_per_s"], 110);
        assert_eq!(json["service_ms"], 50.0);
        assert_eq!(json["state"], "done");
    }

    #[test]
    fn stop_and_failures_end_the_sweep() {
        let mut sweep = measured(plan(Mode::Main, 20, None), 40.0);
        sweep.started(2);
        sweep.stop();
        sweep.ended(2, RunEnd::Stream(report(0, 0)));
        assert_eq!(
            (sweep.state.clone(), sweep.points.len()),
            (State::Stopped, 0)
        );
        assert_eq!(sweep.next(), None);
        assert!(
            sweep
                .status_text()
                .starts_with("Stopped the sweep after 0 of 6")
        );

        let mut sweep = Sweep::start(plan(Mode::Main, 20, None), 1).unwrap();
        sweep.started(1);
        sweep.ended(1, RunEnd::Failed("out of memory".into()));
        assert_eq!(sweep.state, State::Failed("out of memory".into()));
        assert!(sweep.status_text().contains("out of memory"));
    }

    /// An unbounded queue grows past saturation; a bounded one turns requests away.
    #[test]
    fn the_queue_grows_only_unbounded_at_saturation() {
        let mut sweep = measured(plan(Mode::Worker, 20, None), 50.0);
        for i in 0..RHOS.len() as u32 {
            sweep.started(2 + i);
            sweep.ended(2 + i, RunEnd::Stream(report(0, 4)));
        }
        let grew: Vec<_> = sweep.points.iter().map(|p| sweep.queue_grew(p)).collect();
        assert_eq!(grew, [false, false, false, false, true, true]);
        let bounded = Sweep::start(plan(Mode::Worker, 20, Some(1)), 1).unwrap();
        assert!(!bounded.queue_grew(&sweep.points[5]));
        assert_eq!(sweep.points[5].rejected(), 0);
    }
}
