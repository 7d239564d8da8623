//! The frame counter: a number that advances on every animation frame, so anyone can see
//! the page stay smooth or freeze.

use crate::instruments::meters::Reading;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub reading: Reading,
    /// A run has started since load; before, there is no run's gap to show.
    pub ran: bool,
}

#[function_component]
pub fn FrameCounter(Props { reading, ran }: &Props) -> Html {
    let gap = match (reading.running, ran) {
        (true, _) => format!(
            "longest frame gap {:.0} ms this run",
            reading.longest_gap_ms
        ),
        (false, true) => format!(
            "longest frame gap {:.0} ms in the last run",
            reading.longest_gap_ms
        ),
        (false, false) => "longest frame gap — (no run yet)".into(),
    };
    html! {
        <div class="frame-counter">
            <span class="label">{ "frames painted" }</span>
            <span class="big" data-testid="frame-counter">{ reading.frames }</span>
            <span class="small">{ format!("{} fps now (60 is smooth on a 60 Hz screen)", reading.fps) }</span>
            <span class="small" data-testid="longest-gap">{ gap }</span>
            <span class="hint">{ "counted by the main thread on every frame: it stops when the main thread is busy" }</span>
        </div>
    }
}
