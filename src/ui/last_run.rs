//! The newest run in words, with its machine-readable state for links and automation.

use crate::runs::{Run, RunState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Option<Run>,
}

fn describe(run: &Run) -> String {
    let what = format!(
        "{} {} in {} mode",
        run.plan.job.name(),
        run.params_text(),
        run.plan.mode.name()
    );
    match &run.state {
        RunState::Running if run.plan.mode == crate::form::Mode::Main => {
            format!(
                "Running {what}: the main thread is busy, so the page cannot paint or answer clicks until it is done."
            )
        }
        RunState::Running => {
            format!("Running {what}: the page stays live while it works elsewhere.")
        }
        RunState::Done(f) => {
            let page = run.page.map(|p| {
                format!(
                    "; longest frame gap {:.0} ms, event-loop lag up to {:.0} ms",
                    p.longest_gap_ms, p.loop_lag_ms
                )
            });
            format!(
                "Done: {what} took {:.0} ms; checksum {}{}.",
                f.ms,
                f.outcome.checksum,
                page.unwrap_or_default()
            )
        }
        RunState::Failed(reason) => format!("Failed: {what}: {reason}"),
    }
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
    html! {
        <p class={classes!("last-run", run.state_name())} data-testid="last-run" data-state={run.state_name()}
            data-result={run.result_json()} data-error={error}>
            { describe(run) }
        </p>
    }
}
