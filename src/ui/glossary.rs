//! "What the words mean": the terms the figures use, explained in place for readers who
//! cannot hover a title (touch screens, screen readers).

use yew::prelude::*;

/// The time figures say here what `runs::figures` defines: one meaning each, every mode.
const TERMS: [(&str, &str); 11] = [
    (
        "wall time",
        "how long the run took from the page handing the job to its mode to the result back in the page, on the page's clock, in every mode: messages, copies, start-up and letting \"running\" paint included. Every speed-up, chart and comparison divides wall times",
    ),
    (
        "compute time",
        "the job's own work, timed where it ran (the main thread, a worker, the pool as a whole); where several workers or copies each ran a part, their times added up",
    ),
    (
        "overhead",
        "wall time − compute time: what offloading (or yielding) cost beyond the work. Not given where parts ran at once on several workers: their work added up is no stretch of the wall time",
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
        "how late a 20 ms timer fires: while the main thread is busy, every timer, click and frame waits (what Node.js's perf_hooks.monitorEventLoopDelay measures for a server)",
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
