//! The runs the page has made: what was asked, how it ended, and what to report.
//! Pure data: the history table and `[data-testid="last-run"]` render from it.

use crate::form::{Mode, Plan};
use crate::modes::Finished;
use serde_json::{Value, json};

#[derive(Clone, Debug, PartialEq)]
pub enum RunState {
    Running,
    Done(Finished),
    Failed(String),
}

/// What a run did to the page, measured on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Responsiveness {
    /// Longest gap between two frames (closed by the first frame after the run).
    pub longest_gap_ms: f64,
    /// Frames painted while it ran: near zero when the main thread was blocked.
    pub frames: u64,
    /// Largest event-loop lag: how late a 20 ms timer fired at worst.
    pub loop_lag_ms: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub id: u32,
    pub plan: Plan,
    pub state: RunState,
    /// Known once the run has ended.
    pub page: Option<Responsiveness>,
}

impl Run {
    pub fn state_name(&self) -> &'static str {
        match self.state {
            RunState::Running => "running",
            RunState::Done(_) => "done",
            RunState::Failed(_) => "failed",
        }
    }

    /// The job and its parameters as one flat JSON object: {"job":"fib","n":40}.
    pub fn job_json(&self) -> Value {
        serde_json::to_value(&self.plan.job).unwrap_or(Value::Null)
    }

    /// "n=40" or "count=8 iterations=1000", for the table.
    pub fn params_text(&self) -> String {
        let Value::Object(fields) = self.job_json() else {
            return String::new();
        };
        let pairs = fields
            .iter()
            .filter(|(k, _)| *k != "job")
            .map(|(k, v)| format!("{k}={v}"));
        pairs.collect::<Vec<_>>().join(" ")
    }

    /// `data-result` of a finished run: at least job, mode, threads, ms and checksum.
    pub fn result_json(&self) -> Option<String> {
        let RunState::Done(finished) = &self.state else {
            return None;
        };
        let mut result = self.job_json();
        let extra = json!({
            "mode": self.plan.mode.name(),
            "threads": self.plan.threads,
            "ms": finished.ms,
            "compute_ms": finished.compute_ms,
            "checksum": finished.outcome.checksum,
            "phases": finished.phases, "progress": finished.progress, // timeline: phases, progress
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
            })),
        });
        if let (Value::Object(result), Value::Object(extra)) = (&mut result, extra) {
            result.extend(extra);
        }
        Some(result.to_string())
    }

    fn ms(&self) -> Option<f64> {
        match &self.state {
            RunState::Done(finished) => Some(finished.ms),
            _ => None,
        }
    }
}

/// How many times faster a multi-threaded run (a pool or a message-pool) was than the
/// newest earlier one-thread run off the main thread (a worker, or either pool with 1
/// thread) of the same job and parameters.
pub fn speedup(runs: &[Run], index: usize) -> Option<f64> {
    let run = &runs[index];
    if !run.plan.mode.has_threads() || run.plan.threads < 2 {
        return None;
    }
    let one_thread = |r: &&Run| {
        r.plan.job == run.plan.job
            && (r.plan.mode == Mode::Worker || (r.plan.mode.has_threads() && r.plan.threads == 1))
    };
    let baseline = runs[..index]
        .iter()
        .rev()
        .filter(one_thread)
        .find_map(Run::ms)?;
    Some(baseline / run.ms()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use offload_jobs::{Job, Outcome};

    fn done(mode: Mode, threads: u32, ms: f64) -> Run {
        let finished = Finished {
            outcome: Outcome {
                checksum: "abc".into(),
            },
            ms,
            compute_ms: ms,
            crossing: None,
            phases: Vec::new(),
            progress: None,
        };
        let plan = Plan {
            job: Job::Fib { n: 30 },
            mode,
            threads,
            transfer: false,
        };
        Run {
            id: 1,
            plan,
            state: RunState::Done(finished),
            page: Some(Responsiveness {
                longest_gap_ms: 16.7,
                frames: 60,
                loop_lag_ms: 2.0,
            }),
        }
    }

    #[test]
    fn result_json_is_flat_and_complete() {
        let json: Value =
            serde_json::from_str(&done(Mode::Pool, 2, 500.0).result_json().unwrap()).unwrap();
        assert_eq!(json["job"], "fib");
        assert_eq!(json["n"], 30);
        assert_eq!(json["mode"], "pool");
        assert_eq!(json["threads"], 2);
        assert_eq!(json["ms"], 500.0);
        assert_eq!(json["checksum"], "abc");
        assert_eq!(json["longest_gap_ms"], 16.7);
        assert_eq!(json["loop_lag_ms"], 2.0);
    }

    #[test]
    fn speedup_compares_with_the_newest_one_thread_run() {
        let runs = [
            done(Mode::Main, 1, 100.0),
            done(Mode::Worker, 1, 1000.0),
            done(Mode::Pool, 1, 900.0),
            done(Mode::Pool, 2, 450.0),
        ];
        assert_eq!(speedup(&runs, 3), Some(2.0));
        assert_eq!(speedup(&runs, 1), None);
        assert_eq!(speedup(&runs[..1], 0), None);
    }
}
