//! Whether the reader can see the page. Not when its tab is hidden, nor when it is a frame
//! scrolled out of its host page's view (a blog post read past the embed). Either way the
//! browser paints no frames for it (Chromium runs no animation frames at all for an
//! out-of-view cross-site frame) and may slow its timers, so the meters pause rather than
//! blame a run, and nothing may wait for a frame: a run that did stalled until the reader
//! scrolled back (embed.test.mjs, "scrolled out of view").

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, IntersectionObserver, IntersectionObserverEntry};

/// The tab is hidden (the frame's visibility is only known once a [`SightListener`] hears).
pub fn is_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// An observer of the document's root and its callback, which must live as long as it.
type RootObserver = (IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>);

/// Calls back with `unseen` (tab hidden, or frame out of view) on every change of either;
/// dropping it removes both listeners.
pub struct SightListener {
    document: Document,
    on_visibility: Closure<dyn FnMut()>,
    /// Only in a frame: a top-level page's root element is always in its own view.
    in_view: Option<RootObserver>,
}

impl SightListener {
    pub fn start(on_change: impl FnMut(bool) + 'static) -> Option<SightListener> {
        let window = web_sys::window()?;
        let document = window.document()?;
        let in_view = Rc::new(Cell::new(true));
        let on_change = RefCell::new(on_change);
        let tell = {
            let in_view = in_view.clone();
            Rc::new(move || (on_change.borrow_mut())(is_hidden() || !in_view.get()))
        };
        let on_visibility = {
            let tell = tell.clone();
            Closure::<dyn FnMut()>::new(move || tell())
        };
        document
            .add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            )
            .ok()?;
        let in_a_frame = window
            .top()
            .ok()
            .flatten()
            .is_some_and(|top| !js_sys::Object::is(top.as_ref(), window.as_ref()));
        let in_view = in_a_frame
            .then(|| {
                observe_root(&document, move |seen| {
                    if in_view.replace(seen) != seen {
                        tell();
                    }
                })
            })
            .flatten();
        Some(SightListener {
            document,
            on_visibility,
            in_view,
        })
    }
}

/// Watches whether any of the document's root element is within the top page's viewport
/// (for a frame, the implicit root is the top-level viewport, across origins too).
fn observe_root(
    document: &Document,
    mut on_change: impl FnMut(bool) + 'static,
) -> Option<RootObserver> {
    let root = document.document_element()?;
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // Entries come oldest first; the newest says where things stand.
        if let Some(entry) = entries.iter().last() {
            on_change(
                entry
                    .unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting(),
            );
        }
    });
    let observer = IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some((observer, callback))
}

impl Drop for SightListener {
    fn drop(&mut self) {
        let _ = self.document.remove_event_listener_with_callback(
            "visibilitychange",
            self.on_visibility.as_ref().unchecked_ref(),
        );
        if let Some((observer, _)) = &self.in_view {
            observer.disconnect();
        }
    }
}
