//! The history table: one row per run, newest first, each figure with its unit in the
//! header and its baseline in the cell's title.

use crate::runs::{Run, RunState, Versus};
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

/// "×1.80" with its baseline as the title; "—" without one, nothing where it does not apply.
fn speedup_cell(figure: &Versus) -> Html {
    let (text, title) = match figure {
        Versus::NotApplicable => (String::new(), String::new()),
        Versus::NoBaselineYet => ("—".into(), "no baseline in the history yet".into()),
        Versus::Against { speedup, baseline } => {
            (format!("×{speedup:.2}"), format!("vs {}", baseline.what))
        }
    };
    html! { <td class="num" {title}>{ text }</td> }
}

fn row(run: &Run) -> Html {
    let (wall, checksum) = match &run.state {
        RunState::Running => ("running…".to_string(), String::new()),
        RunState::Done(f) => (ms(Some(f.ms)), f.outcome.checksum.clone()),
        RunState::Failed(reason) => ("failed".to_string(), reason.clone()),
    };
    let page = run.page;
    let efficiency = run
        .compared
        .efficiency
        .map_or_else(String::new, |e| format!("{:.0} %", e * 100.0));
    let hidden = page.is_some_and(|p| p.hidden);
    html! {
        <tr class={classes!(run.state_name(), hidden.then_some("hidden-run"))}>
            <td>{ run.id }</td>
            <td>{ run.plan.job.name() }</td>
            <td>{ run.params_text() }</td>
            <td>{ run.plan.mode.name() }</td>
            <td class="num">{ run.plan.threads }</td>
            <td class="num">{ wall }</td>
            { speedup_cell(&run.compared.vs_one_thread) }
            { speedup_cell(&run.compared.vs_sequential) }
            <td class="num">{ efficiency }</td>
            <td class="checksum">{ checksum }</td>
            <td class="num">{ ms(page.map(|p| p.longest_gap_ms)) }</td>
            <td class="num">{ page.and_then(|p| p.fps).map_or_else(|| "—".into(), |f| format!("{f:.0}")) }</td>
            <td class="num">{ ms(page.and_then(|p| p.lag).map(|l| l.p99_ms)) }</td>
            <td class="num">{ ms(page.map(|p| p.loop_lag_ms)) }</td>
            <td class="num">{ ms(page.map(|p| p.input.max_delay_ms).filter(|_| page.is_some_and(|p| p.input.clicks > 0))) }</td>
            <td>{ if hidden { "hidden" } else { "" } }</td>
        </tr>
    }
}

#[function_component]
pub fn RunHistory(Props { runs }: &Props) -> Html {
    if runs.is_empty() {
        return html! {};
    }
    html! {
        // Scrolls sideways where the page is narrower than its sixteen columns.
        <div class="run-history-scroll">
        <table class="run-history" data-testid="run-history">
            <thead><tr>
                <th>{ "#" }</th><th>{ "job" }</th><th>{ "parameters" }</th><th>{ "mode" }</th>
                <th>{ "threads" }</th><th>{ "wall ms" }</th>
                <th title="against the fastest run of the same job and mode on 1 thread (else the pool's)">{ "× vs 1 thread" }</th>
                <th title="against the fastest main or worker run of the same job">{ "× vs sequential" }</th>
                <th title="speed-up vs 1 thread ÷ threads">{ "efficiency" }</th>
                <th>{ "checksum" }</th><th>{ "longest frame gap ms" }</th><th>{ "fps" }</th>
                <th title="event-loop lag, 99th percentile">{ "lag p99 ms" }</th><th title="event-loop lag, largest sample">{ "lag max ms" }</th><th title="the longest a click made during the run waited to be handled">{ "click wait ms" }</th>
                <th title="the tab was hidden during the run: its frame figures leave that time out">{ "tab" }</th>
            </tr></thead>
            <tbody>{ for runs.iter().rev().map(row) }</tbody>
        </table>
        </div>
    }
}
