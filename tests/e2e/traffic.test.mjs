// End-to-end: Traffic (`serve=`), the articles' experiment. A worker sends requests at
// their intended times; the page's main thread answers /light and runs /heavy in the
// chosen mode, with a bounded queue. Each latency counts from the intended send time, so
// a blocked main thread shows its whole delay in /light's figures. No request is lost:
// sent = answered + rejected + stopped, in every ending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrated, fibChecksum } from './calibrate.mjs';
import { clickRun, open, sharedServerAndBrowser, waitReady, waitRunEnd } from './harness.mjs';

const shared = sharedServerAndBrowser();
const sized = await calibrated();

// A /heavy job of about 60 ms on main here: long enough to hold the main thread past the
// 25 ms between two requests, short enough for streams of a few seconds. Every bound below
// is relative to the stream's own measured run time.
const HEAVY = sized.fib(0.2);

/** Opens `query`, waits for its mode, runs the stream, returns its `traffic` object. */
async function stream(query, { mode, threads } = {}) {
  const page = await open(shared.browser, shared.server.url, query);
  if (mode) await waitReady(page, mode, threads);
  const run = await clickRun(page, 1, 90_000);
  assert.equal(run.state, 'done', `${query}: ${run.error}`);
  assert.deepEqual(page.errors, [], query);
  return { page, run, traffic: run.result.traffic };
}

function assertNoneLost(t, what) {
  assert.equal(t.sent, t.answered + t.rejected + t.stopped, `${what}: sent = answered + rejected + stopped (${JSON.stringify(t)})`);
}

test('a blocked main thread shows in /light latency, counted from the intended send time', async () => {
  // Every fifth request is /heavy, 25 ms apart: on main, the /light request after a
  // /heavy one arrives while the job holds the loop and waits for the rest of it.
  const traffic = 'serve=40&duration=3&heavy=20&arrivals=even&queue=unbounded';
  const main = await stream(`${HEAVY}&mode=main&${traffic}`);
  const t = main.traffic;
  assertNoneLost(t, 'main');
  assert.equal(t.sent, 120);
  assert.equal(t.rejected + t.stopped, 0);
  const run = t.heavy.run_p50_ms;
  assert.ok(run > 25, `the /heavy job must outlast the 25 ms gap to be a test (${run} ms)`);
  // Measured from arrival at the page instead, this wait would not show at all.
  assert.ok(t.light.max_ms >= 0.5 * run, `main: /light max ${t.light.max_ms} ms against a /heavy run of ${run} ms`);
  // The histograms hold every answer, each in one bucket.
  const counts = (route) => main.page.$eval(`[data-testid="histogram-${route}"]`, (e) => e.dataset.counts.split(' ').map(Number));
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  assert.equal(sum(await counts('light')), t.light.count);
  assert.equal(sum(await counts('heavy')), t.heavy.count);
  const verdict = await main.page.$eval('[data-testid="traffic-verdict"]', (e) => e.textContent);
  assert.match(verdict, /^In main, a \/light request waited up to /);
  await main.page.close();

  const worker = await stream(`${HEAVY}&mode=worker&${traffic}`, { mode: 'worker' });
  assertNoneLost(worker.traffic, 'worker');
  assert.ok(
    worker.traffic.light.p50_ms < 0.5 * t.light.max_ms,
    `worker: /light median ${worker.traffic.light.p50_ms} ms, main's max ${t.light.max_ms} ms`,
  );
  await worker.page.close();
});

test('a full queue answers 503 at once and loses nothing', async () => {
  // queue=0: a /heavy request that finds the one worker busy is turned away.
  const { page, traffic: t } = await stream(
    `${HEAVY}&mode=worker&serve=100&duration=1&heavy=100&queue=0`, { mode: 'worker' },
  );
  assertNoneLost(t, 'queue=0');
  assert.equal(t.sent, 100);
  assert.ok(t.rejected > 0 && t.answered > 0, JSON.stringify(t));
  assert.equal(t.light, null, 'no /light request was sent');
  assert.match(await page.$eval('[data-testid="traffic-counts"]', (e) => e.textContent), /turned away [1-9]/);
  await page.close();
});

