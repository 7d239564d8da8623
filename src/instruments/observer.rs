//! A PerformanceObserver for the entry types a browser has, read through `Reflect` because
//! the fields the meters need (`processingStart`, `blockingDuration`, `durationThreshold`)
//! are newer than web-sys's bindings.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{PerformanceEntry, PerformanceObserver, PerformanceObserverEntryList};

/// One entry type to observe, with its options.
pub struct Watch {
    pub entry_type: &'static str,
    /// Event Timing's threshold (its minimum is 16 ms); None for other types.
    pub duration_threshold: Option<f64>,
    /// Also deliver the entries recorded before the page started observing.
    pub buffered: bool,
}

/// A running observer; dropping it disconnects it.
pub struct Observer {
    observer: PerformanceObserver,
    on_entry: Closure<dyn FnMut(PerformanceEntry)>,
    _callback: Closure<dyn FnMut(PerformanceObserverEntryList)>,
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Whether this browser reports `entry_type` (PerformanceObserver.supportedEntryTypes).
pub fn supports(entry_type: &str) -> bool {
    let Ok(constructor) = Reflect::get(&js_sys::global(), &"PerformanceObserver".into()) else {
        return false;
    };
    Reflect::get(&constructor, &"supportedEntryTypes".into())
        .ok()
        .and_then(|types| types.dyn_into::<Array>().ok())
        .is_some_and(|types| types.includes(&entry_type.into(), 0))
}

/// Observes those of `watches` the browser supports; None if it supports none of them.
pub fn observe(
    watches: &[Watch],
    on_entry: impl FnMut(PerformanceEntry) + 'static,
) -> Option<Observer> {
    let supported: Vec<_> = watches.iter().filter(|w| supports(w.entry_type)).collect();
    if supported.is_empty() {
        return None;
    }
    let on_entry = Closure::<dyn FnMut(PerformanceEntry)>::new(on_entry);
    let deliver: js_sys::Function = on_entry
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    let callback = Closure::<dyn FnMut(PerformanceObserverEntryList)>::new(
        move |list: PerformanceObserverEntryList| {
            for entry in list.get_entries().iter() {
                let _ = deliver.call1(&JsValue::NULL, &entry);
            }
        },
    );
    let observer = PerformanceObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    for watch in supported {
        let init = Object::new();
        let _ = Reflect::set(&init, &"type".into(), &watch.entry_type.into());
        let _ = Reflect::set(&init, &"buffered".into(), &watch.buffered.into());
        if let Some(threshold) = watch.duration_threshold {
            let _ = Reflect::set(&init, &"durationThreshold".into(), &threshold.into());
        }
        observer.observe(init.unchecked_ref());
    }
    Some(Observer {
        observer,
        on_entry,
        _callback: callback,
    })
}

impl Observer {
    /// Delivers the entries queued but not yet handed to the callback: a run's record
    /// takes them before it is closed.
    pub fn flush(&self) {
        let deliver: &js_sys::Function = self.on_entry.as_ref().unchecked_ref();
        for entry in self.observer.take_records().iter() {
            let _ = deliver.call1(&JsValue::NULL, &entry);
        }
    }
}

/// A numeric field of an entry, if it has one.
pub fn number(entry: &PerformanceEntry, field: &str) -> Option<f64> {
    Reflect::get(entry, &field.into()).ok()?.as_f64()
}

/// `performance.now()`: the clock Event Timing and Long Animation Frames use.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
