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

/// A message's serde fields without the bulk data beside them (`data`): serde-wasm-bindgen
/// cannot skip a typed array it does not expect, so it never sees one. A shallow copy.
pub fn serde_fields(message: &JsValue) -> JsValue {
    let Some(object) = message.dyn_ref::<js_sys::Object>() else {
        return message.clone();
    };
    if !js_sys::Reflect::has(object, &"data".into()).unwrap_or(false) {
        return message.clone();
    }
    let fields = js_sys::Object::assign(&js_sys::Object::new(), object);
    let _ = js_sys::Reflect::delete_property(&fields, &"data".into());
    fields.into()
}
