//! The event-loop lag meter: how late the page's 20 ms timer fires, now, and its p50, p99
//! and max over the current run (or since page load between runs). A blocked main thread
//! delays every timer by as long as it is blocked, and that shows as one big sample.

use crate::instruments::meters::Reading;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub reading: Reading,
}

#[function_component]
pub fn LoopLagMeter(Props { reading }: &Props) -> Html {
    let scope = if reading.running {
        "this run"
    } else {
        "since page load"
    };
    let percentiles = match reading.lag {
        Some(l) => format!(
            "p50 {:.1} · p99 {:.1} · max {:.0} ms {scope}",
            l.p50_ms, l.p99_ms, l.max_ms
        ),
        None => format!("p50 — · p99 — · max — {scope}"),
    };
    html! {
        <div class="loop-lag" title="how late a 20 ms timer fires: the event loop's delay, as Node's monitorEventLoopDelay measures it">
            <span class="label">{ "event-loop lag" }</span>
            <span class="big" data-testid="loop-lag">{ format!("{:.0} ms", reading.lag_ms) }</span>
            <span class="small" data-testid="lag-percentiles">{ percentiles }</span>
            <span class="hint">{ "how late a 20 ms timer fires now: near 0 when the event loop is free" }</span>
        </div>
    }
}
