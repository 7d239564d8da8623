//! The frame counter: a number that advances on every animation frame, so anyone can see
//! the page stay smooth or freeze.

use crate::instruments::meters::Reading;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub reading: Reading,
}

#[function_component]
pub fn FrameCounter(Props { reading }: &Props) -> Html {
    html! {
        <div class="frame-counter">
            <span class="label">{ "frames" }</span>
            <span class="big" data-testid="frame-counter">{ reading.frames }</span>
            <span class="small">{ format!("{} fps", reading.fps) }</span>
            <span class="small" title="longest gap between two frames during the current or the last run">
                { format!("longest gap {:.0} ms {}", reading.longest_gap_ms,
                    if reading.running { "this run" } else { "in the last run" }) }
            </span>
        </div>
    }
}
