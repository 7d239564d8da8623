//! The host's mailbox: a message posted to the worker (one at a time, or held while a
//! fresh worker starts), and each reply read and handed on: to the run that waits for it,
//! to the lifecycle (ready, crashed) or to the instruments (progress, start figures).

use super::WorkerHost;
use super::life::{Life, Pending};
use crate::workers::RunError;
use futures_channel::oneshot;
use offload_jobs::progress::Progress;
use offload_jobs::wire::{DATA, Message, Reply, ToWorker};
use std::future::Future;
use wasm_bindgen::JsValue;
use web_time::Instant;

/// A worker's reply to one posted message.
pub struct Answer {
    pub reply: Reply,
    /// The message as it arrived: bulk data travels beside the serde fields.
    pub raw: JsValue,
    /// From posting the message to receiving the reply, as the page saw it.
    pub round_trip_ms: f64,
}

pub(super) type Answered = Result<Answer, RunError>;

impl WorkerHost {
    /// Posts `message` and resolves with the reply to it, or with why there is none.
    pub fn send(&self, message: &ToWorker) -> impl Future<Output = Answered> + use<> {
        self.send_with(message, None, &js_sys::Array::new())
    }

    /// [`WorkerHost::send`] with bulk `data` beside the message ([`DATA`]), moving the
    /// buffers in `transfer`.
    pub fn send_with(
        &self,
        message: &ToWorker,
        data: Option<&JsValue>,
        transfer: &js_sys::Array,
    ) -> impl Future<Output = Answered> + use<> {
        let value = serde_wasm_bindgen::to_value(message).map_err(|e| e.to_string());
        if let (Ok(value), Some(data)) = (&value, data) {
            let _ = js_sys::Reflect::set(value, &DATA.into(), data);
        }
        let sent = value.map(|value| self.send_value(message.id(), &value, transfer));
        async move { sent?.await }
    }

    fn send_value(
        &self,
        id: u32,
        message: &JsValue,
        transfer: &js_sys::Array,
    ) -> impl Future<Output = Answered> + use<> {
        let (reply, answer) = oneshot::channel();
        // Posted now, unless the worker is being replaced to return memory: then once the
        // fresh one is ready.
        let (posted, deferred) = match self.fresh_worker() {
            None => (Some(self.post(id, message, transfer, reply)), None),
            Some(fresh) => {
                let later = (self.clone(), message.clone(), transfer.clone(), reply);
                (None, Some((fresh, later)))
            }
        };
        async move {
            if let Some((fresh, (host, message, transfer, reply))) = deferred {
                // Let go (or the fresh worker never started: then posting says why).
                if let Ok(Err(stopped)) = fresh.await {
                    return Err(stopped);
                }
                host.post(id, &message, &transfer, reply)?;
            }
            posted.transpose()?;
            answer
                .await
                .unwrap_or_else(|_| Err("the worker was replaced".into()))
        }
    }

    fn post(
        &self,
        id: u32,
        message: &JsValue,
        transfer: &js_sys::Array,
        reply: oneshot::Sender<Answered>,
    ) -> Result<(), RunError> {
        let (result, next) = match self.take() {
            Life::Ready { mut live, threads } => {
                match live.worker.post_message_with_transfer(message, transfer) {
                    Ok(()) => {
                        live.reported = None;
                        self.0.borrow_mut().last_id = Some(id);
                        let posted = Instant::now();
                        let pending = Pending { id, posted, reply };
                        let next = Life::Busy {
                            live,
                            threads,
                            pending,
                        };
                        (Ok(()), next)
                    }
                    Err(e) => (Err(format!("{e:?}")), Life::Ready { live, threads }),
                }
            }
            busy @ (Life::Busy { .. } | Life::Stopping { .. }) => {
                (Err("the worker is busy with another run".into()), busy)
            }
            other => (Err("the worker is not ready".into()), other),
        };
        self.put(next);
        result
    }

    pub(super) fn on_reply(&self, raw: JsValue) {
        let reply = serde_wasm_bindgen::from_value(crate::workers::serde_fields(&raw));
        let reply: Reply = match reply.map_err(Reply::unreadable) {
            Ok(reply) => reply,
            Err(unreadable) => return self.crash(format!("the worker sent an {unreadable}")),
        };
        self.note_memory(&raw, matches!(reply, Reply::Ready { .. }));
        match reply {
            Reply::Ready { threads, startup } => {
                self.0.borrow_mut().figures.startup = startup;
                self.on_ready(threads, &raw)
            }
            Reply::Progress { id, done, total } => self.on_progress(id, Progress { done, total }),
            Reply::Crashed { reason } => self.crash(reason),
            Reply::PoolOverhead { empty_task_ms } => {
                self.0.borrow_mut().figures.empty_task_ms = Some(empty_task_ms);
            }
            answer => self.on_answer(answer, raw),
        }
    }

    /// A reply to the pending message: the worker is ready for the next one.
    fn on_answer(&self, reply: Reply, raw: JsValue) {
        let Some(id) = reply.id() else { return };
        match self.take() {
            Life::Busy {
                live,
                threads,
                pending,
            } if pending.id == id => {
                self.put(Life::Ready { live, threads });
                let round_trip_ms = pending.posted.elapsed().as_secs_f64() * 1e3;
                let _ = pending.reply.send(Ok(Answer {
                    reply,
                    raw,
                    round_trip_ms,
                }));
                self.return_memory_if_grown();
            }
            // Stopped, or finished before the cancel arrived: either way the user asked to
            // stop, and the worker is ready again, warm. Leaving Stopping clears its deadline.
            Life::Stopping {
                live,
                threads,
                pending,
                asked,
                ..
            } if pending.id == id => {
                self.put(Life::Ready { live, threads });
                let ms = asked.elapsed().as_secs_f64() * 1e3;
                let _ = pending.reply.send(Err(format!(
                    "stopped {} ms after Stop, between two pieces of work; the worker was \
                     kept, warm",
                    ms.round()
                )));
                // A stopped run may have grown it as far as a finished one.
                self.return_memory_if_grown();
            }
            other => self.put(other),
        }
    }
}
