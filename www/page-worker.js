// The `worker` mode's worker: a second instance of the page's own wasm module.
//
// The page posts {glue, module}: the URL of its wasm-bindgen glue (trunk hashes the name,
// so only the page knows it) and the WebAssembly.Module it already compiled, so nothing
// is fetched or compiled twice. The Rust side (src/modes/worker_entry.rs) then takes over
// `onmessage`. Started as a module worker, so `import()` of the glue works.
self.addEventListener('message', async ({ data }) => {
  try {
    const page = await import(data.glue);
    // Runs the module's start function too, which sees no window and starts no UI.
    page.initSync({ module: data.module });
    page.start_page_worker();
  } catch (error) {
    // Reported as a crash, so the page shows why this mode is unavailable.
    self.postMessage({ kind: 'crashed', reason: `the worker could not start: ${error}` });
  }
}, { once: true });
