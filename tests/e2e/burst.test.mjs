// End-to-end: `burst=k`, k copies of a job submitted at once, as a user meets it. On the
// main thread every copy waits for every other one and all results arrive together after
// the freeze; on one worker they queue; on a 2-thread pool they spread and the burst takes
// about half as long as the same burst on one worker. Every copy agrees on the checksum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrated } from './calibrate.mjs';
import { clickRun, open, runsMade, setField, sharedServerAndBrowser, waitReady } from './harness.mjs';

const shared = sharedServerAndBrowser();
const sized = await calibrated();
// Half a calibrated duration a copy: four of them a clear freeze on main, short enough to
// run a few bursts.
const FIB = sized.fib(0.5);

/** A single run, then a burst of `copies`, in `mode`; returns both results. */
async function singleThenBurst(page, mode, copies, threads) {
  await waitReady(page, mode, threads);
  const before = await runsMade(page);
  await setField(page, 'burst', '1');
  const single = await clickRun(page, before + 1);
  assert.equal(single.state, 'done', `${mode} single: ${single.error}`);
  await setField(page, 'burst', String(copies));
  const burst = await clickRun(page, before + 2);
  assert.equal(burst.state, 'done', `${mode} burst: ${burst.error}`);
  assert.equal(burst.result.checksum, single.result.checksum, `${mode}: every copy agrees with the single run`);
  assert.equal(burst.result.burst.copies, copies);
  assert.equal(burst.result.burst.alone_ms, single.result.ms, 'the single run is the burst\'s baseline');
  return { single: single.result, burst: burst.result.burst, result: burst.result };
}

