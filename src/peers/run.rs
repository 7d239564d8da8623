//! Runs a peer where it is called: [`js_job`] synchronously (the page's main thread, or a
//! worker), [`webcrypto`] by awaiting the browser's promises. Each returns the outcome and
//! the peer's own time (`compute_ms`): only the browser's work, not Offload's set-up
//! (generating the numbers) or check (the checksum).

use super::js;
use offload_jobs::{Job, Outcome, hash, sort};
use wasm_bindgen::JsValue;
use web_time::Instant;

fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}

/// fib or sort in plain JavaScript, on the calling thread.
pub fn js_job(job: &Job) -> Result<(Outcome, f64), String> {
    match *job {
        Job::Fib { n } => {
            let start = Instant::now();
            let value = js::js_fib(n);
            let compute_ms = ms_since(start);
            let checksum = (value as u64).to_string();
            Ok((Outcome { checksum }, compute_ms))
        }
        Job::Sort { len } => {
            // The job's own numbers, copied into a JavaScript typed array; the Rust copy is
            // freed before the sort so the peak is not three arrays.
            let numbers = js_sys::Uint32Array::from(sort::generate(len as usize).as_slice());
            let start = Instant::now();
            js::js_sort(&numbers);
            let compute_ms = ms_since(start);
            let checksum = super::sorted_checksum(&numbers.to_vec())?;
            Ok((Outcome { checksum }, compute_ms))
        }
        Job::Hash { .. } => Err(super::unavailable_for(crate::form::Mode::JsMain, "hash")
            .unwrap_or_default()
            .into()),
    }
}

/// The hash job's keys from WebCrypto: one password at a time, or all at once.
pub async fn webcrypto(job: &Job, together: bool) -> Result<(Outcome, f64), String> {
    let Job::Hash { count, iterations } = *job else {
        return Err(
            super::unavailable_for(crate::form::Mode::WebCrypto, job.name())
                .unwrap_or_default()
                .into(),
        );
    };
    if let Some(reason) = js::webcrypto_missing() {
        return Err(reason);
    }
    let passwords: js_sys::Array = (0..count)
        .map(|i| JsValue::from(hash::password(i)))
        .collect();
    let salt = js_sys::Uint8Array::from(hash::SALT);
    let start = Instant::now();
    let promise = js::webcrypto_keys(passwords, &salt, iterations, together);
    let keys = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| format!("WebCrypto failed: {e:?}"))?;
    let compute_ms = ms_since(start);
    let keys = js_sys::Uint8Array::new(&keys).to_vec();
    let checksum = super::keys_checksum(&keys, count)?;
    Ok((Outcome { checksum }, compute_ms))
}

/// Inside a page-instance worker: the reply to a [`offload_jobs::wire::ToWorker::JsJob`].
pub fn js_job_reply(id: u32, job: &Job) -> offload_jobs::wire::Reply {
    use offload_jobs::wire::Reply;
    match job
        .check()
        .map_err(|e| e.message)
        .and_then(|()| js_job(job))
    {
        Ok((outcome, compute_ms)) => Reply::Done {
            id,
            outcome,
            compute_ms,
            phases: Vec::new(),
        },
        Err(reason) => Reply::Refused { id, reason },
    }
}
