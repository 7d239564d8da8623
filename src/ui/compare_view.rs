//! The compare view: pinned runs side by side (same job, different modes), each with its
//! key figures and its speed-up over the pinned `main` run. "Run in every mode" pins its
//! runs; the history's pin buttons add or remove others.

use super::cssom_span::CssomSpan;
use crate::runs::Run;
use crate::runs::compare::{Column, columns, shared_job, shows_crossing, shows_startup};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pinned: Vec<Run>,
}

/// One row of the table: a figure's name, then its value for each pinned run.
fn figure_row(name: &str, value: impl Fn(&Column) -> String, cols: &[Column]) -> Html {
    html! {
        <tr><th scope="row">{ name }</th>{ for cols.iter().map(|c| html! { <td>{ value(c) }</td> }) }</tr>
    }
}

/// A column's timeline: its wall time above, the main thread's longest frame gap below, on
/// the scale all columns share (the figures rows carry the same numbers in words).
fn timeline(column: &Column) -> Html {
    let Some(bars) = column.bars else {
        return html! { <td>{ "—" }</td> };
    };
    let width =
        |fraction: f64| vec![("width", format!("{:.1}%", 100.0 * fraction.clamp(0.0, 1.0)))];
    let kind = (!column.kind.is_empty()).then(|| format!("is-{}", column.kind));
    html! {
        <td class="compare-timeline" data-testid="compare-timeline" aria-hidden="true">
            <CssomSpan class="bar wall" properties={width(bars.wall)} title={format!("wall time {}", column.wall)} />
            <CssomSpan class={classes!("bar", "gap", kind)} properties={width(bars.gap)}
                title={format!("longest frame gap {}", column.longest_gap)} />
        </td>
    }
}

/// A run's column head: its mode in words, the verdict's kind as a class (the words in the
/// "page" row carry it too); its job only when the columns ran different ones.
fn head(column: &Column, shared: bool) -> Html {
    let under = if shared {
        format!("run {}", column.run_id)
    } else {
        format!("run {} · {}", column.run_id, column.job)
    };
    let kind = (!column.kind.is_empty()).then(|| format!("is-{}", column.kind));
    html! {
        <th scope="col" class={classes!("compare-run", kind)} data-testid="compare-run"
            data-run={column.run_id.to_string()} data-mode={column.mode} data-verdict={column.kind}>
            { column.mode }<span class="small">{ under }</span>
        </th>
    }
}

#[function_component]
pub fn CompareView(Props { pinned }: &Props) -> Html {
    if pinned.is_empty() {
        return html! {};
    }
    let cols = columns(pinned);
    let shared = shared_job(&cols).map(str::to_owned);
    html! {
        <section class="compare" data-testid="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "Pinned runs side by side" }</h2>
            if let Some(job) = &shared {
                <p class="compare-job" data-testid="compare-job">{ format!("Every column ran {job}.") }</p>
            }
            <p class="hint">{ "Wall time is the run's whole duration as the page saw it, from handing the job over to its result; the timeline draws it and the main thread's longest frame gap (red: frozen) on one scale for every column. The speed-up says how many times faster or slower than the pinned main run. Unpin a run with its button in the history." }</p>
            // Focusable: a keyboard user can scroll it sideways on a narrow screen.
            <div class="compare-scroll" tabindex="0" role="region" aria-label="pinned runs, side by side">
                <table class="compare-table">
                    <thead><tr><th scope="col">{ "figure" }</th>{ for cols.iter().map(|c| head(c, shared.is_some())) }</tr></thead>
                    <tbody>
                        { figure_row("page during the run", |c| c.page.clone(), &cols) }
                        <tr><th scope="row">{ "timeline: wall, then longest frame gap" }</th>{ for cols.iter().map(timeline) }</tr>
                        { figure_row("wall time", |c| c.wall.clone(), &cols) }
                        { figure_row("longest frame gap", |c| c.longest_gap.clone(), &cols) }
                        { figure_row("click wait (longest)", |c| c.click_wait.clone(), &cols) }
                        { figure_row("speed-up", |c| c.speedup.clone(), &cols) }
                        if shows_startup(&cols) {
                            { figure_row("worker start-up", |c| c.startup.clone(), &cols) }
                        }
                        if shows_crossing(&cols) {
                            { figure_row("bulk data crossed", |c| c.crossed.clone(), &cols) }
                            { figure_row("main thread in postMessage", |c| c.posted.clone(), &cols) }
                        }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