test('a burst of 4 on main: all copies end together, after the sum of their times', async () => {
  const page = await open(shared.browser, shared.server.url, `${FIB}&mode=main`);
  const { single, burst, result } = await singleThenBurst(page, 'main', 4);
  // What the page's own probes saw, not the burst's bookkeeping (whose spans on `main` are
  // stamped one after another by construction): no frame painted between two copies, so
  // no copy's result could show before the last was done. The run's frames are the one
  // that shows "running" and the one after the freeze, give or take one.
  const spans = JSON.stringify(burst.spans);
  assert.ok(result.frames <= 4, `${result.frames} frames painted during a 4-copy burst on main: ${spans}`);
  // The page was dead throughout: its longest frame gap covers most of the burst.
  assert.ok(result.longest_gap_ms > 0.7 * burst.sum_of_copies_ms, `gap ${result.longest_gap_ms} ms, copies ${burst.sum_of_copies_ms} ms`);
  // Each copy did the whole job: the units of work counted are four lone runs' (timing
  // the copies against the lone run instead failed when that first run was still warming
  // the wasm up: 359 ms alone against 78-183 ms a copy on a loaded machine).
  assert.equal(result.progress.total, 4 * single.progress.total, 'four copies\' units');
  assert.equal(result.progress.done, result.progress.total, JSON.stringify(result.progress));
  const words = await page.textContent('[data-testid="burst-report"]');
  assert.match(words, /^4 copies: the last done after [\d.]+ m?s \(one copy alone [\d.]+ m?s\); waited in the queue up to/, words);
  assert.equal(await page.locator('[data-testid="copy-lane"]').count(), 4, 'a lane per copy on the timeline');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a burst of 4 on a 2-thread pool shares its threads as one job does, against one worker', async () => {
  const page = await open(shared.browser, shared.server.url, `${FIB}&mode=worker`);
  const worker = await singleThenBurst(page, 'worker', 4);
  // Queued for the one worker: each copy waits for the one before it.
  for (let i = 1; i < 4; i += 1) {
    assert.ok(worker.burst.spans[i].started_ms >= worker.burst.spans[i - 1].finished_ms - 1, JSON.stringify(worker.burst.spans));
  }
  assert.ok(worker.burst.queue_wait_max_ms > 0.5 * worker.burst.makespan_ms, JSON.stringify(worker.burst));
  await page.goto(`${shared.server.url}?${FIB}&mode=pool&threads=2`);
  const pool = await singleThenBurst(page, 'pool', 4, 2);
  const ratio = pool.burst.makespan_ms / worker.burst.makespan_ms;
  // The page's own baseline: one copy on the same 2-thread pool against one on the worker,
  // which shows how much of a second core this machine gives the pool right now (about
  // half the time on a quiet 2-core machine; nearly none while something else runs). Four
  // copies at once must share the threads as well as one job splits over them.
  const alone = pool.single.wall_ms / worker.single.wall_ms;
  const seen = `burst of 4, ${FIB}: worker makespan ${worker.burst.makespan_ms.toFixed(0)} ms, pool (2 threads) ${pool.burst.makespan_ms.toFixed(0)} ms: ×${ratio.toFixed(2)}; one copy alone ×${alone.toFixed(2)}`;
  console.log(seen);
  assert.ok(ratio < 1.25 * alone && ratio < 1.1, seen);
  // Progress counted every copy's units, not one copy's.
  assert.equal(pool.result.progress.done, pool.result.progress.total, JSON.stringify(pool.result.progress));
  assert.equal(pool.result.progress.total, 4 * pool.single.progress.total, 'four copies\' units');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a burst of 4 on a 2-worker message-pool puts every copy\'s tasks in one queue', async () => {
  // A twentieth of a calibrated duration on main a copy: the tasks' work, not only their
  // crossing, keeps the last copy waiting.
  const page = await open(shared.browser, shared.server.url, `${sized.sort(0.05)}&mode=message-pool&threads=2`);
  const { single, burst, result } = await singleThenBurst(page, 'message-pool', 4, 2);
  // Tasks are taken in order: the copies start in order, and the last waits for the others'.
  for (let i = 1; i < 4; i += 1) {
    assert.ok(burst.spans[i].started_ms >= burst.spans[i - 1].started_ms, JSON.stringify(burst.spans));
  }
  assert.ok(burst.spans[3].started_ms > burst.spans[0].finished_ms * 0.25, JSON.stringify(burst.spans));
  assert.equal(result.crossing.tasks, 4 * single.crossing.tasks, 'every copy\'s tasks crossed');
  assert.equal(result.crossing.bytes_in, 4 * single.crossing.bytes_in);
  assert.equal(result.progress.total, 4 * single.progress.total);
  assert.equal(result.progress.done, result.progress.total);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a burst is refused, with the reason, where it cannot run', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=sort&len=1000&mode=js-worker&burst=2');
  const peer = await page.textContent('[data-testid="error-burst"]');
  assert.match(peer, /peers run one copy/, peer);
  assert.ok(await page.isDisabled('[data-testid="run"]'));
  await page.goto(`${shared.server.url}?job=sort&len=200000000&mode=worker&burst=2`);
  const memory = await page.textContent('[data-testid="error-burst"]');
  assert.match(memory, /from 1 to 1 for a sort of len 200000000/, memory);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The figures for the report: a burst of 4 per mode (logged; asserted only to be whole).
test('a burst of 4 in every Offload mode with threads', { skip: !process.env.OFFLOAD_BURST_FIGURES }, async () => {
  const n = process.env.OFFLOAD_BURST_N ?? '40';
  const rows = [];
  for (const [mode, threads] of [['main'], ['worker'], ['spawn'], ['message-pool', 2], ['pool', 2]]) {
    const page = await open(shared.browser, shared.server.url, `job=fib&n=${n}&mode=${mode}&threads=${threads ?? 2}`);
    const { single, burst } = await singleThenBurst(page, mode, 4, threads);
    rows.push(`${mode}: one copy ${single.ms.toFixed(0)} ms; burst of 4 makespan ${burst.makespan_ms.toFixed(0)} ms, max queue wait ${burst.queue_wait_max_ms.toFixed(0)} ms, sum of copies ${burst.sum_of_copies_ms.toFixed(0)} ms`);
    await page.close();
  }
  console.log(rows.join('\n'));
});
