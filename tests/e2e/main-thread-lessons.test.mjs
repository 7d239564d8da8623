// End-to-end: `async` and `chunked`, the two main-thread lessons. async freezes the page
// exactly like main; chunked keeps it live, slice by slice, and gets the same checksums.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickRun, open, pickMode, setField, sharedServerAndBrowser, waitReady, waitRunEnd } from './harness.mjs';
import { calibrated } from './calibrate.mjs';
import { assertFrozen, assertLiveAgainst, median, repeatIn } from './responsiveness.mjs';

const shared = sharedServerAndBrowser();
const sized = await calibrated();

/** Picks `mode` and runs run number `id` there; the run must finish. */
async function runIn(page, mode, id) {
  await pickMode(page, mode);
  await waitReady(page, mode);
  const run = await clickRun(page, id);
  assert.equal(run.state, 'done', `${mode}: ${run.error}`);
  assert.equal(run.result.mode, mode);
  return run.result;
}

const seen = (r) => `${r.mode}: ${r.ms.toFixed(0)} ms, longest gap ${r.longest_gap_ms.toFixed(0)} ms, ${r.frames} frames`;

test('async and chunked give the same checksum as worker for every job', async () => {
  // About ten 3 ms slices of work each, so that chunked really slices them; a count of 5
  // leaves one lane group part-full.
  const jobs = [sized.fib(0.1), sized.sort(0.1), sized.hash(0.1, { count: 5 })];
  for (const job of jobs) {
    const page = await open(shared.browser, shared.server.url, `${job}&mode=worker&slice=3`);
    const worker = await runIn(page, 'worker', 1);
    const asyncRun = await runIn(page, 'async', 2);
    const chunked = await runIn(page, 'chunked', 3);
    assert.match(worker.checksum, /^[0-9a-f]+$/);
    assert.equal(asyncRun.checksum, worker.checksum, `${job} async`);
    assert.equal(chunked.checksum, worker.checksum, `${job} chunked`);
    // The slice from the URL reached the run, and the run says how it went.
    assert.equal(chunked.chunked.slice_ms, 3, job);
    assert.ok(chunked.chunked.slices >= 2, JSON.stringify(chunked.chunked));
    assert.match(chunked.chunked.yield, /scheduler\.yield\(\)|MessageChannel/);
    // Sliced as asked: every slice but the last ran its whole budget, so the work took at
    // least that; and the wall time holds the yields between slices besides the work.
    const { slices, slice_ms: budget } = chunked.chunked;
    assert.ok(chunked.compute_ms >= (slices - 1) * budget * 0.99, `${job}: ${slices} slices of ${budget} ms, work ${chunked.compute_ms} ms`);
    assert.ok(slices < 2 || chunked.ms > chunked.compute_ms, `${job}: wall ${chunked.ms} ms, work ${chunked.compute_ms} ms over ${slices} slices`);
    assert.equal(chunked.progress.done, chunked.progress.total, job);
    // Its phases are timed in work time: they add up to the slices' time, not the wall's.
    const phases = chunked.phases.reduce((sum, p) => sum + p.ms, 0);
    assert.ok(Math.abs(phases - chunked.compute_ms) < 0.5, `${job}: phases ${phases} ms, work ${chunked.compute_ms} ms`);
    assert.equal(asyncRun.chunked, null);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('async freezes the page like main: the work inside it never yields', async () => {
  const page = await open(shared.browser, shared.server.url, `${sized.hash(2)}&mode=main`);
  await runIn(page, 'main', 1); // warm-up: V8 tiers the wasm up during the first runs
  const main = await runIn(page, 'main', 2);
  const asyncRun = await runIn(page, 'async', 3);
  const said = `${seen(main)}; ${seen(asyncRun)}`;
  assert.ok(main.longest_gap_ms >= 0.8 * main.ms, said);
  // The same freeze: no frame for most of the run, as main's own run in this page.
  assert.ok(asyncRun.longest_gap_ms >= 0.8 * asyncRun.ms, said);
  assert.ok(asyncRun.longest_gap_ms >= 0.6 * main.longest_gap_ms, said);
  assert.ok(asyncRun.frames <= main.frames + 3, said);
  // Stop is never offered: the click would wait for the job anyway.
  assert.equal(await page.isDisabled('[data-testid="stop"]'), true);
  assert.deepEqual(page.errors, []);
  await page.close();
  // Nor does a link start it without a click, as for main.
  const linked = await open(shared.browser, shared.server.url, 'job=fib&n=20&mode=async&autorun=1');
  await linked.waitForSelector('[data-testid="notice"]');
  assert.equal(await linked.getAttribute('[data-testid="last-run"]', 'data-state'), 'idle');
  await linked.close();
});

test('chunked keeps frames coming while the same job on main freezes', async () => {
  // Medians of 3 runs each, chunked against main's own runs of the same job in this page.
  const page = await open(shared.browser, shared.server.url, `${sized.hash(1.5)}&mode=main`);
  const mainRuns = await repeatIn(page, 'main', { warmUps: 1 });
  assertFrozen(mainRuns, { floor: sized.atLeast(1.5) });
  const chunkedRuns = await repeatIn(page, 'chunked');
  // Slices of 5 ms: the longest gap is a frame or two, a small part of main's freeze. The
  // lag probe is a 20 ms timer, and the slices' continuations (scheduler.yield) run ahead
  // of timers, so it waits several slices: seen 98 ms against main's 370 on a quiet machine.
  assertLiveAgainst(chunkedRuns, mainRuns, { factor: 0.2, lagFactor: 0.5 });
  const [main, chunked] = [mainRuns.results.at(-1), chunkedRuns.results.at(-1)];
  const said = `${seen(main)}; ${seen(chunked)} in ${chunked.chunked.slices} slices`;
  assert.equal(chunked.checksum, main.checksum, said);
  // Many 5 ms slices; each close to its budget (over by one small quantum of work at most).
  // Timed by the wall clock, so a loaded machine's preemption lands in them: the median of
  // the three runs.
  const slices = median(chunkedRuns.results.map((r) => r.chunked.slices / r.compute_ms));
  assert.ok(slices >= 1 / 10, `${slices} slices per ms of work: ${said}`);
  const longest = median(chunkedRuns.results.map((r) => r.chunked.longest_slice_ms));
  assert.ok(longest < 5 + 10, `longest slice ${longest} ms (median of 3)`);
  assert.ok(chunked.ms >= chunked.compute_ms, said);
  // The timeline saw the main thread working in slices, and was not frozen for long.
  const busy = Number(await page.getAttribute('[data-lane="main-slices"]', 'data-busy-ms'));
  assert.ok(busy > 0.5 * chunked.ms, `main thread working ${busy} ms of ${chunked.ms}`);
  const text = await page.textContent('[data-testid="chunking"]');
  assert.match(text, /slices of at most 5 ms/);
  assert.match(text, /% slower than the work alone/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Stop ends a chunked run between two slices, and the next run works', async () => {
  // Twenty calibrated durations on main, more sliced: far from done when Stop comes.
  const page = await open(shared.browser, shared.server.url, `${sized.fib(20)}&mode=chunked`);
  await waitReady(page, 'chunked');
  assert.equal(await page.isDisabled('[data-testid="stop"]'), true, 'nothing to stop yet');
  await page.click('[data-testid="run"]');
  // The page stays live during a chunked run, so Stop can be clicked at all.
  await page.waitForSelector('[data-testid="stop"]:not([disabled])', { timeout: 5_000 });
  await page.waitForTimeout(sized.ms);
  await page.click('[data-testid="stop"]', { timeout: 5_000 });
  const stopped = await waitRunEnd(page, 1, 10_000);
  assert.equal(stopped.state, 'failed');
  assert.match(stopped.error, /stopped/);
  await setField(page, 'n', '25');
  const next = await clickRun(page, 2);
  assert.equal(next.state, 'done', next.error);
  assert.equal(next.result.checksum, '75025');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a slice out of range is named with its range, and Run waits for a good one', async () => {
  for (const bad of ['0', '51', 'abc']) {
    const page = await open(shared.browser, shared.server.url, `job=fib&n=20&mode=chunked&slice=${bad}`);
    const error = await page.textContent('[data-testid="error-slice"]');
    assert.match(error, /slice/);
    assert.match(error, /1 to 50/);
    assert.equal(await page.isDisabled('[data-testid="run"]'), true, bad);
    await setField(page, 'slice', '7');
    assert.equal(await page.$('[data-testid="error-slice"]'), null);
    const run = await clickRun(page, 1);
    assert.equal(run.result.chunked.slice_ms, 7);
    // The slice field belongs to chunked: elsewhere it is not shown.
    await pickMode(page, 'main');
    assert.equal(await page.$('[data-testid="field-slice"]'), null);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});
