// The engine's worker: owns the threaded build (src/engine) and its rayon pool.
//
// The page posts {threads}. This worker instantiates the engine over a fresh shared
// memory, starts the pool (each pool thread is a nested worker, created by
// wasm-bindgen-rayon), then hands `onmessage` to Rust. The page terminates this worker to
// end the engine, and the browser ends the nested pool threads with it.
import initEngine, { initThreadPool, start_engine } from './engine/offload_engine.js';

// A pool thread that panics or traps reports to its parent, this worker, through the
// Worker object wasm-bindgen-rayon made for it and never listens on for errors. Wrapping
// the constructor forwards those reports to the page, which then replaces the engine;
// without it a dead thread leaves the page waiting forever for a job that never ends.
const NativeWorker = self.Worker;
self.Worker = class PoolThread extends NativeWorker {
  constructor(url, options) {
    super(url, options);
    this.addEventListener('message', ({ data }) => {
      if (data && data.kind === 'crashed') self.postMessage(data);
    });
    this.addEventListener('error', (event) => {
      self.postMessage({ kind: 'crashed', reason: `a pool thread died: ${event.message}` });
    });
  }
};

self.addEventListener('message', async ({ data }) => {
  try {
    await initEngine();
    await initThreadPool(data.threads);
    start_engine();
  } catch (error) {
    self.postMessage({ kind: 'crashed', reason: `the engine could not start: ${error}` });
  }
}, { once: true });
