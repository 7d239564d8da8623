// `cargo xtask bench`'s `page cost` section (issue 16, "Lean"): what the page itself costs
// its reader's main thread, from Chromium's cumulative main-thread task time
// (`Performance.getMetrics` → TaskDuration) over the wall time (its Timestamp): idle, during
// an offloaded run (click to the run's end), and in the 250 ms after Run is clicked. For the
// full page and the embed, and the embed idle on a phone-class CPU (4× throttling).
// The same runs' longest frame gap and lag p99, as the page reports them in data-result,
// feed the existing offloaded-run check (bench-targets.mjs).
import { setTimeout as sleep } from 'node:timers/promises';
import { lastRun, pickMode, waitReady } from './harness.mjs';
import { PHONE_CPU, VIEWPORTS, VIEWS, openThrottled, within } from './bench-load.mjs';

// fib(45): about 2.3 s in one worker on this 2-core machine (fib(44) took 1.4 s, ×1.6 per
// step; 0.9 s on the 2-thread pool), long enough that a run's start does not dominate its
// share, short enough for 3 repeats.
// `--sizes smoke` (the test suite's bench-smoke) checks the section's shape, not figures:
// a tiny job and a short idle stretch keep it to seconds.
const SMOKE = process.env.OFFLOAD_BENCH_SIZES === 'smoke';
export const COST_JOB = SMOKE ? 'job=fib&n=30' : 'job=fib&n=45';
const THREADS = 2;
// Startup's tail (first frames, the worker's compile) is not idleness: wait, then measure.
const SETTLE_MS = SMOKE ? 300 : 1_000;
const IDLE_MS = SMOKE ? 1_000 : 5_000;
const FIRST_MS = 250;
// The first worker run is what a reader's first click costs; the second is the page warm.
const RUNS = [['worker', 'worker'], ['worker_again', 'worker'], ['message_pool', 'message-pool'], ['pool', 'pool']];

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(list.map(({ name, value }) => [name, value]));
  return { task_s: m.TaskDuration, at_s: m.Timestamp };
}
const share = (a, b) => (b.task_s - a.task_s) / (b.at_s - a.at_s);

/**
 * In the page: a promise of the next run's end (data-state done or failed with a new
 * data-result). An observer, not Playwright's polling, which would itself be main-thread
 * work inside the stretch being measured; its callback is one querySelector per mutation.
 */
function armRunEnd() {
  const before = document.querySelector('[data-testid="last-run"]')?.dataset.result;
  window.__runEnd = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const el = document.querySelector('[data-testid="last-run"]');
      const state = el?.dataset.state;
      if ((state === 'done' || state === 'failed') && el.dataset.result !== before) {
        observer.disconnect();
        resolve(state);
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-result'] });
  });
}

/**
 * One run in `mode`, clicked as a mouse would: Run is scrolled into view and the page left
 * to settle first, so no Playwright check or scroll falls inside the measured window.
 */
async function runCost(page, cdp, mode) {
  if (mode !== 'worker') {
    await pickMode(page, mode);
    await waitReady(page, mode, THREADS, 60_000);
  }
  const run = page.locator('[data-testid="run"]:not([disabled])');
  await run.scrollIntoViewIfNeeded();
  await sleep(SETTLE_MS);
  const box = await run.boundingBox();
  await page.evaluate(armRunEnd);
  const start = await metrics(cdp);
  const clicked = performance.now();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await sleep(FIRST_MS - (performance.now() - clicked));
  const first = await metrics(cdp);
  const state = await within(page.evaluate(() => window.__runEnd), 120_000, `page cost, ${mode}: the run's end`);
  const end = await metrics(cdp);
  const { result, error } = await lastRun(page);
  if (state !== 'done') throw new Error(`page cost, ${mode}: the run failed: ${error}`);
  return {
    first_task_ms: (first.task_s - start.task_s) * 1000,
    first_window_ms: (first.at_s - start.at_s) * 1000,
    run_share: share(start, end),
    run_wall_ms: (end.at_s - start.at_s) * 1000,
    max_frame_gap_ms: result.longest_gap_ms,
    lag_p99_ms: result.lag?.p99_ms ?? result.loop_lag_ms,
  };
}

/**
 * A fresh page of `view`: idle share (as loaded, scrolled to the top, where a reader
 * starts), then (unless CPU-throttled) every run in RUNS.
 */
async function costOf(browser, base, view, cpu) {
  const { context, page, cdp } = await openThrottled(browser, { cpu, metrics: true, viewport: VIEWPORTS[view] });
  try {
    const query = [VIEWS[view], COST_JOB, 'mode=worker', `threads=${THREADS}`].filter(Boolean).join('&');
    await page.goto(`${base}?${query}`, { waitUntil: 'commit' });
    await within(page.evaluate(() => window.__ready), 120_000, `page cost, ${view}: Run enabled`);
    await sleep(SETTLE_MS);
    const a = await metrics(cdp);
    await sleep(IDLE_MS);
    const out = { idle_share: share(a, await metrics(cdp)) };
    if (!cpu) for (const [key, mode] of RUNS) out[key] = await runCost(page, cdp, mode);
    return out;
  } finally {
    await context.close();
  }
}

/** `repeats` rounds of: the page, the embed, the embed idle at 4× CPU throttling. */
export async function measureCost(browser, base, repeats, log = () => {}) {
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    const sample = {};
    for (const view of Object.keys(VIEWS)) {
      sample[view] = await costOf(browser, base, view);
      log('.');
    }
    sample.embed.phone_idle_share = (await costOf(browser, base, 'embed', PHONE_CPU)).idle_share;
    samples.push(sample);
    log('.');
  }
  return { samples, job: COST_JOB, threads: THREADS, idle_ms: IDLE_MS, settle_ms: SETTLE_MS };
}
