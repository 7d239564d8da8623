//! The job picker and the chosen job's parameters.

use super::number_field::{NumberField, error_of};
use crate::form::{FieldError, Form, JOB_NAMES, Key};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: Form,
    pub errors: Vec<FieldError>,
    pub on_edit: Callback<(Key, String)>,
}

/// What each job does, in one line.
fn describe(job: &str) -> &'static str {
    match job {
        "fib" => "naive recursive Fibonacci of n: exponential work from a tiny input",
        "sort" => "len pseudo-random u32 from a fixed seed, sorted ascending and checked",
        "hash" => "PBKDF2-HMAC-SHA256 of count distinct passwords, iterations each",
        _ => "",
    }
}

#[function_component]
pub fn JobForm(
    Props {
        form,
        errors,
        on_edit,
    }: &Props,
) -> Html {
    let onchange = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: Event| {
            on_edit.emit((
                Key::Job,
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let field = |name: Key, label: &'static str| {
        html! {
            <NumberField {name} {label} value={form.field(name).to_string()}
                error={error_of(errors, name)} on_edit={on_edit.clone()} />
        }
    };
    let known = JOB_NAMES.contains(&form.job.as_str());
    html! {
        <fieldset class="job-form">
            <legend>{ "Job" }</legend>
            <label class="field">
                <span class="label">{ "job" }</span>
                <select data-testid="job" {onchange}>
                    if !known { <option value="" selected=true disabled=true>{ "choose a job" }</option> }
                    { for JOB_NAMES.iter().map(|&name| html! {
                        <option value={name} selected={form.job == name}>{ name }</option>
                    }) }
                </select>
                if let Some(error) = error_of(errors, Key::Job) {
                    <span class="error" role="alert" data-testid="error-job">{ error }</span>
                }
            </label>
            <p class="hint">{ describe(&form.job) }</p>
            { match form.job.as_str() {
                "fib" => field(Key::N, "n"),
                "sort" => field(Key::Len, "len (elements)"),
                "hash" => html! { <>{ field(Key::Count, "count (passwords)") }{ field(Key::Iterations, "iterations") }</> },
                _ => html! {},
            } }
        </fieldset>
    }
}
