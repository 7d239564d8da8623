//! "Threads during the run": one lane for the main thread and one per worker or pool
//! thread, busy and idle over the run's time, sampled each frame while a run is under way,
//! with the job's progress bar below. The main lane shows where it froze, found from
//! frame gaps once it paints again (nothing paints during a freeze).

use super::cssom_span::CssomSpan;
use super::run_progress::RunProgress;
use crate::form::Mode;
use crate::instruments::timeline::{FREEZE_MS, Lane, Probe, Recording, ticks};
use crate::instruments::visibility::SightListener;
use crate::runs::burst::Burst;
use crate::runs::{Run, RunState};
use gloo_render::{AnimationFrame, request_animation_frame};
use std::cell::RefCell;
use std::rc::Rc;
use web_time::Instant;
use yew::prelude::*;

/// The lanes are sampled every frame but redrawn at most this often. Redrawn each frame,
/// the page's paint work slowed a 2-thread pool run on a 2-core machine (fib(42): 637
/// against 385 ms without the timeline, median of 9, interleaved); at ten redraws a second
/// it was 1.12-1.17 times (within this machine's noise of about 15 %), and with the
/// timeline hidden 0.99 times: the counters themselves cost nothing measurable.
const REDRAW_MS: f64 = 100.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The newest run.
    pub run: Option<Run>,
    /// How to look at its mode's threads (None on the main thread).
    pub probe: Option<Probe>,
}

/// What the frame loop needs between frames.
#[derive(Default)]
struct Watch {
    /// The newest run's id and whether it is still running, as last rendered.
    run: Option<(u32, bool)>,
    probe: Option<Probe>,
    recording: Option<Recording>,
    started: Option<Instant>,
    redraw: Option<UseForceUpdateHandle>,
    frame: Option<AnimationFrame>,
    /// When the lanes were last redrawn.
    drawn: Option<Instant>,
    /// Tells the recording when the tab is hidden; dropped with the component.
    visibility: Option<SightListener>,
}

impl Watch {
    /// Starts recording the newest run if it is a new one under way: called as it is first
    /// rendered, right after the job was handed over, so a run shorter than a frame still
    /// has a start to measure from.
    fn follow(&mut self, now: Instant) {
        let Some((id, true)) = self.run else { return };
        if self.recording.as_ref().map(|r| r.run) != Some(id) {
            self.recording = Some(Recording::new(id));
            self.started = Some(now);
        }
    }

    /// A run is under way, or its recording has not seen it end yet.
    fn recording_due(&self) -> bool {
        matches!(self.run, Some((_, true))) || self.recording.as_ref().is_some_and(|r| !r.ended)
    }

    /// One frame: samples the run being recorded, and ends it. True if it changed.
    fn step(&mut self, now: Instant) -> bool {
        let Some((id, running)) = self.run else {
            return false;
        };
        let (Some(recording), Some(started)) = (self.recording.as_mut(), self.started) else {
            return false;
        };
        if recording.run != id || recording.ended {
            return false;
        }
        let sample = self.probe.as_ref().and_then(|probe| (probe.0)(id));
        recording.frame((now - started).as_secs_f64() * 1e3, sample);
        if !running {
            recording.end();
        }
        true
    }
}

/// Asks for one more frame of the loop; the watch holds the request (dropped, it is cancelled).
fn next_frame(watch: &Rc<RefCell<Watch>>) -> AnimationFrame {
    let next = watch.clone();
    request_animation_frame(move |_| on_frame(&next))
}

fn on_frame(watch: &Rc<RefCell<Watch>>) {
    let redraw = {
        let mut w = watch.borrow_mut();
        let now = Instant::now();
        let changed = w.step(now);
        // Only while there is something to record: an idle page runs no loop of its own.
        w.frame = w.recording_due().then(|| next_frame(watch));
        let ended = w.recording.as_ref().is_some_and(|r| r.ended);
        let due = w
            .drawn
            .is_none_or(|drawn| (now - drawn).as_secs_f64() * 1e3 >= REDRAW_MS);
        if changed && (due || ended) {
            w.drawn = Some(now);
            w.redraw.clone()
        } else {
            None
        }
    };
    // Outside the borrow: rendering reads the watch.
    if let Some(redraw) = redraw {
        redraw.force_update();
    }
}

