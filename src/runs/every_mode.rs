//! "Run in every mode": the same job on `main` first (so the freeze is felt), then in each
//! of Offload's other modes that can run here, one after another. Which modes, in which
//! order, which are skipped and why, and what comes next: pure, so the App only starts
//! runs and modes. The browser's own code (the peers) is left out: the lesson is Offload's
//! modes side by side, and a peer is one click away in the picker.

use crate::form::{Mode, Plan};
use crate::modes::Readiness;
use std::collections::VecDeque;

/// What the App knows of a mode when the sequence asks.
#[derive(Clone, Debug, PartialEq)]
pub enum Availability {
    /// The mode has an executor here; its readiness (for a pool: `Ready` only once it has
    /// the form's thread count, else `Starting`).
    Has(Readiness),
    /// This build has no executor for the mode.
    NoExecutor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Running,
    Done,
    Stopped,
}

/// What the App should do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Run the job in this mode (it is ready).
    Run(Mode),
    /// Wait for this mode to become ready; start it if it has not started.
    Wait(Mode),
    /// Nothing left (or stopped).
    Finished,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sequence {
    /// "Run in every mode", or a preset's title: what the status calls the sequence.
    title: &'static str,
    /// What every run of the sequence does, fixed when it starts: the form can be edited
    /// (a field, a mode picked) while it goes, and later runs must still be alike, or the
    /// comparison would compare different jobs (issue 17 §2).
    plan: Plan,
    /// The threaded modes' threads (the form's plan has 1 in a mode without threads).
    threads: u32,
    /// Each run still to come, its plan whole (a preset's differ in more than the mode).
    pending: VecDeque<Plan>,
    /// The plan `next` handed out, until it starts (or is put back).
    current: Option<Plan>,
    /// The modes run so far, in order, with their run ids.
    pub ran: Vec<(Mode, u32)>,
    /// The same runs as the status names them ("message-pool (transfer)").
    ran_labels: Vec<String>,
    /// The modes left out, each with the reason.
    pub skipped: Vec<(Mode, String)>,
    pub state: State,
}

/// Offload's own modes, `main` first: the order the sequence tries them in.
pub fn candidates() -> impl Iterator<Item = Mode> {
    let rest = Mode::ALL
        .into_iter()
        .filter(|m| !m.is_peer() && *m != Mode::Main);
    std::iter::once(Mode::Main).chain(rest)
}

/// A run's name in a sequence's status: its mode, and for a message-pool's sort how its
/// arrays crossed (a preset runs both).
pub fn label(plan: &Plan) -> String {
    match (plan.mode, &plan.job) {
        (Mode::MessagePool, offload_jobs::Job::Sort { .. }) => {
            let how = if plan.transfer { "transfer" } else { "clone" };
            format!("message-pool ({how})")
        }
        (mode, _) => mode.name().into(),
    }
}

impl Sequence {
    pub fn start(plan: Plan, threads: u32) -> Sequence {
        let mut sequence = Sequence::of("every mode", vec![plan], threads);
        sequence.pending = candidates().map(|m| sequence.plan_for(m)).collect();
        sequence
    }

    /// The runs of `plans`, in order (the first is the one the others are alike to).
    pub fn of(title: &'static str, plans: Vec<Plan>, threads: u32) -> Sequence {
        Sequence {
            title,
            plan: plans.first().cloned().unwrap_or_else(|| {
                crate::form::Form::defaults(1)
                    .plan(1)
                    .expect("the defaults are valid")
            }),
            threads,
            pending: plans.into(),
            current: None,
            ran: Vec::new(),
            ran_labels: Vec::new(),
            skipped: Vec::new(),
            state: State::Running,
        }
    }

    /// The sequence's job, size and settings in `mode`.
    fn plan_for(&self, mode: Mode) -> Plan {
        let threads = if mode.has_threads() { self.threads } else { 1 };
        Plan {
            mode,
            threads,
            ..self.plan.clone()
        }
    }

    /// The next thing to do, skipping the modes that cannot run (and saying why).
    pub fn next(&mut self, availability: impl Fn(Mode) -> Availability) -> Step {
        while self.state == State::Running {
            let Some(mode) = self.pending.front().map(|p| p.mode) else {
                self.state = State::Done;
                break;
            };
            match availability(mode) {
                Availability::NoExecutor => {
                    self.skip(mode, "not in this build yet".into());
                }
                Availability::Has(Readiness::Unavailable { reason }) => self.skip(mode, reason),
                Availability::Has(Readiness::Ready { .. }) => {
                    self.current = self.pending.pop_front();
                    return Step::Run(mode);
                }
                Availability::Has(Readiness::NotStarted | Readiness::Starting) => {
                    return Step::Wait(mode);
                }
            }
        }
        Step::Finished
    }

    fn skip(&mut self, mode: Mode, reason: String) {
        self.pending.pop_front();
        self.skipped.push((mode, reason));
    }

    /// The run for `mode` has started as run `id`.
    pub fn started(&mut self, mode: Mode, id: u32) {
        let plan = self.current.take().unwrap_or_else(|| self.plan_for(mode));
        self.ran_labels.push(label(&plan));
        self.ran.push((mode, id));
    }

    /// `mode` was handed out by `next` but could not start: try it again later.
    pub fn retry(&mut self, mode: Mode) {
        let plan = self.current.take().unwrap_or_else(|| self.plan_for(mode));
        self.pending.push_front(plan);
    }

    pub fn stop(&mut self) {
        if self.state == State::Running {
            self.state = State::Stopped;
        }
    }

    pub fn is_running(&self) -> bool {
        self.state == State::Running
    }

