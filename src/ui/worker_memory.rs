//! "Memory the workers hold": each live group of workers (a mode's) and the wasm memory
//! each worker reported with its latest reply, and when a worker was replaced to return
//! the memory a run grew it to (see `crate::workers::memory`).

use crate::workers::memory::{self, GROWTH_FACTOR, Group, KEEP_BELOW_BYTES};
use yew::prelude::*;

const MIB: f64 = 1024.0 * 1024.0;

/// "1025 MiB", "1.1 MiB"; "—" for a worker that has not reported yet.
fn mib(bytes: Option<f64>) -> String {
    match bytes.map(|b| b / MIB) {
        None => "—".into(),
        Some(m) if m < 10.0 => format!("{m:.1} MiB"),
        Some(m) => format!("{m:.0} MiB"),
    }
}

fn what(group: &Group) -> String {
    let count = group.workers.len();
    let workers = if count == 1 {
        "1 worker".to_string()
    } else {
        let each: Vec<String> = group.workers.iter().map(|b| mib(*b)).collect();
        format!("{count} workers: {}", each.join(" + "))
    };
    match group.returned {
        None => workers,
        Some(returned) => format!(
            "{workers}; replaced after a run grew one to {} ({} time{} so far), which returned that memory",
            mib(Some(returned.bytes)),
            returned.count,
            if returned.count == 1 { "" } else { "s" },
        ),
    }
}

fn row(group: &Group) -> Html {
    let returned = group.returned;
    html! {
        <>
            <dt>{ group.name }</dt>
            <dd data-testid={format!("worker-memory-{}", group.name)}
                data-bytes={group.total_bytes().map(|b| format!("{b:.0}"))}
                data-workers={group.workers.len().to_string()}
                data-returned-bytes={returned.map(|r| format!("{:.0}", r.bytes))}
                data-returned-count={returned.map(|r| r.count.to_string())}>
                { mib(group.total_bytes()) }
            </dd>
            <dd class="what">{ what(group) }</dd>
        </>
    }
}

#[function_component]
pub fn WorkerMemory() -> Html {
    let groups = use_state(Vec::<Group>::new);
    {
        let groups = groups.clone();
        use_effect_with((), move |_| {
            let id = memory::listen(Callback::from(move |now| groups.set(now)));
            move || memory::unlisten(id)
        });
    }
    let rule = format!(
        "WebAssembly memory only grows: a worker keeps what its largest job needed for as long as it lives. After a run that grew a worker past {:.0} MiB and past {GROWTH_FACTOR:.0}× its size at start, the page replaces it with a fresh one, which returns that memory to the browser.",
        KEEP_BELOW_BYTES / MIB
    );
    html! {
        <section class="overheads" data-testid="worker-memory">
            <h2>{ "Memory the workers hold" }</h2>
            <p class="hint">{ "Each live worker's WebAssembly memory in MiB, as it reported with its latest message (the pool's threads share the engine's). " }{ rule }</p>
            if groups.is_empty() {
                <p data-testid="worker-memory-none">{ "— (no worker has started yet: a mode starts its workers when it is first chosen)" }</p>
            } else {
                <dl>{ for groups.iter().map(row) }</dl>
            }
        </section>
    }
}
