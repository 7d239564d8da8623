// End-to-end: a worker or engine that is stopped mid-run fails its run with the reason and
// is replaced, so the next run works; one that cannot start is reported unavailable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, pickMode, serve, setField, waitReady, waitRunEnd } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A panic (and an out-of-memory) in each kind of worker: faults.test.mjs.

test('Stop terminates an offloaded run, and the replacement runs the next', async () => {
  const server = await serve();
  try {
    for (const mode of ['worker', 'message-pool', 'pool']) {
      // fib(47) runs for many seconds: long enough to be stopped mid-way.
      const page = await open(browser, server.url, `job=fib&n=47&mode=${mode}&threads=2`);
      await waitReady(page, mode);
      assert.equal(await page.isDisabled('[data-testid="stop"]'), true, 'nothing to stop yet');
      await page.click('[data-testid="run"]');
      await page.waitForSelector('[data-testid="stop"]:not([disabled])');
      await page.click('[data-testid="stop"]');
      const stopped = await waitRunEnd(page, 1, 10_000);
      assert.equal(stopped.state, 'failed', mode);
      assert.match(stopped.error, /stopped/, `${mode}: ${stopped.error}`);
      await setField(page, 'n', '25');
      await waitReady(page, mode);
      await page.click('[data-testid="run"]');
      const next = await waitRunEnd(page, 2);
      assert.equal(next.state, 'done', `${mode}: ${next.error}`);
      assert.equal(next.result.checksum, '75025');
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  } finally {
    await server.close();
  }
});

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
