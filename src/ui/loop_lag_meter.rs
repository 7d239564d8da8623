//! The event-loop lag meter: how late the page's timers fire, now and at worst during the
//! last run. A blocked main thread delays every timer by as long as it is blocked.

use crate::instruments::meters::Reading;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub reading: Reading,
}

#[function_component]
pub fn LoopLagMeter(Props { reading }: &Props) -> Html {
    html! {
        <div class="loop-lag" title="how late a 20 ms timer fires: the event loop's delay">
            <span class="label">{ "event-loop lag" }</span>
            <span class="big" data-testid="loop-lag">{ format!("{:.0} ms", reading.lag_ms) }</span>
            <span class="small">{ format!("max {:.0} ms during the last run", reading.max_lag_ms) }</span>
        </div>
    }
}
