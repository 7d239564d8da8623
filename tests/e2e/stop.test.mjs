// End-to-end: Stop ends an offloaded run quickly and keeps the mode's workers warm. The
// pool, the single worker (through a SharedArrayBuffer flag, the page being isolated) and
// the message-pool stop their job between two pieces of work and are reused: no new
// worker, no new start-up figures, and the next run is right. Where a worker cannot be
// asked (an engine deaf to Stop, a page that is not isolated), it is terminated and
// replaced, as before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  countWorkers, launch, open, serve, setField, waitReady, waitRunEnd, workersCreated,
} from './harness.mjs';
import { calibrated } from './calibrate.mjs';

// The target: 100 ms from the click to the run shown stopped, as a median of 3.
// Seen on a quiet 2-core machine: medians 2-5 ms in every mode (a stopped run no longer
// waits 120 ms to collect late clicks), so the target itself holds with room under load.
const STOP_BOUND_MS = 100;
const TRIES = 3;
const sized = await calibrated();
// Twenty calibrated durations on main (half that on two pool threads): far from done when
// Stop comes one duration after the start.
const LONG_FIB = sized.fib(20);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Clicks Stop and resolves with the ms until the newest run shows `failed`. */
function stopAndTime(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const state = () => document.querySelector('[data-testid="last-run"]')?.dataset.state;
    const start = performance.now();
    // Bounded: a Stop that is ignored fails the test instead of hanging it.
    setTimeout(() => resolve(Infinity), 30_000);
    const watch = new MutationObserver(() => {
      if (state() === 'failed') {
        watch.disconnect();
        resolve(performance.now() - start);
      }
    });
    watch.observe(document.body, { attributes: true, childList: true, subtree: true });
    document.querySelector('[data-testid="stop"]').click();
  }));
}

/** Starts run `id` (LONG_FIB), lets it get under way, stops it, times that. */
async function runAndStop(page, id) {
  await page.waitForSelector('[data-testid="run"]:not([disabled])');
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="stop"]:not([disabled])');
  await page.waitForTimeout(sized.ms);
  const ms = await stopAndTime(page);
  const run = await waitRunEnd(page, id, 10_000);
  assert.equal(run.state, 'failed');
  assert.match(run.error, /stopped/, run.error);
  return { ms, error: run.error };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('Stop ends a run within the bound in every offloaded mode, and the workers are kept', async () => {
  const server = await serve();
  const medians = {};
  try {
    for (const mode of ['pool', 'worker', 'message-pool', 'chunked', 'spawn']) {
      const page = await open(browser, server.url, `${LONG_FIB}&mode=${mode}&threads=2`, { beforeLoad: countWorkers });
      if (mode !== 'chunked' && mode !== 'spawn') await waitReady(page, mode);
      const before = await workersCreated(page);
      const poolStart = await page.getAttribute('[data-testid="overheads"]', 'data-pool-start-ms');
      const times = [];
      const inside = [];
      for (let i = 1; i <= TRIES; i += 1) {
        const { ms, error } = await runAndStop(page, i);
        times.push(ms);
        // The host's own figure: from Stop to the worker's `Stopped`, before the page
        // finishes the run's meters.
        const answered = /stopped (\d+) ms after Stop/.exec(error);
        if (answered) inside.push(Number(answered[1]));
        if (mode === 'pool' || mode === 'worker' || mode === 'message-pool') {
          assert.match(error, /kept/, `${mode}: ${error}`);
        }
      }
      medians[mode] = median(times);
      const answeredIn = inside.length ? `; answered after ${inside.join(', ')} ms` : '';
      console.log(`Stop on ${mode}: shown stopped after ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${medians[mode].toFixed(0)})${answeredIn}`);
      assert.ok(medians[mode] <= STOP_BOUND_MS, `${mode}: Stop took ${times.join(', ')} ms`);
      // The next run on the same workers gives the right answer.
      await setField(page, 'n', '25');
      await page.waitForSelector('[data-testid="run"]:not([disabled])');
      await page.click('[data-testid="run"]');
      const next = await waitRunEnd(page, TRIES + 1);
      assert.equal(next.state, 'done', `${mode}: ${next.error}`);
      assert.equal(next.result.checksum, '75025');
      const workers = await workersCreated(page);
      if (mode === 'spawn') {
        // One fresh worker per run, none kept: what spawn is.
        assert.equal(workers['page-worker.js'] ?? 0, TRIES + 1, JSON.stringify(workers));
      } else {
        // No worker started since the mode was ready: the pool stayed warm.
        assert.deepEqual(workers, before, `${mode}: ${JSON.stringify(workers)}`);
      }
      if (mode === 'pool') {
        const after = await page.getAttribute('[data-testid="overheads"]', 'data-pool-start-ms');
        assert.ok(poolStart, 'the pool reported its start');
        assert.equal(after, poolStart, 'the engine was started again');
      }
      assert.deepEqual(page.errors, [], mode);
      await page.close();
    }
  } finally {
    await server.close();
  }
});

