//! The geometry of "Sweep the load"'s chart: p99 latency against ρ, on a log scale (a
//! live main thread answers `/light` in a fraction of a ms while `/heavy` takes hundreds),
//! one series per route and M/M/c's prediction for `/heavy`. Pure.

use super::{Frame, Scale, nice_ticks};
use crate::traffic::sweep::Sweep;

/// The chart's size: wider than the speed-up chart, for six points and a ρ = 1 line.
pub const FRAME: Frame = Frame {
    width: 420.0,
    height: 240.0,
    left: 56.0,
    right: 12.0,
    top: 12.0,
    bottom: 40.0,
};

/// The smallest latency drawn: a p99 of 0 has no place on a log scale.
const FLOOR_MS: f64 = 0.01;

/// What a point met past the queue's means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The bounded queue was full: requests were turned away (503).
    Rejected(u32),
    /// The unbounded queue grew while the stream lasted (ρ ≥ 1); its peak.
    QueueGrew(u32),
}

/// Everything the component draws, in SVG units.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPlot {
    pub frame: Frame,
    /// (x, ρ).
    pub x_ticks: Vec<(f64, f64)>,
    /// (y, ms), one a decade.
    pub y_ticks: Vec<(f64, f64)>,
    /// (x, y) of each point with a figure.
    pub light: Vec<(f64, f64)>,
    pub heavy: Vec<(f64, f64)>,
    pub predicted: Vec<(f64, f64)>,
    /// At the `/heavy` point (x, y).
    pub marks: Vec<(f64, f64, Mark)>,
    /// x of ρ = 1, where the queue stops draining.
    pub saturation_x: f64,
}

/// Lays out the sweep's points; None before the first one.
pub fn plot(sweep: &Sweep, frame: Frame) -> Option<SweepPlot> {
    let points = &sweep.points;
    let max_rho = points.iter().map(|p| p.rho_asked).fold(1.2, f64::max);
    let values = points.iter().flat_map(|p| {
        [
            p.report.light.map(|s| s.p99_ms),
            p.report.heavy.map(|s| s.p99_ms),
            p.predicted_p99_ms,
        ]
        .into_iter()
        .flatten()
    });
    let (low, high) = values.fold(None, |acc: Option<(f64, f64)>, ms| {
        let ms = ms.max(FLOOR_MS);
        Some(acc.map_or((ms, ms), |(lo, hi)| (lo.min(ms), hi.max(ms))))
    })?;
    let first = low.log10().floor() as i32;
    let last = (high.log10().ceil() as i32).max(first + 1);
    let x = Scale {
        domain: (0.0, max_rho),
        range: (frame.left, frame.width - frame.right),
    };
    let y = Scale {
        domain: (f64::from(first), f64::from(last)),
        range: (frame.height - frame.bottom, frame.top),
    };
    let at = |rho: f64, ms: f64| (x.at(rho), y.at(ms.max(FLOOR_MS).log10()));
    let series = |figure: &dyn Fn(&crate::traffic::sweep::Point) -> Option<f64>| {
        points
            .iter()
            .filter_map(|p| figure(p).map(|ms| at(p.rho_asked, ms)))
            .collect::<Vec<_>>()
    };
    let marks = points
        .iter()
        .filter_map(|p| {
            let mark = match p.rejected() {
                0 if sweep.queue_grew(p) => Mark::QueueGrew(p.report.queue_peak),
                0 => return None,
                n => Mark::Rejected(n),
            };
            let (mx, my) = at(p.rho_asked, p.report.heavy?.p99_ms);
            Some((mx, my, mark))
        })
        .collect();
    Some(SweepPlot {
        frame,
        x_ticks: nice_ticks(max_rho, 6)
            .into_iter()
            .filter(|&r| r <= max_rho + 1e-9)
            .map(|r| (x.at(r), r))
            .collect(),
        y_ticks: (first..=last)
            .map(|k| (y.at(f64::from(k)), 10f64.powi(k)))
            .collect(),
        light: series(&|p| p.report.light.map(|s| s.p99_ms)),
        heavy: series(&|p| p.report.heavy.map(|s| s.p99_ms)),
        predicted: series(&|p| p.simulated_p99_ms),
        marks,
        saturation_x: x.at(1.0),
    })
}

