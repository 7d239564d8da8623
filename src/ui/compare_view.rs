//! The compare view: pinned runs side by side (same job, different modes), each with its
//! key figures and its speed-up over the pinned `main` run. "Run in every mode" pins its
//! runs; the history's pin buttons add or remove others.

use crate::runs::Run;
use crate::runs::compare::{Column, columns};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pinned: Vec<Run>,
}

fn card(column: &Column) -> Html {
    html! {
        <article class={classes!("compare-card", column.kind)} data-testid="compare-card"
            data-run={column.run_id.to_string()} data-mode={column.mode} data-verdict={column.kind}>
            <h3>{ format!("{} ", column.mode) }<span class="small">{ format!("run {} · {}", column.run_id, column.job) }</span></h3>
            <dl>
                <dt>{ "page" }</dt><dd class="verdict-short">{ &column.page }</dd>
                <dt>{ "wall time" }</dt><dd>{ &column.wall }</dd>
                <dt>{ "longest frame gap" }</dt><dd>{ &column.longest_gap }</dd>
                <dt>{ "click wait (longest)" }</dt><dd>{ &column.click_wait }</dd>
                <dt>{ "speed-up" }</dt><dd>{ &column.speedup }</dd>
            </dl>
        </article>
    }
}

#[function_component]
pub fn CompareView(Props { pinned }: &Props) -> Html {
    if pinned.is_empty() {
        return html! {};
    }
    html! {
        <section class="compare" data-testid="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "Pinned runs side by side" }</h2>
            <p class="hint">{ "Wall time is the run's whole duration as the page saw it; the speed-up is the main run's wall time ÷ this run's (above 1: faster). Unpin a run with its button in the history." }</p>
            <div class="compare-cards">{ for columns(pinned).iter().map(card) }</div>
        </section>
    }
}