test('an engine that does not answer Stop in time is terminated and replaced', async () => {
  // The real engine worker behind a listener that swallows the page's cancel message: what
  // a job that never looks at its flag looks like from the page.
  const dist = process.env.OFFLOAD_DIST ?? join(import.meta.dirname, '../../dist');
  const original = await readFile(join(dist, 'engine-worker.js'), 'utf8');
  const deaf = `self.addEventListener('message', (e) => { if (e.data && 'cancel' in e.data) e.stopImmediatePropagation(); });\n${original}`;
  const server = await serve({ replace: { 'engine-worker.js': deaf } });
  try {
    const page = await open(browser, server.url, `${LONG_FIB}&mode=pool&threads=2`, { beforeLoad: countWorkers });
    await waitReady(page, 'pool', 2);
    const { error } = await runAndStop(page, 1);
    assert.match(error, /did not stop within \d+ ms, so it was terminated and replaced/, error);
    await setField(page, 'n', '25');
    await waitReady(page, 'pool', 2);
    await page.click('[data-testid="run"]');
    const next = await waitRunEnd(page, 2);
    assert.equal(next.state, 'done', next.error);
    assert.equal(next.result.checksum, '75025');
    assert.equal((await workersCreated(page))['engine-worker.js'], 2, 'one replacement');
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('where the page is not isolated, Stop terminates the single worker and starts another', async () => {
  const server = await serve({ isolated: false });
  try {
    // coi=0: no service worker isolating the page either.
    const page = await open(browser, server.url, `${LONG_FIB}&mode=worker&coi=0`, { beforeLoad: countWorkers });
    await waitReady(page, 'worker');
    const { error } = await runAndStop(page, 1);
    assert.match(error, /terminated and replaced/, error);
    await setField(page, 'n', '25');
    await waitReady(page, 'worker');
    await page.click('[data-testid="run"]');
    const next = await waitRunEnd(page, 2);
    assert.equal(next.state, 'done', next.error);
    assert.equal(next.result.checksum, '75025');
    assert.equal((await workersCreated(page))['page-worker.js'], 2, 'one replacement');
    await page.close();
  } finally {
    await server.close();
  }
});

const MiB = 2 ** 20;

for (const mode of ['worker', 'message-pool']) {
  test(`a 1 GiB sort stopped in ${mode} returns its memory, as a finished one does`, async () => {
    const server = await serve();
    try {
      const page = await open(browser, server.url, `job=sort&len=268435456&mode=${mode}&threads=2`);
      await waitReady(page, mode);
      const row = `[data-testid="worker-memory-${mode}"]`;
      await page.click('[data-testid="run"]');
      // Stopped once the sort's numbers are allocated: the memory has grown, the work is
      // far from done.
      await page.waitForFunction((row) => Number(document.querySelector(row)?.dataset.bytes) >= 1024 * 2 ** 20, row, { timeout: 120_000, polling: 50 });
      await page.click('[data-testid="stop"]');
      const run = await waitRunEnd(page, 1, 30_000);
      assert.equal(run.state, 'failed');
      assert.match(run.error, /stopped/, run.error);
      await page.waitForSelector(`${row}[data-returned-count][data-bytes]`, { timeout: 30_000 }).catch(async (error) => {
        const held = Number(await page.getAttribute(row, 'data-bytes'));
        console.log(`${mode}: stopped 1 GiB sort: holds ${(held / MiB).toFixed(0)} MiB 30 s after`);
        throw error;
      });
      const returned = Number(await page.getAttribute(row, 'data-returned-bytes'));
      const now = Number(await page.getAttribute(row, 'data-bytes'));
      console.log(`${mode}: stopped 1 GiB sort: grew to ${(returned / MiB).toFixed(0)} MiB, holds ${(now / MiB).toFixed(1)} MiB after`);
      assert.ok(now < returned / 8, `${mode}: ${now} of ${returned}`);
      await waitReady(page, mode);
      assert.deepEqual(page.errors, [], mode);
      await page.close();
    } finally {
      await server.close();
    }
  });
}

test('Stop while a grown message-pool worker is being replaced ends the run; the merge waiting for it is never sent', async () => {
  const server = await serve();
  try {
    // 2 × 70 Mi numbers: each worker grows past 256 MiB and is replaced once idle.
    const page = await open(browser, server.url, 'job=sort&len=140000000&mode=message-pool&threads=2', {
      beforeLoad: (p) => p.addInitScript(() => {
        // The page's workers in the order made. The second one's task is held until the
        // first one, done and grown, has been replaced (the third worker made), so that the
        // merge is sent while its fresh worker starts; that start-up message is held until
        // 2 s after the second task's answer, so the merge has to wait for it.
        const Native = self.Worker;
        const order = new WeakMap();
        const held = {};
        let made = 0;
        self.tasksDone = 0;
        self.merges = 0;
        self.Worker = class extends Native {
          constructor(url, options) {
            super(url, options);
            order.set(this, made += 1);
            if (made === 3) setTimeout(() => held.task?.(), 0);
            this.addEventListener('message', ({ data }) => {
              if (!data?.taskdone) return;
              self.tasksDone += 1;
              if (self.tasksDone === 2) setTimeout(() => held.boot?.(), 2_000);
            });
          }
        };
        const post = Native.prototype.postMessage;
        Native.prototype.postMessage = function (message, ...rest) {
          const send = () => post.call(this, message, ...rest);
          if (message?.merge) self.merges += 1;
          if (message?.task && order.get(this) === 2) held.task = send;
          else if (message?.page_instance && order.get(this) === 3) held.boot = send;
          else send();
        };
      }),
    });
    await waitReady(page, 'message-pool', 2);
    await page.click('[data-testid="run"]');
    await page.waitForFunction(() => self.tasksDone === 2, null, { timeout: 120_000, polling: 20 });
    assert.equal(await page.evaluate(() => self.merges), 0, 'the merge waits for the fresh worker');
    const ms = await stopAndTime(page);
    const run = await waitRunEnd(page, 1, 30_000);
    assert.equal(run.state, 'failed', 'Stop ended the run');
    assert.match(run.error, /stopped/, run.error);
    assert.ok(ms <= STOP_BOUND_MS * 5, `shown stopped after ${ms} ms`);
    await waitReady(page, 'message-pool', 2);
    assert.equal(await page.evaluate(() => self.merges), 0, 'the merge was never sent');
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('Stop during a message-pool sort burst\'s merges sends no further merge', async () => {
  const server = await serve();
  try {
    // Each copy about a calibrated duration's sort on main, so that both merges are still
    // under way when their first progress comes.
    const page = await open(browser, server.url, `${sized.sort(1)}&mode=message-pool&threads=2&burst=3`, {
      beforeLoad: (p) => p.addInitScript(() => {
        // Stop is clicked once both workers report progress after their merge was sent:
        // both merges are under way then (with 2 workers and 3 copies, the first worker
        // merges copy 1 and then copy 3), and answer Stop between two pieces of their work.
        self.merges = [];
        const merging = new Set();
        const sentMerge = new WeakSet();
        const Native = self.Worker;
        self.Worker = class extends Native {
          constructor(url, options) {
            super(url, options);
            this.addEventListener('message', ({ data }) => {
              if (!data?.progress || !sentMerge.has(this)) return;
              merging.add(this);
              if (merging.size < 2 || self.stoppedAt !== undefined) return;
              self.stoppedAt = performance.now();
              self.sentBeforeStop = self.merges.filter((m) => m.kind === 'merge').length;
              document.querySelector('[data-testid="stop"]').click();
            });
          }
        };
        const post = Native.prototype.postMessage;
        Native.prototype.postMessage = function (message, ...rest) {
          const [kind] = Object.keys(message ?? {});
          if (kind === 'merge' || kind === 'task') self.merges.push({ kind, at: performance.now() });
          if (kind === 'merge') sentMerge.add(this);
          return post.call(this, message, ...rest);
        };
      }),
    });
    await waitReady(page, 'message-pool', 2);
    await page.click('[data-testid="run"]');
    const run = await waitRunEnd(page, 1, 60_000);
    assert.equal(run.state, 'failed');
    assert.match(run.error, /stopped/, run.error);
    const { before, after, all } = await page.evaluate(() => ({
      before: self.sentBeforeStop,
      after: self.merges.filter((m) => m.at > self.stoppedAt),
      all: self.merges.map((m) => `${m.kind} ${(m.at - self.stoppedAt).toFixed(0)}`),
    }));
    console.log(`sent, ms after Stop: ${all.join(', ')}; ${run.error}`);
    assert.ok(before < 3, `Stop came before the last merge was sent (${before} sent)`);
    assert.deepEqual(after, [], 'nothing was sent after Stop');
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});
