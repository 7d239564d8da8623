// End-to-end: the page fits its reader. The embed at a post's 640 px keeps every control
// within 600 px, with the newest run's figures right under Run; on the full page the live
// meters and the buttons stay in view together (a sticky strip) at 1280 × 800 and on a
// 390 × 844 phone, scrolled down to the history, without taking the phone's screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, sharedServerAndBrowser, waitLastRun, waitReady, waitRunEnd } from './harness.mjs';

const shared = sharedServerAndBrowser();

/** The controls a reader of the embed needs, by data-testid: each must show. */
const EMBED_CONTROLS = ['frame-counter', 'loop-lag', 'compositor-animation', 'click-counter', 'job', 'field-burst',
  'mode-main', 'mode-async', 'mode-chunked', 'mode-worker', 'mode-spawn', 'mode-message-pool', 'mode-pool',
  'mode-js-main', 'mode-js-worker', 'mode-webcrypto', 'mode-webcrypto-all', 'mode-explained', 'run', 'stop', 'open-full'];

/** Set-ups with the most fields each: a job with two, the pool's threads, the sort's crossing. */
const EMBEDS = [
  { query: 'job=fib&n=25&mode=worker', fields: ['field-n'] },
  { query: 'job=hash&count=8&iterations=1000&mode=pool&threads=2', fields: ['field-count', 'field-iterations', 'field-threads'] },
  { query: 'job=sort&len=100000&mode=message-pool&threads=2', fields: ['field-len', 'field-threads', 'crossing-clone'] },
];

/** The height embed-height.js posts to the blog: the document's own box. */
const documentHeight = (page) => page.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));

test('the embed at 640 px: every control within 600 px, the modes as short labels', async () => {
  const page = await newPage(shared.browser);
  await page.setViewportSize({ width: 640, height: 900 });
  for (const { query, fields } of EMBEDS) {
    await page.goto(`${shared.server.url}?embed=1&${query}`);
    await page.waitForSelector('[data-testid="embed"]');
    for (const testid of [...EMBED_CONTROLS, ...fields]) {
      assert.ok(await page.isVisible(`[data-testid="${testid}"]`), `${query}: ${testid} shows`);
      const bottom = await page.$eval(`[data-testid="${testid}"]`, (el) => el.getBoundingClientRect().bottom);
      assert.ok(bottom <= 600, `${query}: ${testid} ends at ${bottom} px`);
    }
    const height = await documentHeight(page);
    assert.ok(height <= 600, `${query}: the embed is ${height} px tall`);
    // One explanation, the chosen mode's: not one per mode.
    assert.equal(await page.locator('[data-testid="mode-explained"]').count(), 1);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the embed: the newest run\'s figures right under Run', async () => {
  const page = await newPage(shared.browser);
  await page.setViewportSize({ width: 640, height: 900 });
  await page.goto(`${shared.server.url}?embed=1&job=fib&n=25&mode=worker`);
  await waitReady(page, 'worker');
  await page.click('[data-testid="run"]');
  const run = await waitLastRun(page);
  assert.equal(run.state, 'done', run.error);
  const gap = await page.evaluate(() => {
    const run = document.querySelector('[data-testid="run"]').getBoundingClientRect();
    const last = document.querySelector('[data-testid="last-run"]').getBoundingClientRect();
    return last.top - run.bottom;
  });
  assert.ok(gap >= 0 && gap <= 24, `the figures start ${gap} px below Run`);
  assert.ok(await page.isVisible('[data-testid="verdict"]'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const [width, height, most] of [[1280, 800, 260], [390, 844, 230]]) {
  test(`the full page at ${width} × ${height}: Run, Stop, the click target and the frame counter in view at the history`, async () => {
    const page = await newPage(shared.browser);
    await page.setViewportSize({ width, height });
    await page.goto(`${shared.server.url}?job=fib&n=20&mode=worker`);
    await waitReady(page, 'worker');
    await page.click('[data-testid="run"]');
    assert.equal((await waitRunEnd(page, 1)).state, 'done');
    await page.$eval('[data-testid="run-history"]', (el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.ok(await page.evaluate(() => scrollY) > 500, 'scrolled well below the strip\'s place');
    for (const testid of ['run', 'stop', 'click-counter', 'frame-counter', 'loop-lag']) {
      const box = await page.$eval(`[data-testid="${testid}"]`, (el) => el.getBoundingClientRect().toJSON());
      assert.ok(box.top >= 0 && box.bottom <= height, `${testid} is in view: ${JSON.stringify(box)}`);
    }
    const strip = await page.$eval('[data-testid="live-strip"]', (el) => el.getBoundingClientRect().height);
    assert.ok(strip <= most, `the strip takes ${strip} px of ${height}`);
    // What the reader scrolled to shows below the strip, not under it (scroll-padding-top).
    const row = await page.$eval('[data-testid="run-history"] tbody tr', (el) => el.getBoundingClientRect().top);
    assert.ok(row >= strip && row < height, `the history's first row at ${row} px, the strip ${strip} px tall`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('a short window (1280 × 600): the strip scrolls away, so nothing the reader clicks sits under it', async () => {
  const page = await newPage(shared.browser);
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto(`${shared.server.url}?job=fib&n=20&mode=worker`);
  await page.waitForSelector('[data-testid="run"]');
  await page.$eval('[data-testid="mode-message-pool"]', (el) => el.scrollIntoView({ block: 'start' }));
  // What is at the radio's centre is the radio (or its label), not the strip's meters.
  const hit = await page.$eval('[data-testid="mode-message-pool"] input', (input) => {
    const r = input.getBoundingClientRect();
    return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('[data-testid="mode-message-pool"]') !== null;
  });
  assert.ok(hit, 'the mode radio is not covered');
  assert.equal(await page.$eval('[data-testid="live-strip"]', (el) => getComputedStyle(el).position), 'static');
  assert.deepEqual(page.errors, []);
  await page.close();
});
