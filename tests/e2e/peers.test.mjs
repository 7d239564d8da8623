// End-to-end: the peers (the browser's own code for the same jobs) and the overheads panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickRun, open, pickMode, sharedServerAndBrowser, waitReady } from './harness.mjs';

const shared = sharedServerAndBrowser();

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
    }
    const rows = await page.$$eval('[data-testid="run-history"] tbody tr', (trs) => trs.length);
    assert.equal(rows, id, 'peers land in the same history table');
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

/** A warm-up run and a measured one in `mode`; the second's result. */
async function measured(query, mode) {
  const page = await open(shared.browser, shared.server.url, `${query}&mode=${mode}`);
  await waitReady(page, mode);
  assert.equal((await clickRun(page, 1)).state, 'done', `${mode} warm-up`);
  const run = await clickRun(page, 2);
  assert.equal(run.state, 'done', `${mode}: ${run.error}`);
  assert.deepEqual(page.errors, []);
  await page.close();
  const { ms, longest_gap_ms: gap, frames } = run.result;
  return { ms, gap, frames, seen: `${mode}: ${ms.toFixed(0)} ms, longest gap ${gap.toFixed(0)} ms, ${frames} frames` };
}

test('js-main freezes frames like main; js-worker does not', async () => {
  // fib(38): about half a second or more in either language on one loaded core.
  const query = 'job=fib&n=38';
  const main = await measured(query, 'main');
  const jsMain = await measured(query, 'js-main');
  const jsWorker = await measured(query, 'js-worker');
  const seen = [main, jsMain, jsWorker].map((r) => r.seen).join('; ');
  // Both main-thread runs held the page for most of their time, and painted next to nothing.
  assert.ok(main.gap >= 0.8 * main.ms && main.frames <= 3, seen);
  assert.ok(jsMain.gap >= 0.8 * jsMain.ms && jsMain.frames <= 3, seen);
  // In a worker the same JavaScript left the page painting.
  assert.ok(jsWorker.gap < 100, seen);
  assert.ok(jsWorker.gap < jsMain.gap / 3, seen);
  assert.ok(jsWorker.frames >= (jsWorker.ms / 1000) * 20, seen);
});

test('WebCrypto keeps frames live, one password at a time or all at once', async () => {
  const query = 'job=hash&count=16&iterations=200000';
  const main = await measured(query, 'main');
  for (const mode of ['webcrypto', 'webcrypto-all']) {
    const crypto = await measured(query, mode);
    const seen = `${main.seen}; ${crypto.seen}`;
    assert.ok(main.gap >= 0.8 * main.ms, seen);
    assert.ok(crypto.gap < 100, seen);
    assert.ok(crypto.frames >= (crypto.ms / 1000) * 20, seen);
  }
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
