//! "burst": how many copies of the job Run submits at once, and what the chosen mode does
//! with them.

use super::number_field::{NumberField, error_of};
use crate::form::{FieldError, Form, Key, Mode};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: Form,
    pub errors: Vec<FieldError>,
    pub on_edit: Callback<(Key, String)>,
}

/// Where the copies go in `mode`.
fn where_copies_go(mode: Option<Mode>) -> &'static str {
    match mode {
        Some(Mode::Main | Mode::Async) => {
            "on the main thread one after another, in one freeze: no copy's result shows before the last is done"
        }
        Some(Mode::Chunked) => "on the main thread one after another, each in slices",
        Some(Mode::Worker) => "queued on the page for the one worker, which takes one at a time",
        Some(Mode::Spawn) => "each to a new worker, all started at once, sharing the cores",
        Some(Mode::MessagePool) => {
            "split into tasks, every copy's in the one queue at once, spread over the workers"
        }
        Some(Mode::Pool) => "all at once on the pool's threads, which share them",
        Some(_) => "nowhere: peers run one copy",
        None => "",
    }
}

#[function_component]
pub fn BurstField(
    Props {
        form,
        errors,
        on_edit,
    }: &Props,
) -> Html {
    html! {
        <div class="burst-field">
            <NumberField name={Key::Burst} label="burst (copies at once)" value={form.burst.clone()}
                error={error_of(errors, Key::Burst)} on_edit={on_edit.clone()} />
            <p class="hint" data-testid="burst-hint">
                { "Run submits this many copies of the job at once, as requests reach a server at once; here they go " }
                { where_copies_go(form.mode()) }{ "." }
            </p>
        </div>
    }
}