    /// The plan of the run in `mode` that `next` handed out (else the sequence's job, size
    /// and settings in that mode).
    pub fn plan_in(&self, mode: Mode) -> Plan {
        match &self.current {
            Some(plan) if plan.mode == mode => plan.clone(),
            _ => self.plan_for(mode),
        }
    }

    /// Threads of the threaded modes' runs, whatever the form says meanwhile.
    pub fn threads(&self) -> u32 {
        self.threads
    }

    /// The modes still to run, in order.
    pub fn pending(&self) -> impl Iterator<Item = Mode> + '_ {
        self.pending.iter().map(|p| p.mode)
    }

    /// One or two sentences for the page: what ran, what is left, what was skipped and why.
    pub fn status_text(&self) -> String {
        let ran = match self.ran_labels.join(", ") {
            none if none.is_empty() => "none yet".to_string(),
            ran => ran,
        };
        let next: Vec<_> = self.pending.iter().map(label).collect();
        let every = self.title == "every mode";
        let mut text = match self.state {
            State::Running if every => format!(
                "Running in every mode: done {ran}; next {}.",
                next.join(", ")
            ),
            State::Running => format!(
                "Running \"{}\": done {ran}; next {}.",
                self.title,
                next.join(", ")
            ),
            State::Done if every => {
                format!("Ran the job in every mode: {ran}. The runs are pinned side by side below.")
            }
            State::Done => format!(
                "Ran \"{}\": {ran}. The runs are pinned side by side below.",
                self.title
            ),
            State::Stopped => format!("Stopped the sequence after {ran}."),
        };
        if !self.skipped.is_empty() {
            let why: Vec<_> = self
                .skipped
                .iter()
                .map(|(m, reason)| format!("{} ({reason})", m.name()))
                .collect();
            text.push_str(&format!(" Skipped: {}.", why.join("; ")));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::test_runs::done;

    fn plan(mode: Mode) -> Plan {
        done(1, mode, 2, 1.0).plan
    }

    fn ready() -> Availability {
        Availability::Has(Readiness::Ready { threads: 1 })
    }

    #[test]
    fn main_comes_first_then_the_other_own_modes_and_no_peer() {
        let order: Vec<_> = candidates().collect();
        assert_eq!(order[0], Mode::Main);
        assert!(order.contains(&Mode::Worker) && order.contains(&Mode::Pool));
        assert!(order.iter().all(|m| !m.is_peer()));
        assert_eq!(
            order.len(),
            Mode::ALL.iter().filter(|m| !m.is_peer()).count()
        );
    }

    #[test]
    fn ready_modes_run_in_order_and_the_rest_are_skipped_with_their_reason() {
        let mut seq = Sequence::start(plan(Mode::Worker), 2);
        let availability = |m: Mode| match m {
            Mode::Pool => Availability::Has(Readiness::Unavailable {
                reason: "the page is not cross-origin isolated".into(),
            }),
            Mode::Async | Mode::Chunked | Mode::Spawn => Availability::NoExecutor,
            _ => ready(),
        };
        let mut ran = Vec::new();
        let mut id = 0;
        while let Step::Run(mode) = seq.next(availability) {
            id += 1;
            seq.started(mode, id);
            ran.push(mode);
        }
        assert_eq!(ran, [Mode::Main, Mode::Worker, Mode::MessagePool]);
        assert_eq!(seq.state, State::Done);
        let skipped: Vec<_> = seq.skipped.iter().map(|(m, _)| *m).collect();
        assert_eq!(
            skipped,
            [Mode::Async, Mode::Chunked, Mode::Spawn, Mode::Pool]
        );
        let text = seq.status_text();
        assert!(text.contains("main, worker, message-pool"), "{text}");
        assert!(
            text.contains("pool (the page is not cross-origin isolated)"),
            "{text}"
        );
    }

    #[test]
    fn a_mode_not_started_is_waited_for_then_run() {
        let mut seq = Sequence::start(plan(Mode::Main), 2);
        assert_eq!(seq.next(|_| ready()), Step::Run(Mode::Main));
        seq.started(Mode::Main, 1);
        let starting = |m: Mode| match m {
            Mode::Async => Availability::Has(Readiness::NotStarted),
            _ => ready(),
        };
        assert_eq!(seq.next(starting), Step::Wait(Mode::Async));
        assert_eq!(seq.next(starting), Step::Wait(Mode::Async), "still waiting");
        assert_eq!(seq.next(|_| ready()), Step::Run(Mode::Async));
    }

    #[test]
    fn stop_ends_the_sequence_and_retry_puts_a_mode_back() {
        let mut seq = Sequence::start(plan(Mode::Pool), 2);
        assert_eq!(seq.next(|_| ready()), Step::Run(Mode::Main));
        seq.retry(Mode::Main);
        assert_eq!(seq.next(|_| ready()), Step::Run(Mode::Main));
        seq.started(Mode::Main, 1);
        seq.stop();
        assert_eq!(seq.next(|_| ready()), Step::Finished);
        assert_eq!(seq.state, State::Stopped);
        assert!(
            seq.status_text()
                .starts_with("Stopped the sequence after main")
        );
    }

    #[test]
    fn every_run_keeps_the_plan_the_sequence_started_with() {
        let mut started = plan(Mode::Worker);
        started.job = offload_jobs::Job::Fib { n: 41 };
        // The form's plan in a mode without threads has 1; the pools get the field's count.
        started.threads = 1;
        let seq = Sequence::start(started.clone(), 2);
        for mode in candidates() {
            let run = seq.plan_in(mode);
            assert_eq!(run.mode, mode);
            let threads = if mode.has_threads() { 2 } else { 1 };
            assert_eq!(
                (run.job.clone(), run.threads, run.burst),
                (started.job.clone(), threads, 1)
            );
        }
        assert_eq!(seq.threads(), 2);
    }
}
