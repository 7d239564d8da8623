//! What this page can do here, said plainly: a hosted page or a blog's iframe may lack
//! what `trunk serve` gives, and the reader should know which lessons they can see.

use crate::browser::capabilities::Capabilities;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub caps: Capabilities,
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

#[function_component]
pub fn CapabilityList(Props { caps }: &Props) -> Html {
    html! {
        <section class="capabilities" data-testid="capabilities" data-isolated={caps.cross_origin_isolated.to_string()}>
            <h2>{ "This page can…" }</h2>
            <ul>
                <li>{ format!("cross-origin isolated: {}", yes_no(caps.cross_origin_isolated)) }</li>
                <li>{ format!("SharedArrayBuffer: {}", yes_no(caps.shared_array_buffer)) }</li>
                <li>{ format!("logical cores: {}", caps.cores) }</li>
                <li>{ format!("inside a frame: {}", yes_no(caps.framed)) }</li>
                <li>{ "main and worker modes: always" }</li>
                <li>{ format!("pool mode: {}", caps.pool_unavailable_reason().unwrap_or_else(|| "yes".into())) }</li>
            </ul>
        </section>
    }
}
