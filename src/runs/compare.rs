//! The compare view's figures: pinned runs side by side, each with its wall time, what it
//! did to the page and its speed-up over the same job on `main` among the pinned runs (the
//! baseline a reader fresh from the event loop has in mind). Pure.

use super::verdict::{duration, verdict};
use super::{Run, RunState};
use crate::form::Mode;

/// One pinned run's key figures, as text.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub run_id: u32,
    pub mode: &'static str,
    /// "fib n=43"
    pub job: String,
    pub wall: String,
    /// "frozen 1.1 s", "live, 60 fps", or "—" (failed, or not measured).
    pub page: String,
    /// `live`, `stuttered`, `frozen`, or "" where there is no verdict.
    pub kind: &'static str,
    pub longest_gap: String,
    pub click_wait: String,
    /// The column's timeline: its wall time and its longest frame gap on the scale every
    /// column shares, so `main`'s freeze stays in view beside the later runs.
    pub bars: Option<Bars>,
    /// "1.92× faster than main (run 1)", "2.2× slower than main (run 1)", "baseline", or
    /// "—" with the reason.
    pub speedup: String,
    /// What starting workers cost this run: "20 new workers, 61 ms each" for `spawn`,
    /// "none: reused" where the mode's workers were already running.
    pub startup: String,
    /// Bulk data between the page and the workers, and how: "80.0 MB, copied".
    pub crossed: String,
    /// The page's main thread inside `postMessage` (a message-pool's figure), or "—".
    pub posted: String,
}

/// Whether any column is a `spawn` run, or crossed bulk data: the view shows those rows
/// only then (the presets' lessons), not for every comparison.
pub fn shows_startup(cols: &[Column]) -> bool {
    cols.iter().any(|c| c.mode == Mode::Spawn.name())
}

pub fn shows_crossing(cols: &[Column]) -> bool {
    cols.iter().any(|c| c.posted != "—")
}

/// "1.5 MB" for a byte count.
pub fn bytes(count: u64) -> String {
    match count {
        0..1_000 => format!("{count} B"),
        1_000..1_000_000 => format!("{:.1} kB", count as f64 / 1e3),
        _ => format!("{:.1} MB", count as f64 / 1e6),
    }
}

fn startup_text(run: &Run) -> String {
    let mode = run.plan.mode;
    if let Some(starts) = run
        .burst
        .as_ref()
        .map(|b| &b.starts)
        .filter(|s| !s.is_empty())
    {
        let mut each: Vec<f64> = starts.iter().map(|s| s.total_ms).collect();
        each.sort_by(f64::total_cmp);
        let median = each[each.len() / 2];
        let workers = if each.len() == 1 {
            "new worker"
        } else {
            "new workers"
        };
        return format!(
            "{} {workers}, {} each (median)",
            each.len(),
            duration(median)
        );
    }
    match mode {
        Mode::Main | Mode::Async | Mode::Chunked => "none: the main thread".into(),
        Mode::Pool => "none: the pool was running".into(),
        _ if mode.is_peer() => "—".into(),
        _ => "none: reused".into(),
    }
}

fn crossing_texts(run: &Run) -> (String, String) {
    let RunState::Done(finished) = &run.state else {
        return ("—".into(), "—".into());
    };
    match (&finished.crossing, run.plan.mode) {
        (Some(c), _) => {
            let how = if c.transferred {
                "moved (transfer)"
            } else {
                "copied (structured clone)"
            };
            let total = c.bytes_out + c.bytes_in;
            let crossed = if total == 0 {
                "no bulk data".into()
            } else {
                format!("{}, {how}", bytes(total))
            };
            (crossed, format!("{:.1} ms", c.post_ms))
        }
        (None, Mode::Pool) => ("nothing: the pool shares one memory".into(), "—".into()),
        (None, m) if m.blocks_main_thread() || m == Mode::Chunked => {
            ("nothing: it ran here".into(), "—".into())
        }
        (None, _) => ("the job and its checksum only".into(), "—".into()),
    }
}

/// A column's timeline as fractions (0 to 1) of the longest time among the columns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bars {
    pub wall: f64,
    /// The main thread's longest frame gap: the whole run for a frozen page.
    pub gap: f64,
}

/// The job every column ran, when they all ran the same one: the view then says it once
/// instead of in every column's head.
pub fn shared_job(cols: &[Column]) -> Option<&str> {
    let first = cols.first()?.job.as_str();
    cols.iter().all(|c| c.job == first).then_some(first)
}

