//! `spawn`: a new worker for every run, terminated when the run ends: the anti-pattern a
//! pool exists to avoid. Unlike `worker`, which instantiates the module the page already
//! compiled, each new worker fetches the `.wasm`, compiles and instantiates it itself
//! ([`Boot::Standalone`]), the start-up a naive page pays per job. A burst starts k workers
//! at once, which share the machine's cores.

use super::burst::{CopiesFuture, CopyFuture, all_at_once, copy_request, since};
use super::copies::WorkerStart;
use super::{Executor, Readiness, RunFuture, run_on};
use crate::instruments::timeline::{LaneSample, Probe, Sample};
use crate::workers::host::{Recipe, WorkerHost};
use futures_channel::oneshot;
use offload_jobs::wire::{Boot, Request};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_time::Instant;
use yew::Callback;

/// The workers of the runs under way, for Stop and the timeline.
#[derive(Default)]
struct Live {
    hosts: RefCell<Vec<(u32, WorkerHost)>>,
    /// Workers started since the page loaded: each run's are new ones.
    started: Cell<u32>,
}

/// The most workers a stream's `/heavy` requests start at once in `spawn`.
pub const SPAWN_CAP: u32 = 16;

#[derive(Default)]
pub struct Spawn(Rc<Live>);

/// A worker that fetches and compiles the page's module itself.
fn standalone() -> Recipe {
    Recipe {
        script: "./page-worker.js",
        boot: Box::new(|| {
            let boot = Boot::Standalone {
                glue: crate::browser::glue_url(),
                wasm: crate::browser::wasm_url(),
            };
            serde_wasm_bindgen::to_value(&boot).unwrap_or_default()
        }),
    }
}

impl Spawn {
    /// One copy: a new worker, started, given the job, then terminated.
    fn one(&self, request: Request, t0: Instant) -> (CopyFuture, Rc<RefCell<Option<WorkerStart>>>) {
        let (ready_tx, ready) = oneshot::channel::<Readiness>();
        let ready_tx = RefCell::new(Some(ready_tx));
        let on_readiness = Callback::from(move |r: Readiness| {
            let settled = matches!(r, Readiness::Ready { .. } | Readiness::Unavailable { .. });
            if let Some(tx) = ready_tx.borrow_mut().take_if(|_| settled) {
                let _ = tx.send(r);
            }
        });
        let host = WorkerHost::new(standalone(), on_readiness).labelled("spawn");
        let ordinal = self.0.started.get() + 1;
        self.0.started.set(ordinal);
        self.0.hosts.borrow_mut().push((ordinal, host.clone()));
        host.start();
        let start = Rc::new(RefCell::new(None));
        let live = self.0.clone();
        let record = start.clone();
        let run = async move {
            let result = async {
                match ready.await {
                    Ok(Readiness::Ready { .. }) => {}
                    Ok(Readiness::Unavailable { reason }) => return Err(reason),
                    _ => return Err("the new worker was stopped before it started".into()),
                }
                let figures = host.start_figures();
                let worker = figures.startup.unwrap_or_default();
                *record.borrow_mut() = Some(WorkerStart {
                    total_ms: figures.start_ms.unwrap_or_default(),
                    script_ms: figures.startup.map(|_| worker.script_ms),
                    fetch_ms: figures.startup.map(|_| worker.fetch_ms),
                    compile_ms: figures.startup.map(|_| worker.compile_ms),
                    instantiate_ms: figures.startup.map(|_| worker.instantiate_ms),
                    ordinal,
                });
                let started_ms = since(t0);
                let finished = run_on(&host, request).await?;
                Ok((finished, started_ms))
            }
            .await;
            // Served its one run: terminated now, whatever the outcome.
            host.shut_down("the run is over");
            live.hosts.borrow_mut().retain(|(n, _)| *n != ordinal);
            result
        };
        (Box::pin(run), start)
    }
}

impl Executor for Spawn {
    fn run(&self, request: Request) -> RunFuture {
        let copies = self.run_copies(request, 1);
        Box::pin(async move { copies.await.map(|c| c.finished) })
    }

    /// A worker per request, as many at once as requests come, up to a cap any server
    /// needs: each is a module instance with its own memory (tens of MB), and a stream
    /// past the cores' capacity would otherwise start them without end.
    fn serves_at_once(&self) -> u32 {
        SPAWN_CAP
    }

    /// k new workers at once, each paying its own start-up.
    fn run_copies(&self, request: Request, copies: u32) -> CopiesFuture {
        let t0 = Instant::now();
        let (runs, starts): (Vec<_>, Vec<_>) = (0..copies)
            .map(|copy| self.one(copy_request(&request, copy), t0))
            .unzip();
        let all = all_at_once(runs, t0);
        Box::pin(async move {
            let mut copies = all.await?;
            copies.burst.starts = starts.iter().filter_map(|s| *s.borrow()).collect();
            Ok(copies)
        })
    }

    fn stop(&self) -> bool {
        let hosts: Vec<_> = self.0.hosts.borrow_mut().drain(..).collect();
        for (_, host) in &hosts {
            host.shut_down("stopped: the run's worker was terminated");
        }
        !hosts.is_empty()
    }

    /// A lane per worker of the run under way, busy from its job's start to its end.
    fn probe(&self) -> Option<Probe> {
        let live = self.0.clone();
        Some(Probe(Rc::new(move |run| {
            let hosts = live.hosts.borrow();
            let lanes: Vec<LaneSample> = hosts
                .iter()
                .map(|(ordinal, host)| {
                    let sample = host.sample();
                    let ours = sample.id == Some(run);
                    LaneSample {
                        name: format!("spawn-{ordinal}"),
                        busy: ours && sample.busy,
                        units: sample.progress.filter(|_| ours).map_or(0, |p| p.done),
                    }
                })
                .collect();
            (!lanes.is_empty()).then_some(Sample {
                lanes,
                progress: None,
                phase: None,
            })
        })))
    }
}
