//! "Click me while it runs": during a main-thread run the clicks wait and land all at once
//! when the job ends; during an offloaded run each one counts as it happens. Beside it,
//! how long the latest click waited for its handler (written by the live strip).

use super::live_meters::Slots;
use super::meter_text::Slot;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub slots: Slots,
}

#[function_component]
pub fn ClickCounter(Props { slots }: &Props) -> Html {
    let clicks = use_state(|| 0u32);
    let onclick = {
        let clicks = clicks.clone();
        Callback::from(move |_| clicks.set(*clicks + 1))
    };
    html! {
        <div class="click-counter">
            <button type="button" data-testid="click-counter" {onclick}>{ "click me while it runs" }</button>
            <span class="small" data-testid="click-count">{ format!("clicked {} {}", *clicks, if *clicks == 1 { "time" } else { "times" }) }</span>
            <span class="small" data-testid="last-click-wait" ref={slots.get(Slot::ClickWait)}></span>
        </div>
    }
}
