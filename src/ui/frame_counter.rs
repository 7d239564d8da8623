//! The frame counter: a number that advances on every animation frame, so anyone can see
//! the page stay smooth or freeze.

use crate::browser::frames::{FrameClock, FrameStats};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub clock: FrameClock,
}

#[function_component]
pub fn FrameCounter(Props { clock }: &Props) -> Html {
    let stats = use_state(|| clock.stats());
    {
        let stats = stats.clone();
        use_effect_with(clock.clone(), move |clock| {
            clock.subscribe(Callback::from(move |s: FrameStats| stats.set(s)))
        });
    }
    html! {
        <div class="frame-counter">
            <span class="label">{ "frames" }</span>
            <span class="big" data-testid="frame-counter">{ stats.count }</span>
            <span class="small">{ format!("{} fps", stats.fps) }</span>
            <span class="small" title="longest gap between two frames during the last run">
                { format!("longest gap {:.0} ms", stats.longest_gap_ms) }
            </span>
        </div>
    }
}
