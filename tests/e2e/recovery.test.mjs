// End-to-end: a worker or engine that dies turns its run into `failed` with the reason and
// is replaced, so the next run works.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { autorun, launch, open, pickMode, serve, waitReady, waitRunEnd } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a worker or pool thread that panics fails its run, and the replacement runs the next', async () => {
  const server = await serve();
  try {
    for (const mode of ['worker', 'message-pool', 'pool']) {
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

// Stop (kept warm, or terminated and replaced where a worker cannot be asked) is in
// stop.test.mjs.

test('an engine that fails to start, or never answers, is reported unavailable', async () => {
  const broken = {
    throws: "throw new Error('this engine is broken on purpose');",
    // Never answers: what a pool that hangs at start looks like from the page.
    hangs: 'self.onmessage = () => {};',
  };
  for (const [name, script] of Object.entries(broken)) {
    const server = await serve({ replace: { 'engine-worker.js': script } });
    try {
      const page = await open(browser, server.url, 'mode=pool');
      await page.waitForSelector('[data-testid="mode-pool"][data-readiness="unavailable"]', { timeout: 45_000 });
      const text = await page.textContent('[data-testid="mode-pool"]');
      assert.match(text, name === 'throws' ? /broken on purpose/ : /did not start within 30 s/, text);
      assert.equal(await page.isDisabled('[data-testid="run"]'), true);
      // The other modes are unaffected.
      await pickMode(page, 'worker');
      await waitReady(page, 'worker');
      await page.close();
    } finally {
      await server.close();
    }
  }
});
