//! The page: live indicators on top, the controls, the newest run and the history, or
//! the compact embed layout (`embed=1`) around the same controls.
//! It owns the form, the modes' executors and the runs; components below only render.

mod every_mode;
mod executors;
mod sweep;

use super::announcer::Announcer;
use super::capability_list::CapabilityList;
use super::compare_view::CompareView;
use super::embed::Embed;
use super::embed_code::EmbedCode;
use super::export_buttons::ExportButtons;
use super::glossary::Glossary;
use super::job_form::JobForm;
use super::last_run::LastRun;
use super::lesson_note::LessonNote;
use super::live_meters::LiveMeters;
use super::mode_picker::ModePicker;
use super::overheads::Overheads;
use super::run_history::RunHistory;
use super::speedup_chart::SpeedupChart;
use crate::browser::capabilities::{Capabilities, PoolBlocker, no_shared_memory_notice};
use crate::browser::query;
use crate::form::{Directive, Form, Key, Mode, Plan, Traffic, threads_limit};
use crate::instruments::meters::Meters;
use crate::modes::peers::Peers;
use crate::modes::pool::PoolMode;
use crate::modes::serve::StreamHandle;
use crate::modes::{Executor, Readiness, RunError, RunOutput};
use crate::presentation::Presentation;
use crate::runs::burst::Burst;
use crate::runs::every_mode::Sequence;
use crate::runs::{Comparison, History, Responsiveness, Run, RunState, speedup};
use crate::traffic::TrafficReport;
use crate::traffic::sweep::Sweep;
use executors::Executors;
use offload_jobs::wire::{Fault, Request};
use std::collections::HashMap;
use yew::prelude::*;

/// A run under way: its result, and a burst's or a stream's own figures.
type Running = std::pin::Pin<
    Box<
        dyn std::future::Future<
                Output = (
                    Result<RunOutput, RunError>,
                    Option<Box<Burst>>,
                    Option<Box<TrafficReport>>,
                ),
            >,
    >,
>;

pub enum Msg {
    Edit(Key, String),
    /// A field was committed (change event: Enter, or focus left it).
    Commit(Key),
    Run,
    /// "Run in every mode": main, then each other mode of Offload's that can run here.
    RunEveryMode,
    /// One of the lessons in one click: its runs in order, pinned side by side.
    RunPreset(crate::runs::presets::Preset),
    /// "Sweep the load": the form's stream at loads ρ 0.25 to 1.1 (`app/sweep.rs`).
    SweepLoad,
    /// Pins a run into the compare view, or unpins it.
    TogglePin(u32),
    Stop,
    Readiness(Mode, Readiness),
    RunEnded {
        id: u32,
        result: Result<RunOutput, RunError>,
        /// Boxed: the meters' figures would make every message as large.
        page: Box<Responsiveness>,
        /// From handing the job to its mode to the result back here (`runs::figures`).
        wall_ms: f64,
        /// Each copy's span, for a burst or a `spawn` run.
        burst: Option<Box<Burst>>,
        /// What a traffic stream met.
        traffic: Option<Box<TrafficReport>>,
    },
}

