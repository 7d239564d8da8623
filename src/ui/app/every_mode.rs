//! The App's side of "Run in every mode": asks the pure `Sequence` what to do next, then
//! starts a mode or calls `App::run` with the form switched to that mode. Runs go one at a
//! time, so this advances after every message (a run's end, a mode's readiness).

use super::{App, Msg};
use crate::browser::query;
use crate::form::{Mode, threads_limit};
use crate::modes::Readiness;
use crate::runs::every_mode::{Availability, Sequence, Step};
use yew::prelude::*;

impl App {
    /// What the sequence needs to know of `mode`: a pool counts as ready only once it has
    /// the form's thread count (a resize may still be under way).
    fn availability(&self, mode: Mode) -> Availability {
        if self.executor(mode).is_none() {
            return Availability::NoExecutor;
        }
        let wanted = threads_limit(self.caps.cores)
            .parse(&self.form.threads)
            .ok();
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
        match sequence.next(|mode| self.availability(mode)) {
            Step::Run(mode) => {
                self.form.mode = mode.name().into();
                self.run(ctx);
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
            Step::Finished => self.restore_chosen_mode(&sequence),
        }
        self.every_mode = Some(sequence);
    }

    /// Stop during the sequence stops the sequence too.
    pub(super) fn stop_every_mode(&mut self) {
        let Some(mut sequence) = self.every_mode.take() else {
            return;
        };
        if sequence.is_running() {
            sequence.stop();
            self.restore_chosen_mode(&sequence);
        }
        self.every_mode = Some(sequence);
    }

    fn restore_chosen_mode(&mut self, sequence: &Sequence) {
        self.form.mode = sequence.chosen_mode.clone();
        query::write(&self.form.to_query());
    }

    /// The button, enabled when the form is valid and nothing runs.
    pub(super) fn every_mode_button(&self, ctx: &Context<Self>) -> Html {
        let idle = self.running().is_none() && !self.every_mode_running();
        let valid = self.form.plan(self.caps.cores).is_ok();
        html! {
            <button class="every-mode" data-testid="run-every-mode" disabled={!(idle && valid)}
                onclick={ctx.link().callback(|_| Msg::RunEveryMode)}>{ "Run in every mode" }</button>
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
