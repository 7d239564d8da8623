//! A burst: k copies of one job submitted at once (`burst=k`), the way k requests reach a
//! server at once. Each copy's span on the page's clock, and what they add up to: queue
//! wait, makespan, the sum of the copies' own times. Pure arithmetic, tested natively.

use super::startup::WorkerStart;
use serde_json::{Value, json};

// What a mode measures of its copies is the modes' (`modes::copies`); their JSON and
// their words are the runs'.
pub use crate::modes::copies::{Burst, Span, agreed_checksum};

impl Burst {
    pub fn json(&self) -> Value {
        json!({
            "copies": self.copies(),
            "makespan_ms": self.makespan_ms(),
            "queue_wait_max_ms": self.queue_wait_max_ms(),
            "queue_wait_mean_ms": self.queue_wait_mean_ms(),
            "sum_of_copies_ms": self.sum_of_copies_ms(),
            "alone_ms": self.alone_ms,
            "copy_ms": self.copy_ms,
            "spans": self.spans.iter().map(|s| json!({
                "submitted_ms": s.submitted_ms,
                "started_ms": s.started_ms,
                "finished_ms": s.finished_ms,
            })).collect::<Vec<_>>(),
            "startups": self.starts.iter().map(WorkerStart::json).collect::<Vec<_>>(),
            "reused_worker_start_ms": self.reused_start_ms,
        })
    }

    /// "4 copies: the last done after 2.1 s (one copy alone 0.52 s); waited in the queue
    /// up to 1.6 s (0.80 s on average); their own times add up to 2.0 s."
    pub fn text(&self) -> String {
        let alone = self
            .alone_ms
            .map_or_else(|| "—: run it once with burst 1 to compare".into(), seconds);
        let mean = self
            .queue_wait_mean_ms()
            .map_or_else(|| "—".into(), seconds);
        format!(
            "{} copies: the last done after {} (one copy alone {alone}); waited in the queue \
             up to {} ({mean} on average); their own times add up to {}.",
            self.copies(),
            seconds(self.makespan_ms()),
            seconds(self.queue_wait_max_ms()),
            seconds(self.sum_of_copies_ms()),
        )
    }
}

/// "0.52 s", "2.1 s", "12 ms" under a tenth of a second.
fn seconds(ms: f64) -> String {
    match ms {
        ms if ms < 100.0 => format!("{ms:.0} ms"),
        ms if ms < 1000.0 => format!("{:.2} s", ms / 1e3),
        ms => format!("{:.1} s", ms / 1e3),
    }
}

