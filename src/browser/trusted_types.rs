//! Trusted Types: the Content-Security-Policy's `require-trusted-types-for 'script'` makes
//! `new Worker(url)` take a TrustedScriptURL, not a string (Chromium and Firefox enforce
//! it). The page starts its workers through `new_worker`, which makes that URL with a
//! policy of its own, `offload-workers` (named in the policy's `trusted-types` list), that
//! accepts only the page's two worker scripts. No default policy: any other string that
//! reaches a sink is refused, and reported (docs/deploy-and-embed.md,
//! "Content-Security-Policy"; tests/e2e/csp.test.mjs).

use wasm_bindgen::prelude::*;
use web_sys::{Worker, WorkerOptions};

#[wasm_bindgen(inline_js = r#"
let policy;
// The scripts the modes start as workers (src/modes), and traffic's clients: nothing
// else becomes a worker.
const SCRIPTS = ['./page-worker.js', './engine-worker.js', './traffic-client.js'];
export function worker_script_url(url) {
  const factory = globalThis.trustedTypes;
  if (!factory) return url; // a browser without Trusted Types takes the string
  // Made on first use, once: a worker that imports this module never makes one.
  policy ??= factory.createPolicy('offload-workers', {
    createScriptURL(url) {
      if (!SCRIPTS.includes(url)) throw new TypeError(`offload-workers: ${url} is not one of the page's worker scripts`);
      return url;
    },
  });
  return policy.createScriptURL(url);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn worker_script_url(url: &str) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    // web-sys's `Worker::new_with_options` takes a string only; the constructor takes a
    // TrustedScriptURL too.
    #[wasm_bindgen(js_name = Worker, extends = Worker)]
    type WorkerFromUrl;
    #[wasm_bindgen(constructor, js_class = "Worker", catch)]
    fn new(url: &JsValue, options: &WorkerOptions) -> Result<WorkerFromUrl, JsValue>;
}

/// `new Worker(script, options)` for one of the page's worker scripts
/// (`./page-worker.js`, `./engine-worker.js`, `./traffic-client.js`), through the
/// `offload-workers` policy.
pub fn new_worker(script: &str, options: &WorkerOptions) -> Result<Worker, JsValue> {
    WorkerFromUrl::new(&worker_script_url(script)?, options).map(Into::into)
}
