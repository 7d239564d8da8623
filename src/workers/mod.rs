//! The page's side of its workers: [`host`] is the page's handle on one dedicated worker
//! (its lifecycle as one state type, shared by every mode that owns workers). The Rust that
//! runs inside a worker holding a second instance of the page's module is
//! `crate::inside_worker`.

pub mod host;
pub mod memory;
pub mod stop_flag;

use wasm_bindgen::{JsCast, JsValue};

/// Why a run did not finish, said to the user.
pub type RunError = String;

/// A mode's readiness, shown beside the mode picker; Run waits for `Ready`.
#[derive(Clone, Debug, PartialEq)]
pub enum Readiness {
    /// Nothing started yet: the mode starts its workers when it is first chosen.
    NotStarted,
    Starting,
    /// `threads` answered (1 except for the pool).
    Ready {
        threads: u32,
    },
    /// Cannot run here (for the pool: no cross-origin isolation), or failed to start.
    Unavailable {
        reason: String,
    },
}

/// A message's serde value without what travels beside it ([`offload_jobs::wire::BESIDE`]):
/// an externally tagged enum must be an object of one key, and serde-wasm-bindgen would
/// not read a typed array anyway. A shallow copy, made only when something is beside it.
pub fn serde_fields(message: &JsValue) -> JsValue {
    let Some(object) = message.dyn_ref::<js_sys::Object>() else {
        return message.clone();
    };
    let beside = |name: &&str| js_sys::Reflect::has(object, &(*name).into()).unwrap_or(false);
    if !offload_jobs::wire::BESIDE.iter().any(beside) {
        return message.clone();
    }
    let fields = js_sys::Object::assign(&js_sys::Object::new(), object);
    for name in offload_jobs::wire::BESIDE {
        let _ = js_sys::Reflect::delete_property(&fields, &name.into());
    }
    fields.into()
}
