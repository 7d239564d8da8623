//! What a page-instance worker tells the page about its own failures and memory: an
//! allocation that fails is reported ("out of memory: ...") before Rust aborts, since the
//! trap that follows says only "unreachable"; and every reply carries the size of this
//! instance's wasm memory beside it ([`offload_jobs::wire::MEMORY_BYTES`]).

use offload_jobs::wire::MEMORY_BYTES;
use wasm_bindgen::{JsCast, JsValue};

/// Allocates as the default allocator does (`System`, dlmalloc on wasm32), and in a
/// worker that asked for it ([`report_allocation_failures`]) reports a refused allocation
/// as this worker's crash before returning the null that makes Rust abort: the trap that
/// follows says only "unreachable". A stable-Rust stand-in for the nightly
/// `set_alloc_error_hook` (a plain `trunk build` compiles the page on stable). A refused
/// fallible allocation (`try_reserve`) would be reported too: the page makes none.
#[cfg(target_arch = "wasm32")]
mod reporting_allocator {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Set in a page-instance worker; the page's main thread has no one to report to.
    pub static REPORT: AtomicBool = AtomicBool::new(false);
    /// Set once a report is under way: should the report's own small allocations fail too,
    /// they return null without reporting again.
    static REPORTED: AtomicBool = AtomicBool::new(false);

    pub struct ReportingAllocator;

    #[global_allocator]
    static ALLOCATOR: ReportingAllocator = ReportingAllocator;

    /// The report is small: the request that failed was large, so what is left still fits.
    fn checked(pointer: *mut u8, size: usize) -> *mut u8 {
        if pointer.is_null()
            && REPORT.load(Ordering::Relaxed)
            && !REPORTED.swap(true, Ordering::Relaxed)
        {
            super::super::post(&offload_jobs::wire::Reply::Crashed {
                reason: format!("out of memory: memory allocation of {size} bytes failed"),
            });
        }
        pointer
    }

    // SAFETY: every call is passed to `System` unchanged; only a null result is looked at.
    unsafe impl GlobalAlloc for ReportingAllocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            checked(unsafe { System.alloc(layout) }, layout.size())
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            checked(unsafe { System.alloc_zeroed(layout) }, layout.size())
        }
        unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
            unsafe { System.dealloc(pointer, layout) }
        }
        unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            checked(
                unsafe { System.realloc(pointer, layout, new_size) },
                new_size,
            )
        }
    }
}

/// Turns on the allocation-failure report for this worker (native builds have no worker
/// to report from).
pub fn report_allocation_failures() {
    #[cfg(target_arch = "wasm32")]
    reporting_allocator::REPORT.store(true, std::sync::atomic::Ordering::Relaxed);
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