test('Stop ends the stream, answers what waits as stopped, and keeps the worker', async () => {
  // Twice the load one worker can take: the queue grows until Stop.
  const page = await open(shared.browser, shared.server.url,
    `${HEAVY}&mode=worker&serve=40&duration=60&heavy=100&queue=unbounded`);
  await waitReady(page, 'worker');
  await page.click('[data-testid="run"]');
  await page.waitForTimeout(1_500);
  await page.click('[data-testid="stop"]');
  const run = await waitRunEnd(page, 1, 30_000);
  assert.equal(run.state, 'done', run.error);
  const t = run.result.traffic;
  assertNoneLost(t, 'stopped');
  assert.ok(t.sent < 40 * 60 && t.stopped > 0, JSON.stringify(t));
  // The picture shows the queue that grew until Stop.
  const peak = Number(await page.$eval('[data-testid="traffic-queue"]', (e) => e.dataset.peakWaiting));
  assert.ok(peak > 0, `the queue's peak in the picture: ${peak}`);
  // The worker was kept: ready again, and the next run is right.
  await waitReady(page, 'worker');
  await page.fill('[data-testid="field-serve"]', '');
  const next = await clickRun(page, 2);
  assert.equal(next.result.checksum, fibChecksum(sized.n(0.2)));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a worker that dies mid-stream fails its request (a 500), is replaced, and the stream goes on', async () => {
  // fault=panic (the tests' build only): the first /heavy request's worker panics.
  const page = await open(shared.browser, shared.server.url,
    'job=fib&n=30&mode=worker&serve=20&duration=3&heavy=50&arrivals=even&queue=unbounded&fault=panic');
  await waitReady(page, 'worker');
  const run = await clickRun(page, 1, 60_000);
  assert.equal(run.state, 'done', run.error);
  const t = run.result.traffic;
  assertNoneLost(t, 'a crash');
  assert.ok(t.failed >= 1, JSON.stringify(t));
  // Answered by the replacement, with the job's own checksum.
  assert.ok(t.heavy.count >= 1 && run.result.checksum === '832040', JSON.stringify(run.result));
  assert.match(await page.$eval('[data-testid="traffic-counts"]', (e) => e.textContent), /with an error: /);
  await page.close();
});

test('every mode serves a stream, and every /heavy answer is the job\'s', async () => {
  const modes = [['main'], ['async'], ['chunked'], ['worker', 'worker'], ['spawn'],
    ['message-pool', 'message-pool', 2], ['pool', 'pool', 2]];
  for (const [name, ready, threads] of modes) {
    const query = `job=fib&n=25&mode=${name}&threads=${threads ?? 1}&serve=20&duration=1&heavy=30&arrivals=even`;
    const { page, run, traffic: t } = await stream(query, { mode: ready, threads });
    assertNoneLost(t, name);
    assert.equal(t.sent, 20, name);
    assert.equal(t.answered, 20, `${name}: ${JSON.stringify(t)}`);
    assert.equal(t.heavy.count, 6, name);
    assert.equal(run.result.checksum, '75025', name);
    await page.close();
  }
});

test('bad traffic values are refused by name and range, and nothing runs', async () => {
  const page = await open(shared.browser, shared.server.url, 'job=fib&n=20&mode=worker&serve=abc&queue=-3&arrivals=bursty');
  const error = (key) => page.$eval(`[data-testid="error-${key}"]`, (e) => e.textContent);
  assert.match(await error('serve'), /^serve must be a whole number from 1 to 1,000/);
  assert.match(await error('queue'), /^queue must be a whole number from 0 to 60,000 \(or auto/);
  assert.match(await error('arrivals'), /^arrivals must be one of poisson, even/);
  assert.equal(await page.$eval('[data-testid="run"]', (b) => b.disabled), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the embed serves a linked stream and shows its figures without the pictures', async () => {
  const page = await open(shared.browser, shared.server.url, 'embed=1&job=fib&n=25&mode=worker&serve=20&duration=1&heavy=30&arrivals=even');
  assert.equal(await page.locator('[data-testid="serve-fields"]').count(), 1, 'a linked stream shows its fields');
  await waitReady(page, 'worker');
  await page.click('[data-testid="run"]');
  await page.waitForSelector('[data-testid="traffic-result"]', { timeout: 30_000 });
  const run = await page.$eval('[data-testid="last-run"]', (e) => JSON.parse(e.dataset.result));
  assert.equal(run.traffic.sent, 20);
  assert.match(await page.$eval('[data-testid="traffic-verdict"]', (e) => e.textContent), /^In worker, /);
  assert.equal(await page.locator('[data-testid="histogram-light"], [data-testid="traffic-queue"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a plain embed keeps its controls short: no traffic fields until a link asks for a stream', async () => {
  const page = await open(shared.browser, shared.server.url, 'embed=1&job=fib&n=25&mode=worker');
  assert.equal(await page.locator('[data-testid="serve-fields"]').count(), 0);
  await page.close();
});
