//! The runs the page has made: what was asked, how it ended, and what to report.
//! Pure data: the history table, `[data-testid="last-run"]` and the exports render from it.

pub mod burst;
pub mod compare;
pub mod every_mode;
pub mod export;
pub mod figures;
pub mod history;
pub mod presets;
pub mod relative;
pub mod speedup;
pub mod startup;
pub mod traffic;
pub mod verdict;

use crate::form::Plan;
// Defined where it is measured; its JSON and its words are the runs'.
pub use crate::instruments::responsiveness::Responsiveness;
use crate::modes::RunOutput;
pub use history::History;
use offload_jobs::Job;
use serde_json::{Value, json};
pub use speedup::{Comparison, Versus};

#[derive(Clone, Debug, PartialEq)]
pub enum RunState {
    Running,
    Done(RunOutput),
    Failed(String),
}

impl Responsiveness {
    fn json(&self) -> Value {
        json!({
            "lag": {
                "p50_ms": self.lag.map(|l| l.p50_ms),
                "p99_ms": self.lag.map(|l| l.p99_ms),
                "max_ms": self.lag.map(|l| l.max_ms),
                "samples": self.lag.map_or(0, |l| l.samples),
            },
            "input": {
                "clicks": self.input.clicks,
                "max_delay_ms": self.input.max_delay_ms,
                "total_delay_ms": self.input.total_delay_ms,
                "source": self.input.source.name(),
            },
            "fps": self.fps,
            "frames_dropped": self.frames_dropped,
            "long_frames": self.long_frames.map(|f| json!({"count": f.count, "blocking_ms": f.blocking_ms})),
            "hidden": self.hidden,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub id: u32,
    pub plan: Plan,
    pub state: RunState,
    /// Known once the run has ended.
    pub page: Option<Responsiveness>,
    /// From the App handing the job to its mode to the result back in the page: the run's
    /// time in every figure (see [`figures`]). Known once the run has ended.
    pub wall_ms: Option<f64>,
    /// Speed-ups against the history before it, fixed when the run ends.
    pub compared: Comparison,
    /// Each copy's span when the run was a burst (`burst` > 1) or a `spawn` run (whose
    /// copies each started a worker); None for a plain single run.
    pub burst: Option<burst::Burst>,
    /// What a traffic stream (`serve`) met; None for a single run or a burst.
    pub traffic: Option<crate::traffic::TrafficReport>,
}

impl Run {
    pub fn state_name(&self) -> &'static str {
        match self.state {
            RunState::Running => "running",
            RunState::Done(_) => "done",
            RunState::Failed(_) => "failed",
        }
    }

    /// The job and its parameters as one flat JSON object: {"job":"fib","n":40}, the shape
    /// `data-result` and the exports have always had. Written out, not derived: on the wire
    /// a job is `{"fib":{"n":40}}`, the form serde reads with the least code.
    pub fn job_json(&self) -> Value {
        let name = self.plan.job.name();
        match self.plan.job {
            Job::Fib { n } => json!({ "job": name, "n": n }),
            Job::Sort { len } => json!({ "job": name, "len": len }),
            Job::Hash { count, iterations } => {
                json!({ "job": name, "count": count, "iterations": iterations })
            }
        }
    }

    /// "n=40" or "count=8 iterations=1000": the job's own parameters.
    pub fn job_params_text(&self) -> String {
        let Value::Object(fields) = self.job_json() else {
            return String::new();
        };
        let pairs = fields
            .iter()
            .filter(|(k, _)| *k != "job")
            .map(|(k, v)| format!("{k}={v}"));
        pairs.collect::<Vec<_>>().join(" ")
    }

    /// [`Run::job_params_text`], for the table, with what the run asked beyond the job:
    /// "n=40 burst=4" for 4 copies, "n=40 serve=40/s×3s heavy=20%" for a stream.
    pub fn params_text(&self) -> String {
        let burst = (self.plan.burst > 1).then(|| format!("burst={}", self.plan.burst));
        let stream = self.plan.traffic.map(|t| {
            format!(
                "serve={}/s×{}s heavy={}%",
                t.rate_per_s, t.seconds, t.heavy_percent
            )
        });
        std::iter::once(self.job_params_text())
            .chain(burst)
            .chain(stream)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `data-result` of a finished run: at least job, mode, threads, wall_ms (and `ms`, the
    /// same figure under its old name), compute_ms, overhead_ms and checksum.
    pub fn result_json(&self) -> Option<String> {
        self.result_value().map(|result| result.to_string())
    }

    /// [`Run::result_json`] as a value, for the exports: parsing the text back could move a
    /// float by one ulp (serde_json parses fast, not exactly), and the exports must hold
    /// the very figures the page shows.
    pub fn result_value(&self) -> Option<Value> {
        let RunState::Done(finished) = &self.state else {
            return None;
        };
        let mut result = self.job_json();
        let wall_ms = self.wall_ms?;
        let overhead_ms = figures::overhead_ms(&self.plan, wall_ms, finished.compute_ms);
        let extra = json!({
            "mode": self.plan.mode.name(),
            "threads": self.plan.threads,
            "wall_ms": wall_ms,
            "ms": wall_ms,
            "compute_ms": finished.compute_ms,
            "overhead_ms": overhead_ms,
            "checksum": finished.outcome.checksum,
            "phases": finished.phases,
            "progress": finished.progress,
            "longest_gap_ms": self.page.map(|p| p.longest_gap_ms),
            "frames": self.page.map(|p| p.frames),
            "loop_lag_ms": self.page.map(|p| p.loop_lag_ms),
            "crossing": finished.crossing.as_ref().map(|c| json!({
                "tasks": c.tasks,
                "messages": c.messages,
                "bytes_out": c.bytes_out,
                "bytes_in": c.bytes_in,
                "transferred": c.transferred,
                "queued_ms": c.queued_ms,
                "messaging_ms": c.messaging_ms,
                "post_ms": c.post_ms,
            })),
            "chunked": finished.chunking.as_ref().map(|c| json!({
                "slices": c.slices,
                "slice_ms": c.slice_ms,
                "longest_slice_ms": c.longest_slice_ms,
                "yield": c.yield_with,
                "frame_waits": c.frame_waits,
                "overhead_ms": overhead_ms,
            })),
        });
        let page = self.page.map(|p| p.json()).unwrap_or_else(|| json!({}));
        let compared = self.compared.json();
        let burst = json!({
            "burst": self.burst.as_ref().map(burst::Burst::json),
            "startup": self.burst.as_ref().and_then(|b| b.starts.first()).map(|s| s.json()),
        });
        let traffic = match (&self.plan.traffic, &self.traffic) {
            (Some(asked), Some(report)) => traffic::json(asked, report),
            _ => json!({}),
        };
        for extra in [extra, page, compared, burst, traffic] {
            if let (Value::Object(result), Value::Object(extra)) = (&mut result, extra) {
                result.extend(extra);
            }
        }
        Some(result)
    }

    /// A finished run's wall time: the one time every comparison uses. None for a traffic
    /// stream, whose length is its duration's, not its job's: no baseline, point or
    /// sentence about one job's time may take it for one.
    pub fn ms(&self) -> Option<f64> {
        match &self.state {
            RunState::Done(_) if self.traffic.is_none() => self.wall_ms,
            _ => None,
        }
    }
}

/// Runs for the native tests of this module and its children.
#[cfg(test)]
pub(crate) mod test_runs {
    use super::*;
    use crate::form::Mode;
    use crate::instruments::histogram::Summary;
    use crate::instruments::input_delay::{InputFigures, Source};
    use offload_jobs::{Job, Outcome};

    pub fn page() -> Responsiveness {
        Responsiveness {
            longest_gap_ms: 16.7,
            frames: 60,
            loop_lag_ms: 2.0,
            lag: Some(Summary {
                p50_ms: 0.5,
                p99_ms: 1.9,
                max_ms: 2.0,
                samples: 50,
            }),
            input: InputFigures {
                clicks: 1,
                max_delay_ms: 3.0,
                total_delay_ms: 3.0,
                source: Source::EventTiming,
            },
            fps: Some(60.0),
            frames_dropped: Some(0),
            long_frames: None,
            hidden: false,
        }
    }

    pub fn done_job(id: u32, job: Job, mode: Mode, threads: u32, ms: f64) -> Run {
        let finished = RunOutput {
            outcome: Outcome {
                checksum: format!("sum{id}"),
            },
            ms,
            compute_ms: ms,
            crossing: None,
            chunking: None,
            phases: Vec::new(),
            progress: None,
        };
        let plan = Plan {
            job,
            mode,
            threads,
            transfer: false,
            slice_ms: crate::form::DEFAULT_SLICE_MS,
            burst: 1,
            traffic: None,
        };
        Run {
            id,
            plan,
            state: RunState::Done(finished),
            page: Some(page()),
            wall_ms: Some(ms),
            compared: Comparison::default(),
            burst: None,
            traffic: None,
        }
    }

    pub fn done(id: u32, mode: Mode, threads: u32, ms: f64) -> Run {
        done_job(id, Job::Fib { n: 30 }, mode, threads, ms)
    }
}

#[cfg(test)]
mod tests {
    use super::test_runs::done;
    use crate::form::Mode;
    use serde_json::Value;

    #[test]
    fn a_burst_is_named_among_the_parameters() {
        let mut run = done(1, Mode::Worker, 1, 500.0);
        assert_eq!(run.params_text(), "n=30");
        run.plan.burst = 4;
        assert_eq!(run.params_text(), "n=30 burst=4");
    }

    #[test]
    fn every_job_is_one_flat_object_in_the_exports() {
        use super::test_runs::done_job;
        use offload_jobs::Job;
        let json = |job| done_job(1, job, Mode::Main, 1, 9.0).job_json().to_string();
        assert_eq!(json(Job::Fib { n: 41 }), r#"{"job":"fib","n":41}"#);
        assert_eq!(json(Job::Sort { len: 5 }), r#"{"job":"sort","len":5}"#);
        let hash = Job::Hash {
            count: 8,
            iterations: 1000,
        };
        assert_eq!(json(hash), r#"{"count":8,"iterations":1000,"job":"hash"}"#);
    }

    #[test]
    fn result_json_is_flat_and_complete() {
        let json: Value =
            serde_json::from_str(&done(1, Mode::Pool, 2, 500.0).result_json().unwrap()).unwrap();
        assert_eq!(json["job"], "fib");
        assert_eq!(json["n"], 30);
        assert_eq!(json["mode"], "pool");
        assert_eq!(json["threads"], 2);
        assert_eq!(json["ms"], 500.0);
        assert_eq!(json["wall_ms"], 500.0);
        assert_eq!(json["checksum"], "sum1");
        assert_eq!(json["longest_gap_ms"], 16.7);
        assert_eq!(json["loop_lag_ms"], 2.0);
        assert_eq!(json["lag"]["p99_ms"], 1.9);
        assert_eq!(json["lag"]["samples"], 50);
        assert_eq!(json["input"]["clicks"], 1);
        assert_eq!(json["input"]["source"], "event-timing");
        assert_eq!(json["fps"], 60.0);
        assert_eq!(json["frames_dropped"], 0);
        assert_eq!(json["long_frames"], Value::Null);
        assert_eq!(json["hidden"], false);
        // No baseline in an empty history: null, not a made-up figure.
        assert_eq!(json["speedup_vs_1_thread"], Value::Null);
        assert_eq!(json["efficiency"], Value::Null);
        assert_eq!(json["chunked"], Value::Null);
    }

    #[test]
    fn every_mode_reports_wall_time_from_the_app_and_ms_is_its_alias() {
        for mode in crate::form::Mode::ALL {
            let mut run = done(3, mode, 1, 0.0);
            run.wall_ms = Some(425.0);
            if let super::RunState::Done(finished) = &mut run.state {
                // What a mode timed itself (post to reply, or the job alone) is not reported.
                finished.ms = 400.0;
                finished.compute_ms = 390.0;
            }
            let json = run.result_value().unwrap();
            assert_eq!(json["wall_ms"], 425.0, "{mode:?}");
            assert_eq!(json["ms"], json["wall_ms"], "{mode:?}");
            assert_eq!(json["compute_ms"], 390.0, "{mode:?}");
            assert_eq!(json["overhead_ms"], 35.0, "{mode:?}");
            assert_eq!(run.ms(), Some(425.0));
        }
        let mut split = done(4, Mode::MessagePool, 2, 300.0);
        if let super::RunState::Done(finished) = &mut split.state {
            finished.compute_ms = 580.0;
        }
        // Two workers' work added up is no stretch of the wall time: no overhead figure.
        assert_eq!(split.result_value().unwrap()["overhead_ms"], Value::Null);
    }

    #[test]
    fn a_chunked_run_carries_its_slices_and_overhead() {
        let mut run = done(2, Mode::Chunked, 1, 600.0);
        if let super::RunState::Done(finished) = &mut run.state {
            finished.compute_ms = 500.0;
            // The mode's own timing is not the run's time: the App's wall time is.
            finished.ms = 550.0;
            finished.chunking = Some(crate::modes::Chunking {
                slices: 100,
                slice_ms: 5,
                longest_slice_ms: 5.4,
                yield_with: "scheduler.yield()",
                frame_waits: 30,
            });
        }
        let json: Value = serde_json::from_str(&run.result_json().unwrap()).unwrap();
        let chunked = &json["chunked"];
        assert_eq!(chunked["slices"], 100);
        assert_eq!(chunked["slice_ms"], 5);
        assert_eq!(chunked["yield"], "scheduler.yield()");
        assert_eq!(chunked["overhead_ms"], 100.0);
        assert_eq!(json["overhead_ms"], 100.0);
        assert_eq!(chunked["frame_waits"], 30);
    }
}
