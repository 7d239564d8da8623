// End-to-end: the workers' lifecycle (src/workers/host.rs) as a careful user meets it.
// Each test pins one finding of a review of the first version, and failed on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countWorkers, open, pickMode, serve, setField, sharedServerAndBrowser, shortStartDeadline, waitReady, waitRunEnd,
  workersCreated,
} from './harness.mjs';
import { calibrated } from './calibrate.mjs';

const shared = sharedServerAndBrowser();
// Runs that must outlast a click or a field's commit: three calibrated durations on main.
const sized = await calibrated();
const OUTLASTS = 3;

const readiness = (page, mode) => page.getAttribute(`[data-testid="mode-${mode}"]`, 'data-readiness');

test('workers start on first use of their mode, not with the page', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=25&mode=main', { beforeLoad: countWorkers });
  // Long enough for an eager start to show (the old page started both at load).
  await page.waitForTimeout(1500);
  assert.deepEqual(await workersCreated(page), {}, 'main mode starts no worker');
  assert.equal(await readiness(page, 'pool'), 'not-started');
  assert.match(await page.textContent('[data-testid="mode-pool"]'), /starts when you first choose it/);
  await pickMode(page, 'worker');
  await waitReady(page, 'worker');
  assert.deepEqual(await workersCreated(page), { 'page-worker.js': 1 });
  await pickMode(page, 'pool');
  await waitReady(page, 'pool');
  assert.equal((await workersCreated(page))['engine-worker.js'], 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a thread count applies when committed, once, and never kills a run', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=25&mode=pool&threads=2', { beforeLoad: countWorkers });
  await waitReady(page, 'pool', 2);
  // Keystroke by keystroke, as a user types: "1", then corrects it to "2".
  const field = page.locator('[data-testid="field-threads"]');
  await field.click();
  await field.press('End');
  await field.press('Backspace');
  await field.press('1');
  await field.press('Backspace');
  await field.press('2');
  await field.blur();
  await page.waitForTimeout(500);
  assert.equal((await workersCreated(page))['engine-worker.js'], 1, 'no keystroke restarted the pool');
  // A run in progress survives a committed change; the new pool follows the run.
  await setField(page, 'n', String(sized.n(OUTLASTS)));
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="stop"]:not([disabled])');
  await setField(page, 'threads', '1');
  assert.equal(await page.getAttribute('[data-testid="last-run"]', 'data-state'), 'running', 'committed during the run; else this proves nothing');
  const run = await waitRunEnd(page, 1);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.threads, 2);
  await waitReady(page, 'pool', 1);
  assert.equal((await workersCreated(page))['engine-worker.js'], 2);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('one-shot directives leave the URL at once, so a reload does not run again', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=25&mode=worker&autorun=1&fault=panic');
  assert.doesNotMatch(page.url(), /autorun|fault/);
  const run = await waitRunEnd(page, 1);
  assert.equal(run.state, 'failed', 'the fault still applied once (on the test build: cargo xtask build --test-hooks)');
  await page.reload();
  await waitReady(page, 'worker');
  await page.waitForTimeout(1000);
  assert.equal(await page.getAttribute('[data-testid="last-run"]', 'data-state'), 'idle');
  await page.close();
});

test('a link never runs the main thread without a click', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=25&mode=main&autorun=1');
  await page.waitForSelector('[data-testid="notice"]');
  assert.match(await page.textContent('[data-testid="notice"]'), /freeze the page.*Press Run/s);
  await page.waitForTimeout(1000);
  assert.equal(await page.getAttribute('[data-testid="last-run"]', 'data-state'), 'idle');
  await page.click('[data-testid="run"]');
  const run = await waitRunEnd(page, 1);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.checksum, '75025');
  await page.close();
});

test('a worker that dies while starting keeps its own reason', async () => {
  const broken = await serve({ replace: { 'engine-worker.js': "throw new Error('this engine is broken on purpose');" } });
  try {
    // The start deadline's 30 s pass in 5 s (still ample for the throw to come first).
    const page = await open(shared.browser, broken.url, 'mode=pool', { beforeLoad: (p) => shortStartDeadline(p, 5_000) });
    await page.waitForSelector('[data-testid="mode-pool"][data-readiness="unavailable"]', { timeout: 45_000 });
    // Past the start deadline, which the crash must have cancelled.
    await page.waitForTimeout(6_000);
    const text = await page.textContent('[data-testid="mode-pool"]');
    assert.match(text, /broken on purpose/, text);
    assert.doesNotMatch(text, /did not start/, text);
    await page.close();
  } finally {
    await broken.close();
  }
});

