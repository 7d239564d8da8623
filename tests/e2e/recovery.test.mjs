// End-to-end: a worker or engine that dies turns its run into `failed` with the reason and
// is replaced, so the next run works; and a page that is not isolated still works.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { autorun, launch, open, serve, waitReady, waitRunEnd } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a worker or pool thread that panics fails its run, and the replacement runs the next', async () => {
  const server = await serve();
  try {
    for (const mode of ['worker', 'pool']) {
      // fault=panic (test-only) makes the first offloaded run panic inside the job.
      const { page, run } = await autorun(browser, server.url, `job=fib&n=25&mode=${mode}&threads=2&fault=panic`);
      assert.equal(run.state, 'failed', mode);
      assert.match(run.error, /panicked/, `${mode}: ${run.error}`);
      await waitReady(page, mode);
      await page.click('[data-testid="run"]');
      const next = await waitRunEnd(page, 2);
      assert.equal(next.state, 'done', `${mode}: ${next.error}`);
      assert.equal(next.result.checksum, '75025');
      await page.close();
    }
  } finally {
    await server.close();
  }
});

test('without COOP/COEP the page says the pool is unavailable and the other modes work', async () => {
  const server = await serve({ isolated: false });
  try {
    const page = await open(browser, server.url, 'mode=pool');
    assert.equal(await page.getAttribute('[data-testid="capabilities"]', 'data-isolated'), 'false');
    await page.waitForSelector('[data-testid="mode-pool"][data-readiness="unavailable"]');
    assert.match(await page.textContent('[data-testid="mode-pool"]'), /cross-origin isolated/);
    assert.equal(await page.isDisabled('[data-testid="run"]'), true);
    assert.deepEqual(page.errors, []);
    await page.close();
    const { page: worker, run } = await autorun(browser, server.url, 'job=fib&n=25&mode=worker');
    assert.equal(run.state, 'done', run.error);
    assert.equal(run.result.checksum, '75025');
    assert.deepEqual(worker.errors, []);
    await worker.close();
  } finally {
    await server.close();
  }
});
