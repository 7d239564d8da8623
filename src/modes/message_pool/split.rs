//! One message-pool run: every copy's tasks in one queue, the workers draining it, then
//! each copy's combination (fib, hash: here; sort: a worker's merge).

use super::Tally;
use super::answers::{bulk, bulk_bytes, bulk_len, byte_length, compute_ms, fib_value, phases_of};
use super::halt::Halt;
use crate::modes::burst::Copies;
use crate::modes::copies::Span;
use crate::modes::{Crossing, RunError, RunOutput};
use crate::workers::host::{Answer, WorkerHost};
use crate::workers::stop_flag::StopFlag;
use futures_util::future::join_all;
use offload_jobs::progress::{Phase, PhaseTime, sum_phases};
use offload_jobs::tasks::{self, Task};
use offload_jobs::wire::{Fault, Reply, Request, ToWorker};
use offload_jobs::{Job, Outcome};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use web_time::Instant;

/// One run: the queue, the workers draining it, then the combination.
struct Split {
    started: Instant,
    queue: RefCell<VecDeque<(usize, Task)>>,
    outputs: RefCell<Vec<Option<Answer>>>,
    /// Tasks per copy: task `i` belongs to copy `i / per_copy`.
    per_copy: usize,
    /// Per copy: when its first task was dispatched, and when its last answer came, in ms
    /// since the run began.
    first_sent: RefCell<Vec<Option<f64>>>,
    last_answer: RefCell<Vec<f64>>,
    crossing: RefCell<Crossing>,
    /// Going, stopped or failed: the workers send nothing more once it is not going.
    halt: Halt,
    /// The run's workers, and their Stop: on the first failure the sibling tasks are
    /// cancelled rather than left to finish for nothing.
    hosts: Vec<WorkerHost>,
    stop_flag: Option<StopFlag>,
    /// Test-only: the first task dispatched dies on purpose.
    fault: Cell<Option<Fault>>,
    transfer: bool,
    tally: Rc<RefCell<Tally>>,
}

/// Runs `copies` copies of the job (a burst; 1 for a single run) through one queue: each
/// idle worker takes the next task, whichever copy it belongs to.
pub(super) async fn run_split(
    hosts: Vec<WorkerHost>,
    Request { job, fault, .. }: Request,
    copies: u32,
    transfer: bool,
    tally: Rc<RefCell<Tally>>,
    (halt, stop_flag): (Halt, Option<StopFlag>),
) -> Result<Copies, RunError> {
    let one = tasks::split(&job, hosts.len() as u32);
    let per_copy = one.len();
    let copies = copies.max(1) as usize;
    let all = (0..copies).flat_map(|_| one.iter().cloned());
    let split = Split {
        started: Instant::now(),
        outputs: RefCell::new((0..per_copy * copies).map(|_| None).collect()),
        queue: RefCell::new(all.enumerate().collect()),
        per_copy,
        first_sent: RefCell::new(vec![None; copies]),
        last_answer: RefCell::new(vec![0.0; copies]),
        crossing: RefCell::new(Crossing {
            transferred: transfer,
            ..Crossing::default()
        }),
        halt,
        hosts: hosts.clone(),
        stop_flag,
        fault: Cell::new(fault),
        transfer,
        tally,
    };
    join_all(
        hosts
            .iter()
            .enumerate()
            .map(|(i, host)| drain(&split, i, host)),
    )
    .await;
    split.halt.result()?;
    let outputs: Vec<Answer> = split.outputs.take().into_iter().flatten().collect();
    if outputs.len() != per_copy * copies {
        return Err("a task was answered without its output".into());
    }
    // Sort's merges go to the workers in turn, each worker merging its copies one by one.
    let merged: Vec<Merged> = if matches!(job, Job::Sort { .. }) {
        let workers = hosts.len();
        let by_host = hosts.iter().enumerate().map(|(h, host)| {
            let split = &split;
            let outputs = &outputs;
            async move {
                let mut done = Vec::new();
                for copy in (h..copies).step_by(workers) {
                    // After a Stop or a failure, no further copy is merged.
                    if !split.halt.going() {
                        break;
                    }
                    let slices = &outputs[copy * per_copy..(copy + 1) * per_copy];
                    let merged = merge(split, host, slices).await;
                    if let Err(reason) = &merged {
                        split.failed(reason.clone());
                    }
                    done.push((copy, merged.map(|(o, ms, p)| (o, ms, p, split.now_ms()))));
                }
                done
            }
        });
        let mut merged: Vec<_> = (0..copies).map(|_| None).collect();
        for (copy, result) in join_all(by_host).await.into_iter().flatten() {
            merged[copy] = Some(result);
        }
        merged
    } else {
        (0..copies).map(|_| None).collect()
    };
    split.halt.result()?;
    let mut done = Vec::new();
    for (copy, merged) in merged.into_iter().enumerate() {
        let answers = &outputs[copy * per_copy..(copy + 1) * per_copy];
        let (finished, finished_ms) = finish_copy(&job, answers, merged)?;
        let span = Span {
            submitted_ms: 0.0,
            started_ms: split.first_sent.borrow()[copy].unwrap_or_default(),
            finished_ms: finished_ms.unwrap_or(split.last_answer.borrow()[copy]),
        };
        done.push((finished, span));
    }
    // What crossed belongs to the run as a whole: carried by the first copy.
    let mut crossing = split.crossing.take();
    crossing.tasks = outputs.len() as u32;
    if let Some((first, _)) = done.first_mut() {
        first.crossing = Some(crossing);
    }
    let progress = split.tally.borrow().progress();
    let mut result = crate::modes::burst::combine(done)?;
    result.finished.progress = Some(progress);
    if copies == 1 {
        // A single run's time includes combining its output on the page.
        result.finished.ms = split.now_ms();
    }
    Ok(result)
}

