//! Where a finished job's time went, phase by phase, in words and ms: timed where the job
//! ran (in the worker, on the pool, or on the main thread), summed over workers for a
//! message-pool.

use super::cssom_span::CssomSpan;
use crate::form::Mode;
use crate::runs::{Run, RunState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Run,
}

#[function_component]
pub fn PhaseBreakdown(Props { run }: &Props) -> Html {
    let RunState::Done(finished) = &run.state else {
        return Html::default();
    };
    if finished.phases.is_empty() {
        return Html::default();
    }
    let parts: Vec<String> = finished
        .phases
        .iter()
        .map(|p| format!("{} {:.0} ms", p.name, p.ms))
        .collect();
    let sum: f64 = finished.phases.iter().map(|p| p.ms).sum();
    let whose = match run.plan.mode {
        Mode::MessagePool => "summed over the workers, ",
        _ => "",
    };
    let text = format!(
        "Where the time went ({whose}measured where the job ran): {}; {:.0} ms in all, of {:.0} ms compute time.",
        parts.join(", "),
        sum,
        finished.compute_ms
    );
    html! {
        <div class="phase-breakdown" data-testid="phases">
            <p>{ text }</p>
            <div class="phase-bar" aria-hidden="true">
                { for finished.phases.iter().map(|p| {
                    let properties = vec![("flex-grow", format!("{:.3}", p.ms.max(0.0)))];
                    html! { <CssomSpan class={classes!("phase", p.name.clone())} {properties} title={format!("{} {:.0} ms", p.name, p.ms)}>{ &p.name }</CssomSpan> }
                }) }
            </div>
        </div>
    }
}
