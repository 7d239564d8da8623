//! One numeric parameter: its label, the raw text (a bad value stays visible to fix) and,
//! when it is wrong, a message naming the parameter and its allowed range.

use crate::form::{FieldError, Key};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The field this edits.
    pub name: Key,
    pub label: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub on_edit: Callback<(Key, String)>,
    /// Told when the value is committed (Enter, or focus leaves the field).
    #[prop_or_default]
    pub on_commit: Callback<Key>,
}

#[function_component]
pub fn NumberField(props: &Props) -> Html {
    let Props {
        name,
        label,
        value,
        error,
        on_edit,
        on_commit,
    } = props;
    let onchange = {
        let (name, on_commit) = (*name, on_commit.clone());
        Callback::from(move |_: Event| on_commit.emit(name))
    };
    let oninput = {
        let (name, on_edit) = (*name, on_edit.clone());
        Callback::from(move |e: InputEvent| {
            on_edit.emit((name, e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let class = if error.is_some() {
        "field invalid"
    } else {
        "field"
    };
    html! {
        <label class={class}>
            <span class="label">{ *label }</span>
            <input type="text" inputmode="numeric" autocomplete="off" spellcheck="false"
                data-testid={format!("field-{}", name.name())} value={value.clone()} {oninput} {onchange}
                aria-invalid={error.is_some().to_string()} />
            if let Some(error) = error {
                <span class="error" role="alert" data-testid={format!("error-{}", name.name())}>{ error }</span>
            }
        </label>
    }
}

/// The message for `key` among a form's errors, if it has one.
pub fn error_of(errors: &[FieldError], key: Key) -> Option<String> {
    errors
        .iter()
        .find(|e| e.key == key)
        .map(|e| e.message.clone())
}
