//! `pool`: the engine, a separate threaded build (src/engine) in one dedicated worker that
//! starts a rayon pool of `threads` nested workers over its own shared memory.
//!
//! A pool's size is fixed when wasm-bindgen-rayon builds it, so a new `threads` means a new
//! engine: the old worker is terminated (taking its pool threads with it) and a fresh one
//! started, without reloading the page.

use super::worker_host::{Recipe, WorkerHost};
use super::{Executor, Readiness, RunFuture};
use offload_jobs::wire::Request;
use wasm_bindgen::JsValue;
use yew::Callback;

fn recipe(threads: u32) -> Recipe {
    Recipe {
        script: "./engine-worker.js",
        init: Box::new(move || {
            let init = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&init, &"threads".into(), &JsValue::from(threads));
            init.into()
        }),
    }
}

pub struct Engine {
    host: WorkerHost,
    threads: std::cell::Cell<u32>,
}

impl Engine {
    pub fn start(threads: u32, on_readiness: Callback<Readiness>) -> Engine {
        Engine {
            host: WorkerHost::start(recipe(threads), on_readiness),
            threads: threads.into(),
        }
    }

    /// Replaces the engine when the thread count changes; otherwise does nothing.
    pub fn resize(&self, threads: u32) {
        if self.threads.replace(threads) != threads {
            self.host.restart(recipe(threads));
        }
    }
}

impl Executor for Engine {
    fn run(&self, request: Request) -> RunFuture {
        self.host.run(request)
    }

    fn stop(&self) -> bool {
        self.host.stop_job()
    }
}
