// The engine's worker: owns the threaded build (src/engine) and its rayon pool.
//
// The page's first message is a wire::Boot (src/jobs/src/wire.rs). This worker
// instantiates the engine over a fresh shared memory, lets Rust check the message and name
// the pool's size, starts the pool (each pool thread is a nested worker, created by
// wasm-bindgen-rayon), then hands `onmessage` to Rust. The page terminates this worker to
// end the engine, and the browser ends the nested pool threads with it.
import initEngine, { boot_threads, initThreadPool, start_engine } from './engine/offload_engine.js';

// A pool thread that panics or traps raises an error at the Worker object
// wasm-bindgen-rayon made for it, which never listens for errors. Wrapping the
// constructor passes those errors on to the page, which then replaces the engine; without
// it a dead thread leaves the page waiting forever for a job that never ends.
//
// Each thread is also kept in `poolThreads` from the moment it is made. wasm-bindgen-rayon
// keeps its workers only once all of them have said they are ready, and until then a
// Worker object is reachable from nothing but its own pending listener. Firefox collects
// such a worker when it shares a wasm memory (bugzilla 1702191): seen here as a pool that
// never started (2 starts in 36 on a loaded 2-core machine, each page reporting "did not
// start within 30 s"), and 0 in 72 with this array. Later (with the Trusted Types
// policy below, and once in 5 without it) 2 to 3 starts in 36 stopped again, this time
// inside `new Worker` for a pool thread (markers: this worker posted nothing after it).
// A start that misses its deadline is tried again by the page's next Run
// (src/workers/host/life.rs, `Life::Late`).
//
// Under the policy's `require-trusted-types-for 'script'` (sent with this script too) a
// worker's URL must be a TrustedScriptURL: the pool's threads are blob: URLs that
// wasm-bindgen-rayon makes from its own script, so the `offload-pool` policy (named in the
// policy's `trusted-types` list) accepts a blob: URL of this site and nothing else.
const poolThreads = [];
const NativeWorker = self.Worker;
const threadUrls = self.trustedTypes?.createPolicy('offload-pool', {
  createScriptURL(url) {
    if (!String(url).startsWith(`blob:${self.location.origin}/`)) throw new TypeError('offload-pool: not a blob: URL of this site');
    return url;
  },
});
self.Worker = class PoolThread extends NativeWorker {
  constructor(url, options) {
    super(threadUrls ? threadUrls.createScriptURL(url) : url, options);
    poolThreads.push(this);
    this.addEventListener('error', (event) => {
      // Reported once, with context, instead of bubbling up as a bare "unreachable".
      event.preventDefault();
      self.reportError(new Error(`a pool thread died: ${event.message}`));
    });
  }
};

self.addEventListener('message', async ({ data }) => {
  try {
    await initEngine();
    // Throws, naming the allowed range, for anything but a valid Engine boot.
    const threads = boot_threads(data);
    await initThreadPool(threads);
    start_engine();
  } catch (error) {
    // An error event at the page's Worker object: the page reports the pool unavailable.
    self.reportError(new Error(`the engine could not start: ${error?.message ?? error}`));
  }
}, { once: true });
