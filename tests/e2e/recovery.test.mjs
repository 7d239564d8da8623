// End-to-end: a worker or engine that cannot start is reported unavailable, and the other
// modes are unaffected.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lastRun, launch, open, pickMode, serve, setField, shortStartDeadline, waitReady, waitRunEnd,
} from './harness.mjs';
import { calibrated } from './calibrate.mjs';

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
      // The start deadline's 30 s pass in 5 s (still ample for a throw to come first).
      const page = await open(browser, server.url, 'mode=pool', { beforeLoad: (p) => shortStartDeadline(p, 5_000) });
      await page.waitForSelector('[data-testid="mode-pool"][data-readiness="unavailable"]', { timeout: 45_000 });
      const text = await page.textContent('[data-testid="mode-pool"]');
      assert.match(text, name === 'throws' ? /broken on purpose/ : /did not start within 30 s; Run tries again/, text);
      // One that died would die again; one that was late may start next time.
      assert.equal(await page.isDisabled('[data-testid="run"]'), name === 'throws');
      // The other modes are unaffected.
      await pickMode(page, 'worker');
      await waitReady(page, 'worker');
      await page.close();
    } finally {
      await server.close();
    }
  }
});

test('a message-pool task that fails cancels its sibling tasks, and the run fails at once', async () => {
  const server = await serve();
  try {
    // A hundred calibrated durations (fib(50) at most) in 16 tasks of several each, which a
    // sibling would otherwise finish.
    const sized = await calibrated();
    const page = await open(browser, server.url, `${sized.fib(100)}&mode=message-pool&threads=2&fault=panic`, {
      beforeLoad: (p) => p.addInitScript(() => {
        // Every worker's replies but progress, in the order they arrive, by variant: a
        // reply's first key names it (wire::Reply), what travels beside it comes after.
        const Native = self.Worker;
        self.replies = [];
        self.Worker = class extends Native {
          constructor(url, options) {
            super(url, options);
            this.addEventListener('message', ({ data }) => {
              const [kind] = Object.keys(data ?? {});
              if (kind && kind !== 'progress') self.replies.push(kind);
            });
          }
        };
      }),
    });
    await waitReady(page, 'message-pool', 2);
    const ms = await page.evaluate(() => new Promise((resolve) => {
      const start = performance.now();
      // Bounded, so that a run that never ends fails the test instead of hanging it.
      setTimeout(() => resolve(Infinity), 120_000);
      const watch = new MutationObserver(() => {
        if (document.querySelector('[data-testid="last-run"]')?.dataset.state === 'failed') {
          watch.disconnect();
          resolve(performance.now() - start);
        }
      });
      watch.observe(document.body, { attributes: true, childList: true, subtree: true });
      document.querySelector('[data-testid="run"]').click();
    }));
    const run = await lastRun(page);
    assert.match(run.error ?? '', /panicked/, `${run.state}: ${run.error}`);
    const replies = await page.evaluate(() => self.replies.filter((k) => k !== 'ready'));
    console.log(`message-pool: a failed task ended the run after ${ms.toFixed(0)} ms; replies ${replies.join(', ')}`);
    // The crash, then the sibling's answer to its cancel, not its finished task.
    assert.deepEqual(replies, ['crashed', 'stopped']);
    await setField(page, 'n', '25');
    await waitReady(page, 'message-pool', 2);
    await page.click('[data-testid="run"]');
    const next = await waitRunEnd(page, 2);
    assert.equal(next.state, 'done', next.error);
    assert.equal(next.result.checksum, '75025');
    await page.close();
  } finally {
    await server.close();
  }
});
