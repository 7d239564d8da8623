//! The job's progress bar, from the same counters as the timeline: work units done out of
//! the job's total. On the main thread it cannot move, and says why.

use super::cssom_span::CssomSpan;
use crate::form::Mode;
use crate::runs::{Run, RunState};
use offload_jobs::Job;
use offload_jobs::progress::Progress;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Option<Run>,
    /// What the mode's counters last said, if anything.
    pub progress: Option<Progress>,
}

/// What one work unit is, in words.
fn unit_words(job: &Job) -> &'static str {
    match job {
        Job::Fib { .. } => "work units (one per subtree of fib(20) or smaller)",
        Job::Sort { .. } => {
            "work units (one per 65,536-element chunk in each of generate, sort, verify and checksum)"
        }
        Job::Hash { .. } => "work units (one per password)",
    }
}

#[function_component]
pub fn RunProgress(Props { run, progress }: &Props) -> Html {
    let unmeasured = |text: &str| {
        html! {
            <div class="run-progress">
                <div class="progress" data-testid="progress" role="progressbar" aria-label="job progress"
                    aria-valuemin="0" aria-valuemax="0" aria-valuenow="0" data-done="0" data-total="0">
                    <CssomSpan class="progress-fill" properties={vec![("width", "0%".to_string())]} />
                </div>
                <p class="progress-text">{ text }</p>
            </div>
        }
    };
    let Some(run) = run else {
        return unmeasured("Progress: —");
    };
    // The browser's own code is one opaque call: it has no counters to read.
    if run.plan.mode.is_peer() {
        return unmeasured("Progress: — (the browser's own code reports none)");
    }
    let main = matches!(run.plan.mode, Mode::Main | Mode::Async);
    let finished = match &run.state {
        RunState::Done(f) => f.progress,
        _ => None,
    };
    // On the main thread nothing could be read or painted while the job ran: the bar
    // stays at 0 until it is done, then shows the job's own count.
    let progress = if main {
        finished.unwrap_or(Progress {
            done: 0,
            total: run.plan.job.units(),
        })
    } else {
        progress.or(finished).unwrap_or(Progress {
            done: 0,
            total: run.plan.job.units(),
        })
    };
    let percent = if progress.total == 0 {
        0.0
    } else {
        100.0 * progress.done as f64 / progress.total as f64
    };
    let text = format!(
        "Progress: {} of {} {} ({percent:.0} %)",
        progress.done,
        progress.total,
        unit_words(&run.plan.job)
    );
    html! {
        <div class="run-progress">
            <div class="progress" data-testid="progress" role="progressbar" aria-label="job progress"
                aria-valuemin="0" aria-valuemax={progress.total.to_string()} aria-valuenow={progress.done.to_string()}
                aria-valuetext={format!("{percent:.0} %")}
                data-done={progress.done.to_string()} data-total={progress.total.to_string()}>
                <CssomSpan class="progress-fill" properties={vec![("width", format!("{percent:.2}%"))]} />
            </div>
            <p class="progress-text">{ text }</p>
            if main {
                <p class="progress-why" data-testid="progress-why">
                    { "On the main thread this bar cannot move: the main thread is running the job, so it cannot repaint this bar. It jumps to the end once the job returns." }
                </p>
            }
        </div>
    }
}
