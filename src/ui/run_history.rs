//! The history table: one row per run, newest first, each figure with its unit in the
//! header and its baseline in the cell's title.

use crate::runs::verdict::verdict;
use crate::runs::{History, Run, RunState, Versus};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub runs: History,
    /// Runs shown in the compare view.
    pub pinned: Vec<u32>,
    /// The same callback from render to render (made once by the App): a new one would
    /// count as a change and re-render every row.
    pub on_pin: Callback<u32>,
}

/// Rows shown until the reader asks for all. Each row shown makes every later run's page
/// work longer: a new row lays out and paints the whole table again. Measured in headless
/// Chromium (a 2 ms worker run, per run): layout 10.7 ms and paint 11.9 ms with 30 rows,
/// 51.0 and 53.7 ms with 290, and the run's wall time went from 3 ms to 60-106 ms; with 50
/// shown, 11.0 and 11.5 ms after 290 runs, and 2-5 ms.
pub const SHOWN: usize = 50;

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

/// A toggle button: pressed when the run is in the compare view. Its text says which run,
/// for a screen reader moving from button to button; `aria-pressed` says whether pinned.
fn pin_cell(run: &Run, pinned: bool, on_pin: &Callback<u32>) -> Html {
    let id = run.id;
    let onclick = on_pin.reform(move |_: MouseEvent| id);
    html! {
        <td><button type="button" class="pin" aria-pressed={pinned.to_string()}
            data-testid={format!("pin-{id}")} {onclick}>{ format!("pin run {id}") }</button></td>
    }
}

/// The verdict's short form, with its kind for styling (the words carry it too).
fn verdict_cell(run: &Run) -> Html {
    let verdict = match (&run.state, run.page) {
        (RunState::Done(_), Some(page)) => Some(verdict(&page)),
        _ => None,
    };
    let kind = verdict.as_ref().map(|v| v.kind.name());
    let text = verdict.map_or_else(|| "—".into(), |v| v.short);
    html! { <td class={classes!("verdict-short", kind.map(|k| format!("is-{k}")))} data-verdict={kind}>{ text }</td> }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    run: Run,
    pinned: bool,
    on_pin: Callback<u32>,
}

/// One run's row: a component so that a render that changes one run (or none) builds that
/// row alone, not fifty.
#[function_component]
fn HistoryRow(
    RowProps {
        run,
        pinned,
        on_pin,
    }: &RowProps,
) -> Html {
    let pinned = *pinned;
    let (wall, checksum) = match &run.state {
        RunState::Running => ("running…".to_string(), String::new()),
        RunState::Done(f) => (ms(run.ms()), f.outcome.checksum.clone()),
        RunState::Failed(reason) => ("failed".to_string(), reason.clone()),
    };
    let page = run.page;
    let efficiency = run
        .compared
        .efficiency
        .map_or_else(String::new, |e| format!("{:.0} %", e * 100.0));
    let hidden = page.is_some_and(|p| p.hidden);
    html! {
        <tr class={classes!(run.state_name(), hidden.then_some("hidden-run"))} data-run={run.id.to_string()}>
            { pin_cell(run, pinned, on_pin) }
            <td>{ run.id }</td>
            <td>{ run.plan.job.name() }</td>
            <td>{ run.params_text() }</td>
            <td>{ run.plan.mode.name() }</td>
            <td class="num">{ run.plan.threads }</td>
            <td class="num">{ wall }</td>
            { verdict_cell(run) }
            { speedup_cell(&run.compared.vs_one_thread) }
            { speedup_cell(&run.compared.vs_sequential) }
            <td class="num">{ efficiency }</td>
            <td class="checksum">{ checksum }</td>
            <td class="num">{ ms(page.map(|p| p.longest_gap_ms)) }</td>
            <td class="num">{ page.and_then(|p| p.fps).map_or_else(|| "—".into(), |f| format!("{f:.0}")) }</td>
            <td class="num">{ ms(page.and_then(|p| p.lag).map(|l| l.p99_ms)) }</td>
            <td class="num">{ ms(page.map(|p| p.loop_lag_ms)) }</td>
            <td class="num">{ ms(page.map(|p| p.input.max_delay_ms).filter(|_| page.is_some_and(|p| p.input.clicks > 0))) }</td>
            <td>{ if hidden { "partly" } else { "" } }</td>
        </tr>
    }
}

/// "Showing the newest 50 of 290 runs" and the button that shows them all, or the
/// newest again.
fn shown_note(total: usize, all: &UseStateHandle<bool>) -> Html {
    if total <= SHOWN {
        return html! {};
    }
    let (text, button) = if **all {
        (
            format!("Showing all {total} runs."),
            format!("Show the newest {SHOWN}"),
        )
    } else {
        (
            format!(
                "Showing the newest {SHOWN} of {total} runs; the downloads below hold them all."
            ),
            format!("Show all {total} runs"),
        )
    };
    let onclick = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(!*all))
    };
    html! {
        <p class="small history-shown" data-testid="history-shown">{ text }{ " " }
            <button type="button" data-testid="history-show-all" aria-pressed={all.to_string()}
                title="Every row shown makes each later run's page work (layout, paint) longer"
                {onclick}>{ button }</button>
        </p>
    }
}

#[function_component]
pub fn RunHistory(
    Props {
        runs,
        pinned,
        on_pin,
    }: &Props,
) -> Html {
    let all = use_state(|| false);
    if runs.is_empty() {
        return html! {};
    }
    let shown = if *all { runs.len() } else { SHOWN };
    let rows = runs.iter().rev().take(shown).map(|r| {
        html! { <HistoryRow key={r.id} run={r.clone()} pinned={pinned.contains(&r.id)} on_pin={on_pin.clone()} /> }
    });
    html! {
        <>
        // Scrolls sideways where the page is narrower than its sixteen columns.
        <div class="run-history-scroll">
        // `data-runs`: every run made, shown or not (tests count runs by it).
        <table class="run-history" data-testid="run-history" data-runs={runs.len().to_string()}>
            <thead><tr>
                <th>{ "compare" }</th><th>{ "#" }</th><th>{ "job" }</th><th>{ "parameters" }</th><th>{ "mode" }</th>
                <th>{ "threads" }</th><th>{ "wall time ms" }</th><th>{ "page during the run" }</th>
                <th title="against the fastest run of the same job and mode on 1 thread (else the pool's)">{ "× vs 1 thread" }</th>
                <th title="against the fastest main or worker run of the same job">{ "× vs sequential" }</th>
                <th title="speed-up vs 1 thread ÷ threads">{ "efficiency" }</th>
                <th>{ "checksum" }</th><th>{ "longest frame gap ms" }</th><th>{ "fps" }</th>
                <th title="event-loop lag, 99th percentile">{ "lag p99 ms" }</th><th title="event-loop lag, largest sample">{ "lag max ms" }</th><th title="the longest a click made during the run waited to be handled">{ "click wait ms" }</th>
                <th title="the page was out of sight (hidden tab, or embed scrolled out of view) for part of the run: its frame figures leave that time out">{ "out of sight" }</th>
            </tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
        </div>
        { shown_note(runs.len(), &all) }
        </>
    }
}
