//! The counters the page reads each frame: a static block in this build's shared memory,
//! laid out as `offload_jobs::counters` says, written with atomics by the pool threads.
//! The page gets the memory's SharedArrayBuffer and the block's offset beside `Ready`, and
//! only ever loads from it; terminating the engine drops the page's view with it.
//!
//! Also where the engine times a job's phases (jobs never read a clock).

use offload_jobs::counters::{self, DONE, PHASE, RUN, SLOTS, TOTAL};
use offload_jobs::progress::{Observer, Phase, PhaseLog, PhaseTime};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed, Ordering::Release};
use wasm_bindgen::prelude::*;
use web_time::Instant;

/// Aligned to a cache line, so each thread's line (see `counters::LINE`) is its own.
#[repr(C, align(64))]
struct Block([AtomicU32; SLOTS]);

static BLOCK_LINES: Block = Block([const { AtomicU32::new(0) }; SLOTS]);
static BLOCK: &[AtomicU32; SLOTS] = &BLOCK_LINES.0;

/// Sets `counters: {buffer, offset}` on a `Ready` message about to be posted.
pub fn attach(message: &JsValue) {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let counters = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&counters, &"buffer".into(), &memory.buffer());
    let offset = BLOCK.as_ptr() as usize as f64;
    let _ = js_sys::Reflect::set(&counters, &"offset".into(), &offset.into());
    let _ = js_sys::Reflect::set(message, &offload_jobs::wire::COUNTERS.into(), &counters);
}

/// The run the page asked to stop (a `wire::ToWorker::Cancel`), or [`NOT_CANCELLED`]: written by
/// the engine's own thread as the message arrives, read by the pool threads between pieces
/// of work. Kept by run id, so a stop that arrives late never stops the next run.
static CANCELLED: AtomicU64 = AtomicU64::new(NOT_CANCELLED);
const NOT_CANCELLED: u64 = u64::MAX;

/// Asks run `run`'s job (every copy of it) to stop at its next look at the flag.
pub fn cancel(run: u32) {
    CANCELLED.store(run.into(), Relaxed);
}

/// One job's observer: counts units per thread into the block, times phases, and says
/// whether its run was cancelled.
pub struct JobObserver {
    run: u32,
    start: Instant,
    log: Mutex<PhaseLog>,
}

impl JobObserver {
    /// Resets the block for request `run` of `total` units; the run's id goes in last.
    pub fn begin_job(run: u32, total: u64) -> JobObserver {
        JobObserver::reset(run, total);
        JobObserver::another_copy(run)
    }

    /// An observer for one more job counted into the block as it stands: a burst's copies
    /// run at once and add their units up (after one [`JobObserver::reset`] for them all).
    pub fn another_copy(run: u32) -> JobObserver {
        JobObserver {
            run,
            start: Instant::now(),
            log: Mutex::default(),
        }
    }

    /// Clears the block for request `run` of `total` units; the run's id goes in last.
    pub fn reset(run: u32, total: u64) {
        for thread in 0..offload_jobs::wire::MAX_POOL_THREADS as usize {
            BLOCK[counters::busy(thread)].store(0, Relaxed);
            BLOCK[counters::units(thread)].store(0, Relaxed);
        }
        BLOCK[DONE].store(0, Relaxed);
        BLOCK[PHASE].store(0, Relaxed);
        BLOCK[TOTAL].store(saturate(total), Relaxed);
        BLOCK[RUN].store(run, Release);
    }

    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1e3
    }

    /// Ends the last phase: the job's phases in order, timed on the job's own thread.
    pub fn finish(self) -> Vec<PhaseTime> {
        let now = self.now_ms();
        let log = self.log.into_inner().unwrap_or_else(|e| e.into_inner());
        log.finish(now)
    }
}

fn saturate(units: u64) -> u32 {
    units.min(u32::MAX.into()) as u32
}

impl Observer for JobObserver {
    fn phase(&self, phase: Phase) {
        let now = self.now_ms();
        if let Ok(mut log) = self.log.lock() {
            log.enter(phase, now);
        }
        BLOCK[PHASE].store(phase.code(), Relaxed);
    }

    fn begin(&self) {
        if let Some(thread) = rayon::current_thread_index() {
            BLOCK[counters::busy(thread)].store(1, Relaxed);
        }
    }

    fn advance(&self, units: u64) {
        match rayon::current_thread_index() {
            Some(thread) => {
                BLOCK[counters::units(thread)].fetch_add(saturate(units), Relaxed);
                BLOCK[counters::busy(thread)].store(0, Relaxed);
            }
            None => {
                BLOCK[DONE].fetch_add(saturate(units), Relaxed);
            }
        }
    }

    fn cancelled(&self) -> bool {
        CANCELLED.load(Relaxed) == u64::from(self.run)
    }
}
