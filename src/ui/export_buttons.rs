//! "Download CSV" and "Download JSON": the whole history, every run with its figures, as
//! a file made in the page (a Blob behind an object URL, saved through a[download]).

use crate::runs::export;
use crate::runs::{History, Run};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub runs: History,
}

/// Saves `text` as `name`; returns why not if the browser refused.
fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make a link to the file".to_string())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link element")?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The click has started the download; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

#[function_component]
pub fn ExportButtons(Props { runs }: &Props) -> Html {
    let error = use_state(|| None::<String>);
    if runs.is_empty() {
        return html! {};
    }
    let save = |name: &'static str, mime: &'static str, make: fn(&[Run]) -> String| {
        let runs = runs.clone();
        let error = error.clone();
        Callback::from(move |_| error.set(download(name, mime, &make(&runs)).err()))
    };
    html! {
        <div class="export" data-testid="export">
            <span class="small">{ format!("The history ({} runs) with every figure:", runs.len()) }</span>
            <button type="button" data-testid="export-csv" onclick={save("offload-runs.csv", "text/csv", export::to_csv)}>{ "Download CSV" }</button>
            <button type="button" data-testid="export-json" onclick={save("offload-runs.json", "application/json", export::to_json)}>{ "Download JSON" }</button>
            if let Some(error) = &*error {
                <span class="error" role="alert">{ error }</span>
            }
        </div>
    }
}
