// End-to-end: the two lessons in one click (issue 18). "20 small jobs: spawn, worker,
// pool" pins three runs whose compare view shows the start-up each paid per job; "sort
// 20M: copy, move, share" pins the message-pool by clone and by transfer and the pool,
// with the bytes that crossed and the main thread's time inside postMessage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, sharedServerAndBrowser } from './harness.mjs';

const shared = sharedServerAndBrowser();

/** Clicks the preset's button and returns the compare view's rows, by name, once it ends. */
async function runPreset(page, id) {
  await page.waitForSelector(`[data-testid="${id}"]:not([disabled])`);
  await page.click(`[data-testid="${id}"]`);
  await page.waitForSelector('[data-testid="every-mode-status"][data-state="done"]', { timeout: 120_000 });
  return page.$$eval('[data-testid="compare"] tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
    r.querySelector('th').textContent, [...r.querySelectorAll('td')].map((td) => td.textContent),
  ])));
}

test('20 small jobs: a new worker per job pays its start-up every time; the reused ones do not', async () => {
  const page = await open(shared.browser, shared.server.url, 'mode=worker');
  const rows = await runPreset(page, 'preset-spawn');
  assert.equal(await page.$eval('[data-testid="every-mode-status"]', (e) => e.dataset.ran), 'spawn worker pool');
  const startup = rows['worker start-up'];
  assert.ok(startup, JSON.stringify(rows));
  assert.match(startup[0], /^20 new workers, .* each \(median\)$/);
  assert.equal(startup[1], 'none: reused');
  assert.equal(startup[2], 'none: the pool was running');
  // Each copy of spawn waited for a worker to start: its burst takes longer than the
  // reused worker's queue of the same 20 small jobs.
  const ms = (text) => Number.parseFloat(text) * (text.endsWith(' s') ? 1000 : 1);
  const [spawn, worker] = rows['wall time'].map(ms);
  assert.ok(spawn > worker, `spawn ${rows['wall time'][0]} against worker ${rows['wall time'][1]}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('sort 20M: cloning copies on the main thread, transfer moves, the pool shares', async () => {
  const page = await open(shared.browser, shared.server.url, 'mode=message-pool&threads=2');
  const rows = await runPreset(page, 'preset-crossing');
  const crossed = rows['bulk data crossed'];
  assert.ok(crossed, JSON.stringify(rows));
  assert.match(crossed[0], /MB, copied \(structured clone\)$/);
  assert.match(crossed[1], /MB, moved \(transfer\)$/);
  assert.equal(crossed[2], 'nothing: the pool shares one memory');
  const [clone, transfer] = rows['main thread in postMessage'].slice(0, 2).map(Number.parseFloat);
  assert.ok(clone > transfer, `postMessage: clone ${clone} ms, transfer ${transfer} ms`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
