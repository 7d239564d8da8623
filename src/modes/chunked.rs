//! `chunked`: the job runs on the page's main thread in slices of `slice` ms, and yields
//! to the event loop between them, so frames paint and clicks are answered all along.
//! The job is its resumable form (`offload_jobs::resumable`): a slice does quanta of
//! about 0.1–0.5 ms until its time is up, so it overruns its budget by one quantum at
//! most. Between slices it yields with `scheduler.yield()` (or a MessageChannel message);
//! a `scheduler.yield()` continuation goes ahead of the browser's rendering, which then
//! starves for up to ~100 ms (seen here: 16 frames in 1.2 s), so when a frame is overdue
//! the run waits for it first. The run is slower than `main` by the yields and by what the browser did in
//! between; `RunOutput` says by how much.

use super::{Chunking, Executor, RunFuture, RunOutput};
use crate::browser::yield_now::{primitive, yield_to_event_loop};
use crate::instruments::job_clock::JobClock;
use crate::instruments::meters::Meters;
use crate::instruments::timeline::{LaneSample, Probe, Sample};
use gloo_render::{AnimationFrame, request_animation_frame};
use offload_jobs::progress::{Observer, Phase, PhaseLog, Progress};
use offload_jobs::wire::Request;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_time::Instant;

/// What the run under way shares with Stop and the timeline's probe.
#[derive(Default)]
struct Live {
    run: Cell<Option<u32>>,
    stop: Cell<bool>,
    /// A slice ran since the timeline last looked (it looks between slices, never during).
    worked: Cell<bool>,
    progress: Cell<Option<Progress>>,
}

/// A frame is overdue when none has started for longer than a 60 Hz frame.
const FRAME_DUE_MS: f64 = 17.0;

/// When the latest animation frame started, seen from a rAF loop of its own that lives
/// as long as this value (the run).
struct FrameWatch {
    last: Rc<Cell<Instant>>,
    frame: Rc<RefCell<Option<AnimationFrame>>>,
}

impl FrameWatch {
    fn start() -> FrameWatch {
        let watch = FrameWatch {
            last: Rc::new(Cell::new(Instant::now())),
            frame: Rc::default(),
        };
        Self::next(&watch.last, &watch.frame);
        watch
    }

    fn next(last: &Rc<Cell<Instant>>, frame: &Rc<RefCell<Option<AnimationFrame>>>) {
        let (seen, again) = (last.clone(), frame.clone());
        let handle = request_animation_frame(move |_| {
            seen.set(Instant::now());
            Self::next(&seen, &again);
        });
        *frame.borrow_mut() = Some(handle);
    }

    fn overdue(&self) -> bool {
        self.last.get().elapsed().as_secs_f64() * 1e3 > FRAME_DUE_MS
    }
}

impl Drop for FrameWatch {
    fn drop(&mut self) {
        // Cancels the loop, and breaks the handle's cycle through its own callback.
        self.frame.borrow_mut().take();
    }
}

/// Times the job's phases in work time (the slices' time, without the yields between
/// them), so they add up to `compute_ms` as in the other modes; everything else goes to
/// the [`JobClock`], which reports progress.
struct WorkClock<'a> {
    clock: &'a JobClock<'a>,
    log: RefCell<PhaseLog>,
    /// Work time before the current slice, and when the slice started.
    before_ms: Cell<f64>,
    slice_start: Cell<Instant>,
}

impl WorkClock<'_> {
    fn now_ms(&self) -> f64 {
        self.before_ms.get() + self.slice_start.get().elapsed().as_secs_f64() * 1e3
    }
}

impl Observer for WorkClock<'_> {
    fn phase(&self, phase: Phase) {
        self.log.borrow_mut().enter(phase, self.now_ms());
        self.clock.phase(phase);
    }
    fn begin(&self) {
        self.clock.begin();
    }
    fn advance(&self, units: u64) {
        self.clock.advance(units);
    }
}

pub struct ChunkedMainThread {
    meters: Meters,
    slice_ms: Rc<Cell<u32>>,
    live: Rc<Live>,
    probe: Probe,
}

