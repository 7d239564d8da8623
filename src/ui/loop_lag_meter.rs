//! The event-loop lag meter: how late the page's timers fire, now and at worst during the
//! last run. A blocked main thread delays every timer by as long as it is blocked.

use crate::browser::loop_lag::LoopLag;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub probe: LoopLag,
}

#[function_component]
pub fn LoopLagMeter(Props { probe }: &Props) -> Html {
    // Re-rendered on every sample; the numbers are read from the probe.
    let samples = use_state(|| 0u64);
    {
        let samples = samples.clone();
        use_effect_with(probe.clone(), move |probe| {
            probe.subscribe(Callback::from(move |_| samples.set(*samples + 1)))
        });
    }
    html! {
        <div class="loop-lag" title="how late a 20 ms timer fires: the event loop's delay">
            <span class="label">{ "event-loop lag" }</span>
            <span class="big" data-testid="loop-lag">{ format!("{:.0} ms", probe.current_ms()) }</span>
            <span class="small">{ format!("max {:.0} ms during the last run", probe.run_max_ms()) }</span>
        </div>
    }
}
