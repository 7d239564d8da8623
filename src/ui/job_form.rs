//! The job picker and the chosen job's parameters.

use super::number_field::{NumberField, error_of};
use crate::form::{Form, JOB_NAMES};
use offload_jobs::limits::ParamError;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: Form,
    pub errors: Vec<ParamError>,
    pub on_edit: Callback<(&'static str, String)>,
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
                "job",
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let field = |name: &'static str, label: &'static str| {
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
                if let Some(error) = error_of(errors, "job") {
                    <span class="error" role="alert" data-testid="error-job">{ error }</span>
                }
            </label>
            <p class="hint">{ describe(&form.job) }</p>
            { match form.job.as_str() {
                "fib" => field("n", "n"),
                "sort" => field("len", "len (elements)"),
                "hash" => html! { <>{ field("count", "count (passwords)") }{ field("iterations", "iterations") }</> },
                _ => html! {},
            } }
        </fieldset>
    }
}
