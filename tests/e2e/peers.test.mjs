// End-to-end: the peers (the browser's own code for the same jobs) and the overheads panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickRun, open, pickMode, sharedServerAndBrowser, waitReady } from './harness.mjs';
import { calibrated } from './calibrate.mjs';
import { assertFrozen, assertLiveAgainst, repeatIn } from './responsiveness.mjs';

const shared = sharedServerAndBrowser();
const sized = await calibrated();

test("each peer's checksum equals the worker's for the same parameters", async () => {
  const jobs = [
    { query: 'job=fib&n=30', peers: ['js-main', 'js-worker'], expect: '832040' },
    { query: 'job=sort&len=1000000', peers: ['js-main', 'js-worker'] },
    { query: 'job=hash&count=8&iterations=2000', peers: ['webcrypto', 'webcrypto-all'] },
  ];
  for (const { query, peers, expect } of jobs) {
    const page = await open(shared.browser, shared.server.url, `${query}&mode=worker`);
    await waitReady(page, 'worker');
    let id = 0;
    const worker = await clickRun(page, ++id);
    assert.equal(worker.state, 'done', worker.error);
    if (expect) assert.equal(worker.result.checksum, expect);
    for (const peer of peers) {
      await pickMode(page, peer);
      await waitReady(page, peer);
      const run = await clickRun(page, ++id);
      assert.equal(run.state, 'done', `${query} ${peer}: ${run.error}`);
      assert.equal(run.result.mode, peer);
      assert.equal(run.result.checksum, worker.result.checksum, `${query} ${peer}`);
      // The peer's own work is timed apart from Offload's set-up and checksum.
      assert.ok(run.result.compute_ms > 0 && run.result.compute_ms <= run.result.ms, JSON.stringify(run.result));
      // The same figures as every other mode's (src/runs/figures.rs): wall_ms, `ms` its alias.
      assert.equal(run.result.ms, run.result.wall_ms, JSON.stringify(run.result));
      assert.ok(Math.abs(run.result.overhead_ms - (run.result.wall_ms - run.result.compute_ms)) < 1e-6, JSON.stringify(run.result));
    }
    const rows = await page.$$eval('[data-testid="run-history"] tbody tr', (trs) => trs.length);
    assert.equal(rows, id, 'peers land in the same history table');
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('js-main freezes frames like main; js-worker does not', async () => {
  // A calibrated duration in wasm (fib(39), 122 ms on a quiet core, was too short to tell).
  // Medians of 3 runs each after a warm-up, against main's own runs of the same job in this page.
  const page = await open(shared.browser, shared.server.url, `${sized.fib(1)}&mode=main`);
  const main = await repeatIn(page, 'main', { warmUps: 1 });
  const jsMain = await repeatIn(page, 'js-main', { warmUps: 1 });
  const jsWorker = await repeatIn(page, 'js-worker', { warmUps: 1 });
  // Both main-thread runs held the page for most of their time, and painted next to nothing.
  assertFrozen(main, { floor: sized.atLeast(1) });
  assertFrozen(jsMain, { floor: sized.atLeast(1) });
  // In a worker the same JavaScript left the page painting.
  assertLiveAgainst(jsWorker, main);
  assertLiveAgainst(jsWorker, jsMain);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('WebCrypto keeps frames live, one password at a time or all at once', async () => {
  const page = await open(shared.browser, shared.server.url, `${sized.hash(2)}&mode=main`);
  const main = await repeatIn(page, 'main', { warmUps: 1 });
  assertFrozen(main, { floor: sized.atLeast(2) });
  for (const mode of ['webcrypto', 'webcrypto-all']) {
    assertLiveAgainst(await repeatIn(page, mode, { warmUps: 1 }), main);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a peer with no code for the job is disabled and says why', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&mode=worker');
  const webcrypto = page.locator('[data-testid="mode-webcrypto"]');
  assert.equal(await webcrypto.getAttribute('data-readiness'), 'no-peer');
  assert.equal(await webcrypto.locator('input').isDisabled(), true);
  assert.match(await webcrypto.textContent(), /no Fibonacci/);
  assert.match(await page.textContent('[data-testid="modes-peers"]'), /browser's own code/);
  await page.close();
  // Asked for by a link: the mode field names the problem and Run stays disabled.
  const linked = await open(shared.browser, shared.server.url, 'job=hash&mode=js-worker&autorun=1');
  await linked.waitForSelector('[data-testid="error-mode"]');
  assert.match(await linked.textContent('[data-testid="error-mode"]'), /^js-worker cannot run hash: .*WebCrypto/);
  await linked.waitForTimeout(1000);
  assert.equal(await linked.isDisabled('[data-testid="run"]'), true);
  assert.deepEqual(linked.errors, []);
  await linked.close();
});

test('the overheads panel fills with numbers', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=20&mode=pool');
  const panel = '[data-testid="overheads"]';
  assert.equal(await page.textContent('[data-testid="overhead-round-trip"]'), '—', 'nothing measured yet');
  await waitReady(page, 'pool');
  await page.waitForSelector(`${panel}[data-pool-start-ms][data-empty-task-ms]`);
  await page.click('[data-testid="measure-overheads"]');
  await page.waitForSelector(`${panel}[data-round-trip-ms][data-worker-start-ms]`, { timeout: 30_000 });
  const figures = await page.$eval(panel, (el) => Object.fromEntries(
    ['poolStartMs', 'emptyTaskMs', 'workerStartMs', 'roundTripMs'].map((k) => [k, Number(el.dataset[k])])));
  const seen = JSON.stringify(figures);
  for (const value of Object.values(figures)) assert.ok(Number.isFinite(value) && value > 0, seen);
  // Starting anything costs more than a message or an empty task on what was started.
  assert.ok(figures.emptyTaskMs < figures.poolStartMs, seen);
  assert.ok(figures.roundTripMs < figures.workerStartMs, seen);
  assert.match(await page.textContent('[data-testid="overhead-round-trip"]'), /^\d+(\.\d+)? ms$/);
  console.log(`overheads: ${seen}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
