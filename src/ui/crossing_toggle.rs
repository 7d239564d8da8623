//! How a message-pool's sort hands its arrays between the page and the workers: copied by
//! structured clone, or moved by transfer. The run reports the bytes either way.

use crate::form::{CROSSINGS, Key};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub crossing: String,
    pub error: Option<String>,
    pub on_edit: Callback<(Key, String)>,
}

fn describe(crossing: &str) -> &'static str {
    match crossing {
        "transfer" => "transfer: the buffer moves, and the sender can no longer read it",
        _ => "structured clone: the receiver gets a copy",
    }
}

#[function_component]
pub fn CrossingToggle(
    Props {
        crossing,
        error,
        on_edit,
    }: &Props,
) -> Html {
    let option = |&name: &&'static str| {
        let onchange = {
            let on_edit = on_edit.clone();
            Callback::from(move |_: Event| on_edit.emit((Key::Crossing, name.into())))
        };
        html! {
            <label data-testid={format!("crossing-{name}")}>
                <input type="radio" name={Key::Crossing.name()} value={name} checked={crossing == name} {onchange} />
                { describe(name) }
            </label>
        }
    };
    html! {
        <fieldset class="crossing">
            <legend>{ "Sorted arrays cross by" }</legend>
            { for CROSSINGS.iter().map(option) }
            if let Some(error) = error {
                <span class="error" role="alert" data-testid="error-crossing">{ error }</span>
            }
        </fieldset>
    }
}
