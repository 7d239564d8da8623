//! Whether the tab is hidden, and a listener for `visibilitychange`: a hidden tab paints
//! no frames and its timers are throttled, so the meters pause rather than blame a run.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

pub fn is_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Calls back with `hidden` on every change; dropping it removes the listener.
pub struct VisibilityListener {
    document: web_sys::Document,
    callback: Closure<dyn FnMut()>,
}

impl VisibilityListener {
    pub fn start(mut on_change: impl FnMut(bool) + 'static) -> Option<VisibilityListener> {
        let document = web_sys::window()?.document()?;
        let callback = Closure::<dyn FnMut()>::new(move || on_change(is_hidden()));
        document
            .add_event_listener_with_callback("visibilitychange", callback.as_ref().unchecked_ref())
            .ok()?;
        Some(VisibilityListener { document, callback })
    }
}

impl Drop for VisibilityListener {
    fn drop(&mut self) {
        let _ = self.document.remove_event_listener_with_callback(
            "visibilitychange",
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