type Merged = Option<Result<(Outcome, f64, Vec<PhaseTime>, f64), RunError>>;

/// One copy's outcome from its tasks' answers (and, for sort, its merge), with when it
/// finished if that was after its last answer (the merge's end).
fn finish_copy(
    job: &Job,
    outputs: &[Answer],
    merged: Merged,
) -> Result<(RunOutput, Option<f64>), RunError> {
    let compute_ms = outputs.iter().map(compute_ms).sum::<f64>();
    let mut phases = sum_phases(outputs.iter().map(phases_of));
    // A reply without its output must fail the run, never feed a wrong checksum (or a
    // panic in `combine_keys`, which takes whole 32-byte keys only).
    let (outcome, merge_ms, finished_ms) = match job {
        Job::Fib { .. } => {
            let values: Option<Vec<u64>> = outputs.iter().map(fib_value).collect();
            let values = values.ok_or("a worker answered a fib task without its value")?;
            (tasks::combine_fib(values), 0.0, None)
        }
        Job::Hash { .. } => {
            let keys: Vec<Vec<u8>> = outputs.iter().map(|a| bulk_bytes(&a.raw)).collect();
            if keys.iter().any(|k| k.is_empty() || k.len() % 32 != 0) {
                return Err("a worker answered a hash task without whole keys".into());
            }
            // Combined here, on the page's main thread: timed here too.
            let start = Instant::now();
            let outcome = tasks::combine_keys(keys.iter().map(Vec::as_slice));
            let ms = start.elapsed().as_secs_f64() * 1e3;
            phases.push(PhaseTime {
                name: Phase::Checksum.name().into(),
                ms,
            });
            (outcome, ms, None)
        }
        Job::Sort { .. } => {
            let (outcome, merge_ms, merge_phases, at) = merged.ok_or("a sort was not merged")??;
            phases = sum_phases([&phases[..], &merge_phases[..]]);
            (outcome, merge_ms, Some(at))
        }
    };
    let finished = RunOutput {
        outcome,
        ms: 0.0,
        compute_ms: compute_ms + merge_ms,
        crossing: None,
        chunking: None,
        phases,
        progress: None,
    };
    Ok((finished, finished_ms))
}

