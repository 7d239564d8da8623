//! "Overheads": what a run pays before its job does any work. The pool's start and its
//! empty task come from the engine when the pool starts; a worker's start and a message's
//! round trip are measured on request, with a worker of their own.

use crate::modes::round_trip::{self, PINGS, RoundTrip};
use crate::workers::host::StartFigures;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The pool's figures; None where the page cannot have a pool.
    pub pool: Option<StartFigures>,
}

#[derive(Clone, PartialEq)]
enum Probe {
    NotMeasured,
    Measuring,
    Measured(RoundTrip),
    Failed(String),
}

/// Milliseconds, with the precision small figures need.
fn ms(value: Option<f64>) -> String {
    match value {
        None => "—".into(),
        Some(v) if v < 1.0 => format!("{v:.3} ms"),
        Some(v) => format!("{v:.1} ms"),
    }
}

/// As a data attribute: the number, or nothing.
fn attr(value: Option<f64>) -> Option<String> {
    value.map(|v| format!("{v:.4}"))
}

fn row(name: &str, value: Option<f64>, testid: &str, what: &str) -> Html {
    html! {
        <>
            <dt>{ name }</dt>
            <dd data-testid={testid.to_string()}>{ ms(value) }</dd>
            <dd class="what">{ what }</dd>
        </>
    }
}

#[function_component]
pub fn Overheads(Props { pool }: &Props) -> Html {
    let probe = use_state(|| Probe::NotMeasured);
    let onclick = {
        let probe = probe.clone();
        Callback::from(move |_: MouseEvent| {
            probe.set(Probe::Measuring);
            let probe = probe.clone();
            wasm_bindgen_futures::spawn_local(async move {
                probe.set(match round_trip::measure().await {
                    Ok(measured) => Probe::Measured(measured),
                    Err(reason) => Probe::Failed(reason),
                });
            });
        })
    };
    let pool = pool.unwrap_or_default();
    let measured = match &*probe {
        Probe::Measured(m) => Some(*m),
        _ => None,
    };
    let worker_start = measured.map(|m| m.worker_start_ms);
    let round_trip = measured.map(|m| m.median_ms);
    let pool_what = "from the boot message to Ready: compiling the engine, starting its threads (and timing the empty task below); the pool mode starts it";
    html! {
        <section class="overheads" data-testid="overheads"
            data-pool-start-ms={attr(pool.start_ms)} data-empty-task-ms={attr(pool.empty_task_ms)}
            data-worker-start-ms={attr(worker_start)} data-round-trip-ms={attr(round_trip)}>
            <h2>{ "Overheads" }</h2>
            <p class="hint">{ "What the machinery costs beside the work, measured in this browser. A start is paid once per mode (its workers are then reused); a message or an empty task on every run or task. Compare them with a run's wall time: a job not much longer than these gains little from leaving the main thread." }</p>
            <dl>
                { row("pool start", pool.start_ms, "overhead-pool-start", pool_what) }
                { row("empty pool task", pool.empty_task_ms, "overhead-empty-task",
                    "round trip of a task that does nothing, spawned on the pool and awaited: median of 51, measured by the engine as it starts") }
                { row("worker start", worker_start, "overhead-worker-start",
                    "a worker with a second instance of the page's module, from the boot message to Ready") }
                { row("worker message round trip", round_trip, "overhead-round-trip",
                    &format!("an empty message to that worker and its answer, as the page sees it: median of {PINGS}")) }
            </dl>
            <button class="measure" data-testid="measure-overheads" disabled={*probe == Probe::Measuring} {onclick}>
                { if *probe == Probe::Measuring { "Measuring…" } else { "Measure the worker's start and round trip" } }
            </button>
            if let Probe::Failed(reason) = &*probe {
                <p class="error" role="alert">{ format!("Could not measure: {reason}") }</p>
            }
        </section>
    }
}
