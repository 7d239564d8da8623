//! The event-loop lag meter: how late the page's 20 ms timer fires, now, and its p50, p99
//! and max over the current run (or since page load between runs). A blocked main thread
//! delays every timer by as long as it is blocked, and that shows as one big sample.
//! Its texts are written by the live strip (`meter_text`).

use super::live_meters::Slots;
use super::meter_text::Slot;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub slots: Slots,
}

#[function_component]
pub fn LoopLagMeter(Props { slots }: &Props) -> Html {
    html! {
        <div class="loop-lag" title="how late a 20 ms timer fires: the event loop's delay, as Node's monitorEventLoopDelay measures it">
            <span class="label">{ "event-loop lag" }</span>
            <span class="big" data-testid="loop-lag" ref={slots.get(Slot::Lag)}></span>
            <span class="small" data-testid="lag-percentiles" ref={slots.get(Slot::LagPercentiles)}></span>
            <span class="hint">{ "how late a 20 ms timer fires now: near 0 when the event loop is free" }</span>
        </div>
    }
}
