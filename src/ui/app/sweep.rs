//! The App's side of "Sweep the load": asks the pure `Sweep` for its next run (one single
//! run of the job to measure S, then a stream per ρ) and starts it through `App::run`,
//! as "Run in every mode" does; hands each of its runs' ends back. Runs go one at a time,
//! so this advances after every message (a run's end, a mode's readiness).

use super::super::sweep_chart::SweepChart;
use super::{App, Msg};
use crate::runs::RunState;
use crate::traffic::sweep::{RunEnd, Sweep, servers};
use yew::prelude::*;

impl App {
    pub(super) fn sweep_running(&self) -> bool {
        self.sweep.as_ref().is_some_and(Sweep::is_running)
    }

    /// A sweep of the form's stream in its mode, if Run could start it now.
    fn sweepable(&self) -> Option<Sweep> {
        if self.every_mode_running() || self.sweep_running() {
            return None;
        }
        let plan = self.runnable()?;
        let at_once = self.executor(plan.mode)?.serves_at_once();
        Sweep::start(plan, servers(at_once, self.caps.cores))
    }

    pub(super) fn start_sweep(&mut self) {
        if let Some(sweep) = self.sweepable() {
            self.sweep = Some(sweep);
        }
    }

    /// Starts the sweep's next run when nothing is running.
    pub(super) fn advance_sweep(&mut self, ctx: &Context<Self>) {
        if self.running().is_some() {
            return;
        }
        let Some(plan) = self.sweep.as_ref().and_then(Sweep::next) else {
            return;
        };
        let (before, autorun) = (self.runs.len(), self.autorun);
        self.run(ctx, plan);
        match self.running().filter(|_| self.runs.len() > before) {
            Some(run) => {
                let id = run.id;
                if let Some(sweep) = self.sweep.as_mut() {
                    sweep.started(id);
                }
            }
            // Not runnable now (its workers restarting): tried again on the next message,
            // with the sweep's plan, never the form's.
            None => self.autorun = autorun,
        }
    }

    /// Run `id` ended: if it was the sweep's, the sweep takes its figures.
    pub(super) fn sweep_run_ended(&mut self, id: u32) {
        let Some(run) = self.runs.iter().find(|r| r.id == id) else {
            return;
        };
        let end = match (&run.state, &run.traffic) {
            (RunState::Failed(why), _) => RunEnd::Failed(why.clone()),
            (_, Some(report)) => RunEnd::Stream(Box::new(report.clone())),
            _ => run.ms().map_or_else(
                || RunEnd::Failed("the job's run has no time".into()),
                RunEnd::Job,
            ),
        };
        if let Some(sweep) = self.sweep.as_mut() {
            sweep.ended(id, end);
        }
    }

    /// Stop during the sweep ends the sweep too.
    pub(super) fn stop_sweep(&mut self) {
        if let Some(sweep) = self.sweep.as_mut() {
            sweep.stop();
        }
    }

    /// The threads the sweep's runs were planned with, while it goes (a pool's only).
    pub(super) fn sweep_threads(&self) -> Option<u32> {
        let sweep = self.sweep.as_ref().filter(|s| s.is_running())?;
        sweep
            .plan()
            .mode
            .has_threads()
            .then_some(sweep.plan().threads)
    }

    /// The button, shown only when the form asks for a valid stream; enabled when
    /// nothing runs and the stream has `/heavy` requests to load the mode with.
    pub(super) fn sweep_button(&self, ctx: &Context<Self>) -> Html {
        let serving = self
            .form
            .plan(self.caps.cores)
            .is_ok_and(|p| p.traffic.is_some());
        if !serving {
            return html! {};
        }
        html! {
            <button class="every-mode sweep-load" data-testid="sweep-load" disabled={self.sweepable().is_none()}
                title="measure one /heavy job, then serve the same traffic at loads ρ 0.25 to 1.1 and plot p99 latency against ρ"
                onclick={ctx.link().callback(|_| Msg::SweepLoad)}>{ "Sweep the load" }</button>
        }
    }

    /// The chart and table, once a sweep has started.
    pub(super) fn sweep_view(&self) -> Html {
        let Some(sweep) = self.sweep.clone() else {
            return html! {};
        };
        let job = self
            .runs
            .iter()
            .rev()
            .find(|r| r.plan.job == sweep.plan().job)
            .map_or_else(
                || sweep.plan().job.name().to_string(),
                |r| format!("{} {}", r.plan.job.name(), r.job_params_text()),
            );
        html! { <SweepChart {sweep} {job} /> }
    }
}
