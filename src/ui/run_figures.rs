//! What a finished run did to the page, figure by figure, each with its unit and what it
//! is compared with: the click wait first (the lesson in one number), then event-loop lag,
//! frames, long animation frames and the speed-ups.

use crate::form::Mode;
use crate::runs::{Run, Versus};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Run,
}

pub use crate::runs::verdict::duration;

fn optional(ms: Option<f64>) -> String {
    ms.map_or_else(|| "—".into(), duration)
}

/// The click sentence: what the user felt, or how to feel it.
fn click_text(run: &Run) -> String {
    let Some(page) = run.page else {
        return String::new();
    };
    let input = page.input;
    match (input.clicks, run.plan.mode) {
        (0, Mode::Main) => {
            "No click during this run: press \"click me while it runs\" during the next one to feel the wait."
                .into()
        }
        (0, _) => "No click during this run.".into(),
        (1, _) => format!("Your click waited {} to be handled.", duration(input.max_delay_ms)),
        (n, _) => format!(
            "Your {n} clicks waited up to {} each to be handled ({} in all).",
            duration(input.max_delay_ms),
            duration(input.total_delay_ms)
        ),
    }
}

fn versus(figure: &Versus) -> String {
    match figure {
        Versus::NotApplicable => "does not apply to a one-thread run".into(),
        other => other.text(),
    }
}

#[function_component]
pub fn RunFigures(Props { run }: &Props) -> Html {
    let Some(page) = run.page else {
        return html! {};
    };
    let lag = page.lag;
    let long_frames = match page.long_frames {
        Some(f) => format!("{} (blocking {} in all)", f.count, duration(f.blocking_ms)),
        None => "not measured by this browser".into(),
    };
    let dropped = page
        .frames_dropped
        .map_or_else(|| "—".into(), |d| d.to_string());
    let fps = page
        .fps
        .map_or_else(|| "—".into(), |f| format!("{f:.0} fps"));
    let threaded = run.plan.mode.has_threads();
    let waited = page.input.clicks > 0 && page.input.max_delay_ms >= 100.0;
    html! {
        <div class="run-figures" data-testid="run-figures">
            <p class={classes!("click-wait", waited.then_some("waited"))} data-testid="click-wait">{ click_text(run) }</p>
            if page.hidden {
                <p class="hidden-note" data-testid="hidden-note">
                    { "The page was out of sight for part of this run (a hidden tab, or an embed scrolled out of view). Browsers paint no frames and may slow timers then, so the frame and lag figures below leave that time out; it says nothing about the job." }
                </p>
            }
            <dl>
                <dt>{ "event-loop lag (20 ms timer, how late it fired)" }</dt>
                <dd data-testid="figure-lag">{ format!("p50 {} · p99 {} · max {} over {} samples",
                    optional(lag.map(|l| l.p50_ms)), optional(lag.map(|l| l.p99_ms)),
                    optional(lag.map(|l| l.max_ms)), lag.map_or(0, |l| l.samples)) }</dd>
                <dt>{ "frames" }</dt>
                <dd data-testid="figure-frames">{ format!("{} painted, {fps}, {dropped} dropped against the screen's refresh rate; longest gap {}",
                    page.frames, duration(page.longest_gap_ms)) }</dd>
                <dt>{ "long animation frames (over 50 ms)" }</dt>
                <dd data-testid="figure-long-frames">{ long_frames }</dd>
                <dt>{ "clicks during the run" }</dt>
                <dd data-testid="figure-input">{ format!("{} · longest wait {} · {} in all (measured by {})",
                    page.input.clicks, duration(page.input.max_delay_ms), duration(page.input.total_delay_ms),
                    match page.input.source.name() { "event-timing" => "the Event Timing API", _ => "the click handler" }) }</dd>
                if threaded {
                    <dt>{ "speed-up over one thread" }</dt>
                    <dd data-testid="figure-speedup-1">{ versus(&run.compared.vs_one_thread) }</dd>
                    <dt>{ "speed-up over sequential" }</dt>
                    <dd data-testid="figure-speedup-seq">{ versus(&run.compared.vs_sequential) }</dd>
                    <dt>{ "parallel efficiency (speed-up over 1 thread ÷ threads)" }</dt>
                    <dd data-testid="figure-efficiency">{ run.compared.efficiency.map_or_else(|| "—".into(), |e| format!("{:.0} % on {} threads", e * 100.0, run.plan.threads)) }</dd>
                }
            </dl>
        </div>
    }
}
