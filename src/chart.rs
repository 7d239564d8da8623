//! The geometry of the speed-up chart: time against threads for one job and its
//! parameters, one series per threaded mode, and the ideal line T1/N. Scales, points and
//! axis ticks in SVG units; the component only draws them. Pure.

pub mod sweep;

use crate::form::Mode;
use crate::instruments::timeline::round_step;
use crate::runs::Run;
use offload_jobs::Job;

/// The chart's size and the margins the axis labels need, in SVG units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    pub const DEFAULT: Frame = Frame {
        width: 360.0,
        height: 220.0,
        left: 56.0,
        right: 12.0,
        top: 12.0,
        bottom: 40.0,
    };
}

/// A linear map from a domain to a range of SVG coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Scale {
    pub fn at(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return (r0 + r1) / 2.0;
        }
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// Tick values from 0 to at least `max`, at a step of 1, 2 or 5 × 10^k, about `count`
/// of them.
pub fn nice_ticks(max: f64, count: usize) -> Vec<f64> {
    if !(max.is_finite() && max > 0.0) {
        return vec![0.0, 1.0];
    }
    let step = round_step(max / count.max(1) as f64);
    let steps = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=steps).map(|i| i as f64 * step).collect()
}

/// The best (shortest) time at each thread count for one mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub mode: Mode,
    /// (threads, ms), by threads.
    pub points: Vec<(u32, f64)>,
}

/// Everything the component draws, in SVG units.
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    pub frame: Frame,
    /// (x, thread count).
    pub x_ticks: Vec<(f64, u32)>,
    /// (y, milliseconds).
    pub y_ticks: Vec<(f64, f64)>,
    /// (mode, points as (x, y)).
    pub series: Vec<(Mode, Vec<(f64, f64)>)>,
    /// T1/N at every thread count, from the series named in `ideal_from`.
    pub ideal: Vec<(f64, f64)>,
    pub ideal_from: Option<(Mode, f64)>,
}

/// One series per threaded mode from the finished runs of `job`; modes without runs left out.
pub fn series_from(runs: &[Run], job: &Job) -> Vec<Series> {
    [Mode::Pool, Mode::MessagePool]
        .into_iter()
        .filter_map(|mode| {
            let mut points: Vec<(u32, f64)> = Vec::new();
            let finished = runs
                .iter()
                // A burst's time is a makespan of k copies: not a point on this chart.
                .filter(|r| r.plan.mode == mode && &r.plan.job == job && r.plan.burst == 1);
            for run in finished {
                let Some(wall_ms) = run.ms() else {
                    continue;
                };
                match points.iter_mut().find(|(t, _)| *t == run.plan.threads) {
                    Some(point) => point.1 = point.1.min(wall_ms),
                    None => points.push((run.plan.threads, wall_ms)),
                }
            }
            points.sort_by_key(|&(threads, _)| threads);
            (!points.is_empty()).then_some(Series { mode, points })
        })
        .collect()
}

