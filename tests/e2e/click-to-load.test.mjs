// End-to-end: click to load (`?embed=1&load=click`, www/click-to-load.js). Before the
// click the frame fetches a static preview of at most 20 KB gzip-compressed (as a static
// host serves it), and nothing of the playground: no wasm, no glue, no loader. Its button
// names the size of what the click fetches, measured at build time; the click fetches
// that much (within 10 %) and the playground runs. Without `load` the page still preloads;
// a bad `load` is named, never echoed, and the page loads at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { newPage, serve, sharedServerAndBrowser, waitLastRun, waitReady } from './harness.mjs';

const shared = sharedServerAndBrowser();
const QUERY = 'embed=1&load=click&job=fib&n=25&mode=worker';

const DIST = process.env.OFFLOAD_DIST ?? new URL('../../dist', import.meta.url).pathname;

/**
 * Records every request of `page`, and whether it was made before or after `clicked()`
 * turned true. Sizes come from the served files themselves (the server sends dist/ as it
 * is), raw and after gzip -9: a response body can be gone once the page consumed it.
 */
function recordFetches(page, clicked) {
  const seen = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('http')) return; // the pool's blob: workers fetch nothing
    const path = new URL(request.url()).pathname;
    const file = join(DIST, path.endsWith('/') ? `${path}index.html` : path);
    seen.push(readFile(file).then((body) => ({
      path, phase: clicked() ? 'after' : 'before', raw: body.length, gzip: gzipSync(body, { level: 9 }).length,
    })));
  });
  // Each file once: a worker fetching the glue again would be served from a cache.
  return async (phase) => [...new Map((await Promise.all(seen)).filter((f) => f.phase === phase).map((f) => [f.path, f])).values()];
}

const sum = (files, key) => files.reduce((total, f) => total + f[key], 0);

for (const { mode, threads } of [{ mode: 'worker' }, { mode: 'pool', threads: 2 }]) test(`load=click (${mode}): a preview under 20 KB and no wasm until the click, then what the button promised, and a run`, async () => {
  const page = await newPage(shared.browser);
  let clicked = false;
  const fetched = recordFetches(page, () => clicked);
  await page.goto(`${shared.server.url}?${QUERY.replace('mode=worker', `mode=${mode}&threads=${threads ?? 1}`)}`);
  const button = page.locator('[data-testid="load-playground"]');
  await button.waitFor();
  await page.waitForLoadState('networkidle');
  assert.match(await page.textContent('[data-testid="load-what"]'), new RegExp(`^fib \\(n = 25\\) in ${mode} mode: `));
  const [, kb] = (await button.textContent()).match(/^Load the playground \((\d+) KB\)$/) ?? [];
  assert.ok(kb, `the button names a size: ${await button.textContent()}`);
  assert.equal(await page.$('[data-testid="run"]'), null, 'no playground yet');

  const before = await fetched('before');
  const paths = before.map((f) => f.path);
  assert.deepEqual(paths.filter((p) => /\.wasm$|\/offload-|inline-script-|isolation-gate/.test(p)), [],
    `nothing of the playground before the click: ${paths.join(' ')}`);
  const preview = { gzip: sum(before, 'gzip'), raw: sum(before, 'raw') };
  console.log(`preview: ${paths.length} files, ${preview.gzip} B gzip, ${preview.raw} B raw; the button says ${kb} KB`);
  assert.ok(preview.gzip <= 20_000, `the preview fetched ${preview.gzip} B gzip: ${paths.join(' ')}`);

  clicked = true;
  await button.click();
  await waitReady(page, mode, threads, 60_000);
  await page.waitForLoadState('networkidle');
  const after = await fetched('after');
  assert.ok(after.some((f) => f.path.endsWith('.wasm')), 'the click fetched the wasm');
  const loaded = sum(after, 'gzip');
  console.log(`after the click: ${after.map((f) => f.path).join(' ')}: ${loaded} B gzip`);
  assert.ok(Math.abs(loaded - kb * 1000) <= 0.1 * loaded, `the click fetched ${loaded} B gzip; the button said ${kb} KB`);
  assert.equal(await page.$('[data-testid="load-preview"]'), null, 'the preview gave way to the playground');

  await page.click('[data-testid="run"]');
  const run = await waitLastRun(page);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.mode, mode);
  assert.equal(run.result.checksum, '75025');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('without load=click the page preloads its module as before', async () => {
  const page = await newPage(shared.browser);
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  await page.goto(`${shared.server.url}?embed=1&job=fib&n=25&mode=worker`);
  await page.waitForSelector('[data-testid="run"]');
  assert.equal(await page.$('[data-testid="load-preview"]'), null);
  const preloads = await page.$$eval('head > link[rel="preload"], head > link[rel="modulepreload"]', (all) => all.map((l) => l.getAttribute('href')));
  assert.ok(preloads.some((href) => href.endsWith('.wasm')), `the wasm is preloaded: ${preloads}`);
  assert.ok(asked.some((path) => path.endsWith('.wasm')), `the wasm was fetched: ${asked.join(' ')}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a bad load is named with its one value, never echoed, and the page loads at once', async () => {
  const page = await newPage(shared.browser);
  await page.goto(`${shared.server.url}?embed=1&job=fib&n=25&mode=worker&load=${encodeURIComponent('<b>later</b>')}`);
  const error = page.locator('[data-testid="error-load"]');
  await error.waitFor();
  assert.match(await error.textContent(), /^load must be click/);
  assert.equal(await page.$('[data-testid="load-preview"]'), null);
  assert.doesNotMatch(await page.content(), /later/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('on a host without headers: the service worker isolates the preview first, the click still starts the page', async () => {
  // GitHub Pages: isolation.js registers its service worker and reloads once, before the
  // click; the reloaded preview must still hold the module back, and start it isolated.
  const host = await serve({ isolated: false });
  const context = await shared.browser.newContext();
  try {
    const page = await newPage(context);
    const asked = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(`${host.url}?${QUERY}`);
    await page.waitForFunction(() => document.documentElement.dataset.isolation === 'service-worker', null, { timeout: 30_000 });
    await page.locator('[data-testid="load-playground"]').waitFor();
    assert.deepEqual(asked.filter((p) => p.endsWith('.wasm')), [], 'no wasm before the click');
    await page.click('[data-testid="load-playground"]');
    await waitReady(page, 'worker', undefined, 60_000);
    assert.equal(await page.getAttribute('[data-testid="capabilities"]', 'data-isolated'), 'true');
    await page.click('[data-testid="run"]');
    const run = await waitLastRun(page);
    assert.equal(run.result.checksum, '75025');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await host.close();
  }
});
