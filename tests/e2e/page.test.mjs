// End-to-end: the release dist/ in headless Chromium, served cross-origin isolated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autorun, clickRun, open, pickMode, setField, sharedServerAndBrowser, waitReady } from './harness.mjs';
import { calibrated } from './calibrate.mjs';
import { assertFrozen, assertLiveAgainst, describe, repeatIn } from './responsiveness.mjs';

const shared = sharedServerAndBrowser();
const sized = await calibrated();


test('the page is cross-origin isolated and says so', async () => {
  const page = await open(shared.browser, shared.server.url);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  assert.equal(await page.getAttribute('[data-testid="capabilities"]', 'data-isolated'), 'true');
  await waitReady(page, 'worker');
  await pickMode(page, 'pool');
  await waitReady(page, 'pool');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the pool runs the requested number of threads, and a new count needs no reload', async () => {
  const cores = await (async () => {
    const page = await open(shared.browser, shared.server.url);
    const n = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.close();
    return n;
  })();
  const wanted = Math.min(2, cores);
  const page = await open(shared.browser, shared.server.url, `job=hash&count=8&iterations=1000&mode=pool&threads=${wanted}`);
  // The engine reports how many pool threads answered a rayon::broadcast.
  await waitReady(page, 'pool', wanted);
  let run = await clickRun(page, 1);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.threads, wanted);
  const before = await page.evaluate(() => performance.getEntriesByType('navigation').length);
  await setField(page, 'threads', '1');
  await waitReady(page, 'pool', 1);
  run = await clickRun(page, 2);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.threads, 1);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), before, 'no reload');
  assert.match(page.url(), /threads=1/, 'the URL follows the form');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('each job gives the same checksum in every mode', async () => {
  const jobs = [
    { query: 'job=fib&n=30', expect: '832040' },
    { query: 'job=sort&len=1000000' },
    { query: 'job=hash&count=8&iterations=2000' },
  ];
  for (const { query, expect } of jobs) {
    const page = await open(shared.browser, shared.server.url, `${query}&mode=main`);
    const checksums = {};
    let id = 0;
    for (const mode of ['main', 'worker', 'message-pool', 'pool']) {
      await pickMode(page, mode);
      await waitReady(page, mode);
      const run = await clickRun(page, ++id);
      assert.equal(run.state, 'done', `${query} ${mode}: ${run.error}`);
      assert.equal(run.result.mode, mode);
      checksums[mode] = run.result.checksum;
    }
    assert.match(checksums.main, /^[0-9a-f]+$/);
    assert.equal(checksums.worker, checksums.main, `${query}: ${JSON.stringify(checksums)}`);
    assert.equal(checksums.pool, checksums.main, `${query}: ${JSON.stringify(checksums)}`);
    assert.equal(checksums['message-pool'], checksums.main, `${query}: ${JSON.stringify(checksums)}`);
    if (expect) assert.equal(checksums.main, expect);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('the largest allowed sort fits in memory in every mode', async () => {
  // 268,435,456 u32 = 1 GiB: the limit the page names must be one that really runs.
  const checksums = new Set();
  for (const mode of ['pool', 'worker', 'main']) {
    const { page, run } = await autorun(shared.browser, shared.server.url, `job=sort&len=268435456&mode=${mode}&threads=2`, 300_000);
    assert.equal(run.state, 'done', `${mode}: ${run.error}`);
    checksums.add(run.result.checksum);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
  assert.equal(checksums.size, 1, [...checksums].join(' '));
});

// Twice the calibrated duration on the main thread: long enough to freeze the page by any
// measure, short enough to repeat.
const LONG = 2;
const LONG_JOB = sized.hash(LONG);

test('an offloaded run keeps the frame counter going; on the main thread it stalls', async () => {
  // threads=2 is the pool's size (unused by the other modes). Measured on a page that has
  // finished starting: during start-up the engine's pool threads instantiate and the browser
  // compiles and optimises the wasm, all on the same 2 cores (an autorun once saw a single
  // 136 ms gap in a worker run), so each mode has a warm-up run, and each figure is the
  // median of 3 runs against the median of 3 runs of the same job on main, in this page.
  const page = await open(shared.browser, shared.server.url, `${LONG_JOB}&mode=main&threads=2`);
  const main = await repeatIn(page, 'main', { warmUps: 1 });
  assertFrozen(main, { floor: sized.atLeast(LONG) });
  for (const r of main.results) assert.ok(r.loop_lag_ms >= 0.8 * r.ms, `the timer could not fire either: ${describe(main)}`);
  for (const mode of ['worker', 'message-pool', 'pool']) {
    const offloaded = await repeatIn(page, mode, { warmUps: 1, threads: 2 });
    assertLiveAgainst(offloaded, main);
    assert.equal(new Set([...main.results, ...offloaded.results].map((r) => r.checksum)).size, 1, 'the same job');
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('invalid URL parameters are named with their range and keep Run disabled', async () => {
  const cases = [
    { query: 'job=fib&n=abc', field: 'n', message: /^n must be a whole number from 1 to 50/ },
    { query: 'job=sort&len=999999999999', field: 'len', message: /^len must be a whole number from 1 to 268,435,456/ },
    { query: 'job=hash&count=0', field: 'count', message: /^count must be a whole number from 1 to 4,096/ },
    { query: 'job=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', field: 'job', message: /^job must be one of fib, sort, hash/ },
    { query: 'mode=pool&threads=999', field: 'threads', message: /^threads must be a whole number from 1 to \d+/ },
    { query: 'mode=message-pool&job=sort&crossing=teleport', field: 'crossing', message: /^crossing must be one of clone, transfer/ },
    { query: 'mode=gpu', field: 'mode', message: /^mode must be one of main, async, chunked, worker, spawn, message-pool, pool/ },
  ];
  for (const { query, field, message } of cases) {
    const page = await open(shared.browser, shared.server.url, `${query}&autorun=1`);
    await page.waitForSelector(`[data-testid="error-${field}"]`);
    assert.match(await page.textContent(`[data-testid="error-${field}"]`), message, query);
    // Give autorun and the workers time to do what they should not.
    await page.waitForTimeout(1500);
    assert.equal(await page.isDisabled('[data-testid="run"]'), true, query);
    assert.equal(await page.getAttribute('[data-testid="last-run"]', 'data-state'), 'idle', query);
    // Where the value would land if it were rendered: the field's error names the field and
    // its range, holds no markup and does not repeat the value (tests/e2e/hostile-input
    // looks everywhere, for every parameter).
    const error = await page.$eval(`[data-testid="error-${field}"]`, (el) => ({ html: el.innerHTML, text: el.textContent }));
    assert.equal(error.html.includes('<'), false, `${query}: markup in the error`);
    assert.equal(/onerror|<img/.test(error.text), false, `${query}: the value echoed`);
    assert.deepEqual(page.errors, [], query);
    await page.close();
  }
  // Fixing the field enables Run, and the run works.
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=abc&mode=worker');
  await waitReady(page, 'worker');
  await setField(page, 'n', '25');
  const run = await clickRun(page, 1);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.checksum, '75025');
  assert.deepEqual(page.errors, []);
  await page.close();
});
