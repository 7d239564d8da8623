//! The frame counter: a number that advances on every animation frame, so anyone can see
//! the page stay smooth or freeze. Its texts are written by the live strip (`meter_text`).

use super::live_meters::Slots;
use super::meter_text::Slot;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub slots: Slots,
}

#[function_component]
pub fn FrameCounter(Props { slots }: &Props) -> Html {
    html! {
        <div class="frame-counter">
            <span class="label">{ "frames painted" }</span>
            // Its own layout and paint box: the one text that changes every frame.
            <span class="big ticking" data-testid="frame-counter" ref={slots.get(Slot::Frames)}></span>
            <span class="small" ref={slots.get(Slot::Fps)}></span>
            <span class="small" data-testid="longest-gap" ref={slots.get(Slot::Gap)}></span>
            <span class="hint">{ "counted by the main thread on every frame: it stops when the main thread is busy; 60 fps is smooth on a 60 Hz screen" }</span>
        </div>
    }
}
