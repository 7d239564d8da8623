// Engine-neutral page helpers for the Firefox and WebKit tests, which drive their browsers
// through other clients than playwright (firefox.mjs, webkit.mjs). A "doc" is a page or a
// frame with two operations: `evaluate(fn, ...args)` (fn runs in the page; args are JSON)
// and `click(selector)`. Everything else polls the page's own data attributes, as the
// Chromium helpers in harness.mjs read them.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn(...args)` in `doc` until it returns something truthy; returns that. */
export async function waitFor(doc, what, fn, args = [], timeout = 30_000) {
  let last;
  for (const deadline = Date.now() + timeout; Date.now() < deadline; await sleep(100)) {
    last = await doc.evaluate(fn, ...args);
    if (last) return last;
  }
  throw new Error(`${what}: not within ${timeout / 1000} s`);
}

/** Waits until `selector` matches an element. */
export const waitForSelector = (doc, selector, timeout) => waitFor(doc, `waiting for ${selector}`,
  (s) => document.querySelector(s) !== null, [selector], timeout);

/** The text of the first element matching `selector`, or null. */
export const text = (doc, selector) => doc.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

/** An attribute of the first element matching `selector`, or null. */
export const attribute = (doc, selector, name) =>
  doc.evaluate((s, n) => document.querySelector(s)?.getAttribute(n) ?? null, selector, name);

/** The mode's label once it is ready (for the pool and message-pool: with `threads`). */
export const readySelector = (mode, threads) =>
  `[data-testid="mode-${mode}"][data-readiness="ready"]${threads ? `[data-threads="${threads}"]` : ''}`;

/** Waits until `mode` reports ready (for the pool and message-pool: with `threads`). */
export async function waitReady(doc, mode, threads, timeout = 30_000) {
  const selector = readySelector(mode, threads);
  try {
    return await waitForSelector(doc, selector, timeout);
  } catch (error) {
    // Say what the mode showed instead: never chosen, still starting, or failed, and why.
    const seen = await doc.evaluate((m) => {
      const label = document.querySelector(`[data-testid="mode-${m}"]`);
      return `readiness ${label?.dataset.readiness}, threads ${label?.dataset.threads}, chosen ${label?.querySelector('input')?.checked}: ${label?.textContent}`;
    }, mode).catch(() => 'unreadable');
    throw new Error(`${error.message} (${seen})`);
  }
}

/** The newest run: its state, parsed result and error. */
export const lastRun = (doc) => doc.evaluate(() => {
  const el = document.querySelector('[data-testid="last-run"]');
  return { state: el.dataset.state, result: el.dataset.result ? JSON.parse(el.dataset.result) : null, error: el.dataset.error ?? null };
});

/** Clicks Run once it is enabled; returns run number `id` (counted from 1) once it ends. */
export async function clickRun(doc, id, timeout = 120_000) {
  await waitForSelector(doc, '[data-testid="run"]:not([disabled])');
  await doc.click('[data-testid="run"]');
  return waitRunEnd(doc, id, timeout);
}

/** Waits for run number `id` to end; reads the history's rows where there is one (not in the embed). */
export async function waitRunEnd(doc, id, timeout = 120_000) {
  await waitFor(doc, `run ${id} to end`, (id) => {
    const table = document.querySelector('[data-testid="run-history"]');
    const rows = table ? Number(table.dataset.runs) : id;
    const state = document.querySelector('[data-testid="last-run"]')?.dataset.state;
    return rows >= id && (state === 'done' || state === 'failed');
  }, [id], timeout);
  return lastRun(doc);
}

/** Picks a mode in the mode picker, as a click on its radio button. */
export async function pickMode(doc, mode) {
  // In the middle of the window and a frame later: a click lands where the radio was when
  // the driver looked, and the figures above it change size as a run's end is written.
  await doc.evaluate((m) => new Promise((resolve) => {
    document.querySelector(`[data-testid="mode-${m}"] input`)?.scrollIntoView({ block: 'center' });
    requestAnimationFrame(() => requestAnimationFrame(resolve));
  }), mode);
  await doc.click(`[data-testid="mode-${mode}"] input`);
}

/** Whether `mode` is the one checked in the mode picker. */
export const isChecked = (doc, mode) =>
  doc.evaluate((m) => document.querySelector(`[data-testid="mode-${m}"] input`)?.checked ?? false, mode);

/** The jobs every engine runs, small enough for a loaded 2-core machine. */
export const JOBS = [
  { name: 'fib 25', query: 'job=fib&n=25' },
  { name: 'sort 100,000', query: 'job=sort&len=100000' },
  { name: 'hash 4 × 1,000', query: 'job=hash&count=4&iterations=1000' },
];

/**
 * What assigning markup from a string to `innerHTML` does in `doc`: 'TypeError' where the
 * site's policy (require-trusted-types-for 'script') is in force, 'allowed' where not.
 */
export const markupFromAString = (doc) => doc.evaluate(() => {
  try {
    document.createElement('div').innerHTML = '<b>markup</b>';
    return 'allowed';
  } catch (error) {
    return error.name;
  }
});
