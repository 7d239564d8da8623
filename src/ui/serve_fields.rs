//! "Serve traffic": Run sends a stream of requests instead of one job (issue 18). Empty
//! `serve` keeps Run to one job; the stream's other fields show once it is set.

use super::number_field::{NumberField, error_of};
use crate::form::{Arrivals, FieldError, Form, Key};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: Form,
    pub errors: Vec<FieldError>,
    pub on_edit: Callback<(Key, String)>,
}

#[function_component]
pub fn ServeFields(
    Props {
        form,
        errors,
        on_edit,
    }: &Props,
) -> Html {
    let field = |name: Key, label: &'static str| {
        html! {
            <NumberField {name} {label} value={form.field(name).to_string()}
                error={error_of(errors, name)} on_edit={on_edit.clone()} />
        }
    };
    let serving = !form.serve.trim().is_empty();
    let on_arrivals = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_edit.emit((Key::Arrivals, value))
        })
    };
    html! {
        <fieldset class="serve-fields" data-testid="serve-fields">
            <legend>{ "Serve traffic" }</legend>
            { field(Key::Serve, "serve (requests a second; empty: one job)") }
            if serving {
                { field(Key::Duration, "duration (s)") }
                { field(Key::Heavy, "heavy (% of requests)") }
                { field(Key::Queue, "queue (auto, unbounded, or how many may wait)") }
                <label class="field">
                    <span class="label">{ "arrivals" }</span>
                    <select data-testid="field-arrivals" onchange={on_arrivals}>
                        { for Arrivals::NAMES.iter().map(|&name| html! {
                            <option value={name} selected={form.arrivals == name}>{ name }</option>
                        }) }
                    </select>
                    if let Some(error) = error_of(errors, Key::Arrivals) {
                        <span class="error" role="alert" data-testid="error-arrivals">{ error }</span>
                    }
                </label>
            }
            <p class="hint" data-testid="serve-hint">
                { if serving {
                    "Run serves a stream, as the articles' server does: /heavy requests run the job in the chosen mode, \
                     /light ones are a tiny page answered on the main thread. A worker sends them at their times, \
                     whatever the main thread is doing, and each latency counts from that time."
                } else {
                    "Set a rate to serve a stream of /light and /heavy requests instead of one job, and see who waits."
                } }
            </p>
        </fieldset>
    }
}
