// `cargo xtask bench`'s `load` section (issue 16, "Lean"): what a reader's browser fetches
// before Run is enabled and how soon it is, for the full page and the embed, from a server
// that sends gzip (level 9) as static hosts do. Bytes come from an unthrottled load:
// DevTools' throttling delays the events that end a request. Times come from throttled
// loads: the slow link, and a phone-class reader (4× CPU throttling on the slow link).
// Everything is read inside the page, in its own clock, at the moment Run is enabled.

/** 150 ms round trip, 1.6 Mbit/s each way (CDP takes bytes per second). */
export const SLOW_LINK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 1.6e6 / 8 };
export const PHONE_CPU = 4;
export const VIEWS = { page: '', embed: 'embed=1' };
const CLICK_TO_LOAD = 'embed=1&load=click';
// The full page at the desktop size; the embed as wide as a blog's column.
export const VIEWPORTS = { page: { width: 1280, height: 800 }, embed: { width: 640, height: 800 } };

/** `promise`, or an error naming `what` after `ms`: a broken build must fail the bench, not hang it. */
export function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Runs in the page before its scripts: resolves `window.__ready` the first time Run is
 * enabled (or the click-to-load preview's button is shown), with the page's clock and the
 * bytes every finished response took on the wire (Resource Timing's transferSize,
 * headers included) at that moment. A MutationObserver, not polling: polling is main-thread
 * work of its own, and on a throttled CPU it would push Run back.
 */
export function noteReady() {
  window.__ready = new Promise((resolve) => {
    const check = () => {
      const run = document.querySelector('[data-testid="run"]:not([disabled])');
      const preview = document.querySelector('[data-testid="load-playground"]');
      if (!run && !preview) return;
      observer.disconnect();
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      resolve({
        shown: preview ? 'preview' : 'run',
        at_ms: performance.now(),
        bytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
        files: entries.map((e) => ({ name: new URL(e.name).pathname + new URL(e.name).search, bytes: e.transferSize })),
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
  });
}

/** A fresh context (nothing cached, no warm code), the page's CDP session, throttled as asked. */
export async function openThrottled(browser, { network, cpu, metrics, viewport } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  if (cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  if (metrics) await cdp.send('Performance.enable');
  await page.addInitScript(noteReady);
  return { context, page, cdp };
}

/** One load of `base?query` as `view`: when Run was enabled, the bytes by then, first paint. */
async function loadOnce(browser, base, view, query, throttle = {}) {
  const { context, page } = await openThrottled(browser, { ...throttle, viewport: VIEWPORTS[view] });
  try {
    await page.goto(`${base}?${query}`, { waitUntil: 'commit', timeout: 120_000 });
    const ready = await within(page.evaluate(() => window.__ready), 120_000, `${view} ${query}: Run enabled`);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    return { ...ready, fcp_ms: fcp };
  } finally {
    await context.close();
  }
}

/**
 * `repeats` rounds, each with every load once (so a slow stretch of the machine spreads
 * over all figures). Returns { samples: [{ page, embed, click }], files } where files lists
 * what the first unthrottled loads fetched before Run was enabled.
 */
export async function measureLoad(browser, base, repeats, log = () => {}) {
  const samples = [];
  const files = {};
  for (let i = 0; i < repeats; i++) {
    const sample = {};
    for (const [view, query] of Object.entries(VIEWS)) {
      const fast = await loadOnce(browser, base, view, query);
      const slow = await loadOnce(browser, base, view, query, { network: SLOW_LINK });
      files[view] ??= fast.files;
      sample[view] = { bytes: fast.bytes, fcp_ms: fast.fcp_ms, run_ms: fast.at_ms, slow_fcp_ms: slow.fcp_ms, slow_run_ms: slow.at_ms };
      log('.');
    }
    const phone = await loadOnce(browser, base, 'embed', VIEWS.embed, { network: SLOW_LINK, cpu: PHONE_CPU });
    Object.assign(sample.embed, { phone_fcp_ms: phone.fcp_ms, phone_run_ms: phone.at_ms });
    // Until the preview exists, `load=click` loads the whole playground and Run shows first.
    const click = await loadOnce(browser, base, 'embed', CLICK_TO_LOAD);
    sample.click = click.shown === 'preview' ? { bytes: click.bytes, shown_ms: click.at_ms } : null;
    if (click.shown === 'preview') files.click ??= click.files;
    samples.push(sample);
    log('.');
  }
  return { samples, files };
}
