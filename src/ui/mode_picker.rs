//! The mode picker: where the job runs, whether that place is ready, and the pool's size.

use super::crossing_toggle::CrossingToggle;
use super::number_field::{NumberField, error_of};
use crate::form::{FieldError, Form, Key, Mode};
use crate::modes::Readiness;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: Form,
    pub errors: Vec<FieldError>,
    pub readiness: Vec<(Mode, Readiness)>,
    pub on_edit: Callback<(Key, String)>,
    pub on_commit: Callback<Key>,
}

/// What choosing a mode means for the page.
pub(super) fn describe(mode: Mode) -> &'static str {
    match mode {
        Mode::Main => "on the main thread: the page freezes until the job is done",
        Mode::Async => {
            "in an async function awaited on the main thread: freezes the page like main, because the work never yields"
        }
        Mode::Chunked => {
            "on the main thread in slices, yielding to the event loop between them: the page stays live, the job takes longer"
        }
        Mode::Worker => "in one Web Worker: inputs and results are copied across as messages",
        Mode::Spawn => {
            "in a new Web Worker for every run: each run pays the worker's start-up, which a reused worker pays once"
        }
        Mode::MessagePool => {
            "on a pool of workers that share no memory: the job is split into tasks, and data crosses as messages (works on any page)"
        }
        Mode::Pool => "on a rayon pool over SharedArrayBuffer, in its own worker",
        Mode::JsMain => {
            "the same job in plain JavaScript on the main thread: freezes the page like main"
        }
        Mode::JsWorker => "the same job in plain JavaScript in a Web Worker",
        Mode::WebCrypto => {
            "WebCrypto's PBKDF2, one password at a time: the browser works off the main thread while the page awaits"
        }
        Mode::WebCryptoAll => {
            "WebCrypto's PBKDF2, every password at once with Promise.all: the browser may use several threads"
        }
    }
}

/// The mode's counterpart in Node.js, for readers who come from the articles on its event
/// loop; None for the peers (the browser's own code has none).
pub(super) fn in_node(mode: Mode) -> Option<&'static str> {
    Some(match mode {
        Mode::Main => "a request handler that computes inline, on the event loop",
        Mode::Async => "an async handler: still on the event loop",
        Mode::Chunked => "work in chunks with setImmediate() between them",
        Mode::Worker => "one worker_threads Worker",
        Mode::Spawn => "new Worker() in every request handler",
        Mode::MessagePool => {
            "a Piscina pool (worker_threads, data by structured clone or transfer)"
        }
        Mode::Pool => "worker_threads sharing a SharedArrayBuffer",
        _ => return None,
    })
}

/// What both pickers know of one mode: whether it is a peer without code for this job,
/// what choosing it does, the pool's threads once ready, its state's word (the
/// `data-readiness` the tests read, and a class www/style.css colours) and its sentence.
pub(super) struct ModeChoice {
    pub mode: Mode,
    pub no_peer: Option<&'static str>,
    pub onchange: Callback<Event>,
    pub threads: Option<String>,
    pub state: &'static str,
    /// Its readiness in words, or why this peer cannot run the job.
    pub said: String,
}

impl ModeChoice {
    pub fn new(
        mode: Mode,
        readiness: &Readiness,
        form: &Form,
        on_edit: &Callback<(Key, String)>,
    ) -> ModeChoice {
        // A peer that has no code for this job is shown, disabled, with the reason.
        let no_peer = crate::peers::unavailable_for(mode, &form.job);
        let onchange = {
            let on_edit = on_edit.clone();
            Callback::from(move |_: Event| on_edit.emit((Key::Mode, mode.name().into())))
        };
        let threads = match readiness {
            Readiness::Ready { threads } => Some(threads.to_string()),
            _ => None,
        };
        let said = match no_peer {
            Some(why) => format!("not for {}: {why}", form.job),
            None => readiness_text(readiness),
        };
        ModeChoice {
            mode,
            no_peer,
            onchange,
            threads,
            state: state_of(readiness, no_peer.is_some()),
            said,
        }
    }

