//! Traffic (`serve=`): the page's main thread plays a server's event loop under a stream
//! of requests. The clients' worker sends each request at its intended time
//! ([`crate::traffic::schedule`]); `/light` is answered here and now, `/heavy` runs the
//! job through the mode's [`Executor::serve`], at most [`Executor::serves_at_once`] at a
//! time, the rest waiting in the bounded queue ([`Ledger`]). Every latency counts from
//! the request's intended send time, so a blocked loop shows its whole delay.

use super::{Executor, RunError, RunOutput};
use crate::browser::traffic_client::{ClientSays, ClientThread, epoch_now};
use crate::form::Traffic;
use crate::traffic::latency::{HeavyTiming, Latencies};
use crate::traffic::ledger::{Admission, Ended, Ledger};
use crate::traffic::picture::{TRACE_POINTS, TracePoint, downsample};
use crate::traffic::{Arrival, Route, TrafficReport, schedule};
use futures_channel::oneshot;
use offload_jobs::wire::{Fault, Request};
use offload_jobs::{Job, Outcome};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The clients start this long after the schedule is handed over: time for it to reach
/// them, so the first requests are not late before anything has happened.
const LEAD_MS: f64 = 20.0;

/// A stream that has ended: the run's figures, and the stream's own.
pub struct Served {
    pub output: RunOutput,
    pub report: TrafficReport,
}

/// Ends a stream early: nothing more is sent, what waits is answered "stopped", and what
/// runs ends as the mode's own Stop ends it (the App asks the mode too).
#[derive(Clone)]
pub struct StreamHandle(Rc<RefCell<Stream>>);

impl StreamHandle {
    pub fn stop(&self) {
        let mut stream = self.0.borrow_mut();
        stream.stopping = true;
        stream.clients = None;
        // A stream stopped before its clients said ready never starts.
        stream.ready = None;
        stream.ledger.stop();
        stream.trace();
        stream.finish_if_drained();
    }
}

struct Stream {
    executor: Rc<dyn Executor>,
    job: Job,
    first_id: u32,
    /// Test-only (`fault=`): the first `/heavy` request's worker dies, mid-stream.
    fault: Option<Fault>,
    arrivals: Vec<Arrival>,
    /// The clients' thread; dropped (terminated) when every request is sent or on Stop.
    clients: Option<ClientThread>,
    ready: Option<oneshot::Sender<()>>,
    finished: Option<oneshot::Sender<()>>,
    /// When request 0 was meant to be sent, on [`epoch_now`]'s clock.
    start: f64,
    all_sent: bool,
    stopping: bool,
    ledger: Ledger,
    latencies: Latencies,
    /// `/heavy` requests running: when each started.
    started: HashMap<u32, f64>,
    last_answer: f64,
    compute_ms: f64,
    /// Every `/heavy` answer's checksum must be the same job's.
    checksum: Option<String>,
    disagreed: bool,
    /// Why the last failed `/heavy` request failed (a worker that died mid-stream).
    failure: Option<String>,
    /// What `/light` answered, kept so the handler's work is not optimised away.
    light_bytes: usize,
    /// The queue and the requests in flight at every change, for the picture.
    trace: Vec<TracePoint>,
}

impl Stream {
    fn intended(&self, index: u32) -> f64 {
        self.start + self.arrivals[index as usize].at_ms
    }

    /// Books how late the clients sent request `index`: their timers' delay, which every
    /// latency includes, apart from the page's own.
    fn sent_late(&mut self, index: u32, sent_ms: f64) {
        let late = sent_ms - self.arrivals[index as usize].at_ms;
        if late.is_finite() {
            self.latencies.sent_late.push(late.max(0.0));
        }
    }

    /// Notes the queue and the flight as they are now.
    fn trace(&mut self) {
        let point = TracePoint {
            t_ms: epoch_now() - self.start,
            waiting: self.ledger.waiting(),
            running: self.ledger.running(),
        };
        self.trace.push(point);
    }

    fn finish_if_drained(&mut self) {
        if (self.all_sent || self.stopping) && self.ledger.drained() {
            self.clients = None;
            if let Some(finished) = self.finished.take() {
                let _ = finished.send(());
            }
        }
    }
}

