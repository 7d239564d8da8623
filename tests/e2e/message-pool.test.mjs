// End-to-end: `message-pool`, workers that share no memory, as a user meets it: the same
// checksums as every other mode, workers started once and reused, the page's compiled
// module never fetched twice, and an honest account of what crossed, copied or moved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countWorkers, launch, open, serve, setField, waitReady, waitRunEnd, workersCreated,
} from './harness.mjs';

// coi=0: this server sends no headers, and the service worker would isolate the page
// (one reload, a second fetch of the module); these tests are about a page that is not.
let server;
let browser;
before(async () => {
  server = await serve({ isolated: false });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function clickRun(page, id) {
  await page.waitForSelector('[data-testid="run"]:not([disabled])');
  await page.click('[data-testid="run"]');
  return waitRunEnd(page, id);
}

test('sort crosses as copies or as moves, and says how much crossed', async () => {
  const len = 2_000_000;
  const page = await open(browser, server.url, `job=sort&len=${len}&mode=worker&coi=0`);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), false, 'no isolation needed');
  await waitReady(page, 'worker');
  const reference = await clickRun(page, 1);
  assert.equal(reference.state, 'done', reference.error);
  let id = 1;
  for (const crossing of ['clone', 'transfer']) {
    await page.goto(`${server.url}?job=sort&len=${len}&mode=message-pool&threads=2&crossing=${crossing}&coi=0`);
    await waitReady(page, 'message-pool', 2);
    const run = await clickRun(page, 1);
    assert.equal(run.state, 'done', `${crossing}: ${run.error}`);
    assert.equal(run.result.checksum, reference.result.checksum, crossing);
    const c = run.result.crossing;
    // Every sorted element comes back once, and goes out once more to the merging worker.
    assert.equal(c.bytes_in, 4 * len, JSON.stringify(c));
    assert.equal(c.bytes_out, 4 * len, JSON.stringify(c));
    assert.equal(c.transferred, crossing === 'transfer');
    assert.equal(c.messages, 2 * (c.tasks + 1), 'a request and a reply per task, and the merge');
    const text = await page.textContent('[data-testid="crossing"]');
    assert.match(text, crossing === 'transfer' ? /moved by transfer/ : /copied by structured clone/, text);
    assert.match(text, /8\.0 MB to the workers and 8\.0 MB back/, text);
    id += 1;
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('workers start once, are reused, and share the page\'s compiled module', async () => {
  let wasmFetches = 0;
  const page = await open(browser, server.url, 'job=hash&count=16&iterations=2000&mode=message-pool&threads=2&coi=0', {
    beforeLoad: async (p) => {
      await countWorkers(p);
      p.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmFetches += 1; });
    },
  });
  await waitReady(page, 'message-pool', 2);
  const first = await clickRun(page, 1);
  const second = await clickRun(page, 2);
  assert.equal(first.state, 'done', first.error);
  assert.equal(second.result.checksum, first.result.checksum);
  assert.equal(first.result.crossing.tasks, 8, 'four batches of passwords per worker');
  assert.deepEqual(await workersCreated(page), { 'page-worker.js': 2 }, 'reused, not respawned');
  assert.equal(wasmFetches, 1, 'the workers instantiate the module the page compiled');
  // Resized when committed: one worker goes, and the run says so.
  await setField(page, 'threads', '1');
  await waitReady(page, 'message-pool', 1);
  const third = await clickRun(page, 3);
  assert.equal(third.result.threads, 1);
  assert.equal(third.result.checksum, first.result.checksum);
  assert.deepEqual(await workersCreated(page), { 'page-worker.js': 2 }, 'shrinking starts nothing');
  assert.deepEqual(page.errors, []);
  await page.close();
});
