//! A button that counts clicks: during a main-thread run the clicks wait, and land all at
//! once when the job ends; during an offloaded run each one counts as it happens.

use yew::prelude::*;

#[function_component]
pub fn ClickCounter() -> Html {
    let clicks = use_state(|| 0u32);
    let onclick = {
        let clicks = clicks.clone();
        Callback::from(move |_| clicks.set(*clicks + 1))
    };
    html! {
        <div class="click-counter">
            <button data-testid="click-counter" {onclick}>{ format!("clicked {} times", *clicks) }</button>
            <span class="small">{ "Click during a main-thread run: the clicks wait until it ends." }</span>
        </div>
    }
}
