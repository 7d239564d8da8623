//! `worker`: one dedicated worker running a second instance of the page's own module,
//! started once and reused. The job goes in and the checksum comes out as messages,
//! copied by structured clone; the two instances share no memory.

use super::worker_host::{Recipe, WorkerHost};
use super::{Executor, Readiness, RunFuture};
use crate::browser::glue_url;
use offload_jobs::wire::Request;
use wasm_bindgen::JsValue;
use yew::Callback;

/// The worker instantiates the module the page already compiled: posting
/// `wasm_bindgen::module()` means nothing is fetched or compiled twice.
fn recipe() -> Recipe {
    Recipe {
        script: "./page-worker.js",
        init: Box::new(|| {
            let init = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&init, &"glue".into(), &JsValue::from(glue_url()));
            let _ = js_sys::Reflect::set(&init, &"module".into(), &wasm_bindgen::module());
            init.into()
        }),
    }
}

pub struct SingleWorker(WorkerHost);

impl SingleWorker {
    pub fn start(on_readiness: Callback<Readiness>) -> SingleWorker {
        SingleWorker(WorkerHost::start(recipe(), on_readiness))
    }
}

impl Executor for SingleWorker {
    fn run(&self, request: Request) -> RunFuture {
        self.0.run(request)
    }

    fn stop(&self) -> bool {
        self.0.stop_job()
    }
}