/// "One copy alone": the newest single run (burst 1) before run `id` of the same job in
/// the same mode on as many threads, set up alike (crossing, slice), if the history has
/// one. Its wall time, like the burst's own figures.
pub fn alone_ms(runs: &[super::Run], id: u32) -> Option<f64> {
    let run = runs.iter().find(|r| r.id == id)?;
    runs.iter()
        .filter(|r| r.id < id && r.plan.burst == 1)
        .filter(|r| {
            super::speedup::same_setup(&r.plan, &run.plan)
                && r.plan.mode == run.plan.mode
                && r.plan.threads == run.plan.threads
        })
        .filter_map(super::Run::ms)
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(started_ms: f64, finished_ms: f64) -> Span {
        Span {
            submitted_ms: 0.0,
            started_ms,
            finished_ms,
        }
    }

    /// Four copies of 500 ms one after another, as on one worker.
    fn queued() -> Burst {
        Burst {
            spans: (0..4)
                .map(|i| span(i as f64 * 500.0, (i + 1) as f64 * 500.0))
                .collect(),
            copy_ms: vec![500.0; 4],
            ..Burst::default()
        }
    }

    #[test]
    fn a_queue_adds_up() {
        let burst = queued();
        assert_eq!(burst.copies(), 4);
        assert_eq!(burst.makespan_ms(), 2000.0);
        assert_eq!(burst.queue_wait_max_ms(), 1500.0);
        assert_eq!(burst.queue_wait_mean_ms(), Some(750.0));
        assert_eq!(burst.sum_of_copies_ms(), 2000.0);
        assert_eq!(burst.vs_one_after_another(), Some(1.0));
        assert_eq!(burst.finish_spread_ms(), 1500.0);
    }

    #[test]
    fn two_threads_take_about_half() {
        let burst = Burst {
            spans: vec![
                span(0.0, 500.0),
                span(0.0, 500.0),
                span(500.0, 1000.0),
                span(500.0, 1000.0),
            ],
            copy_ms: vec![500.0; 4],
            ..Burst::default()
        };
        assert_eq!(burst.makespan_ms(), 1000.0);
        assert_eq!(burst.vs_one_after_another(), Some(0.5));
        assert_eq!(burst.queue_wait_max_ms(), 500.0);
    }

    #[test]
    fn nothing_measured_is_no_figure() {
        let burst = Burst::default();
        assert_eq!(burst.makespan_ms(), 0.0);
        assert_eq!(burst.queue_wait_mean_ms(), None);
        assert_eq!(burst.vs_one_after_another(), None);
        let json = burst.json();
        assert_eq!(json["queue_wait_mean_ms"], Value::Null);
    }

    #[test]
    fn the_sentence_names_each_figure_and_its_baseline() {
        let mut burst = queued();
        assert!(
            burst.text().contains("one copy alone —"),
            "{}",
            burst.text()
        );
        burst.alone_ms = Some(520.0);
        assert_eq!(
            burst.text(),
            "4 copies: the last done after 2.0 s (one copy alone 0.52 s); waited in the queue \
             up to 1.5 s (0.75 s on average); their own times add up to 2.0 s."
        );
    }

    #[test]
    fn the_json_holds_every_span() {
        let json = queued().json();
        assert_eq!(json["copies"], 4);
        assert_eq!(json["makespan_ms"], 2000.0);
        assert_eq!(json["spans"][3]["started_ms"], 1500.0);
        assert_eq!(json["copy_ms"].as_array().unwrap().len(), 4);
    }

    #[test]
    fn one_copy_alone_is_the_newest_single_run_of_the_same_job_and_mode() {
        use super::super::test_runs::done;
        use crate::form::Mode;
        let mut runs = vec![
            done(1, Mode::Worker, 1, 500.0),
            done(2, Mode::Worker, 1, 520.0),
            done(3, Mode::Main, 1, 400.0),
            done(4, Mode::Worker, 1, 2100.0),
        ];
        runs[3].plan.burst = 4;
        assert_eq!(alone_ms(&runs, 4), Some(520.0));
        assert_eq!(alone_ms(&runs, 1), None);
        runs[1].plan.burst = 2;
        assert_eq!(alone_ms(&runs, 4), Some(500.0));
    }

    #[test]
    fn one_copy_alone_was_set_up_alike() {
        use super::super::test_runs::done;
        use crate::form::Mode;
        let mut runs = vec![
            done(1, Mode::MessagePool, 1, 300.0),
            done(2, Mode::MessagePool, 1, 900.0),
            done(3, Mode::Chunked, 1, 500.0),
            done(4, Mode::Chunked, 1, 700.0),
        ];
        runs[0].plan.transfer = true;
        runs[1].plan.burst = 4;
        runs[1].plan.transfer = false;
        runs[2].plan.slice_ms = 2;
        runs[3].plan.burst = 4;
        runs[3].plan.slice_ms = 10;
        // A copied crossing is not a transferred one; 2 ms slices are not 10 ms ones.
        assert_eq!(alone_ms(&runs, 2), None);
        assert_eq!(alone_ms(&runs, 4), None);
        runs[0].plan.transfer = false;
        assert_eq!(alone_ms(&runs, 2), Some(300.0));
    }

    #[test]
    fn copies_must_agree() {
        assert_eq!(agreed_checksum(["ab", "ab", "ab"]), Ok("ab".into()));
        let error = agreed_checksum(["ab", "ab", "cd"]).unwrap_err();
        assert!(error.contains("copy 3"), "{error}");
        assert!(agreed_checksum([]).is_err());
    }
}
