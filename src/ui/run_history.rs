//! The history table: one row per run, newest first.

use crate::runs::{Run, RunState, speedup};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub runs: Vec<Run>,
}

fn ms(value: Option<f64>) -> String {
    value
        .map(|v| format!("{v:.0}"))
        .unwrap_or_else(|| "—".into())
}

fn row(runs: &[Run], index: usize) -> Html {
    let run = &runs[index];
    let (wall, checksum) = match &run.state {
        RunState::Running => ("running…".to_string(), String::new()),
        RunState::Done(f) => (ms(Some(f.ms)), f.outcome.checksum.clone()),
        RunState::Failed(reason) => ("failed".to_string(), reason.clone()),
    };
    let speedup = speedup(runs, index)
        .map(|s| format!("×{s:.2}"))
        .unwrap_or_else(|| "—".into());
    html! {
        <tr class={run.state_name()}>
            <td>{ run.id }</td>
            <td>{ run.plan.job.name() }</td>
            <td>{ run.params_text() }</td>
            <td>{ run.plan.mode.name() }</td>
            <td class="num">{ run.plan.threads }</td>
            <td class="num">{ wall }</td>
            <td class="num" title="against the newest one-thread run of the same job">{ speedup }</td>
            <td class="checksum">{ checksum }</td>
            <td class="num">{ ms(run.page.map(|p| p.longest_gap_ms)) }</td>
            <td class="num">{ ms(run.page.map(|p| p.loop_lag_ms)) }</td>
        </tr>
    }
}

#[function_component]
pub fn RunHistory(Props { runs }: &Props) -> Html {
    if runs.is_empty() {
        return html! {};
    }
    html! {
        <table class="run-history" data-testid="run-history">
            <thead><tr>
                <th>{ "#" }</th><th>{ "job" }</th><th>{ "parameters" }</th><th>{ "mode" }</th>
                <th>{ "threads" }</th><th>{ "wall ms" }</th><th>{ "speed-up" }</th>
                <th>{ "checksum" }</th><th>{ "longest frame gap ms" }</th><th>{ "max loop lag ms" }</th>
            </tr></thead>
            <tbody>{ for (0..runs.len()).rev().map(|i| row(runs, i)) }</tbody>
        </table>
    }
}