pub struct App {
    caps: Capabilities,
    form: Form,
    /// `embed` and `theme`, read once.
    presentation: Presentation,
    /// Run once as soon as the chosen mode is ready (`autorun=1`).
    autorun: bool,
    /// Said beside Run when the page declined to do what a link asked.
    notice: Option<String>,
    /// A mode chosen during a run: its workers start when the run ends, so that their
    /// start (compiling, instantiating) does not compete with the run being measured.
    deferred_start: Option<Mode>,
    /// Test-only: the next offloaded run dies on purpose (`fault=panic`); used once.
    fault: Option<Fault>,
    meters: Meters,
    executors: Executors,
    readiness: HashMap<Mode, Readiness>,
    runs: History,
    /// The latest "Run in every mode", going or ended (its status stays on the page).
    every_mode: Option<Sequence>,
    /// The latest "Sweep the load", going or ended (its chart stays on the page).
    sweep: Option<Sweep>,
    /// Run ids shown side by side in the compare view, in the order pinned.
    pins: Vec<u32>,
    /// Made once: the history's rows re-render when their callback is a new one.
    on_pin: Callback<u32>,
    /// Made once too: with a new callback each render, the form and the mode picker were
    /// rendered again on every message (a run's start and end, each readiness change).
    on_edit: Callback<(Key, String)>,
    on_commit: Callback<Key>,
    /// The traffic stream being served, to stop.
    stream: Option<StreamHandle>,
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let caps = Capabilities::detect();
        let url_pairs = query::read();
        let pairs = || url_pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let (mut form, directives) = Form::from_query(pairs(), caps.cores);
        let presentation = Presentation::from_query(pairs());
        crate::browser::set_theme(presentation.theme);
        // A pool link starts on message-pool where the pool cannot start, saying why.
        let fallback = match caps.pool_blocker() {
            Some(PoolBlocker::NoSharedMemory) => form
                .fall_back_from_pool(caps.pool_unavailable_reason().as_deref(), caps.framed)
                .map(|_| no_shared_memory_notice()),
            _ => form.fall_back_from_pool(caps.not_isolated_why().as_deref(), caps.framed),
        };
        // One-shot directives leave the address bar at once: a reload, or the link copied
        // from it, must not run (or crash) again.
        query::write(&form.to_query());
        let meters = Meters::start();
        let on = |mode: Mode| ctx.link().callback(move |r| Msg::Readiness(mode, r));
        let mut readiness = HashMap::from([
            (Mode::Main, Readiness::Ready { threads: 1 }),
            (Mode::Async, Readiness::Ready { threads: 1 }),
            (Mode::Chunked, Readiness::Ready { threads: 1 }),
            (Mode::Worker, Readiness::NotStarted),
            // Nothing to start ahead: each run starts its own worker.
            (Mode::Spawn, Readiness::Ready { threads: 1 }),
            (Mode::MessagePool, Readiness::NotStarted),
            (Mode::Pool, Readiness::NotStarted),
        ]);
        readiness.extend(Peers::initial_readiness());
        let engine = match caps.pool_unavailable_reason() {
            None => Some(PoolMode::new(pool_threads(&form, &caps), on(Mode::Pool))),
            Some(reason) => {
                readiness.insert(Mode::Pool, Readiness::Unavailable { reason });
                None
            }
        };
        let mut app = App {
            executors: Executors::new(&meters, pool_threads(&form, &caps), engine, on),
            readiness,
            autorun: directives.autorun,
            notice: fallback,
            deferred_start: None,
            fault: directives.fault,
            caps,
            form,
            presentation,
            meters,
            runs: History::default(),
            every_mode: None,
            sweep: None,
            pins: Vec::new(),
            on_pin: ctx.link().callback(Msg::TogglePin),
            on_edit: ctx.link().callback(|(key, value)| Msg::Edit(key, value)),
            on_commit: ctx.link().callback(Msg::Commit),
            stream: None,
        };
        app.refuse_main_autorun();
        app.start_chosen_mode();
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edit(key, value) => {
                *self.form.field_mut(key) = value;
                query::write(&self.form.to_query());
                self.notice = None;
                if key == Key::Mode {
                    self.start_chosen_mode();
                }
            }
            // A thread count applies when committed, not per keystroke: typing "16" must
            // not start a 1-thread pool on the way.
            Msg::Commit(key) => {
                if key == Key::Threads {
                    self.sync_pool_size();
                }
            }
            Msg::Run => {
                if let Some(plan) = self.runnable() {
                    self.run(ctx, plan);
                }
            }
            Msg::RunEveryMode => {
                if let Ok(plan) = self.form.plan(self.caps.cores) {
                    // The compare view shows this sequence's runs, not older pins.
                    self.pins.clear();
                    let threads = pool_threads(&self.form, &self.caps);
                    self.every_mode = Some(Sequence::start(plan, threads));
                    // Its threads, typed but not committed yet, are the pools' from now.
                    self.sync_pool_size();
                }
            }
            Msg::RunPreset(preset) => {
                self.pins.clear();
                let threads = pool_threads(&self.form, &self.caps);
                self.every_mode =
                    Some(Sequence::of(preset.title(), preset.plans(threads), threads));
                self.sync_pool_size();
            }
            Msg::SweepLoad => self.start_sweep(),
            Msg::TogglePin(id) => match self.pins.iter().position(|&p| p == id) {
                Some(at) => {
                    self.pins.remove(at);
                }
                None => self.pins.push(id),
            },
            Msg::Stop => {
                self.stop_every_mode();
                self.stop_sweep();
                if let Some(stream) = &self.stream {
                    stream.stop();
                }
                if let Some(executor) = self.running().and_then(|r| self.executor(r.plan.mode)) {
                    executor.stop();
                }
            }
            Msg::Readiness(mode, readiness) => {
                self.readiness.insert(mode, readiness);
            }
            Msg::RunEnded {
                id,
                result,
                page,
                wall_ms,
                burst,
                traffic,
            } => {
                self.stream = None;
                let alone_ms = crate::runs::burst::alone_ms(&self.runs, id);
                let reused_start_ms = self.executors.worker_start_ms();
                self.runs.update(id, |run| {
                    run.state = match result {
                        Ok(finished) => RunState::Done(finished),
                        Err(reason) => RunState::Failed(reason),
                    };
                    run.page = Some(*page);
                    run.wall_ms = Some(wall_ms);
                    run.burst = burst.map(|b| Burst {
                        alone_ms,
                        reused_start_ms,
                        ..*b
                    });
                    run.traffic = traffic.map(|t| *t);
                });
                // A stream's figures are its own: no single run is a baseline for them.
                let single = self
                    .runs
                    .iter()
                    .position(|r| r.id == id && r.traffic.is_none());
                if let Some(index) = single {
                    let compared = speedup::compare(&self.runs, index);
                    self.runs.update(id, |run| run.compared = compared);
                }
                self.sweep_run_ended(id);
                // A thread count committed during the run waited for it to end, and so did
                // a mode chosen during it.
                self.sync_pool_size();
                if self.deferred_start.take().is_some() {
                    self.start_chosen_mode();
                }
            }
        }
        self.autorun_if_ready(ctx);
        self.advance_every_mode(ctx);
        self.advance_sweep(ctx);
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let errors = self.form.plan(self.caps.cores).err().unwrap_or_default();
        let (on_edit, on_commit) = (self.on_edit.clone(), self.on_commit.clone());
        let readiness: Vec<_> = Mode::ALL
            .iter()
            .map(|&m| {
                (
                    m,
                    self.readiness
                        .get(&m)
                        .cloned()
                        .unwrap_or(Readiness::Starting),
                )
            })
            .collect();
        let embed = self.presentation.embed;
        let picker = if embed {
            let fields = super::mode_picker::mode_fields(&self.form, &errors, &on_edit, &on_commit);
            html! {
                <>
                    <super::mode_chips::ModeChips form={self.form.clone()} errors={errors.clone()} {readiness} on_edit={on_edit.clone()} {on_commit} />
                    <div class="mode-settings">{ fields }</div>
                </>
            }
        } else {
            html! { <ModePicker form={self.form.clone()} errors={errors.clone()} {readiness} on_edit={on_edit.clone()} {on_commit} /> }
        };
        let controls = html! {
            <section class="controls">
                { for self.presentation.errors.iter().map(|error| html! {
                    <p class="error" role="alert" data-testid={format!("error-{}", error.param)}>{ &error.message }</p>
                }) }
                // What to run (the job and how many copies) in one column, where to run it in
                // the other: the mode list is the long one.
                <div class="what-to-run">
                    <JobForm form={self.form.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <super::burst_field::BurstField form={self.form.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    // In the embed only when a link asked for a stream: its height is budgeted.
                    if !embed || !self.form.serve.trim().is_empty() {
                        <super::serve_fields::ServeFields form={self.form.clone()} {errors} on_edit={on_edit.clone()} />
                    }
                </div>
                { picker }
                { self.notes(ctx) }
                <Announcer run={self.runs.last().cloned()} />
            </section>
        };
        let last = self.runs.last().cloned();
        if embed {
            let full = query::current_url_with(&[
                (Directive::Embed.name(), None),
                (Directive::Load.name(), None),
            ]);
            return html! {
                <Embed meters={self.meters.clone()} caps={self.caps.clone()} run={last} runs={self.runs.clone()} {full}
                    buttons={self.buttons(ctx, false)}>{ controls }</Embed>
            };
        }
        html! {
            <main>
                <header>
                    <h1>{ "Offload" }</h1>
                    <p class="tagline">{ "What CPU-heavy work does to the main thread, and how moving it off keeps a page live." }</p>
                </header>
                // The meters and the buttons stay in view together: a reader clicks Run and
                // watches the counter freeze, wherever the page is scrolled.
                <div class="live-strip" data-testid="live-strip">
                    <LiveMeters meters={self.meters.clone()} ran={!self.runs.is_empty()} />
                    { self.buttons(ctx, true) }
                </div>
                { controls }
                <super::thread_timeline::ThreadTimeline run={last.clone()} probe={self.probe()} />
                <LastRun run={last.clone()} />
                <LessonNote run={last} runs={self.runs.clone()} />
                { self.sweep_view() }
                <CompareView pinned={self.pinned()} />
                <RunHistory runs={self.runs.clone()} pinned={self.pins.clone()} on_pin={self.on_pin.clone()} />
                <SpeedupChart runs={self.runs.clone()} />
                <ExportButtons runs={self.runs.clone()} />
                <Glossary />
                <h2 class="setup-heading">{ "Set-up details" }</h2>
                <Overheads pool={self.executors.pool_start_figures()} />
                <super::worker_memory::WorkerMemory />
                <CapabilityList caps={self.caps.clone()} />
                <EmbedCode title={self.embed_title()} />
            </main>
        }
    }
}