/// A decade's label: "0.1 ms", "1 ms", "10 ms", "1 s".
pub fn decade_label(ms: f64) -> String {
    match ms {
        _ if ms >= 1000.0 => format!("{} s", ms / 1000.0),
        _ if ms >= 1.0 => format!("{ms:.0} ms"),
        _ => format!("{ms} ms"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Arrivals, Mode, Plan, Traffic};
    use crate::traffic::Summary;
    use crate::traffic::TrafficReport;
    use crate::traffic::ledger::Counts;
    use crate::traffic::sweep::{RHOS, RunEnd};
    use offload_jobs::Job;

    fn swept(queue: Option<u32>, rejected_last: u32) -> Sweep {
        let plan = Plan {
            job: Job::Fib { n: 30 },
            mode: Mode::Worker,
            threads: 1,
            transfer: false,
            slice_ms: 5,
            burst: 1,
            traffic: Some(Traffic {
                rate_per_s: 40,
                seconds: 2,
                heavy_percent: 20,
                arrivals: Arrivals::Poisson,
                queue,
            }),
        };
        let mut sweep = crate::traffic::sweep::tests::measured(plan, 50.0);
        for (i, rho) in RHOS.iter().enumerate() {
            let summary = |p99_ms: f64| Summary {
                count: 10,
                p50_ms: p99_ms / 2.0,
                p95_ms: p99_ms,
                p99_ms,
                max_ms: p99_ms,
            };
            let last = i + 1 == RHOS.len();
            let report = TrafficReport {
                counts: Counts {
                    sent: 10,
                    rejected: if last { rejected_last } else { 0 },
                    ..Counts::default()
                },
                light: Some(summary(0.2)),
                heavy: Some(summary(60.0 + 1000.0 * rho * rho)),
                heavy_wait_p50_ms: None,
                heavy_run_p50_ms: None,
                throughput_per_s: 1.0,
                rho: Some(*rho),
                last_failure: None,
                sent_late_p50_ms: None,
                queue_peak: 5,
                picture: Default::default(),
            };
            sweep.started(2 + i as u32);
            sweep.ended(2 + i as u32, RunEnd::Stream(Box::new(report)));
        }
        sweep
    }

    #[test]
    fn latencies_go_on_a_log_scale_of_whole_decades() {
        let p = plot(&swept(Some(1), 7), FRAME).unwrap();
        let decades: Vec<_> = p.y_ticks.iter().map(|t| t.1).collect();
        // 0.2 ms to 1270 ms: from 0.1 ms to 10 s.
        assert_eq!(decades.len(), 6);
        assert!((decades[0] - 0.1).abs() < 1e-12 && decades[5] == 10_000.0);
        let (bottom, top) = (FRAME.height - FRAME.bottom, FRAME.top);
        assert_eq!((p.y_ticks[0].0, p.y_ticks[5].0), (bottom, top));
        // The simulated M/D/c answers at every ρ, past saturation too.
        assert_eq!((p.light.len(), p.heavy.len(), p.predicted.len()), (6, 6, 6));
        // Heavier load, later answers: the /heavy points rise (smaller y) left to right.
        assert!(
            p.heavy
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 > w[1].1)
        );
        // ρ 1 lies between 0.9 and 1.1.
        assert!(p.heavy[3].0 < p.saturation_x && p.saturation_x == p.heavy[4].0);
        assert_eq!(p.marks.len(), 1);
        assert_eq!(p.marks[0].2, Mark::Rejected(7));
        assert_eq!(p.marks[0].0, p.heavy[5].0);
        assert_eq!(p.x_ticks.first().map(|t| t.1), Some(0.0));
    }

    #[test]
    fn an_unbounded_queue_is_marked_where_it_grew() {
        let p = plot(&swept(None, 0), FRAME).unwrap();
        let marks: Vec<_> = p.marks.iter().map(|m| m.2).collect();
        assert_eq!(marks, [Mark::QueueGrew(5), Mark::QueueGrew(5)]);
    }

    #[test]
    fn decades_say_their_unit() {
        assert_eq!(decade_label(0.1), "0.1 ms");
        assert_eq!(decade_label(10.0), "10 ms");
        assert_eq!(decade_label(10_000.0), "10 s");
    }
}
