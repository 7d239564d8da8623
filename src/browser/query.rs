//! The URL query: read once at start-up, rewritten in place (no reload, no new history
//! entry) whenever a control changes, so the address bar is always a link to this set-up.

use web_sys::UrlSearchParams;

/// The query's pairs, decoded.
pub fn read() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let Ok(params) = UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for entry in params.entries() {
        let Ok(entry) = entry else { continue };
        let entry: js_sys::Array = entry.into();
        if let (Some(key), Some(value)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
            pairs.push((key, value));
        }
    }
    pairs
}

/// Parameters the page does not own but keeps: `coi`, read by www/isolation.js before
/// the page starts (a reload without it would register the service worker again), and
/// how the page is shown (`embed`, `theme`: src/presentation.rs), read once at start-up.
const KEPT: [&str; 3] = ["coi", "embed", "theme"];

/// Replaces the query with `pairs` (encoded by URLSearchParams), plus the [`KEPT`] ones.
pub fn write(pairs: &[(&str, &str)]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(params) = UrlSearchParams::new() else {
        return;
    };
    for (key, value) in pairs {
        params.append(key, value);
    }
    for (key, value) in read().iter().filter(|(k, _)| KEPT.contains(&k.as_str())) {
        params.append(key, value);
    }
    let query: String = params.to_string().into();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("?{query}")),
        );
    }
}

/// This page's absolute URL with its current query, `key` set to `value` (or removed, for
/// None): the embed code's iframe (`embed=1`) and the embed's link to the full page.
pub fn current_url_with(key: &str, value: Option<&str>) -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let Ok(url) = web_sys::Url::new(&href) else {
        return href;
    };
    let params = url.search_params();
    match value {
        Some(value) => params.set(key, value),
        None => params.delete(key),
    }
    url.href()
}