/// The pool's starting size: the URL's `threads` if valid, else every core.
fn pool_threads(form: &Form, caps: &Capabilities) -> u32 {
    threads_limit(caps.cores)
        .parse(&form.threads)
        .unwrap_or(caps.cores)
}

impl App {
    /// Run, "Run in every mode" (`every_mode`) and Stop.
    fn buttons(&self, ctx: &Context<Self>, every_mode: bool) -> Html {
        html! {
            <div class="actions">
                <button class="run" data-testid="run" disabled={self.runnable().is_none() || self.every_mode_running() || self.sweep_running()}
                    onclick={ctx.link().callback(|_| Msg::Run)}>{ "Run" }</button>
                if every_mode {
                    { self.every_mode_button(ctx) }
                    { self.sweep_button(ctx) }
                }
                <button class="stop" data-testid="stop" disabled={!self.stoppable()}
                    title="terminate the worker running the job, or end a chunked run between two slices (a job that holds the main thread cannot be stopped)"
                    onclick={ctx.link().callback(|_| Msg::Stop)}>{ "Stop" }</button>
            </div>
        }
    }

    /// What the buttons did or declined to do: the notice, the sequence's status. Kept
    /// out of the sticky strip, where a long sentence would take the reader's screen.
    fn notes(&self, ctx: &Context<Self>) -> Html {
        html! {
            <>
                if let Some(notice) = &self.notice {
                    <p class="notice" role="status" data-testid="notice">{ notice }</p>
                } else if let Some(mode) = self.deferred_start {
                    <p class="notice" role="status" data-testid="notice">
                        { format!("{}'s workers start when this run ends, so that their start is not measured in it.", mode.name()) }
                    </p>
                }
                { self.every_mode_status() }
                { self.preset_buttons(ctx) }
            </>
        }
    }