fn ms_text(ms: f64) -> String {
    // Clamped: a stretch that rounds to nothing must not print as "-0 ms" (and `max`
    // may keep a -0.0 it is given, so a non-positive time is written as zero itself).
    let ms = if ms > 0.0 { ms } else { 0.0 };
    format!("{ms:.0} ms")
}

fn lane_label(name: &str) -> String {
    match name.split_once('-') {
        Some(("pool", i)) => format!("pool thread {i}"),
        Some(("mp", i)) => format!("worker {i}"),
        Some(("main", "slices")) => "main: slices".into(),
        _ => format!("{name} thread"),
    }
}

fn lane_view(lane: &Lane, span_ms: f64, main: bool) -> Html {
    let state = if lane.busy_now { "busy" } else { "idle" };
    let busy_ms = lane.busy_ms();
    let kind = if main { "frozen" } else { "busy" };
    let label = if main {
        "main thread".to_string()
    } else {
        lane_label(&lane.name)
    };
    let total = if main {
        format!("{} frozen", ms_text(busy_ms))
    } else {
        format!("{} busy", ms_text(busy_ms))
    };
    let described = format!("{label}: {total}");
    html! {
        <div class="lane" data-testid="lane" data-lane={lane.name.clone()} data-state={state}
            data-busy-ms={format!("{busy_ms:.0}")}>
            <span class="lane-name">{ label }</span>
            <span class="lane-track" role="img" aria-label={described}>
                { for lane.stretches.iter().map(|&(from, to)| {
                    let properties = placement(from, to, span_ms);
                    html! { <CssomSpan class={classes!("stretch", kind)} {properties} /> }
                }) }
            </span>
            <span class="lane-total">{ total }</span>
        </div>
    }
}

/// A burst's copies once it is done: each copy's wait in the queue, then its work, in ms
/// since Run (the page's clock). Only the first few: 64 lanes would bury the threads.
fn copies_view(burst: &Burst, span_ms: f64) -> Html {
    const SHOWN: usize = 8;
    let bar = |from: f64, to: f64, kind: &'static str| {
        let properties = placement(from, to, span_ms);
        html! { <CssomSpan class={classes!("stretch", kind)} {properties} /> }
    };
    let more = burst.copies().saturating_sub(SHOWN);
    html! {
        <>
            { for burst.spans.iter().take(SHOWN).enumerate().map(|(i, span)| {
                let described = format!("copy {}: waited {} in the queue, started at {}, done at {}",
                    i + 1, ms_text(span.queue_wait_ms()), ms_text(span.started_ms), ms_text(span.finished_ms));
                html! {
                    <div class="lane copy-lane" data-testid="copy-lane" data-copy={(i + 1).to_string()}>
                        <span class="lane-name">{ format!("copy {}", i + 1) }</span>
                        <span class="lane-track" role="img" aria-label={described}>
                            { bar(span.submitted_ms, span.started_ms, "waiting") }
                            { bar(span.started_ms, span.finished_ms, "copy") }
                        </span>
                        <span class="lane-total">{ format!("done at {}", ms_text(span.finished_ms)) }</span>
                    </div>
                }
            }) }
            if more > 0 {
                <p class="copies-more">{ format!("and {more} more copies (every span is in the run's data-result)") }</p>
            }
        </>
    }
}

/// A stretch's left edge and width on its track, in % of the run's span (at least 0.3 %,
/// so a short one stays visible).
fn placement(from: f64, to: f64, span_ms: f64) -> Vec<(&'static str, String)> {
    vec![
        ("left", format!("{:.3}%", 100.0 * from / span_ms)),
        (
            "width",
            format!("{:.3}%", (100.0 * (to - from) / span_ms).max(0.3)),
        ),
    ]
}

