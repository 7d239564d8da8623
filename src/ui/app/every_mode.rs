//! The App's side of "Run in every mode": asks the pure `Sequence` what to do next, then
//! starts a mode or calls `App::run` with the sequence's own plan in that mode (the form
//! is left as the reader has it). Runs go one at a
//! time, so this advances after every message (a run's end, a mode's readiness).

use super::{App, Msg};
use crate::form::Mode;
use crate::modes::Readiness;
use crate::runs::every_mode::{Availability, Sequence, Step};
use crate::runs::presets::Preset;
use yew::prelude::*;

impl App {
    /// What the sequence needs to know of `mode`: a pool counts as ready only once it has
    /// the form's thread count (a resize may still be under way).
    fn availability(&self, mode: Mode, wanted: u32) -> Availability {
        if self.executor(mode).is_none() {
            return Availability::NoExecutor;
        }
        let wanted = Some(wanted);
        match self.readiness.get(&mode).cloned() {
            None => Availability::Has(Readiness::NotStarted),
            Some(Readiness::Ready { threads }) if mode.has_threads() && Some(threads) != wanted => {
                Availability::Has(Readiness::Starting)
            }
            Some(readiness) => Availability::Has(readiness),
        }
    }

    pub(super) fn every_mode_running(&self) -> bool {
        self.every_mode.as_ref().is_some_and(Sequence::is_running)
    }

    /// Starts the next run of the sequence when nothing is running, or the next mode's
    /// workers; gives the form its own mode back at the end.
    pub(super) fn advance_every_mode(&mut self, ctx: &Context<Self>) {
        if !self.every_mode_running() || self.running().is_some() {
            return;
        }
        let Some(mut sequence) = self.every_mode.take() else {
            return;
        };
        let threads = sequence.threads();
        match sequence.next(|mode| self.availability(mode, threads)) {
            Step::Run(mode) => {
                // The sequence's own plan, never the form as it is now (issue 17 §2).
                self.run(ctx, sequence.plan_in(mode));
                match self.running() {
                    Some(run) if run.plan.mode == mode => {
                        sequence.started(mode, run.id);
                        self.pins.push(run.id);
                    }
                    // Not runnable after all (say, a pool still resizing): on the next message.
                    _ => sequence.retry(mode),
                }
            }
            Step::Wait(mode) => {
                if let Some(executor) = self.executor(mode) {
                    executor.start();
                }
            }
            Step::Finished => {}
        }
        let ended = !sequence.is_running();
        self.every_mode = Some(sequence);
        if ended {
            // The form's thread count applies again.
            self.sync_pool_size();
        }
    }

    /// Stop during the sequence stops the sequence too.
    pub(super) fn stop_every_mode(&mut self) {
        let Some(mut sequence) = self.every_mode.take() else {
            return;
        };
        sequence.stop();
        self.every_mode = Some(sequence);
        self.sync_pool_size();
    }

    /// The button, enabled when the form is valid and nothing runs.
    pub(super) fn every_mode_button(&self, ctx: &Context<Self>) -> Html {
        let idle = self.running().is_none() && !self.every_mode_running() && !self.sweep_running();
        let valid = self.form.plan(self.caps.cores).is_ok();
        html! {
            <button class="every-mode" data-testid="run-every-mode" disabled={!(idle && valid)}
                onclick={ctx.link().callback(|_| Msg::RunEveryMode)}>{ "Run in every mode" }</button>
        }
    }

    /// The two lessons in one click (not in the embed: its height is budgeted), enabled
    /// when nothing runs; each says what to look at.
    pub(super) fn preset_buttons(&self, ctx: &Context<Self>) -> Html {
        if self.presentation.embed {
            return html! {};
        }
        let idle = self.running().is_none() && !self.every_mode_running();
        html! {
            <div class="presets" data-testid="presets">
                <p class="hint">{ "Or one lesson in one click, its runs pinned side by side:" }</p>
                { for Preset::ALL.iter().map(|&preset| html! {
                    <div class="preset">
                        <button data-testid={preset.id()} disabled={!idle}
                            onclick={ctx.link().callback(move |_| Msg::RunPreset(preset))}>{ preset.title() }</button>
                        <span class="hint">{ preset.teaches() }</span>
                    </div>
                }) }
            </div>
        }
    }

    /// The sequence's status: what ran, what is next, what was skipped and why.
    pub(super) fn every_mode_status(&self) -> Html {
        let Some(s) = self.every_mode.as_ref() else {
            return html! {};
        };
        let state = match s.state {
            crate::runs::every_mode::State::Running => "running",
            crate::runs::every_mode::State::Done => "done",
            crate::runs::every_mode::State::Stopped => "stopped",
        };
        let ran: Vec<_> = s.ran.iter().map(|(m, _)| m.name()).collect();
        let skipped: Vec<_> = s.skipped.iter().map(|(m, _)| m.name()).collect();
        html! {
            <p class="every-mode-status" role="status" data-testid="every-mode-status" data-state={state}
                data-ran={ran.join(" ")} data-skipped={skipped.join(" ")}>{ s.status_text() }</p>
        }
    }
}