    /// The pinned runs, in the order pinned.
    fn pinned(&self) -> Vec<Run> {
        let by_id = |id: &u32| self.runs.iter().find(|r| r.id == *id).cloned();
        self.pins.iter().filter_map(by_id).collect()
    }

    /// The embed's iframe title: the job and the mode, from a valid plan only.
    fn embed_title(&self) -> String {
        match self.form.plan(self.caps.cores) {
            Ok(plan) => format!("Offload: {} in {} mode", plan.job.name(), plan.mode.name()),
            Err(_) => "Offload playground".into(),
        }
    }

    /// Starts the chosen mode's workers, if it has any and they are not started yet (or
    /// missed their start deadline); during a run, once it ends.
    fn start_chosen_mode(&mut self) {
        let Some(mode) = self.form.mode() else { return };
        let Some(late) = self.executor(mode).map(|e| e.retries_start()) else {
            return;
        };
        let to_start = late || self.readiness.get(&mode) == Some(&Readiness::NotStarted);
        let during_run = self.running().is_some() && to_start;
        self.deferred_start = during_run.then_some(mode);
        if let Some(executor) = self.executor(mode).filter(|_| !during_run) {
            executor.start();
        }
    }

    /// Gives the pool the committed thread count, unless a run is using it (then this runs
    /// again when the run ends). A count that is not valid yet changes nothing. While "Run in
    /// every mode" goes, its own count holds: the form's applies when it ends.
    fn sync_pool_size(&self) {
        let committed = threads_limit(self.caps.cores)
            .parse(&self.form.threads)
            .ok();
        let sequence = self.every_mode.as_ref().filter(|s| s.is_running());
        let held = sequence.map(Sequence::threads).or(self.sweep_threads());
        let Some(threads) = held.or(committed) else {
            return;
        };
        self.executors.resize(threads);
    }

