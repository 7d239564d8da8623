//! "Copy embed code": the iframe and resize script for this set-up, copied to the
//! clipboard and shown in a text box too, for browsers (or frames) that refuse the copy.

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
    let onclick = {
        let (code, status, title) = (code.clone(), status.clone(), title.clone());
        // Built at the click, from the address, which always holds the current set-up.
        Callback::from(move |_: MouseEvent| {
            let text = snippet(&query::current_url_with(&[("embed", Some("1"))]), &title);
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
            <span class="hint" role="status" data-testid="embed-code-status">{ (*status).clone() }</span>
            if let Some(code) = &*code {
                <textarea data-testid="embed-code" readonly=true rows="8" value={code.clone()} />
            }
        </section>
    }
}
