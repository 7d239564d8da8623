// End-to-end: a worker or engine that cannot start is reported unavailable, and the other
// modes are unaffected.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, pickMode, serve, waitReady } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A panic (and an out-of-memory) in each kind of worker: faults.test.mjs.

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
