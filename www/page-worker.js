// A worker holding a second instance of the page's own wasm module (modes `worker`,
// `spawn`, and each worker of `message-pool`).
//
// The page's first message is a wire::Boot (src/jobs/src/wire.rs), one key naming its
// variant, whose fields give the URL of the page's wasm-bindgen glue (trunk hashes the
// name, so only the page knows it). A `page_instance` boot carries the WebAssembly.Module
// the page already compiled beside it (`module`), so nothing is fetched or compiled twice.
// A `standalone` boot (mode `spawn`) names the .wasm instead:
// this worker fetches and compiles it itself, as a page that starts a fresh worker per job
// pays, and times each step. Rust checks the message (start_page_worker) and then takes
// over `onmessage`. Started as a module worker, so `import()` of the glue works.

// performance.now() counts from this worker's own start: this is when its script ran.
const scriptStart = performance.now();

// import() and fetch() run whatever they are given: only this worker's own origin.
function sameOrigin(url, what) {
  const parsed = new URL(String(url), self.location.href);
  if (parsed.origin !== self.location.origin) {
    throw new Error(`boot: ${what} must be a file of this site (same origin)`);
  }
  return parsed.href;
}

self.addEventListener('message', async ({ data }) => {
  try {
    const { page_instance: shared, standalone } = data ?? {};
    const glue = sameOrigin((standalone ?? shared)?.glue, 'glue');
    if (standalone) {
      const wasm = sameOrigin(standalone.wasm, 'wasm');
      const fetched = performance.now();
      const bytes = await (await fetch(wasm)).arrayBuffer();
      const compiled = performance.now();
      const module = await WebAssembly.compile(bytes);
      const instantiated = performance.now();
      const page = await import(glue);
      page.initSync({ module });
      const ready = performance.now();
      data.startup = {
        script_ms: scriptStart,
        fetch_ms: compiled - fetched,
        compile_ms: instantiated - compiled,
        instantiate_ms: ready - instantiated,
      };
      page.start_page_worker(data);
      return;
    }
    const page = await import(glue);
    // Runs the module's start function too, which sees no window and starts no UI.
    page.initSync({ module: data.module });
    page.start_page_worker(data);
  } catch (error) {
    // An error event at the page's Worker object, which reports this mode unavailable
    // with the reason: no hand-made reply to keep in step with the Rust protocol.
    self.reportError(error);
  }
}, { once: true });
