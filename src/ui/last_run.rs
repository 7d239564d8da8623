//! The newest run in words, with its machine-readable state for links and automation.

use super::run_figures::RunFigures;
use crate::form::Mode;
use crate::modes::{Chunking, Crossing, RunOutput};
use crate::runs::compare::bytes;
use crate::runs::verdict::verdict;
use crate::runs::{Run, RunState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Option<Run>,
    /// The embed's: a stream's verdict, table and counts, without its pictures.
    #[prop_or_default]
    pub compact: bool,
}

fn describe(run: &Run) -> String {
    let what = format!(
        "{} {} in {} mode",
        run.plan.job.name(),
        run.params_text(),
        run.plan.mode.name()
    );
    if let Some(t) = run.plan.traffic {
        let job = format!("{} {}", run.plan.job.name(), run.job_params_text());
        return stream_text(run, &format!("{job} in {} mode", run.plan.mode.name()), t);
    }
    match &run.state {
        RunState::Running if run.plan.mode.blocks_main_thread() => {
            format!(
                "Running {what}: the main thread is busy, so the page cannot paint or answer clicks until it is done."
            )
        }
        RunState::Running if run.plan.mode == Mode::Chunked => {
            format!(
                "Running {what}: the main thread works in slices and yields between them, so the page stays live."
            )
        }
        RunState::Running => {
            format!("Running {what}: the page stays live while it works elsewhere.")
        }
        RunState::Done(f) => {
            let page = run.page.map(|p| {
                let hidden = if p.hidden {
                    " (out of sight for part of it)"
                } else {
                    ""
                };
                format!(
                    "; longest frame gap {:.0} ms, event-loop lag up to {:.0} ms{hidden}",
                    p.longest_gap_ms, p.loop_lag_ms
                )
            });
            format!(
                "Done: {what} took {:.0} ms (wall time); checksum {} (the same in every mode){}.",
                run.ms().unwrap_or_default(),
                f.outcome.checksum,
                page.unwrap_or_default(),
            )
        }
        RunState::Failed(reason) => format!("Failed: {what}: {reason}"),
    }
}

/// A stream in one sentence: what it sends, and how it ended.
fn stream_text(run: &Run, what: &str, t: crate::form::Traffic) -> String {
    let stream = format!(
        "{} requests a second for {} s ({} arrivals), {} % of them /heavy: {what}",
        t.rate_per_s,
        t.seconds,
        t.arrivals.name(),
        t.heavy_percent
    );
    match &run.state {
        RunState::Running => {
            format!("Serving {stream}. The main thread is the server's event loop.")
        }
        RunState::Done(f) => format!(
            "Served {stream}, until the last answer {}; every /heavy answer's checksum {}.",
            super::run_figures::duration(run.wall_ms.unwrap_or_default()),
            f.outcome.checksum
        ),
        RunState::Failed(reason) => format!("Failed: {stream}: {reason}"),
    }
}

/// What crossed between the page and a message-pool's workers, in one sentence.
fn crossing_text(c: &Crossing) -> String {
    let how = if c.transferred {
        "moved by transfer"
    } else {
        "copied by structured clone"
    };
    let bulk = match (c.bytes_out + c.bytes_in, c.transferred) {
        (0, _) => "no bulk data".to_string(),
        (_, moved) => format!(
            "{} to the workers and {} back, {how}{}",
            bytes(c.bytes_out),
            bytes(c.bytes_in),
            // Structured clone copies on the sending thread and again on the receiving one:
            // here that is the page's main thread, both ways.
            if moved {
                ""
            } else {
                " (the page's main thread made those copies: compare its longest frame gap with a transfer run)"
            }
        ),
    };
    format!(
        "Crossed: {} tasks in {} messages; {bulk}. Tasks waited {:.0} ms in the queue in all; \
         messaging cost {:.0} ms beyond the workers' compute time, of which the page's main \
         thread spent {:.1} ms inside postMessage.",
        c.tasks, c.messages, c.queued_ms, c.messaging_ms, c.post_ms
    )
}

/// The run's verdict, leading its figures: words first, the colour only repeats them.
fn verdict_line(page: &crate::runs::Responsiveness) -> Html {
    let verdict = verdict(page);
    html! {
        <p class={classes!("verdict", format!("is-{}", verdict.kind.name()))} data-testid="verdict" data-verdict={verdict.kind.name()}>
            { verdict.line }
        </p>
    }
}

/// How a `chunked` run shared the main thread, in one sentence.
fn chunking_text(c: &Chunking, f: &RunOutput, wall_ms: f64) -> String {
    let overhead_ms = wall_ms - f.compute_ms;
    let slower = if f.compute_ms > 0.0 {
        format!(
            "{:.0} % slower than the work alone ({} of work, {} spent yielding and on the page's other tasks)",
            100.0 * overhead_ms / f.compute_ms,
            super::run_figures::duration(f.compute_ms),
            super::run_figures::duration(overhead_ms)
        )
    } else {
        "no work time measured".into()
    };
    format!(
        "Ran in {} slices of at most {} ms of work each (longest {:.1} ms), yielding with {} \
         between them; {slower}.",
        c.slices, c.slice_ms, c.longest_slice_ms, c.yield_with
    )
}

#[function_component]
pub fn LastRun(Props { run, compact }: &Props) -> Html {
    let Some(run) = run else {
        return html! { <p class="last-run" data-testid="last-run" data-state="idle">{ "No run yet: pick a job and a mode, then Run." }</p> };
    };
    let error = match &run.state {
        RunState::Failed(reason) => Some(reason.clone()),
        _ => None,
    };
    let crossing = match &run.state {
        RunState::Done(finished) => finished.crossing.as_ref().map(crossing_text),
        _ => None,
    };
    let chunking = match &run.state {
        RunState::Done(finished) => finished
            .chunking
            .as_ref()
            .map(|c| chunking_text(c, finished, run.ms().unwrap_or_default())),
        _ => None,
    };
    html! {
        <div class={classes!("last-run", run.state_name())} data-testid="last-run" data-state={run.state_name()}
            data-result={run.result_json()} data-error={error}>
            if let (RunState::Done(_), Some(page)) = (&run.state, run.page) {
                { verdict_line(&page) }
            }
            <p>{ describe(run) }</p>
            <super::phase_breakdown::PhaseBreakdown run={run.clone()} />
            if let Some(crossing) = crossing {
                <p class="crossing-report" data-testid="crossing">{ crossing }</p>
            }
            if let (Some(burst), RunState::Done(_)) = (&run.burst, &run.state) {
                if burst.copies() > 1 {
                    <p class="burst-report" data-testid="burst-report">{ burst.text() }</p>
                }
                { for burst.starts.first().map(|start| html! {
                    <p class="startup-report" data-testid="startup-report">{
                        if burst.starts.len() > 1 {
                            crate::runs::startup::each_text(&burst.starts, burst.reused_start_ms)
                        } else {
                            start.text(burst.reused_start_ms)
                        }
                    }</p>
                }) }
            }
            if let Some(chunking) = chunking {
                <p class="chunking-report" data-testid="chunking">{ chunking }</p>
            }
            if let (Some(report), RunState::Done(_)) = (&run.traffic, &run.state) {
                <super::traffic_result::TrafficResult mode={run.plan.mode.name()} report={report.clone()} compact={*compact} />
            } else if matches!(run.state, RunState::Done(_)) {
                <RunFigures run={run.clone()} />
            }
        </div>
    }
}
