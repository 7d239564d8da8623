//! A CSS animation that the compositor runs (a `transform` keyframe), beside the frame
//! counter that the main thread advances: during a `main` run the first keeps moving and
//! the second stops, which is why a spinner can lie about a frozen page. With reduced
//! motion it pulses in place instead of moving (www/style.css).

use yew::prelude::*;

#[function_component]
pub fn CompositorSpinner() -> Html {
    html! {
        <div class="compositor" data-testid="compositor-animation">
            <span class="label">{ "CSS animation" }</span>
            <div class="compositor-track" aria-hidden="true"><span class="compositor-dot"></span></div>
            <span class="hint">{ "moved by the compositor, not the main thread: it keeps going while the frame counter stops, which is why a CSS spinner can lie about a frozen page" }</span>
        </div>
    }
}
