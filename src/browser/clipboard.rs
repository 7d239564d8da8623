//! Writing text to the clipboard, where the browser allows it. Reached through Reflect:
//! `navigator.clipboard` is missing outside secure contexts, and a call web-sys assumes
//! exists would throw through the module there.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Copies `text`; Err says why not (no clipboard here, or the browser refused).
pub async fn write_text(text: &str) -> Result<(), String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    let write = Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or("this page has no clipboard access here (it needs HTTPS)")?;
    let promise = write
        .call1(&clipboard, &text.into())
        .and_then(|p| p.dyn_into::<Promise>())
        .map_err(reason)?;
    JsFuture::from(promise).await.map(drop).map_err(reason)
}

/// A rejection's message (a DOMException's, usually), as plain text.
fn reason(error: JsValue) -> String {
    Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}
