// End-to-end: `spawn`, a new worker for every run (the anti-pattern a pool avoids), as a
// user meets it: each run starts a fresh worker that fetches and compiles the module
// itself, reports what that start cost against the reused `worker`, gives the same
// checksum, and leaves no worker behind; Stop ends it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clickRun, countWorkers, open, sharedServerAndBrowser, waitReady, workersCreated,
} from './harness.mjs';
import { calibrated } from './calibrate.mjs';

const shared = sharedServerAndBrowser();
const sized = await calibrated();
const JOB = 'job=hash&count=8&iterations=3000';

/**
 * How many workers of the page are alive, as Chromium lists them (a terminated one drops
 * out a moment after terminate(), later if it was busy): waits up to 5 s for `expected`.
 */
async function liveWorkers(page, expected = 0) {
  for (const deadline = Date.now() + 5_000; Date.now() < deadline;) {
    if (page.workers().length === expected) break;
    await page.waitForTimeout(100);
  }
  return page.workers().length;
}

test('every spawn run starts a new worker that pays its start-up, then is gone', async () => {
  let wasmFetches = 0;
  const page = await open(shared.browser, shared.server.url, `${JOB}&mode=worker`, {
    beforeLoad: async (p) => {
      await countWorkers(p);
      p.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmFetches += 1; });
    },
  });
  await waitReady(page, 'worker');
  const reference = await clickRun(page, 1);
  assert.equal(reference.state, 'done', reference.error);
  const fetchesBefore = wasmFetches;
  await page.check('[data-testid="mode-spawn"] input');
  await waitReady(page, 'spawn');
  const before = (await workersCreated(page))['page-worker.js'];
  const livesBefore = page.workers().length;
  const runs = [];
  for (const id of [2, 3]) {
    const run = await clickRun(page, id);
    assert.equal(run.state, 'done', run.error);
    assert.equal(run.result.mode, 'spawn');
    assert.equal(run.result.checksum, reference.result.checksum, 'the same job, the same checksum');
    runs.push(run.result);
  }
  const [first, second] = runs.map((r) => r.startup);
  for (const s of [first, second]) {
    assert.ok(s.total_ms > 0, JSON.stringify(s));
    for (const part of ['fetch_ms', 'compile_ms', 'instantiate_ms']) {
      assert.ok(s[part] >= 0 && s[part] < s.total_ms, `${part}: ${JSON.stringify(s)}`);
    }
    assert.ok(s.compile_ms > 0, 'compiling the module takes time');
  }
  assert.equal(second.worker, first.worker + 1, 'the second run started a worker of its own');
  assert.equal((await workersCreated(page))['page-worker.js'], before + 2, 'one new worker per run');
  assert.equal(wasmFetches - fetchesBefore, 2, 'each new worker fetched the module itself');
  assert.equal(await liveWorkers(page, livesBefore), livesBefore, 'no worker left behind');
  // The page says it in words, against the reused worker's one start.
  const words = await page.textContent('[data-testid="startup-report"]');
  assert.match(words, /This run spent \d+ ms starting its worker .*compile \d+ ms/, words);
  assert.match(words, /mode worker reuses one worker: 0 ms per run, \d+ ms once/, words);
  // For the report: a page-instance worker's start on an idle page, and a message's round
  // trip (what the reused worker pays per run instead), from the Overheads panel.
  await page.click('[data-testid="measure-overheads"]');
  await page.waitForSelector('[data-testid="overheads"][data-round-trip-ms]', { timeout: 30_000 });
  const overheads = await page.$eval('[data-testid="overheads"]', (el) => ({ ...el.dataset }));
  console.log(`spawn start-up: ${JSON.stringify(runs.map((r) => r.startup))}; reused worker ${runs[1].burst.reused_worker_start_ms?.toFixed(0)} ms once at page load; on an idle page a page-instance worker starts in ${overheads.workerStartMs} ms, a message round trip ${overheads.roundTripMs} ms; job ${reference.result.ms.toFixed(0)} ms on worker (compute ${reference.result.compute_ms.toFixed(0)}), ${runs.map((r) => `${r.ms.toFixed(0)} (compute ${r.compute_ms.toFixed(0)})`).join(', ')} ms on spawn`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Stop terminates a spawn run\'s worker and leaves none behind', async () => {
  // Ten calibrated durations: still running once its fresh worker has started and taken it.
  const page = await open(shared.browser, shared.server.url, `${sized.fib(10)}&mode=spawn`);
  await waitReady(page, 'spawn');
  const livesBefore = page.workers().length;
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="stop"]:not([disabled])');
  // Until the worker is busy with the job.
  await page.waitForFunction(() => document.querySelector('[data-testid="lane"][data-lane^="spawn-"][data-state="busy"]'), null, { timeout: 30_000 });
  await page.click('[data-testid="stop"]');
  await page.waitForSelector('[data-testid="last-run"][data-state="failed"]', { timeout: 10_000 });
  const error = await page.getAttribute('[data-testid="last-run"]', 'data-error');
  assert.match(error, /stopped/, error);
  assert.equal(await liveWorkers(page, livesBefore), livesBefore, 'no worker left behind');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a burst on spawn starts one worker per copy, all at once', async () => {
  const page = await open(shared.browser, shared.server.url, `${JOB}&mode=spawn&burst=3`, {
    beforeLoad: countWorkers,
  });
  await waitReady(page, 'spawn');
  const run = await clickRun(page, 1);
  assert.equal(run.state, 'done', run.error);
  const b = run.result.burst;
  assert.equal(b.copies, 3);
  assert.equal(b.startups.length, 3, 'each copy paid its own start');
  assert.equal(new Set(b.startups.map((s) => s.worker)).size, 3, 'three different workers');
  assert.equal((await workersCreated(page))['page-worker.js'], 3);
  // Submitted at once: none waits in a queue on the page; each waits for its worker only.
  for (const [i, s] of b.spans.entries()) {
    assert.ok(s.started_ms >= b.startups[i].total_ms * 0.9, `copy ${i + 1} started after its worker: ${JSON.stringify(s)}`);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('spawn runs leave no message handlers behind', async () => {
  const RUNS = 5;
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=20&mode=spawn', {
    beforeLoad: (p) => p.addInitScript(() => {
      // Every handler the page gives a worker, held weakly: alive after a garbage
      // collection only if something (a leaked closure) still holds it.
      self.handlers = [];
      for (const name of ['onmessage', 'onerror']) {
        const { get, set } = Object.getOwnPropertyDescriptor(Worker.prototype, name);
        Object.defineProperty(Worker.prototype, name, {
          configurable: true,
          get,
          set(handler) {
            if (handler) self.handlers.push(new WeakRef(handler));
            set.call(this, handler);
          },
        });
      }
    }),
  });
  await waitReady(page, 'spawn');
  for (let id = 1; id <= RUNS; id += 1) {
    const run = await clickRun(page, id);
    assert.equal(run.state, 'done', run.error);
  }
  await liveWorkers(page, 0);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { given, alive } = await page.evaluate(() => ({
    given: self.handlers.length,
    alive: new Set(self.handlers.map((r) => r.deref()).filter(Boolean)).size,
  }));
  console.log(`spawn handlers: ${given} given to ${RUNS} runs' workers, ${alive} alive after a GC`);
  assert.ok(given >= 2 * RUNS, `${given}`);
  // One page-wide handler for terminated workers' late errors may stay; none per run.
  assert.ok(alive <= 1, `${alive} handlers alive after ${RUNS} runs`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
