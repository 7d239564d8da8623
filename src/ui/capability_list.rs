//! What this page can do here, said plainly: a hosted page or a blog's iframe may lack
//! what `trunk serve` gives, and the reader should know which lessons they can see.

use crate::browser::capabilities::{Capabilities, How, Isolation, PoolBlocker};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub caps: Capabilities,
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// Whether the pool's shared memory exists here; isolation alone does not promise it.
fn shared_memory_text(caps: &Capabilities) -> &'static str {
    match (caps.shared_array_buffer, caps.shared_memory) {
        (_, true) => "yes",
        (true, false) => "the constructor exists, but no shared WebAssembly memory can be made",
        (false, false) if caps.cross_origin_isolated => {
            "no, although the page is cross-origin isolated (this browser withholds it)"
        }
        (false, false) => "no",
    }
}

const NO_HEADERS: &str = "the server sent no COOP and COEP headers";

/// How the page got isolated, in words: the reader may wonder why it reloaded once.
fn isolation_text(isolation: &Isolation) -> String {
    let said = match isolation.how {
        How::Headers => "yes, by the server's headers".into(),
        How::ServiceWorker => {
            "yes, by this site's service worker (one reload on the first visit)".into()
        }
        How::None if isolation.pending => "not yet: isolating, reloading once…".into(),
        How::None => format!("no: {}", isolation.why.as_deref().unwrap_or(NO_HEADERS)),
    };
    format!("cross-origin isolated: {said}")
}

#[function_component]
pub fn CapabilityList(Props { caps }: &Props) -> Html {
    html! {
        <section class="capabilities" data-testid="capabilities" data-isolated={caps.cross_origin_isolated.to_string()}
            data-isolation-how={caps.isolation.how_name()}>
            <h2>{ "What this browser lets the page do" }</h2>
            <p class="hint">{ "Only the pool needs the page to be cross-origin isolated: that is what lets its threads share one memory (SharedArrayBuffer). Every other mode works on any page." }</p>
            <ul>
                <li data-testid="isolation">{ isolation_text(&caps.isolation) }</li>
                <li data-testid="shared-memory" data-shared-memory={caps.shared_memory.to_string()}>
                    { format!("SharedArrayBuffer: {}", shared_memory_text(caps)) }</li>
                <li>{ format!("logical cores: {} (the most threads a pool can use well)", caps.cores) }</li>
                <li>{ format!("inside a frame: {}", yes_no(caps.framed)) }</li>
                <li>{ "every mode but the pool: always (main, async, chunked, worker, spawn and message-pool need no shared memory)" }</li>
                <li>{ format!("pool mode: {}", caps.pool_unavailable_reason().unwrap_or_else(|| "yes".into())) }</li>
            </ul>
        </section>
    }
}

/// One line for the embed: isolation and the pool, with the same data attributes as the
/// full list (tests and automation read them).
#[function_component]
pub fn CapabilitySummary(Props { caps }: &Props) -> Html {
    let pool = match caps.pool_blocker() {
        None => "pool: available",
        Some(PoolBlocker::NotIsolated) => "pool: unavailable",
        Some(PoolBlocker::NoSharedMemory) => "pool: unavailable (no SharedArrayBuffer here)",
    };
    html! {
        <p class="capabilities summary" data-testid="capabilities" data-isolated={caps.cross_origin_isolated.to_string()}
            data-isolation-how={caps.isolation.how_name()}>
            <span data-testid="isolation">{ isolation_text(&caps.isolation) }</span>{ format!("; {pool}") }
        </p>
    }
}
