// End-to-end: the live thread timeline, the progress bar and the phase breakdown. Pool
// threads publish busy/idle and progress as atomics the page reads each frame; workers
// report by message; the main thread's lane shows its freeze and its progress bar cannot
// move. Served isolated, so the pool runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrated } from './calibrate.mjs';
import { clickRun, open, setField, sharedServerAndBrowser, waitReady } from './harness.mjs';

const shared = sharedServerAndBrowser();
const sized = await calibrated();
// Three calibrated durations on main, so that an offloaded run paints many frames and
// its progress is seen part-way.
const WATCHED_FIB = sized.fib(3);

/**
 * Records, every animation frame from now on, each lane's busy time and state and the
 * progress bar's numbers, and every value `data-done` ever takes (a MutationObserver also
 * sees changes no frame samples).
 */
async function record(page) {
  await page.evaluate(() => {
    self.timelineFrames = [];
    self.doneValues = [];
    const bar = () => document.querySelector('[data-testid="progress"]');
    const observer = new MutationObserver(() => self.doneValues.push(Number(bar()?.dataset.done)));
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-done'], childList: true });
    const frame = () => {
      const lanes = {};
      for (const lane of document.querySelectorAll('[data-testid="timeline"] [data-testid="lane"]')) {
        lanes[lane.dataset.lane] = { busyMs: Number(lane.dataset.busyMs), state: lane.dataset.state };
      }
      self.timelineFrames.push({
        running: document.querySelector('[data-testid="last-run"]')?.dataset.state === 'running',
        lanes,
        done: Number(bar()?.dataset.done),
        total: Number(bar()?.dataset.total),
      });
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

const frames = (page) => page.evaluate(() => self.timelineFrames);
const finalLanes = (page) => page.$$eval('[data-testid="timeline"] [data-testid="lane"]', (lanes) =>
  Object.fromEntries(lanes.map((l) => [l.dataset.lane, { busyMs: Number(l.dataset.busyMs), state: l.dataset.state }])));
const progressBar = (page) => page.$eval('[data-testid="progress"]', (el) => ({
  done: Number(el.dataset.done),
  total: Number(el.dataset.total),
  role: el.getAttribute('role'),
  now: Number(el.getAttribute('aria-valuenow')),
  max: Number(el.getAttribute('aria-valuemax')),
}));

test('a 2-thread pool run shows both pool threads busy and progress reaching its total', async () => {
  const page = await open(shared.browser, shared.server.url, `${WATCHED_FIB}&mode=pool&threads=2`);
  await waitReady(page, 'pool', 2);
  await record(page);
  const run = await clickRun(page, 1);
  assert.equal(run.state, 'done', run.error);
  const seen = await frames(page);
  const during = seen.filter((f) => f.running);
  assert.ok(during.length > 10, `frames painted during the run: ${during.length} (${run.result.ms} ms)`);
  // Both lanes were busy while the run was under way, not only in the final picture.
  for (const lane of ['pool-0', 'pool-1']) {
    assert.ok(during.some((f) => f.lanes[lane]?.busyMs > 0), `${lane} busy during the run`);
    assert.ok(during.some((f) => f.lanes[lane]?.state === 'busy'), `${lane} seen busy at a frame`);
  }
  const lanes = await finalLanes(page);
  assert.deepEqual(Object.keys(lanes).sort(), ['main', 'pool-0', 'pool-1']);
  for (const lane of ['pool-0', 'pool-1']) {
    assert.ok(lanes[lane].busyMs > 0.3 * run.result.compute_ms, `${lane}: ${JSON.stringify(lanes)} vs ${run.result.compute_ms} ms`);
    assert.equal(lanes[lane].state, 'idle', 'idle once the run is over');
  }
  // Progress moved through values between 0 and the total while the page painted it.
  const bar = await progressBar(page);
  assert.ok(bar.total > 0 && bar.done === bar.total, JSON.stringify(bar));
  assert.equal(bar.role, 'progressbar');
  assert.deepEqual([bar.now, bar.max], [bar.done, bar.total]);
  assert.ok(during.some((f) => f.done > 0 && f.done < f.total), 'progress seen part-way');
  assert.deepEqual(run.result.progress, { done: bar.total, total: bar.total });
  assert.deepEqual(run.result.phases.map((p) => p.name), ['compute']);
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const [mode, lanes] of [['worker', ['worker']], ['message-pool', ['mp-0', 'mp-1']]]) {
  test(`${mode} reports busy lanes and progress by message, reaching its total`, async () => {
    const page = await open(shared.browser, shared.server.url, `${WATCHED_FIB}&mode=${mode}&threads=2`);
    await waitReady(page, mode);
    await record(page);
    const run = await clickRun(page, 1);
    assert.equal(run.state, 'done', run.error);
    const seen = await frames(page);
    const during = seen.filter((f) => f.running);
    const final = await finalLanes(page);
    assert.deepEqual(Object.keys(final).sort(), ['main', ...lanes]);
    for (const lane of lanes) {
      assert.ok(during.some((f) => f.lanes[lane]?.state === 'busy'), `${lane} seen busy during the run`);
      assert.ok(final[lane].busyMs > 0, `${lane}: ${JSON.stringify(final)}`);
    }
    const bar = await progressBar(page);
    assert.ok(bar.total > 0 && bar.done === bar.total, JSON.stringify(bar));
    assert.ok(during.some((f) => f.done > 0 && f.done < f.total), 'progress seen part-way');
    assert.deepEqual(run.result.progress, { done: bar.total, total: bar.total });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('on the main thread the progress bar cannot move, says why, and the main lane shows the freeze', async () => {
  // Half a calibrated duration: a freeze the lane can show, whatever the machine.
  const page = await open(shared.browser, shared.server.url, `${sized.fib(0.5)}&mode=main`);
  await record(page);
  const run = await clickRun(page, 1);
  assert.equal(run.state, 'done', run.error);
  const values = await page.evaluate(() => self.doneValues);
  const bar = await progressBar(page);
  assert.ok(bar.total > 0 && bar.done === bar.total, JSON.stringify(bar));
  // Nothing between 0 and the end was ever shown: the bar jumped once the job returned.
  assert.ok(values.every((v) => v === 0 || v === bar.total), `data-done took ${values}`);
  const why = await page.textContent('[data-testid="progress-why"]');
  assert.match(why, /main thread is running the job, so it cannot repaint this bar/);
  const lanes = await finalLanes(page);
  assert.deepEqual(Object.keys(lanes), ['main']);
  assert.ok(lanes.main.busyMs > 0.8 * run.result.compute_ms,
    `frozen ${lanes.main.busyMs} ms of a ${run.result.compute_ms} ms job`);
  assert.ok(await page.isVisible('[data-testid="timeline"] [data-lane="main"] .stretch.frozen'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('sort reports generate, sort, verify and checksum, summing to within its compute time', async () => {
  for (const mode of ['pool', 'worker', 'message-pool', 'main']) {
    // Long enough on every mode for its phases to outweigh the timer's granularity.
    const page = await open(shared.browser, shared.server.url, `${sized.sort(0.5)}&mode=${mode}&threads=2`);
    if (mode !== 'main') await waitReady(page, mode);
    const run = await clickRun(page, 1);
    assert.equal(run.state, 'done', `${mode}: ${run.error}`);
    const { phases, compute_ms: compute } = run.result;
    assert.deepEqual(phases.map((p) => p.name), ['generate', 'sort', 'verify', 'checksum'], mode);
    const sum = phases.reduce((s, p) => s + p.ms, 0);
    assert.ok(phases.every((p) => p.ms >= 0), JSON.stringify(phases));
    assert.ok(sum <= compute + 1 && sum >= 0.5 * compute, `${mode}: phases ${sum} ms, compute ${compute} ms`);
    const text = await page.textContent('[data-testid="phases"]');
    assert.match(text, /generate \d+ ms, sort \d+ ms, verify \d+ ms, checksum \d+ ms/, text);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('a replaced engine gives the timeline a fresh view of its counters', async () => {
  const page = await open(shared.browser, shared.server.url, `${sized.fib(0.25)}&mode=pool&threads=2`);
  await waitReady(page, 'pool', 2);
  assert.equal((await clickRun(page, 1)).state, 'done');
  await setField(page, 'threads', '1');
  await waitReady(page, 'pool', 1);
  const run = await clickRun(page, 2);
  assert.equal(run.state, 'done', run.error);
  const lanes = await finalLanes(page);
  assert.deepEqual(Object.keys(lanes).sort(), ['main', 'pool-0'], 'one thread, from the new engine');
  assert.ok(lanes['pool-0'].busyMs > 0);
  const bar = await progressBar(page);
  assert.ok(bar.total > 0 && bar.done === bar.total, JSON.stringify(bar));
  assert.deepEqual(page.errors, []);
  await page.close();
});
