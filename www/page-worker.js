// A worker holding a second instance of the page's own wasm module (modes `worker`, and
// each worker of `message-pool`).
//
// The page's first message is a wire::Boot (src/jobs/src/wire.rs) naming the URL of its
// wasm-bindgen glue (trunk hashes the name, so only the page knows it), with the
// WebAssembly.Module it already compiled beside it, so nothing is fetched or compiled
// twice. Rust checks the message (start_page_worker) and then takes over `onmessage`.
// Started as a module worker, so `import()` of the glue works.
self.addEventListener('message', async ({ data }) => {
  try {
    // The one check that cannot wait for Rust: import() runs whatever it is given, so only
    // a script of this worker's own origin is imported.
    const glue = new URL(String(data?.glue), self.location.href);
    if (glue.origin !== self.location.origin) {
      throw new Error('boot: glue must be a script of this site (same origin)');
    }
    const page = await import(glue.href);
    // Runs the module's start function too, which sees no window and starts no UI.
    page.initSync({ module: data.module });
    page.start_page_worker(data);
  } catch (error) {
    // An error event at the page's Worker object, which reports this mode unavailable
    // with the reason: no hand-made reply to keep in step with the Rust protocol.
    self.reportError(error);
  }
}, { once: true });
