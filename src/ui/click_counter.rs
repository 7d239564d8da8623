//! "Click me while it runs": during a main-thread run the clicks wait and land all at once
//! when the job ends; during an offloaded run each one counts as it happens. Beside it,
//! how long the latest click waited for its handler.

use super::run_figures::duration;
use crate::instruments::meters::Reading;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub reading: Reading,
}

#[function_component]
pub fn ClickCounter(Props { reading }: &Props) -> Html {
    let clicks = use_state(|| 0u32);
    let onclick = {
        let clicks = clicks.clone();
        Callback::from(move |_| clicks.set(*clicks + 1))
    };
    let waited = reading.last_click_delay_ms.map_or_else(
        || "No click yet.".to_string(),
        |ms| format!("Your last click waited {} to be handled.", duration(ms)),
    );
    html! {
        <div class="click-counter">
            <button type="button" data-testid="click-counter" {onclick}>{ "click me while it runs" }</button>
            <span class="small" data-testid="click-count">{ format!("clicked {} {}", *clicks, if *clicks == 1 { "time" } else { "times" }) }</span>
            <span class="small" data-testid="last-click-wait">{ waited }</span>
        </div>
    }
}