fn axis(span_ms: f64) -> Html {
    html! {
        <div class="timeline-axis" aria-hidden="true">
            <span class="lane-name"></span>
            <span class="axis-track">
                { for ticks(span_ms, 4).into_iter().map(|t| html! {
                    <CssomSpan class="tick" properties={vec![("left", format!("{:.3}%", 100.0 * t / span_ms))]}>{ format!("{t:.0}") }</CssomSpan>
                }) }
            </span>
            <span class="lane-total axis-unit">{ "ms since Run" }</span>
        </div>
    }
}

#[function_component]
pub fn ThreadTimeline(props: &Props) -> Html {
    let watch = use_mut_ref(Watch::default);
    let redraw = use_force_update();
    {
        let mut w = watch.borrow_mut();
        w.run = props
            .run
            .as_ref()
            .map(|r| (r.id, r.state == RunState::Running));
        w.probe = props.probe.clone();
        w.redraw = Some(redraw);
        w.follow(Instant::now());
        // The frame loop stops when a run is recorded; a new run starts it again.
        if w.frame.is_none() && w.recording_due() {
            w.frame = Some(next_frame(&watch));
        }
    }
    {
        let watch = watch.clone();
        use_effect_with((), move |_| {
            // Weak: the watch owns this listener, which must not keep the watch alive.
            let weak = Rc::downgrade(&watch);
            watch.borrow_mut().visibility = SightListener::start(move |hidden| {
                let Some(watch) = weak.upgrade().filter(|_| hidden) else {
                    return;
                };
                if let Some(recording) = watch.borrow_mut().recording.as_mut() {
                    recording.hidden();
                }
            });
            on_frame(&watch);
            move || {
                let mut w = watch.borrow_mut();
                w.frame = None;
                w.visibility = None;
            }
        });
    }
    let recording = watch
        .borrow()
        .recording
        .clone()
        .filter(|r| props.run.as_ref().is_some_and(|run| run.id == r.run));
    let main_mode = props
        .run
        .as_ref()
        .is_some_and(|r| matches!(r.plan.mode, Mode::Main | Mode::Async));
    let Some(recording) = recording else {
        return html! {
            <section class="timeline" data-testid="timeline" data-state="idle">
                <h2>{ "Threads during the run" }</h2>
                <p class="timeline-empty">{ "—: no run recorded yet. Run a job to see which threads work and when." }</p>
                <RunProgress run={props.run.clone()} progress={None} />
            </section>
        };
    };
    let burst = props
        .run
        .as_ref()
        .and_then(|r| r.burst.as_ref())
        .filter(|b| b.copies() > 1);
    let last_copy_ms = burst.map_or(0.0, |b| b.makespan_ms());
    let span_ms = recording.now_ms.max(last_copy_ms).max(1.0);
    let state = if recording.ended {
        "ended"
    } else {
        "recording"
    };
    html! {
        <section class="timeline" data-testid="timeline" data-state={state} data-run={recording.run.to_string()}>
            <h2>{ "Threads during the run" }</h2>
            <div class="lanes">
                { lane_view(&recording.main, span_ms, true) }
                { for recording.lanes.iter().map(|lane| lane_view(lane, span_ms, false)) }
                { for burst.map(|b| copies_view(b, span_ms)) }
                { axis(span_ms) }
            </div>
            <p class="legend">
                <span class="swatch busy"></span>{ "busy (working on the job) " }
                <span class="swatch idle"></span>{ "idle " }
                <span class="swatch frozen"></span>
                { format!("main thread frozen: no frame for over {FREEZE_MS:.0} ms (drawn once it paints again). ") }
                if burst.is_some() {
                    <span class="swatch waiting"></span>{ "a copy waiting in the queue " }
                    <span class="swatch copy"></span>{ "a copy from its start until its result reached the page. " }
                }
                { "Time in ms since the run started; " }
                { if main_mode {
                    "on the main thread nothing is redrawn while the job runs."
                } else {
                    "redrawn each frame from what the threads report."
                } }
            </p>
            <RunProgress run={props.run.clone()} progress={recording.progress} />
        </section>
    }
}