impl ChunkedMainThread {
    pub fn new(meters: Meters) -> Self {
        let live = Rc::new(Live::default());
        let probe = main_lane_probe(live.clone());
        ChunkedMainThread {
            meters,
            slice_ms: Rc::new(Cell::new(crate::form::DEFAULT_SLICE_MS)),
            live,
            probe,
        }
    }

    /// The slice budget of the next run (the form's `slice`; `Request` carries none).
    pub fn set_slice(&self, ms: u32) {
        self.slice_ms.set(ms);
    }
}

/// The main thread's working lane (beside its frozen one): busy in a frame if a slice ran
/// since the frame before.
fn main_lane_probe(live: Rc<Live>) -> Probe {
    Probe(Rc::new(move |run| {
        if live.run.get() != Some(run) {
            return None;
        }
        let progress = live.progress.get();
        Some(Sample {
            lanes: vec![LaneSample {
                name: "main-slices".into(),
                busy: live.worked.replace(false),
                units: progress.map_or(0, |p| p.done),
            }],
            progress,
            phase: None,
        })
    }))
}

impl Executor for ChunkedMainThread {
    fn run(&self, Request { id, job, fault }: Request) -> RunFuture {
        let slice_ms = self.slice_ms.get();
        let live = self.live.clone();
        let meters = self.meters.clone();
        Box::pin(async move {
            if fault.is_some() {
                return Err("fault=panic applies to the worker and pool modes only".into());
            }
            live.run.set(Some(id));
            live.stop.set(false);
            let report = |p: Progress| live.progress.set(Some(p));
            let clock = JobClock::new(job.units(), Some(&report));
            let work = WorkClock {
                clock: &clock,
                log: RefCell::default(),
                before_ms: Cell::new(0.0),
                slice_start: Cell::new(Instant::now()),
            };
            let mut machine = job.resumable();
            let quantum = machine.quantum();
            let budget = f64::from(slice_ms);
            let (mut slices, mut compute_ms) = (0u32, 0.0);
            let mut longest_slice_ms: f64 = 0.0;
            let mut yielded = primitive();
            let frames = FrameWatch::start();
            let mut frame_waits = 0u32;
            let start = Instant::now();
            let outcome = loop {
                if live.stop.get() {
                    live.run.set(None);
                    return Err(format!(
                        "stopped: the main thread stopped between two slices, after {slices}"
                    ));
                }
                let slice_start = Instant::now();
                work.before_ms.set(compute_ms);
                work.slice_start.set(slice_start);
                live.worked.set(true);
                slices += 1;
                let done = loop {
                    if let Some(outcome) = machine.step(quantum, &work) {
                        break Some(outcome);
                    }
                    if slice_start.elapsed().as_secs_f64() * 1e3 >= budget {
                        break None;
                    }
                };
                let slice = slice_start.elapsed().as_secs_f64() * 1e3;
                compute_ms += slice;
                longest_slice_ms = longest_slice_ms.max(slice);
                if let Some(outcome) = done {
                    break outcome;
                }
                if frames.overdue() {
                    // The frame is painted after its rAF callbacks; the yield below resumes
                    // after that.
                    meters.next_frame().await;
                    frame_waits += 1;
                }
                yielded = yield_to_event_loop().await;
            };
            drop(frames);
            let ms = start.elapsed().as_secs_f64() * 1e3;
            let phases = work.log.into_inner().finish(compute_ms);
            let (_, progress) = clock.finish();
            live.progress.set(Some(progress));
            Ok(RunOutput {
                outcome,
                ms,
                compute_ms,
                crossing: None,
                chunking: Some(Chunking {
                    slices,
                    slice_ms,
                    longest_slice_ms,
                    yield_with: yielded.name(),
                    frame_waits,
                }),
                phases,
                progress: Some(progress),
            })
        })
    }

    /// Takes effect between two slices: the click that asks is handled in a yield.
    fn stop(&self) -> bool {
        let running = self.live.run.get().is_some();
        self.live.stop.set(running);
        running
    }

    fn probe(&self) -> Option<Probe> {
        Some(self.probe.clone())
    }
}
