//! "Copy embed code": the iframe and resize script for this set-up, copied to the
//! clipboard and shown in a text box too, for browsers (or frames) that refuse the copy.
//! "Load on click" makes it `load=click`: a post with several demos then fetches a small
//! preview for each until its reader asks for one (`xtask/src/click_to_load.rs`).

use crate::browser::{clipboard, query};
use crate::embed_code::snippet;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The iframe's title, for screen readers: what the set-up runs.
    pub title: String,
}

#[function_component]
pub fn EmbedCode(Props { title }: &Props) -> Html {
    let code = use_state(|| None::<String>);
    let status = use_state(String::new);
    let on_click_only = use_state(|| false);
    let onclick = {
        let (code, status, title) = (code.clone(), status.clone(), title.clone());
        let load = (*on_click_only).then_some("click");
        // Built at the click, from the address, which always holds the current set-up.
        Callback::from(move |_: MouseEvent| {
            let url = query::current_url_with(&[("embed", Some("1")), ("load", load)]);
            let text = snippet(&url, &title);
            code.set(Some(text.clone()));
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match clipboard::write_text(&text).await {
                    Ok(()) => "Copied".into(),
                    Err(why) => format!("Not copied ({why}): select the code below and copy it."),
                });
            });
        })
    };
    html! {
        <section class="embed-code">
            <button data-testid="copy-embed" {onclick}>{ "Copy embed code" }</button>
            <label class="hint">
                <input type="checkbox" data-testid="embed-load-click" checked={*on_click_only}
                    onchange={move |_| on_click_only.set(!*on_click_only)} />
                { " load on click (a preview of a few KB until the reader asks: for posts with several demos)" }
            </label>
            <span class="hint" role="status" data-testid="embed-code-status">{ (*status).clone() }</span>
            if let Some(code) = &*code {
                <textarea data-testid="embed-code" readonly=true rows="8" value={code.clone()} />
            }
        </section>
    }
}