impl Split {
    fn now_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1e3
    }

    /// A message failed: the run fails with the first reason, and if that is this one, the
    /// sibling tasks still running are cancelled (their results are no use any more).
    fn failed(&self, reason: RunError) {
        if self.halt.fail(reason) {
            super::cancel_all(&self.hosts, self.stop_flag.as_ref());
        }
    }
}

/// One worker's share: take the next task whenever idle, until the queue is empty or a
/// task failed.
async fn drain(split: &Split, worker: usize, host: &WorkerHost) {
    loop {
        if !split.halt.going() {
            return;
        }
        let Some((index, task)) = split.queue.borrow_mut().pop_front() else {
            return;
        };
        let now = split.now_ms();
        split.crossing.borrow_mut().queued_ms += now;
        let copy = index / split.per_copy;
        split.first_sent.borrow_mut()[copy].get_or_insert(now);
        let units = task.units();
        let request = ToWorker::Task {
            id: index as u32,
            task,
            transfer: split.transfer,
            fault: split.fault.take(),
        };
        match send(split, host, &request).await {
            Ok(answer) => {
                split.outputs.borrow_mut()[index] = Some(answer);
                split.tally.borrow_mut().finish(worker, units);
                let now = split.now_ms();
                let mut last = split.last_answer.borrow_mut();
                last[copy] = last[copy].max(now);
            }
            Err(reason) => {
                split.failed(reason);
                return;
            }
        }
    }
}

/// Posts one task and awaits a successful reply, counting what crossed (nothing goes out
/// beside a task: its worker makes its own input) and how long the messaging took beyond the
/// worker's own compute time.
async fn send(split: &Split, host: &WorkerHost, task: &ToWorker) -> Result<Answer, RunError> {
    let (answering, post_ms) = posted(|| host.send(task));
    let answer = answering.await?;
    if let Reply::Refused { reason, .. } = &answer.reply {
        return Err(reason.clone());
    }
    let mut crossing = split.crossing.borrow_mut();
    crossing.messages += 2;
    crossing.bytes_in += bulk_len(&answer.raw);
    crossing.messaging_ms += (answer.round_trip_ms - compute_ms(&answer)).max(0.0);
    crossing.post_ms += post_ms;
    Ok(answer)
}

/// Calls `post` (which posts at once, inside `WorkerHost::send`), timing it: the main
/// thread's own share of a message's crossing.
fn posted<T>(post: impl FnOnce() -> T) -> (T, f64) {
    let start = web_time::Instant::now();
    let sent = post();
    (sent, start.elapsed().as_secs_f64() * 1e3)
}

/// Sort's last step: one worker merges every sorted slice and checksums the result, so
/// the page never holds the merged array nor spends its main thread on it.
async fn merge(
    split: &Split,
    host: &WorkerHost,
    outputs: &[Answer],
) -> Result<(Outcome, f64, Vec<PhaseTime>), RunError> {
    let slices = js_sys::Array::new();
    let transfer = js_sys::Array::new();
    for answer in outputs {
        let data = bulk(&answer.raw);
        if split.transfer {
            transfer.push(&js_sys::Reflect::get(&data, &"buffer".into()).unwrap_or_default());
        }
        slices.push(&data);
    }
    let id = outputs.len() as u32;
    let bytes: u64 = slices.iter().map(|s| byte_length(&s)).sum();
    let units = tasks::merge_units((bytes / 4) as usize);
    let (answering, post_ms) =
        posted(|| host.send_with(&ToWorker::Merge { id }, Some(&slices), &transfer));
    let answer = answering.await?;
    split.tally.borrow_mut().finish(0, units);
    let mut crossing = split.crossing.borrow_mut();
    crossing.messages += 2;
    crossing.bytes_out += bytes;
    crossing.post_ms += post_ms;
    crossing.messaging_ms += (answer.round_trip_ms - compute_ms(&answer)).max(0.0);
    match answer.reply {
        Reply::Done {
            outcome,
            compute_ms,
            phases,
            ..
        } => Ok((outcome, compute_ms, phases)),
        Reply::Refused { reason, .. } => Err(reason),
        other => Err(format!("the merge was answered out of turn: {other:?}")),
    }
}