/// Lays out `series` in `frame`; None without any point. The ideal line starts from the
/// pool's one-thread time, else the message-pool's, and is left out without either.
pub fn plot(series: &[Series], frame: Frame) -> Option<Plot> {
    let all = series.iter().flat_map(|s| s.points.iter());
    let max_threads = all.clone().map(|&(t, _)| t).max()?.max(2);
    let max_ms = all.map(|&(_, ms)| ms).fold(0.0, f64::max);
    let y_values = nice_ticks(max_ms, 4);
    let y_top = *y_values.last().unwrap_or(&1.0);
    let x = Scale {
        domain: (1.0, max_threads as f64),
        range: (frame.left, frame.width - frame.right),
    };
    let y = Scale {
        domain: (0.0, y_top),
        range: (frame.height - frame.bottom, frame.top),
    };
    let step = (max_threads as usize).div_ceil(8).max(1);
    let x_ticks = (1..=max_threads)
        .step_by(step)
        .map(|t| (x.at(t as f64), t))
        .collect();
    let y_ticks = y_values.iter().map(|&ms| (y.at(ms), ms)).collect();
    let at = |&(t, ms): &(u32, f64)| (x.at(t as f64), y.at(ms));
    let ideal_from = series.iter().find_map(|s| {
        let one = s.points.iter().find(|(t, _)| *t == 1)?;
        Some((s.mode, one.1))
    });
    let ideal = ideal_from.map_or_else(Vec::new, |(_, t1)| {
        (1..=max_threads).map(|n| at(&(n, t1 / n as f64))).collect()
    });
    Some(Plot {
        frame,
        x_ticks,
        y_ticks,
        series: series
            .iter()
            .map(|s| (s.mode, s.points.iter().map(at).collect()))
            .collect(),
        ideal,
        ideal_from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::test_runs::done;

    #[test]
    fn scales_map_ends_to_ends() {
        let s = Scale {
            domain: (0.0, 10.0),
            range: (200.0, 0.0),
        };
        assert_eq!((s.at(0.0), s.at(10.0), s.at(5.0)), (200.0, 0.0, 100.0));
        assert_eq!(
            Scale {
                domain: (3.0, 3.0),
                range: (0.0, 10.0)
            }
            .at(3.0),
            5.0
        );
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(nice_ticks(1000.0, 4), vec![0.0, 500.0, 1000.0]);
        assert_eq!(nice_ticks(1234.0, 4), vec![0.0, 500.0, 1000.0, 1500.0]);
        assert_eq!(nice_ticks(7.0, 4), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(nice_ticks(0.0, 4), vec![0.0, 1.0]);
        assert_eq!(nice_ticks(f64::NAN, 4), vec![0.0, 1.0]);
    }

    #[test]
    fn series_keep_the_best_time_per_thread_count_of_the_same_job() {
        let mut other = done(5, Mode::Pool, 2, 1.0);
        other.plan.job = Job::Fib { n: 20 };
        let runs = [
            done(1, Mode::Pool, 1, 1000.0),
            done(2, Mode::Pool, 2, 600.0),
            done(3, Mode::Pool, 2, 520.0),
            done(4, Mode::Worker, 1, 900.0),
            other,
        ];
        let series = series_from(&runs, &Job::Fib { n: 30 });
        assert_eq!(
            series,
            vec![Series {
                mode: Mode::Pool,
                points: vec![(1, 1000.0), (2, 520.0)]
            }]
        );
    }

    #[test]
    fn plot_places_points_ideal_line_and_ticks() {
        let series = [Series {
            mode: Mode::Pool,
            points: vec![(1, 1000.0), (4, 300.0)],
        }];
        let f = Frame::DEFAULT;
        let p = plot(&series, f).unwrap();
        let (left, right, bottom) = (f.left, f.width - f.right, f.height - f.bottom);
        // 1 thread at the left edge, 4 at the right; 1000 ms at the top tick (1000).
        assert_eq!(p.series[0].1[0], (left, f.top));
        assert_eq!(p.series[0].1[1].0, right);
        assert!((p.series[0].1[1].1 - (bottom - 0.3 * (bottom - f.top))).abs() < 1e-9);
        // Ideal: T1/N at 1..=4, the last at 250 ms.
        assert_eq!(p.ideal.len(), 4);
        assert!((p.ideal[3].1 - (bottom - 0.25 * (bottom - f.top))).abs() < 1e-9);
        assert_eq!(p.ideal_from, Some((Mode::Pool, 1000.0)));
        assert_eq!(
            p.x_ticks.iter().map(|t| t.1).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
        assert_eq!(p.y_ticks.first(), Some(&(bottom, 0.0)));
    }

    #[test]
    fn no_points_no_plot_and_no_one_thread_run_no_ideal() {
        assert_eq!(plot(&[], Frame::DEFAULT), None);
        let p = plot(
            &[Series {
                mode: Mode::MessagePool,
                points: vec![(2, 10.0)],
            }],
            Frame::DEFAULT,
        )
        .unwrap();
        assert!(p.ideal.is_empty());
        // A single thread count still spans an axis from 1 to 2.
        assert_eq!(p.x_ticks.len(), 2);
    }
}
