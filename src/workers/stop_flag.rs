//! A Stop for workers that run their job synchronously (modes `worker`, `message-pool`):
//! they cannot read a message mid-job, so where the page is cross-origin isolated the page
//! hands them a tiny SharedArrayBuffer at boot (beside the `Boot`, `wire::STOP_FLAG`). It
//! counts the Stops asked: the page only ever writes it, with `Atomics.store` (it never
//! waits); a worker notes the count as a job or task starts and, reading it with
//! `Atomics.load` between pieces of work, stops once it has changed.
//!
//! Where the page is not isolated there is no SharedArrayBuffer: Stop terminates the
//! worker and starts another instead.

use crate::workers::host::Recipe;
use js_sys::{Atomics, Int32Array, SharedArrayBuffer};
use offload_jobs::wire::STOP_FLAG as PROPERTY;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone)]
pub struct StopFlag(Int32Array);

impl StopFlag {
    /// A fresh flag, where this page may share memory with a worker (cross-origin
    /// isolated, and the `SharedArrayBuffer` global exists); None elsewhere. Isolated is
    /// not enough: WebKitGTK without `JSC_useSharedArrayBuffer` reports
    /// `crossOriginIsolated` and has no such global, and calling it there threw at start-up
    /// (the page never showed its controls; tests/e2e/webkit.test.mjs).
    pub fn new() -> Option<StopFlag> {
        let global = js_sys::global();
        let isolated = js_sys::Reflect::get(&global, &"crossOriginIsolated".into());
        let has_shared = js_sys::Reflect::has(&global, &"SharedArrayBuffer".into());
        if !isolated.is_ok_and(|v| v.is_truthy()) || !has_shared.unwrap_or(false) {
            return None;
        }
        Some(StopFlag(Int32Array::new(&SharedArrayBuffer::new(4))))
    }

    /// `recipe`, its boot message carrying `flag` (if any) for the worker to keep.
    pub fn in_boot(recipe: Recipe, flag: Option<StopFlag>) -> Recipe {
        let boot = recipe.boot;
        Recipe {
            script: recipe.script,
            boot: Box::new(move || {
                let message = boot();
                if let Some(flag) = &flag {
                    let _ = js_sys::Reflect::set(&message, &PROPERTY.into(), &flag.0);
                }
                message
            }),
        }
    }

    /// Inside the worker: the flag beside the boot message, if the page sent one.
    pub fn take_from_boot(boot: &JsValue) -> Option<StopFlag> {
        let value = js_sys::Reflect::get(boot, &PROPERTY.into()).ok()?;
        Some(StopFlag(value.dyn_into().ok()?))
    }

    /// The page: asks whatever job its workers run now to stop. A store, never a wait
    /// (the page is the only writer, so reading and storing cannot lose a Stop).
    pub fn raise(&self) {
        let _ = Atomics::store(&self.0, 0, self.stops().wrapping_add(1));
    }

    /// How many Stops were asked so far: a worker notes it as a job starts.
    pub fn stops(&self) -> i32 {
        Atomics::load(&self.0, 0).unwrap_or(0)
    }

    /// The worker: whether a Stop was asked since it noted `stops`.
    pub fn raised_since(&self, stops: i32) -> bool {
        self.stops() != stops
    }
}
