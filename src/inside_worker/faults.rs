//! What a page-instance worker tells the page about its own failures and memory: an
//! allocation that fails is reported ("out of memory: ...") before Rust aborts, since the
//! trap that follows says only "unreachable"; and every reply carries the size of this
//! instance's wasm memory beside it ([`offload_jobs::wire::MEMORY_BYTES`]).

use offload_jobs::wire::MEMORY_BYTES;
use wasm_bindgen::{JsCast, JsValue};

/// Reports an allocation failure as this worker's crash, then lets Rust abort (a trap).
/// The report is small: the request that failed was large, so what is left still fits.
#[cfg(target_arch = "wasm32")]
fn report_out_of_memory(layout: std::alloc::Layout) {
    let size = layout.size();
    super::post(&offload_jobs::wire::Reply::Crashed {
        reason: format!("out of memory: memory allocation of {size} bytes failed"),
    });
}

/// Installs the allocation-failure report for this worker (a nightly hook: the page's wasm
/// build is made with the pinned nightly; native builds have no worker to report from).
pub fn report_allocation_failures() {
    #[cfg(target_arch = "wasm32")]
    std::alloc::set_alloc_error_hook(report_out_of_memory);
}

/// The size of this instance's wasm memory in bytes: what it holds, since wasm memory only
/// grows (a freed Vec returns its pages to the allocator, never to the browser).
pub fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// Sets the memory's size beside a reply about to be posted.
pub fn attach_memory(value: &JsValue) {
    let _ = js_sys::Reflect::set(value, &MEMORY_BYTES.into(), &memory_bytes().into());
}
