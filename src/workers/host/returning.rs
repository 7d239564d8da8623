//! A host's side of its worker's memory: each reply's size on the board
//! ([`crate::workers::memory`]), and the worker replaced after a run that grew it past
//! [`memory::should_replace`]'s bound. The replacement is no failure: no run is answered
//! with an error, and a message posted while the fresh worker starts waits for it.

use super::{Host, Life, WorkerHost, with_host};
use crate::workers::RunError;
use crate::workers::memory;
use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use offload_jobs::wire::MEMORY_BYTES;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

thread_local! {
    /// Every host's key on the board, unique for the page's life.
    static NEXT_KEY: Cell<u32> = const { Cell::new(0) };
}

/// What a host knows of its worker's memory.
pub(super) struct Memory {
    key: u32,
    /// The group the panel lists the worker under (its mode).
    group: &'static str,
    /// The memory's size when the current worker said `Ready`, and its latest.
    ready_bytes: Option<f64>,
    bytes: Option<f64>,
    /// Armed after an answer from a worker that grew; see [`WorkerHost::return_memory_if_grown`].
    check: Option<Timeout>,
}

impl Memory {
    /// Named after the script until a mode names its group ([`WorkerHost::labelled`]).
    pub(super) fn new(script: &str) -> Memory {
        let key = NEXT_KEY.with(|k| {
            k.set(k.get() + 1);
            k.get()
        });
        Memory {
            key,
            group: if script.contains("engine") {
                "pool"
            } else {
                "worker"
            },
            ready_bytes: None,
            bytes: None,
            check: None,
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        memory::gone(self.memory.key);
    }
}

impl WorkerHost {
    /// Names the group the "Memory the workers hold" panel lists this worker under.
    pub fn labelled(self, group: &'static str) -> WorkerHost {
        self.0.borrow_mut().memory.group = group;
        self
    }

    /// Reads the memory's size beside a reply (a `Ready`'s is the worker's start size).
    pub(super) fn note_memory(&self, raw: &JsValue, ready: bool) {
        let bytes = js_sys::Reflect::get(raw, &MEMORY_BYTES.into())
            .ok()
            .and_then(|b| b.as_f64());
        let Some(bytes) = bytes else { return };
        let (key, group) = {
            let mut host = self.0.borrow_mut();
            if ready {
                host.memory.ready_bytes = Some(bytes);
            }
            host.memory.bytes = Some(bytes);
            (host.memory.key, host.memory.group)
        };
        memory::report(key, group, Some(bytes));
    }

    /// After the state changed: a worker that is starting has no figure yet, and one that
    /// is gone leaves the board.
    pub(super) fn note_life(&self) {
        let (key, group, starting, gone) = {
            let mut host = self.0.borrow_mut();
            let starting = matches!(host.life, Life::Starting { .. } | Life::Returning { .. });
            let gone = matches!(
                host.life,
                Life::Idle | Life::Unavailable { .. } | Life::Late { .. }
            );
            if starting {
                host.memory.ready_bytes = None;
                host.memory.bytes = None;
            }
            (host.memory.key, host.memory.group, starting, gone)
        };
        if starting {
            memory::report(key, group, None);
        } else if gone {
            memory::gone(key);
        }
    }

    /// While a worker replaced to return memory starts: resolves once it is ready (Ok), or
    /// with why the message will not be sent (a Stop); closed if the fresh worker never
    /// starts. A run's next message waits instead of failing. None otherwise.
    pub(super) fn fresh_worker(&self) -> Option<oneshot::Receiver<Result<(), RunError>>> {
        let mut host = self.0.borrow_mut();
        let Life::Returning { waiting, .. } = &mut host.life else {
            return None;
        };
        let (ready, fresh) = oneshot::channel();
        waiting.push(ready);
        Some(fresh)
    }

    /// Stop while a grown worker is replaced: the messages waiting for the fresh worker are
    /// told so and never sent (the fresh worker goes on starting). Puts `life` back; true
    /// if any message was waiting.
    pub(super) fn stop_waiting(&self, mut life: Life) -> bool {
        let waiting = match &mut life {
            Life::Returning { waiting, .. } => std::mem::take(waiting),
            _ => Vec::new(),
        };
        self.put(life);
        let stopped = !waiting.is_empty();
        for waiter in waiting {
            let reason = "stopped while the worker was replaced to return memory; the run's \
                          next message was never sent";
            let _ = waiter.send(Err(reason.into()));
        }
        stopped
    }

    /// After an answer: if the worker grew past the bound, replace it once it is idle. A
    /// timer rather than at once, so that the run reads what it needs first (its progress)
    /// and a run that goes on posts its next message first: a worker still busy is checked
    /// again after its next answer.
    pub(super) fn return_memory_if_grown(&self) {
        let grown = {
            let host = self.0.borrow();
            let memory = &host.memory;
            matches!((memory.ready_bytes, memory.bytes), (Some(ready), Some(now)) if memory::should_replace(ready, now))
        };
        if !grown {
            return;
        }
        let weak = Rc::downgrade(&self.0);
        let generation = self.0.borrow().generation;
        let check = Timeout::new(0, move || {
            with_host(&weak, generation, |host| {
                if matches!(host.0.borrow().life, Life::Ready { .. }) {
                    host.replace_to_return_memory();
                }
            });
        });
        self.0.borrow_mut().memory.check = Some(check);
    }

    fn replace_to_return_memory(&self) {
        let (key, group, bytes) = {
            let memory = &self.0.borrow().memory;
            (memory.key, memory.group, memory.bytes.unwrap_or_default())
        };
        memory::replaced(key, group, bytes);
        self.spawn_as(|live, deadline| Life::Returning {
            live,
            _deadline: deadline,
            waiting: Vec::new(),
        });
    }
}