test('the bootstraps refuse a start-up message they were not built for', async () => {
  // The page's policy requires Trusted Types, and only the page's own module may make a
  // worker's URL (docs/deploy-and-embed.md): this test, which starts the workers by hand
  // to talk to them, sets the policy aside.
  const context = await shared.browser.newContext({ bypassCSP: true });
  const page = await open(context, shared.server.url, 'mode=main');
  // Posts `boot` straight to a worker script and reports the error it raises, or what it
  // said instead (which it should not have).
  const answer = (script, boot) => page.evaluate(({ script, boot }) => new Promise((resolve) => {
    const worker = new Worker(script, { type: 'module' });
    const done = (what) => { worker.terminate(); resolve(what); };
    worker.onerror = (event) => { event.preventDefault(); done(`error: ${event.message}`); };
    worker.onmessage = ({ data }) => done(`message: ${JSON.stringify(data)}`);
    setTimeout(() => done('no answer in 20 s'), 20_000);
    worker.postMessage(boot);
  }), { script, boot });
  const cases = [
    ['./engine-worker.js', { engine: { threads: 100000 } }, /threads must be a whole number from 1 to 256/],
    ['./engine-worker.js', { threads: 2 }, /unreadable start-up message/],
    // The old, internally tagged shape: refused, saying what a start-up message is.
    ['./engine-worker.js', { boot: 'engine', threads: 2 }, /unreadable start-up message: .*one key naming its variant: page_instance, engine, standalone/],
    ['./page-worker.js', { page_instance: { glue: 'data:text/javascript,postMessage("imported")' } }, /same origin/],
  ];
  for (const [script, boot, expected] of cases) {
    assert.match(await answer(script, boot), expected, `${script} ${JSON.stringify(boot)}`);
  }
  await context.close();
});

test('a worker that misses its start deadline is tried again by the next Run, as the page says', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=25&mode=worker', {
    beforeLoad: async (p) => {
      await countWorkers(p);
      // The first start deadline's 30 s pass in 300 ms; the retry has its full 30 s.
      await shortStartDeadline(p, 300, 1);
      await p.addInitScript(() => {
        // The first worker never hears its start-up message: a start that hangs, once.
        const post = Worker.prototype.postMessage;
        let swallowed = false;
        Worker.prototype.postMessage = function (...args) {
          if (!swallowed) {
            swallowed = true;
            return undefined;
          }
          return post.apply(this, args);
        };
      });
    },
  });
  await page.waitForSelector('[data-testid="mode-worker"][data-readiness="unavailable"]');
  const text = await page.textContent('[data-testid="mode-worker"]');
  assert.match(text, /did not start within 30 s; Run tries again/, text);
  await page.waitForSelector('[data-testid="run"]:not([disabled])', { timeout: 5_000 });
  await page.click('[data-testid="run"]');
  const run = await waitRunEnd(page, 1);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.checksum, '75025');
  assert.equal((await workersCreated(page))['page-worker.js'], 2, 'one new worker for the retry');
  assert.equal(await readiness(page, 'worker'), 'ready');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a mode chosen during a run starts its workers after the run, outside what it measures', async () => {
  const page = await open(shared.browser, shared.server.url, `${sized.fib(OUTLASTS)}&mode=worker&threads=2`, { beforeLoad: countWorkers });
  await waitReady(page, 'worker');
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="stop"]:not([disabled])');
  await pickMode(page, 'message-pool');
  // Read in one go: an eager start has created the workers by the time the pick is handled.
  const during = await page.evaluate(() => ({
    created: { ...self.workersCreated },
    state: document.querySelector('[data-testid="last-run"]').dataset.state,
  }));
  assert.equal(during.state, 'running', 'the run outlasts a pick; else this proves nothing');
  assert.deepEqual(during.created, { 'page-worker.js': 1 }, 'no worker started inside the run');
  assert.match(await page.textContent('[data-testid="notice"]'), /start when this run ends/);
  const run = await waitRunEnd(page, 1);
  assert.equal(run.state, 'done', run.error);
  await waitReady(page, 'message-pool', 2);
  assert.deepEqual(await workersCreated(page), { 'page-worker.js': 3 });
  assert.deepEqual(page.errors, []);
  await page.close();
});