    /// The radio button and the mode's name, the same in both pickers; a peer without
    /// code for the job is disabled unless it is already the chosen one.
    pub fn radio(&self, chosen: Option<Mode>) -> Html {
        let mode = self.mode;
        html! {
            <>
                <input type="radio" name={Key::Mode.name()} value={mode.name()} checked={chosen == Some(mode)}
                    disabled={self.no_peer.is_some() && chosen != Some(mode)} onchange={self.onchange.clone()} />
                <span class="mode-name">{ mode.name() }</span>
            </>
        }
    }

    pub fn testid(&self) -> String {
        format!("mode-{}", self.mode.name())
    }
}

/// The word a state shows as.
pub(super) fn state_of(readiness: &Readiness, no_peer: bool) -> &'static str {
    match readiness {
        _ if no_peer => "no-peer",
        Readiness::Ready { .. } => "ready",
        Readiness::Unavailable { .. } => "unavailable",
        Readiness::NotStarted => "not-started",
        Readiness::Starting => "starting",
    }
}

pub(super) fn readiness_text(readiness: &Readiness) -> String {
    match readiness {
        Readiness::NotStarted => "starts when you first choose it".into(),
        Readiness::Starting => "starting…".into(),
        Readiness::Ready { threads: 1 } => "ready".into(),
        Readiness::Ready { threads } => format!("ready, {threads} threads"),
        Readiness::Unavailable { reason } => format!("unavailable: {reason}"),
    }
}

#[function_component]
pub fn ModePicker(
    Props {
        form,
        errors,
        readiness,
        on_edit,
        on_commit,
    }: &Props,
) -> Html {
    let chosen = form.mode();
    let option = |(mode, readiness): &(Mode, Readiness)| {
        let choice = ModeChoice::new(*mode, readiness, form, on_edit);
        html! {
            <label class={classes!("mode", choice.no_peer.map(|_| "disabled"))} data-testid={choice.testid()}
                data-readiness={choice.state} data-threads={choice.threads.clone()}>
                { choice.radio(chosen) }
                <span class="hint">{ describe(choice.mode) }
                    if let Some(node) = in_node(choice.mode) {
                        <span class="in-node">{ format!(" In Node.js: {node}.") }</span>
                    }
                </span>
                <span class={classes!("readiness", choice.state)}>{ choice.said.clone() }</span>
            </label>
        }
    };
    let (peers, own): (Vec<_>, Vec<_>) = readiness.iter().partition(|(m, _)| m.is_peer());
    html! {
        <fieldset class="mode-picker">
            <legend>{ "Mode" }</legend>
            <p class="mode-group" data-testid="modes-offload">{ "Offload's modes" }</p>
            { for own.into_iter().map(option) }
            <p class="mode-group" data-testid="modes-peers">{ "The browser's own code, for comparison" }</p>
            { for peers.into_iter().map(option) }
            if let Some(error) = error_of(errors, Key::Mode) {
                <span class="error" role="alert" data-testid="error-mode">{ error }</span>
            }
            { mode_fields(form, errors, on_edit, on_commit) }
        </fieldset>
    }
}

/// The chosen mode's own fields: the pool's size, chunked's slice, the message-pool's
/// crossing for a sort. The embed's compact picker shows them too.
pub(super) fn mode_fields(
    form: &Form,
    errors: &[FieldError],
    on_edit: &Callback<(Key, String)>,
    on_commit: &Callback<Key>,
) -> Html {
    let chosen = form.mode();
    html! {
        <>
            if chosen.is_some_and(Mode::has_threads) {
                <NumberField name={Key::Threads} label="threads" value={form.threads.clone()}
                    error={error_of(errors, Key::Threads)} on_edit={on_edit.clone()}
                    on_commit={on_commit.clone()} />
                <p class="hint">{ "A new thread count resizes the pool when you press Enter or leave the field (no reload; a run in progress finishes first)." }</p>
            }
            if chosen == Some(Mode::Chunked) {
                <NumberField name={Key::Slice} label="slice (ms of work between two yields)" value={form.slice.clone()}
                    error={error_of(errors, Key::Slice)} on_edit={on_edit.clone()} />
            }
            if chosen == Some(Mode::MessagePool) && form.job == "sort" {
                <CrossingToggle crossing={form.crossing.clone()} error={error_of(errors, Key::Crossing)}
                    on_edit={on_edit.clone()} />
            }
        </>
    }
}
