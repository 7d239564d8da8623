//! Where a finished job's work went, phase by phase, in words and ms: timed where the job
//! ran (in the worker, on the pool, or on the main thread), added over workers for a
//! message-pool. Nothing for a job of one phase: it would repeat the compute time.

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
    let places = (run.plan.mode == Mode::MessagePool).then_some("the workers");
    let Some(text) =
        crate::runs::figures::phases_text(&finished.phases, finished.compute_ms, places)
    else {
        return Html::default();
    };
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
