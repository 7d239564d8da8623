//! The embed's mode picker: every mode as a short radio label in two rows (Offload's, then
//! the browser's own), and the explanation and readiness of the chosen one only. The full
//! page's `ModePicker` lists every mode with its explanation, which took a post ~900 px.
//! Each label keeps the full picker's `data-testid`, `data-readiness` and `data-threads`,
//! and says its readiness to screen readers. The chosen mode's own fields (threads, the
//! crossing) are the embed's to place: a row below, across the whole width.

use super::mode_picker::{ModeChoice, describe, in_node};
use super::number_field::error_of;
use crate::form::{Key, Mode};
use crate::modes::Readiness;
use yew::prelude::*;

pub use super::mode_picker::Props;

#[function_component]
pub fn ModeChips(
    Props {
        form,
        errors,
        readiness,
        on_edit,
        ..
    }: &Props,
) -> Html {
    let chosen = form.mode();
    let chip = |(mode, readiness): &(Mode, Readiness)| {
        let choice = ModeChoice::new(*mode, readiness, form, on_edit);
        html! {
            <label class={classes!("chip", choice.state, choice.no_peer.map(|_| "disabled"))} data-testid={choice.testid()}
                data-readiness={choice.state} data-threads={choice.threads.clone()}>
                { choice.radio(chosen) }
                <span class="visually-hidden">{ format!(", {}", choice.said) }</span>
            </label>
        }
    };
    let (peers, own): (Vec<_>, Vec<_>) = readiness.iter().partition(|(m, _)| m.is_peer());
    let explained = readiness
        .iter()
        .find(|(m, _)| Some(*m) == chosen)
        .map(|(mode, ready)| {
            let choice = ModeChoice::new(*mode, ready, form, on_edit);
            html! {
                <p class="mode-explained" data-testid="mode-explained">
                    <span class="mode-name">{ mode.name() }</span>{ format!(": {}. ", describe(*mode)) }
                    if let Some(node) = in_node(*mode) {
                        { format!("In Node.js: {node}. ") }
                    }
                    <span class={classes!("readiness", choice.state)}>{ choice.said }</span>
                </p>
            }
        });
    html! {
        <fieldset class="mode-picker mode-chips">
            <legend>{ "Mode" }</legend>
            <div class="chip-row" data-testid="modes-offload">
                <span class="chip-group">{ "Offload" }</span>
                { for own.into_iter().map(chip) }
            </div>
            <div class="chip-row" data-testid="modes-peers">
                <span class="chip-group">{ "the browser's own code" }</span>
                { for peers.into_iter().map(chip) }
            </div>
            { for explained }
            if let Some(error) = error_of(errors, Key::Mode) {
                <span class="error" role="alert" data-testid="error-mode">{ error }</span>
            }
        </fieldset>
    }
}
