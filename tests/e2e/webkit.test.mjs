// End-to-end in WebKitGTK's MiniBrowser (webkit.mjs), both ways this WebKit comes:
// - started with JSC_useSharedArrayBuffer=true (as Safari is under COOP/COEP): isolated,
//   and main, worker and pool give Chromium's checksums (computed here in Chromium);
// - without it: cross-origin isolated yet no SharedArrayBuffer. The page must see that at
//   start-up (not after the pool's 30 s start deadline), say so in the capability list
//   and the mode picker, start a pool link on message-pool with a notice, and run there.
// A missing WebKit fails the file: xtask installs it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { autorun, launch, serve } from './harness.mjs';
import { launchWebKit } from './webkit.mjs';
import {
  JOBS, attribute, clickRun, isChecked, markupFromAString, pickMode, text, waitForSelector, waitReady,
} from './drive.mjs';

let server;
/** Chromium's checksum for each job, from its worker mode on the same dist. */
const expected = {};
before(async () => {
  server = await serve();
  const chromium = await launch();
  try {
    for (const { name, query } of JOBS) {
      const { page, run } = await autorun(chromium, server.url, `${query}&mode=worker`);
      assert.equal(run.state, 'done', `Chromium ${name}: ${run.error}`);
      expected[name] = run.result.checksum;
      await page.close();
    }
  } finally {
    await chromium.close();
  }
});
after(async () => { await server?.close(); });

/** Uncaught errors so far: WebDriver has no event for them, so the page's own record. */
const pageErrors = (doc) => doc.evaluate(() => (window.webkitTestErrors ?? []).slice());
const recordErrors = (doc) => doc.evaluate(() => {
  window.webkitTestErrors = [];
  addEventListener('error', (e) => window.webkitTestErrors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.webkitTestErrors.push(String(e.reason)));
});

test('with JSC_useSharedArrayBuffer: isolated; main, worker and pool give Chromium\'s checksums', async () => {
  assert.equal(expected['fib 25'], '75025');
  const webkit = await launchWebKit({ sharedArrayBuffer: true });
  try {
    for (const { name, query } of JOBS) {
      await webkit.goto(`${server.url}?${query}&mode=pool&threads=2`);
      await waitForSelector(webkit, '[data-testid="run"]');
      await recordErrors(webkit);
      assert.equal(await attribute(webkit, '[data-testid="capabilities"]', 'data-isolated'), 'true');
      assert.equal(await attribute(webkit, '[data-testid="shared-memory"]', 'data-shared-memory'), 'true');
      let id = 0;
      for (const mode of ['pool', 'worker', 'main']) {
        if (mode !== 'pool') await pickMode(webkit, mode);
        if (mode !== 'main') await waitReady(webkit, mode, mode === 'pool' ? 2 : undefined, 60_000);
        const run = await clickRun(webkit, ++id);
        assert.equal(run.state, 'done', `${name} in ${mode}: ${run.error}`);
        assert.equal(run.result.mode, mode);
        assert.equal(run.result.checksum, expected[name], `${name} in ${mode}`);
      }
      assert.deepEqual(await pageErrors(webkit), [], name);
      // Those modes ran under Trusted Types, which WebKit enforces too.
      assert.equal(await markupFromAString(webkit), 'TypeError', 'Trusted Types in force');
    }
  } finally {
    await webkit.close();
  }
});

test('a short traffic stream: the clients\' worker sends, the page serves, nothing is lost', async () => {
  const webkit = await launchWebKit({ sharedArrayBuffer: true });
  try {
    await webkit.goto(`${server.url}?job=fib&n=25&mode=worker&serve=20&duration=1&heavy=30&arrivals=even`);
    await waitForSelector(webkit, '[data-testid="run"]');
    await recordErrors(webkit);
    await waitReady(webkit, 'worker', undefined, 60_000);
    const run = await clickRun(webkit, 1);
    assert.equal(run.state, 'done', run.error);
    const t = run.result.traffic;
    assert.equal(t.sent, 20);
    assert.equal(t.sent, t.answered + t.rejected + t.stopped, JSON.stringify(t));
    assert.equal(t.heavy.count, 6);
    assert.equal(run.result.checksum, expected['fib 25']);
    assert.deepEqual(await pageErrors(webkit), []);
  } finally {
    await webkit.close();
  }
});

test('without it: the page sees at once that shared memory is missing, says so, and runs on message-pool', async (t) => {
  const webkit = await launchWebKit({ sharedArrayBuffer: false });
  try {
    await webkit.goto(`${server.url}?job=fib&n=25&mode=pool&threads=2`);
    // When the controls first show, the pool is already marked unavailable: decided at
    // start-up, not after the pool's start deadline. Times are the page's own clock.
    const seen = await webkit.evaluate(() => new Promise((resolve) => {
      const look = () => {
        const run = document.querySelector('[data-testid="run"]');
        if (!run) return requestAnimationFrame(look);
        const pool = document.querySelector('[data-testid="mode-pool"]')?.dataset.readiness;
        resolve({ at: performance.now(), pool });
      };
      look();
    }));
    const unavailable = await waitForSelector(webkit, '[data-testid="mode-pool"][data-readiness="unavailable"]', 1_000)
      .then(() => webkit.evaluate(() => performance.now()));
    t.diagnostic(`controls shown ${seen.at.toFixed(0)} ms after navigation start, pool "${seen.pool}"; unavailable seen by ${unavailable.toFixed(0)} ms`);
    assert.equal(seen.pool, 'unavailable', `the pool was "${seen.pool}" when the controls appeared`);
    assert.ok(unavailable - seen.at < 1_000, `${unavailable - seen.at} ms`);
    await recordErrors(webkit);

    assert.equal(await webkit.evaluate(() => crossOriginIsolated && typeof SharedArrayBuffer), 'undefined',
      'this WebKit reports isolation but hides SharedArrayBuffer');
    assert.equal(await attribute(webkit, '[data-testid="capabilities"]', 'data-isolated'), 'true');
    assert.equal(await attribute(webkit, '[data-testid="shared-memory"]', 'data-shared-memory'), 'false');
    assert.match(await text(webkit, '[data-testid="shared-memory"]'), /SharedArrayBuffer: no, although the page is cross-origin isolated/);
    assert.match(await text(webkit, '[data-testid="mode-pool"]'),
      /unavailable: this browser has no SharedArrayBuffer here, though the page is cross-origin isolated: the pool needs shared memory; message-pool does not/);
    // The link asked for the pool: message-pool instead, and the notice says why.
    assert.equal(await isChecked(webkit, 'message-pool'), true);
    assert.match(await text(webkit, '[data-testid="notice"]'),
      /^The pool cannot start: this browser has no SharedArrayBuffer here.*Running on message-pool instead/);
    await waitReady(webkit, 'message-pool', 2, 60_000);
    const run = await clickRun(webkit, 1);
    assert.equal(run.state, 'done', run.error);
    assert.equal(run.result.mode, 'message-pool');
    assert.equal(run.result.checksum, expected['fib 25']);
    // And the worker, which never needed shared memory.
    await pickMode(webkit, 'worker');
    await waitReady(webkit, 'worker', undefined, 60_000);
    const worker = await clickRun(webkit, 2);
    assert.equal(worker.state, 'done', worker.error);
    assert.equal(worker.result.checksum, expected['fib 25']);
    assert.deepEqual(await pageErrors(webkit), []);
  } finally {
    await webkit.close();
  }
});
