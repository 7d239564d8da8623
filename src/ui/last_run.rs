//! The newest run in words, with its machine-readable state for links and automation.

use super::run_figures::RunFigures;
use crate::form::Mode;
use crate::modes::{Chunking, Crossing, Finished};
use crate::runs::{Run, RunState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Option<Run>,
}

/// What a finished run in `mode` shows about the event loop.
fn lesson(mode: Mode) -> &'static str {
    match mode {
        Mode::Main => {
            "The main thread is the page's event loop: while a synchronous job holds it, no \
             frame is painted, no click is handled and no timer fires. Making the job async \
             would not help, because the work itself never yields."
        }
        Mode::Async => {
            "An async function runs synchronously until it awaits something that is not \
             ready, and this job never does: awaiting it held the event loop just like main."
        }
        Mode::Chunked => {
            "The main thread did the job in short slices and yielded to the event loop between \
             them, so frames and clicks got their turn: the page stayed live, and the job took \
             longer."
        }
        Mode::Worker => {
            "The job ran on another thread, so the event loop stayed free. Only the parameters \
             went in and a checksum came out, each copied as a message."
        }
        Mode::MessagePool => {
            "The job was split into tasks for workers that share no memory, so everything they \
             needed went in as messages and everything they made came back the same way: \
             the page stayed free, and paid for the crossing below."
        }
        Mode::Pool => {
            "The job was split across the pool's threads, which share one memory instead of \
             copying; the page, which shares nothing with them, stayed free."
        }
        peer => crate::peers::lesson(peer),
    }
}

fn describe(run: &Run) -> String {
    let what = format!(
        "{} {} in {} mode",
        run.plan.job.name(),
        run.params_text(),
        run.plan.mode.name()
    );
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
                    " (tab hidden for part of it)"
                } else {
                    ""
                };
                format!(
                    "; longest frame gap {:.0} ms, event-loop lag up to {:.0} ms{hidden}",
                    p.longest_gap_ms, p.loop_lag_ms
                )
            });
            format!(
                "Done: {what} took {:.0} ms; checksum {}{}. {}",
                f.ms,
                f.outcome.checksum,
                page.unwrap_or_default(),
                lesson(run.plan.mode)
            )
        }
        RunState::Failed(reason) => format!("Failed: {what}: {reason}"),
    }
}

/// "1.5 MB" for a byte count.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
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
            size(c.bytes_out),
            size(c.bytes_in),
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
         messaging cost {:.0} ms beyond the workers' compute time.",
        c.tasks, c.messages, c.queued_ms, c.messaging_ms
    )
}

/// How a `chunked` run shared the main thread, in one sentence.
fn chunking_text(c: &Chunking, f: &Finished) -> String {
    let overhead_ms = f.ms - f.compute_ms;
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
pub fn LastRun(Props { run }: &Props) -> Html {
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
            .map(|c| chunking_text(c, finished)),
        _ => None,
    };
    html! {
        <div class={classes!("last-run", run.state_name())} data-testid="last-run" data-state={run.state_name()}
            data-result={run.result_json()} data-error={error}>
            <p>{ describe(run) }</p>
            <super::phase_breakdown::PhaseBreakdown run={run.clone()} />
            if let Some(crossing) = crossing {
                <p class="crossing-report" data-testid="crossing">{ crossing }</p>
            }
            if let Some(chunking) = chunking {
                <p class="chunking-report" data-testid="chunking">{ chunking }</p>
            }
            if matches!(run.state, RunState::Done(_)) {
                <RunFigures run={run.clone()} />
            }
        </div>
    }
}
