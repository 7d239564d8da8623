//! The URL query: read once at start-up, rewritten in place (no reload, no new history
//! entry) whenever a control changes, so the address bar is always a link to this set-up.
//! The format itself is [`urlencoded`], pure and fuzzed natively; this file only reaches
//! the browser's address.

pub mod urlencoded;

use crate::form::Directive;

/// The query's pairs, decoded.
pub fn read() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    urlencoded::parse(&search)
}

/// Replaces the query with `pairs`, plus the parameters the page does not own but keeps
/// ([`Directive::is_kept`]: `coi`, `embed`, `theme`, `load`).
pub fn write(pairs: &[(&str, &str)]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let current = read();
    let kept = current
        .iter()
        .filter(|(name, _)| Directive::from_name(name).is_some_and(Directive::is_kept))
        .map(|(name, value)| (name.as_str(), value.as_str()));
    let query = urlencoded::serialize(pairs.iter().copied().chain(kept));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("?{query}")),
        );
    }
}

/// This page's absolute URL with its current query, each `key` set to its value (or
/// removed, for None): the embed code's iframe (`embed=1`) and the embed's link to the full
/// page (without `embed` and `load`).
pub fn current_url_with(changes: &[(&str, Option<&str>)]) -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let Ok(url) = web_sys::Url::new(&href) else {
        return href;
    };
    let params = url.search_params();
    for &(key, value) in changes {
        match value {
            Some(value) => params.set(key, value),
            None => params.delete(key),
        }
    }
    url.href()
}
