//! The embed's mode picker: every mode as a short radio label in two rows (Offload's, then
//! the browser's own), and the explanation and readiness of the chosen one only. The full
//! page's `ModePicker` lists every mode with its explanation, which took a post ~900 px.
//! Each label keeps the full picker's `data-testid`, `data-readiness` and `data-threads`,
//! and says its readiness to screen readers. The chosen mode's own fields (threads, the
//! crossing) are the embed's to place: a row below, across the whole width.

use super::mode_picker::{ModeChoice, describe, readiness_text, state_of};
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
        let ModeChoice {
            mode,
            no_peer,
            onchange,
            threads,
            state,
        } = ModeChoice::new(*mode, readiness, form, on_edit);
        let said = match no_peer {
            Some(why) => format!("not for {}: {why}", form.job),
            None => readiness_text(readiness),
        };
        html! {
            <label class={classes!("chip", state, no_peer.map(|_| "disabled"))} data-testid={format!("mode-{}", mode.name())}
                data-readiness={state} data-threads={threads}>
                <input type="radio" name={Key::Mode.name()} value={mode.name()} checked={chosen == Some(mode)}
                    disabled={no_peer.is_some() && chosen != Some(mode)} {onchange} />
                <span class="mode-name">{ mode.name() }</span>
                <span class="visually-hidden">{ format!(", {said}") }</span>
            </label>
        }
    };
    let (peers, own): (Vec<_>, Vec<_>) = readiness.iter().partition(|(m, _)| m.is_peer());
    let explained = chosen.map(|mode| {
        let ready = readiness.iter().find(|(m, _)| *m == mode).map(|(_, r)| r);
        let no_peer = crate::peers::unavailable_for(mode, &form.job);
        let state = ready.map_or("starting", |r| state_of(r, no_peer.is_some()));
        let said = match (no_peer, ready) {
            (Some(why), _) => format!("not for {}: {why}", form.job),
            (None, Some(r)) => readiness_text(r),
            (None, None) => String::new(),
        };
        html! {
            <p class="mode-explained" data-testid="mode-explained">
                <span class="mode-name">{ mode.name() }</span>{ format!(": {}. ", describe(mode)) }
                <span class={classes!("readiness", state)}>{ said }</span>
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