    /// A link may not freeze a visitor's tab: `autorun` on the main thread waits for a click.
    fn refuse_main_autorun(&mut self) {
        if self.autorun && self.form.mode().is_some_and(Mode::blocks_main_thread) {
            self.autorun = false;
            self.notice = Some(
                "This link asked to run the job at once on the main thread, which would freeze \
                 the page before you could see why. Press Run when you are ready."
                    .into(),
            );
        }
    }

    /// How the timeline looks at the newest run's mode.
    fn probe(&self) -> Option<crate::instruments::timeline::Probe> {
        let mode = self.runs.last()?.plan.mode;
        self.executor(mode)?.probe()
    }

    fn executor(&self, mode: Mode) -> Option<&dyn Executor> {
        self.executors.get(mode)
    }

    /// The plan Run would carry out now, if the form is valid and it can run now.
    fn runnable(&self) -> Option<Plan> {
        let plan = self.form.plan(self.caps.cores).ok()?;
        self.can_run(&plan).then_some(plan)
    }

    /// No run is in progress and the plan's mode is ready (for the pool: with the plan's
    /// number of threads).
    fn can_run(&self, plan: &Plan) -> bool {
        let busy = self.running().is_some();
        let ready = match self.readiness.get(&plan.mode) {
            Some(Readiness::Ready { threads }) => {
                !plan.mode.has_threads() || *threads == plan.threads
            }
            // Run starts it again, and runs once it is ready.
            Some(Readiness::Unavailable { .. }) => {
                self.executor(plan.mode).is_some_and(|e| e.retries_start())
            }
            _ => false,
        };
        !busy && ready
    }

    /// The run in progress, if any (runs go one at a time, so it is the newest).
    fn running(&self) -> Option<&Run> {
        self.runs.last().filter(|r| r.state == RunState::Running)
    }

    /// An offloaded run is under way (a main-thread run never lets Stop be clicked).
    /// Between the runs of "Run in every mode" Stop ends the sequence.
    fn stoppable(&self) -> bool {
        match self.running() {
            // A stream's page is live between its requests, whatever the mode.
            Some(run) => run.plan.traffic.is_some() || !run.plan.mode.blocks_main_thread(),
            None => self.every_mode_running() || self.sweep_running(),
        }
    }

