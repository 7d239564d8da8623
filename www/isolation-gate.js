// trunk's `data-initializer` for the page's module: trunk's loader imports this before it
// starts the wasm, and a module's top-level await holds that import. So the page starts
// only once isolation.js has a final answer: never on a load it is about to reload, and
// never while a service worker registration is still undecided (the page reads the
// outcome once, at start-up).
await globalThis.offloadIsolationSettled;

export default () => ({
  // trunk's loader returns a failure instead of throwing it; throw it, as without this file.
  onFailure(reason) {
    throw reason;
  },
});
