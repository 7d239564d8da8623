//! A `message-pool` worker's side of a task: check it, run it, and hand bulk output back
//! as a typed array beside the reply. Copying it out of this instance's memory is
//! unavoidable (no other instance can read this memory); what `transfer` decides is
//! whether postMessage copies it once more (structured clone) or moves it.

use super::Beside;
use crate::instruments::job_clock::JobClock;
use offload_jobs::limits;
use offload_jobs::progress::{StopWhen, unless_cancelled};
use offload_jobs::tasks::{self, Task, TaskOutput};
use offload_jobs::wire::{Fault, Reply};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_time::Instant;

/// Runs one task; a bulk output goes back beside the reply, moved if `transfer`.
pub fn run(id: u32, task: Task, transfer: bool, fault: Option<Fault>) -> (Reply, Option<Beside>) {
    let start = Instant::now();
    if let Err(error) = task.check() {
        let reason = error.message;
        return (Reply::Refused { id, reason }, None);
    }
    if let Some(fault) = fault {
        fault.strike("this message-pool worker");
    }
    let report = super::reporter(id);
    let clock = JobClock::new(task.units(), Some(&report));
    let observer = StopWhen::new(&clock, super::stop_asked());
    let Ok(output) = task.run_cancellable(&observer) else {
        return (Reply::Stopped { id }, None);
    };
    let (phases, _) = clock.finish();
    let (value, data) = match output {
        TaskOutput::Fib(value) => (Some(value), None),
        TaskOutput::Keys(keys) => (None, Some(js_sys::Uint8Array::from(&keys[..]).into())),
        TaskOutput::Sorted(sorted) => (None, Some(js_sys::Uint32Array::from(&sorted[..]).into())),
    };
    let compute_ms = start.elapsed().as_secs_f64() * 1e3;
    let reply = Reply::TaskDone {
        id,
        value,
        compute_ms,
        phases,
    };
    (reply, data.map(|data| Beside { data, transfer }))
}

/// Merges the sorted slices beside `message` and checksums them.
pub fn merge(id: u32, message: &JsValue) -> Reply {
    let start = Instant::now();
    let slices = match sorted_slices(message) {
        Ok(slices) => slices,
        Err(reason) => return Reply::Refused { id, reason },
    };
    let views: Vec<&[u32]> = slices.iter().map(Vec::as_slice).collect();
    let len = views.iter().map(|v| v.len()).sum();
    let report = super::reporter(id);
    let clock = JobClock::new(tasks::merge_units(len), Some(&report));
    let observer = StopWhen::new(&clock, super::stop_asked());
    let outcome = tasks::merge_checksum_observed(&views, &observer);
    let Ok(outcome) = unless_cancelled(&observer, outcome) else {
        return Reply::Stopped { id };
    };
    let (phases, _) = clock.finish();
    Reply::Done {
        id,
        outcome,
        compute_ms: start.elapsed().as_secs_f64() * 1e3,
        phases,
    }
}

/// The slices beside a merge request, copied into this instance's memory.
fn sorted_slices(message: &JsValue) -> Result<Vec<Vec<u32>>, String> {
    let data = js_sys::Reflect::get(message, &offload_jobs::wire::DATA.into()).unwrap_or_default();
    let data: js_sys::Array = data
        .dyn_into()
        .map_err(|_| "merge: data must be an array of Uint32Array".to_string())?;
    let views: Vec<js_sys::Uint32Array> = data
        .iter()
        .map(|slice| slice.dyn_into::<js_sys::Uint32Array>())
        .collect::<Result<_, _>>()
        .map_err(|_| "merge: data must be an array of Uint32Array".to_string())?;
    // Checked before anything is copied in: the sort's own limit bounds the merge too.
    let total: u64 = views.iter().map(|v| u64::from(v.length())).sum();
    if total > u64::from(limits::SORT_LEN.max) {
        return Err(format!(
            "merge: the slices hold {total} elements; at most {} may be merged",
            limits::SORT_LEN.max
        ));
    }
    Ok(views.iter().map(js_sys::Uint32Array::to_vec).collect())
}
