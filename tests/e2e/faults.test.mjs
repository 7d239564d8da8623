// End-to-end, on the test build (`cargo xtask build --test-hooks`, which `cargo xtask test`
// makes): a worker, a pool thread or a message-pool worker that panics or runs out of
// memory fails its run with the reason, and its replacement runs the next; a run that
// grew a worker's memory far (the largest allowed sort, 1 GiB) replaces that worker
// afterwards, which the "Memory the workers hold" panel shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autorun, open, sharedServerAndBrowser, waitReady, waitRunEnd } from './harness.mjs';

const shared = sharedServerAndBrowser();
const MODES = ['worker', 'message-pool', 'pool'];
const REASONS = { panic: /panicked/, oom: /out of memory: memory allocation of \d+ bytes failed/ };
const MiB = 2 ** 20;

/**
 * The uncaught errors, but for the one a faulted pool thread is expected to leave: after
 * its report (raised as the engine's error, which the page shows), the abort's trap is
 * uncaught in that nested worker, and the browser reports it as the page's.
 */
const pageErrors = (page, mode) => page.errors.filter((e) => e.startsWith('pageerror')
  && !(mode === 'pool' && e === 'pageerror: unreachable'));

for (const [fault, reason] of Object.entries(REASONS)) {
  test(`fault=${fault} fails the run with its reason in every kind of worker, and the next run works`, async () => {
    for (const mode of MODES) {
      // The test-only fault strikes inside the first offloaded job: in the worker, inside
      // the pool's rayon job, in the first task of the message-pool.
      const { page, run } = await autorun(shared.browser, shared.server.url, `job=fib&n=25&mode=${mode}&threads=2&fault=${fault}`);
      // The released site ignores `fault` (Cargo feature `test-hooks`, docs/url-parameters.md).
      assert.equal(run.state, 'failed', `${mode}: no fault struck: is dist/ the test build (cargo xtask build --test-hooks)?`);
      assert.match(run.error, reason, `${mode}: ${run.error}`);
      await waitReady(page, mode, mode === 'pool' ? 2 : undefined, 60_000);
      await page.click('[data-testid="run"]');
      const next = await waitRunEnd(page, 2);
      assert.equal(next.state, 'done', `${mode}: ${next.error}`);
      assert.equal(next.result.checksum, '75025');
      assert.deepEqual(pageErrors(page, mode), [], mode);
      await page.close();
    }
  });
}

test('the memory panel shows "—" until a worker starts, then each worker\'s memory', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=25&mode=main');
  assert.match(await page.textContent('[data-testid="worker-memory"]'), /—/);
  assert.equal(await page.$('[data-testid="worker-memory-none"]') !== null, true);
  await page.check('[data-testid="mode-worker"] input');
  await waitReady(page, 'worker');
  const bytes = Number(await page.getAttribute('[data-testid="worker-memory-worker"]', 'data-bytes'));
  // A page instance starts with a few MiB at most.
  assert.ok(bytes > 0 && bytes < 64 * MiB, `${bytes}`);
  await page.close();
});

// One 1 GiB sort per mode: seconds each on a quiet machine, far more under load.
for (const mode of ['worker', 'pool', 'message-pool']) {
  test(`after a 1 GiB sort in ${mode}, the grown worker is replaced and its memory returned`, async () => {
    const { page, run } = await autorun(shared.browser, shared.server.url, `job=sort&len=268435456&mode=${mode}&threads=2`, 300_000);
    assert.equal(run.state, 'done', `${mode}: ${run.error}`);
    // Replaced after the run, not as a failure: the mode is ready again, the run done.
    await waitReady(page, mode, mode === 'pool' ? 2 : undefined, 60_000);
    const row = `[data-testid="worker-memory-${mode}"]`;
    await page.waitForSelector(`${row}[data-returned-count][data-bytes]`, { timeout: 60_000 });
    const returned = Number(await page.getAttribute(row, 'data-returned-bytes'));
    const now = Number(await page.getAttribute(row, 'data-bytes'));
    const seen = `${mode}: grew to ${(returned / MiB).toFixed(0)} MiB, holds ${(now / MiB).toFixed(1)} MiB now`;
    // The sort's numbers alone are 1 GiB (in message-pool, each worker sorts a share and
    // one merges them all, so the merging worker held them all).
    assert.ok(returned >= 512 * MiB, seen);
    assert.ok(now < returned / 8, seen);
    assert.match(await page.textContent('[data-testid="worker-memory"]'), /replaced after a run grew one to/);
    // The fresh worker runs the next job.
    await page.fill('[data-testid="field-len"]', '1000000');
    await page.locator('[data-testid="field-len"]').blur();
    await page.click('[data-testid="run"]');
    const next = await waitRunEnd(page, 2);
    assert.equal(next.state, 'done', `${mode}: ${next.error}`);
    assert.deepEqual(pageErrors(page), [], mode);
    await page.close();
  });
}
