// End-to-end: the two ways people meet Offload besides `trunk serve`. A static host that
// cannot send headers (GitHub Pages, under a project's sub-path) and an iframe in a page of
// another origin (a blog post): neither is cross-origin isolated here (the service worker
// that would isolate them is turned off with ?coi=0, as where a browser refuses it: see
// static-host.test.mjs). Both must load, say the pool is unavailable and why, start a
// pool link on message-pool instead (saying so), and run the other modes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, pickMode, serve, serveHtml, waitReady, waitRunEnd } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** In `doc` (a page or a frame): the pool is unavailable, every other mode runs. */
async function assertDegradesGracefully(doc) {
  assert.equal(await doc.getAttribute('[data-testid="capabilities"]', 'data-isolated'), 'false');
  await doc.waitForSelector('[data-testid="mode-pool"][data-readiness="unavailable"]');
  assert.match(await doc.textContent('[data-testid="mode-pool"]'), /cross-origin isolated/);
  // The link asked for the pool: the page starts on message-pool instead, and says why.
  assert.equal(await doc.isChecked('[data-testid="mode-message-pool"] input'), true);
  assert.match(await doc.textContent('[data-testid="notice"]'), /needs a cross-origin isolated page.*running on message-pool instead/);
  await pickMode(doc, 'worker');
  await waitReady(doc, 'worker');
  await doc.click('[data-testid="run"]');
  const run = await waitRunEnd(doc, 1);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.checksum, '75025');
  // Workers that share no memory need no isolation: the pool's lesson, without threads
  // over shared memory.
  await pickMode(doc, 'message-pool');
  await waitReady(doc, 'message-pool', 2);
  await doc.click('[data-testid="run"]');
  const pooled = await waitRunEnd(doc, 2);
  assert.equal(pooled.state, 'done', pooled.error);
  assert.equal(pooled.result.checksum, '75025');
  // And the main thread, which needs nothing at all.
  await pickMode(doc, 'main');
  await doc.click('[data-testid="run"]');
  const blocked = await waitRunEnd(doc, 3);
  assert.equal(blocked.state, 'done', blocked.error);
  assert.equal(blocked.result.checksum, '75025');
}

test('a static host without headers, under a sub-path', async () => {
  const host = await serve({ isolated: false, prefix: '/offload/' });
  try {
    const page = await open(browser, host.url, 'job=fib&n=25&mode=pool&threads=2&coi=0');
    await assertDegradesGracefully(page);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await host.close();
  }
});

test('an iframe in a page of another origin', async () => {
  const host = await serve({ isolated: false, prefix: '/offload/' });
  const blog = await serveHtml(`<!DOCTYPE html><title>A post</title><p>Try it:</p>
    <iframe src="${host.url}?job=fib&n=25&mode=pool&threads=2&coi=0" width="1000" height="900"></iframe>`);
  try {
    const page = await browser.newPage();
    page.errors = [];
    page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`));
    await page.goto(blog.url);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    await frame.waitForSelector('[data-testid="run"]');
    assert.match(await frame.textContent('[data-testid="capabilities"]'), /inside a frame: yes/);
    await assertDegradesGracefully(frame);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await blog.close();
    await host.close();
  }
});