    /// Starts `plan` (from the form, or from "Run in every mode"'s own) if it can run now.
    fn run(&mut self, ctx: &Context<Self>, plan: Plan) {
        if !self.can_run(&plan) {
            return;
        }
        // Used once, so the run after the crash shows the replacement working.
        let fault = self.fault.take();
        let Some(executor) = self.executor(plan.mode) else {
            return;
        };
        if executor.retries_start() {
            // Its workers missed their start deadline: started again, and the run goes as
            // soon as they are ready (given up on if they are late again).
            executor.start();
            self.fault = fault;
            self.readiness.insert(plan.mode, Readiness::Starting);
            self.autorun = true;
            return;
        }
        self.executors.prepare(&plan);
        let id = self.runs.len() as u32 + 1;
        let request = Request {
            id,
            job: plan.job.clone(),
            fault,
        };
        // Wall time starts here, the same hand-over for every mode (`runs::figures`).
        let handed_over = web_time::Instant::now();
        // A burst (and every `spawn` run: its copy's worker start-up) records each copy.
        let running: Running = if let Some(traffic) = plan.traffic {
            self.serve(&plan, traffic, id, request.fault)
        } else if plan.burst > 1 || plan.mode == Mode::Spawn {
            let copies = executor.run_copies(request, plan.burst);
            Box::pin(async move {
                match copies.await {
                    Ok(c) => (Ok(c.finished), Some(Box::new(c.burst)), None),
                    Err(e) => (Err(e), None, None),
                }
            })
        } else {
            let single = executor.run(request);
            Box::pin(async move { (single.await, None, None) })
        };
        self.runs.push(Run {
            id,
            plan,
            state: RunState::Running,
            page: None,
            wall_ms: None,
            compared: Comparison::default(),
            burst: None,
            traffic: None,
        });
        let meters = self.meters.clone();
        meters.begin_run();
        ctx.link().send_future(async move {
            let (result, burst, traffic) = running.await;
            let wall_ms = handed_over.elapsed().as_secs_f64() * 1e3;
            let page = Box::new(match result {
                Ok(_) => meters.end_run().await,
                Err(_) => meters.end_run_at_once(),
            });
            Msg::RunEnded {
                id,
                result,
                page,
                wall_ms,
                burst,
                traffic,
            }
        });
    }

    /// Starts serving `traffic` in the plan's mode; the future ends with the stream.
    fn serve(&mut self, plan: &Plan, traffic: Traffic, id: u32, fault: Option<Fault>) -> Running {
        let Some(executor) = self.executors.shared(plan.mode) else {
            return Box::pin(async {
                (Err("serve applies to Offload's modes".into()), None, None)
            });
        };
        // Each request its own id, apart from every run's: replies are matched by id.
        let first_id = id.saturating_mul(1 << 16);
        let job = (plan.job.clone(), fault);
        match crate::modes::serve::serve(executor, traffic, job, first_id, self.caps.cores) {
            Ok((handle, served)) => {
                self.stream = Some(handle);
                Box::pin(async move {
                    match served.await {
                        Ok(s) => (Ok(s.output), None, Some(Box::new(s.report))),
                        Err(e) => (Err(e), None, None),
                    }
                })
            }
            Err(e) => Box::pin(async move { (Err(e), None, None) }),
        }
    }

    /// `autorun=1`: runs once when everything is ready; given up on if the form is invalid
    /// or the mode cannot run here (the page says why).
    fn autorun_if_ready(&mut self, ctx: &Context<Self>) {
        if !self.autorun {
            return;
        }
        match self.form.plan(self.caps.cores) {
            Err(_) => self.autorun = false,
            Ok(plan) => match self.readiness.get(&plan.mode) {
                Some(Readiness::Unavailable { .. }) => self.autorun = false,
                _ if self.can_run(&plan) => {
                    self.autorun = false;
                    self.run(ctx, plan);
                }
                _ => {}
            },
        }
    }
}
