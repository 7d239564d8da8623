//! The page's boundary with the browser: small types over web-sys, so that everything
//! else (the form, the jobs) stays plain Rust.

pub mod capabilities;
pub mod clipboard;
pub mod query;
pub mod traffic_client;
pub mod trusted_types;
pub mod yield_now;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // `import.meta.url` evaluated inside the page's own wasm-bindgen glue: the hashed file
    // name trunk gave it, which the worker mode's worker imports to instantiate the module.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: js_sys::JsString;
}

/// The URL of this module's JS glue.
pub fn glue_url() -> String {
    GLUE_URL.with(|url| url.into())
}

/// Forces a theme with `data-theme` on `<html>` (www/style.css), or leaves it to the
/// reader's `prefers-color-scheme`.
pub fn set_theme(theme: crate::presentation::Theme) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let (Some(root), Some(name)) = (root, theme.attribute()) {
        let _ = root.set_attribute("data-theme", name);
    }
}

/// The URL of this module's `.wasm`, as trunk's preload link names it (the name is hashed):
/// what a fresh worker that compiles the module itself (mode `spawn`) fetches.
pub fn wasm_url() -> String {
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(r#"link[rel="preload"][type="application/wasm"]"#)
                .ok()
                .flatten()
        })
        .and_then(|link| link.get_attribute("href"));
    let base = web_sys::window().and_then(|w| w.location().href().ok());
    match (link, base) {
        (Some(href), Some(base)) => web_sys::Url::new_with_base(&href, &base)
            .map(|u| u.href())
            .unwrap_or(href),
        (Some(href), None) => href,
        _ => String::new(),
    }
}
