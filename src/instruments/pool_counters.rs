//! The page's read-only view of the counters the engine publishes in its shared memory
//! (layout: `offload_jobs::counters`). Only `Atomics.load`: the page never waits, locks or
//! writes there. The view lives inside the engine host's state, so a dead or replaced
//! engine takes it along and a new one brings a fresh view.

use super::timeline::{LaneSample, Sample};
use offload_jobs::counters::{self, DONE, PHASE, RUN, SLOTS, TOTAL};
use offload_jobs::progress::{Phase, Progress};
use wasm_bindgen::{JsCast, JsValue};

pub struct PoolCounters {
    view: js_sys::Int32Array,
    threads: usize,
}

impl PoolCounters {
    /// The view described beside the engine's `Ready` (`counters: {buffer, offset}`), if
    /// the message carries a SharedArrayBuffer large enough for every slot.
    pub fn from_ready(message: &JsValue, threads: u32) -> Option<PoolCounters> {
        let counters = js_sys::Reflect::get(message, &offload_jobs::wire::COUNTERS.into()).ok()?;
        let buffer = js_sys::Reflect::get(&counters, &"buffer".into()).ok()?;
        let buffer: js_sys::SharedArrayBuffer = buffer.dyn_into().ok()?;
        let offset = js_sys::Reflect::get(&counters, &"offset".into())
            .ok()?
            .as_f64()?;
        let bytes = (SLOTS * 4) as f64;
        if offset < 0.0 || offset % 4.0 != 0.0 || offset + bytes > f64::from(buffer.byte_length()) {
            return None;
        }
        let view = js_sys::Int32Array::new_with_byte_offset_and_length(
            &buffer,
            offset as u32,
            SLOTS as u32,
        );
        Some(PoolCounters {
            view,
            threads: (threads as usize).min(offload_jobs::wire::MAX_POOL_THREADS as usize),
        })
    }

    fn load(&self, slot: usize) -> u32 {
        js_sys::Atomics::load(&self.view, slot as u32).unwrap_or(0) as u32
    }

    /// Each pool thread's lane and the job's progress, if the counters are run `run`'s.
    pub fn read(&self, run: u32) -> Option<Sample> {
        if self.load(RUN) != run {
            return None;
        }
        let lanes: Vec<LaneSample> = (0..self.threads)
            .map(|thread| LaneSample {
                name: format!("pool-{thread}"),
                busy: self.load(counters::busy(thread)) != 0,
                units: self.load(counters::units(thread)).into(),
            })
            .collect();
        let done = u64::from(self.load(DONE)) + lanes.iter().map(|l| l.units).sum::<u64>();
        Some(Sample {
            lanes,
            progress: Some(Progress {
                done,
                total: self.load(TOTAL).into(),
            }),
            phase: Phase::from_code(self.load(PHASE)).map(Phase::name),
        })
    }
}
