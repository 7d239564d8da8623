//! The live strip at the top: the frame counter, the event-loop lag and the click counter,
//! re-rendered on every animation frame (and so not at all while the main thread is busy).

use super::click_counter::ClickCounter;
use super::compositor_spinner::CompositorSpinner;
use super::frame_counter::FrameCounter;
use super::loop_lag_meter::LoopLagMeter;
use crate::instruments::meters::{Meters, Reading};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub meters: Meters,
    /// A run has started since the page loaded: before that, per-run figures are "—".
    pub ran: bool,
}

#[function_component]
pub fn LiveMeters(Props { meters, ran }: &Props) -> Html {
    let reading = use_state(|| meters.read());
    {
        let reading = reading.clone();
        use_effect_with(meters.clone(), move |meters| {
            meters.subscribe(Callback::from(move |r: Reading| reading.set(r)))
        });
    }
    html! {
        <section class="live">
            <FrameCounter reading={*reading} ran={*ran} />
            <CompositorSpinner />
            <LoopLagMeter reading={*reading} />
            <ClickCounter reading={*reading} />
        </section>
    }
}
