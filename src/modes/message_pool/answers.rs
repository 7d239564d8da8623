//! What a message-pool worker's answer holds: its compute time and phases, fib's value,
//! and the bulk data (`data`) beside its serde fields.

use crate::workers::host::Answer;
use offload_jobs::progress::PhaseTime;
use offload_jobs::wire::Reply;
use wasm_bindgen::{JsCast, JsValue};

pub(super) fn compute_ms(answer: &Answer) -> f64 {
    match answer.reply {
        Reply::Done { compute_ms, .. } | Reply::TaskDone { compute_ms, .. } => compute_ms,
        _ => 0.0,
    }
}

pub(super) fn phases_of(answer: &Answer) -> &[PhaseTime] {
    match &answer.reply {
        Reply::Done { phases, .. } | Reply::TaskDone { phases, .. } => phases,
        _ => &[],
    }
}

pub(super) fn fib_value(answer: &Answer) -> Option<u64> {
    match answer.reply {
        Reply::TaskDone { value, .. } => value,
        _ => None,
    }
}

/// The typed array a message carries beside its serde fields (`data`), if any.
pub(super) fn bulk(message: &JsValue) -> JsValue {
    js_sys::Reflect::get(message, &offload_jobs::wire::DATA.into()).unwrap_or_default()
}

pub(super) fn byte_length(view: &JsValue) -> u64 {
    js_sys::Reflect::get(view, &"byteLength".into())
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or(0.0) as u64
}

pub(super) fn bulk_len(message: &JsValue) -> u64 {
    byte_length(&bulk(message))
}

pub(super) fn bulk_bytes(message: &JsValue) -> Vec<u8> {
    bulk(message)
        .dyn_into::<js_sys::Uint8Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default()
}