/// The fastest pinned `main` run of the same job: the baseline of the others.
fn main_baseline<'a>(run: &Run, pinned: &'a [Run]) -> Option<(&'a Run, f64)> {
    pinned
        .iter()
        .filter(|r| r.plan.mode == Mode::Main && r.plan.job == run.plan.job)
        .filter_map(|r| Some((r, r.ms()?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

fn speedup_text(run: &Run, pinned: &[Run]) -> String {
    let Some(ms) = run.ms() else {
        return "—".into();
    };
    match main_baseline(run, pinned) {
        Some((base, _)) if base.id == run.id => "baseline (main)".into(),
        Some((base, base_ms)) => {
            let how = super::relative::relative(base_ms, ms).than();
            format!("{how} main (run {})", base.id)
        }
        None => "— (pin a main run of this job)".into(),
    }
}

pub fn column(run: &Run, pinned: &[Run]) -> Column {
    let wall = match &run.state {
        RunState::Running => "running…".into(),
        RunState::Done(_) => run.ms().map_or_else(|| "—".into(), duration),
        RunState::Failed(_) => "failed".into(),
    };
    let done = matches!(run.state, RunState::Done(_));
    let page = run.page.filter(|_| done);
    let verdict = page.map(|p| verdict(&p));
    Column {
        run_id: run.id,
        mode: run.plan.mode.name(),
        job: format!("{} {}", run.plan.job.name(), run.params_text()),
        wall,
        page: verdict
            .as_ref()
            .map_or_else(|| "—".into(), |v| v.short.clone()),
        kind: verdict.as_ref().map_or("", |v| v.kind.name()),
        longest_gap: page.map_or_else(|| "—".into(), |p| duration(p.longest_gap_ms)),
        click_wait: match page {
            None => "—".into(),
            Some(p) if p.input.clicks == 0 => "no click".into(),
            Some(p) => duration(p.input.max_delay_ms),
        },
        bars: None,
        speedup: speedup_text(run, pinned),
        startup: startup_text(run),
        crossed: crossing_texts(run).0,
        posted: crossing_texts(run).1,
    }
}

/// Each finished column's bars on one scale: the longest wall time or gap among them.
fn with_bars(mut cols: Vec<Column>, runs: &[&Run]) -> Vec<Column> {
    let figures = |r: &Run| Some((r.ms()?, r.page?.longest_gap_ms));
    let scale = runs
        .iter()
        .filter_map(|r| figures(r))
        .map(|(wall, gap)| wall.max(gap))
        .fold(0.0, f64::max);
    if scale <= 0.0 {
        return cols;
    }
    for (col, run) in cols.iter_mut().zip(runs) {
        col.bars = figures(run).map(|(wall, gap)| Bars {
            wall: wall / scale,
            gap: gap / scale,
        });
    }
    cols
}

/// The pinned runs' columns, grouped by job (a time compares only within one job), each
/// group in run order.
pub fn columns(pinned: &[Run]) -> Vec<Column> {
    let mut sorted: Vec<&Run> = pinned.iter().collect();
    sorted.sort_by_key(|r| (r.plan.job.name(), r.id));
    let cols = sorted.iter().map(|r| column(r, pinned)).collect();
    with_bars(cols, &sorted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::test_runs::{done, done_job};
    use offload_jobs::Job;

    #[test]
    fn speedups_are_over_the_pinned_main_run_of_the_same_job() {
        let mut main = done(1, Mode::Main, 1, 2000.0);
        main.page.as_mut().unwrap().longest_gap_ms = 2000.0;
        let pinned = vec![
            main,
            done(2, Mode::Worker, 1, 2100.0),
            done(3, Mode::Pool, 2, 1000.0),
        ];
        let cols = columns(&pinned);
        assert_eq!(cols[0].speedup, "baseline (main)");
        assert_eq!(cols[0].kind, "frozen");
        assert_eq!(cols[0].page, "frozen 2.0 s");
        assert_eq!(cols[1].speedup, "1.05× slower than main (run 1)");
        assert_eq!(cols[1].kind, "live");
        assert_eq!(cols[2].speedup, "2.0× faster than main (run 1)");
        assert_eq!(cols[2].wall, "1.0 s");
    }

    #[test]
    fn every_column_keeps_its_own_timeline_on_one_scale() {
        // Issue 17: after "Run in every mode", main's freeze must stay in view per column.
        let mut main = done(1, Mode::Main, 1, 500.0);
        main.page.as_mut().unwrap().longest_gap_ms = 480.0;
        let mut worker = done(2, Mode::Worker, 1, 1000.0);
        worker.page.as_mut().unwrap().longest_gap_ms = 20.0;
        let mut failed = done(3, Mode::Pool, 2, 1.0);
        failed.state = RunState::Failed("gone".into());
        let cols = columns(&[main, worker, failed]);
        assert_eq!(
            cols[0].bars,
            Some(Bars {
                wall: 0.5,
                gap: 0.48
            })
        );
        assert_eq!(
            cols[1].bars,
            Some(Bars {
                wall: 1.0,
                gap: 0.02
            })
        );
        assert_eq!(cols[2].bars, None);
    }

    #[test]
    fn a_slower_run_is_said_slower() {
        // Issue 17: a worker at 935 ms against main's 425 read "×0.46 vs main".
        let pinned = vec![
            done(1, Mode::Main, 1, 425.0),
            done(2, Mode::Worker, 1, 935.0),
        ];
        assert_eq!(columns(&pinned)[1].speedup, "2.2× slower than main (run 1)");
    }

    #[test]
    fn without_a_main_run_of_that_job_the_speedup_is_a_dash_that_says_why() {
        let pinned = vec![
            done(1, Mode::Main, 1, 2000.0),
            done_job(2, Job::Sort { len: 1000 }, Mode::Worker, 1, 50.0),
        ];
        let cols = columns(&pinned);
        let sort = cols.iter().find(|c| c.run_id == 2).unwrap();
        assert!(sort.speedup.starts_with("—"), "{}", sort.speedup);
        assert_eq!(sort.click_wait, "3 ms");
    }

    #[test]
    fn a_job_shared_by_every_column_is_said_once() {
        let column = |job: &str| Column {
            run_id: 1,
            mode: "main",
            job: job.into(),
            wall: String::new(),
            page: String::new(),
            kind: "",
            longest_gap: String::new(),
            click_wait: String::new(),
            bars: None,
            speedup: String::new(),
            startup: String::new(),
            crossed: String::new(),
            posted: String::new(),
        };
        assert_eq!(shared_job(&[]), None);
        let same = [column("fib n=40"), column("fib n=40")];
        assert_eq!(shared_job(&same), Some("fib n=40"));
        assert_eq!(shared_job(&[column("fib n=40"), column("fib n=41")]), None);
    }
}