/// Serves `traffic`, its `/heavy` requests running `job` on `executor` with ids from
/// `first_id` on (the first with `fault`, the tests' crash). Returns at once with the
/// handle that stops it and the stream itself.
pub fn serve(
    executor: Rc<dyn Executor>,
    traffic: Traffic,
    (job, fault): (Job, Option<Fault>),
    first_id: u32,
    cores: u32,
) -> Result<(StreamHandle, impl Future<Output = Result<Served, RunError>>), RunError> {
    let (ready_tx, ready_rx) = oneshot::channel();
    let (finished_tx, finished_rx) = oneshot::channel();
    let capacity = executor.serves_at_once();
    let stream = Rc::new(RefCell::new(Stream {
        executor,
        job,
        first_id,
        fault,
        arrivals: schedule(&traffic),
        clients: None,
        ready: Some(ready_tx),
        finished: Some(finished_tx),
        start: 0.0,
        all_sent: false,
        stopping: false,
        ledger: Ledger::new(capacity, traffic.queue),
        latencies: Latencies::default(),
        started: HashMap::new(),
        last_answer: 0.0,
        compute_ms: 0.0,
        checksum: None,
        disagreed: false,
        failure: None,
        light_bytes: 0,
        trace: Vec::new(),
    }));
    let weak = Rc::downgrade(&stream);
    let clients = ClientThread::start(move |says| {
        if let Some(stream) = weak.upgrade() {
            heard(&stream, says);
        }
    })?;
    stream.borrow_mut().clients = Some(clients);
    let handle = StreamHandle(stream.clone());
    let served = async move {
        let _ = ready_rx.await;
        {
            let mut s = stream.borrow_mut();
            if !s.stopping {
                s.start = epoch_now() + LEAD_MS;
                let at: Vec<f64> = s.arrivals.iter().map(|a| a.at_ms).collect();
                if let Some(clients) = &s.clients {
                    clients.send(s.start, &at)?;
                }
            }
            s.finish_if_drained();
        }
        let _ = finished_rx.await;
        let s = stream.borrow();
        let heavy_per_s = f64::from(traffic.rate_per_s * traffic.heavy_percent) / 100.0;
        let servers = crate::traffic::sweep::servers(capacity, cores);
        let elapsed_ms = (s.last_answer - s.start).max(0.0);
        let mut report = s
            .latencies
            .report(s.ledger.counts(), elapsed_ms, heavy_per_s, servers);
        report.last_failure = s.failure.clone();
        report.queue_peak = s.ledger.peak_waiting();
        report.picture.trace = downsample(&s.trace, TRACE_POINTS);
        if s.disagreed {
            return Err("the /heavy responses disagreed: two checksums for one job".into());
        }
        let checksum = s
            .checksum
            .clone()
            .unwrap_or_else(|| "no /heavy request was answered".into());
        std::hint::black_box(s.light_bytes);
        Ok(Served {
            output: RunOutput {
                outcome: Outcome { checksum },
                ms: elapsed_ms,
                compute_ms: s.compute_ms,
                crossing: None,
                chunking: None,
                phases: Vec::new(),
                progress: None,
            },
            report,
        })
    };
    Ok((handle, served))
}

/// A message from the clients' thread.
fn heard(stream: &Rc<RefCell<Stream>>, says: ClientSays) {
    let mut s = stream.borrow_mut();
    match says {
        ClientSays::Ready => {
            if let Some(ready) = s.ready.take() {
                let _ = ready.send(());
            }
        }
        ClientSays::Done => {
            s.all_sent = true;
            s.clients = None;
            s.finish_if_drained();
        }
        ClientSays::Request { .. } if s.stopping => {}
        ClientSays::Request { index, sent_ms } => {
            let Some(route) = s.arrivals.get(index as usize).map(|a| a.route) else {
                return;
            };
            s.sent_late(index, sent_ms);
            match route {
                Route::Light => {
                    // The homepage: a few microseconds of work, then the answer.
                    let page = format!("<h1>Home</h1><p>You are visitor {index}.</p>");
                    s.light_bytes += page.len();
                    s.ledger.light();
                    let now = epoch_now();
                    let intended = s.intended(index);
                    s.last_answer = now;
                    s.latencies.light.push(now - intended);
                }
                Route::Heavy => {
                    let admission = s.ledger.heavy(index);
                    s.trace();
                    if admission == Admission::Run {
                        drop(s);
                        start(stream, index);
                    }
                    // Else queued (it starts when a place frees) or turned away (counted).
                }
            }
        }
    }
}

/// Runs `/heavy` request `index` now; when it ends, the oldest waiting one takes its place.
fn start(stream: &Rc<RefCell<Stream>>, index: u32) {
    let running = {
        let mut s = stream.borrow_mut();
        s.started.insert(index, epoch_now());
        let request = Request {
            id: s.first_id + index,
            job: s.job.clone(),
            fault: s.fault.take(),
        };
        s.executor.serve(request)
    };
    let stream = stream.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = running.await;
        let next = ended(&stream, index, result);
        if let Some(next) = next {
            start(&stream, next);
        }
        stream.borrow_mut().finish_if_drained();
    });
}

/// Books a `/heavy` request's end; returns the waiting request to start next.
fn ended(
    stream: &Rc<RefCell<Stream>>,
    index: u32,
    result: Result<RunOutput, RunError>,
) -> Option<u32> {
    let mut s = stream.borrow_mut();
    let now = epoch_now();
    let intended = s.intended(index);
    let started = s.started.remove(&index).unwrap_or(now);
    s.last_answer = now;
    let how = match result {
        Ok(output) => {
            s.latencies.heavy.push(HeavyTiming {
                started_ms: started - intended,
                answered_ms: now - intended,
            });
            s.compute_ms += output.compute_ms;
            match &s.checksum {
                Some(seen) if *seen != output.outcome.checksum => s.disagreed = true,
                _ => s.checksum = Some(output.outcome.checksum),
            }
            Ended::Answered
        }
        Err(_) if s.stopping => Ended::Stopped,
        Err(reason) => {
            s.failure = Some(reason);
            Ended::Failed
        }
    };
    let next = s.ledger.ended(how);
    s.trace();
    // After Stop nothing new starts: what was waiting is already answered "stopped".
    next.filter(|_| !s.stopping)
}
