//! "What the words mean": the terms the figures use, explained in place for readers who
//! cannot hover a title (touch screens, screen readers).

use yew::prelude::*;

const TERMS: [(&str, &str); 9] = [
    (
        "wall time",
        "how long the run took from Run to its result, as the page's clock saw it (ms or s), messages and start-up included",
    ),
    (
        "checksum",
        "a short fingerprint of the job's whole output: the same in every mode, so every mode did the same work",
    ),
    (
        "frame gap",
        "the time between two painted frames: about 17 ms at 60 Hz; a long gap is a frozen page",
    ),
    (
        "event-loop lag",
        "how late a 20 ms timer fires: while the main thread is busy, every timer, click and frame waits",
    ),
    (
        "click wait",
        "from your click to its handler running, measured by the browser's Event Timing API",
    ),
    (
        "speed-up",
        "a baseline's wall time ÷ this run's; each figure names its baseline (\"× vs 1 thread\", \"× vs main\"); above 1 is faster",
    ),
    (
        "rayon",
        "a Rust library that splits work across a pool of threads; here its threads are Web Workers sharing one memory",
    ),
    (
        "cross-origin isolated",
        "a page the browser lets share memory between threads (SharedArrayBuffer), because the server (or a service worker) promised to load nothing from other sites without their consent; the pool needs it",
    ),
    (
        "compositor",
        "the browser's part that moves already-painted layers: it can keep a CSS animation going while the main thread is blocked",
    ),
];

#[function_component]
pub fn Glossary() -> Html {
    html! {
        <details class="glossary" data-testid="glossary">
            <summary>{ "What the words mean" }</summary>
            <dl>
                { for TERMS.iter().map(|(term, meaning)| html! {
                    <><dt>{ *term }</dt><dd>{ *meaning }</dd></>
                }) }
            </dl>
        </details>
    }
}
