// End-to-end: how the page gets cross-origin isolated on static hosts. With no headers
// (GitHub Pages, under a sub-path) this site's service worker isolates it after exactly one
// reload, and at a site's root leaves the site's other pages as they are; `?coi=0` turns
// that off; real headers (COOP/COEP, www/_headers) need no worker;
// inside another origin's frame, Document-Isolation-Policy or the service worker isolate
// it, unless the browser blocks third-party storage, when the frame says why. A headless
// launch's contexts block it; a profile written before launch allows it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import {
  launch, launchAllowingThirdPartyStorage, newPage, playground, serve, serveHtml, waitReady, waitRunEnd,
} from './harness.mjs';

const POOL = 'job=fib&n=25&mode=pool&threads=2';
const PREFIX = '/offload/';
const DIP = { 'Document-Isolation-Policy': 'isolate-and-require-corp' };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The headers www/_headers gives every file on Netlify and Cloudflare Pages. */
async function headersFile() {
  const text = await readFile(new URL('../../www/_headers', import.meta.url), 'utf8');
  const lines = text.split('\n').filter((l) => /^\s+\S+:/.test(l));
  // Split at the first colon only: a value may hold more (the CSP's `blob:`).
  return Object.fromEntries(lines.map((l) => {
    const colon = l.indexOf(':');
    return [l.slice(0, colon).trim(), l.slice(colon + 1).trim()];
  }));
}

/** How many times the browser asked `host` for the page itself: 2 means one reload. */
const documentLoads = (host) => host.requests.filter((p) => p === PREFIX || p === `${PREFIX}index.html`).length;

/**
 * Waits until the page has started (isolation.js decided: the page starts only then, so
 * no reload can follow) and returns what it recorded.
 */
async function started(doc) {
  await doc.waitForSelector('[data-testid="run"]', { timeout: 60_000 });
  return doc.evaluate(async () => ({
    isolated: crossOriginIsolated,
    record: { ...globalThis.offloadIsolation },
    marked: document.documentElement.dataset.isolation,
    how: document.querySelector('[data-testid="capabilities"]').dataset.isolationHow,
    said: document.querySelector('[data-testid="isolation"]').textContent,
    registrations: await navigator.serviceWorker?.getRegistrations().then((r) => r.length, () => -1),
  }));
}

/** The pool starts (10+ s on a loaded machine) and fib(25) on 2 threads is right. */
async function assertPoolRuns(doc) {
  await waitReady(doc, 'pool', 2, 120_000);
  await doc.click('[data-testid="run"]');
  const run = await waitRunEnd(doc, 1);
  assert.equal(run.state, 'done', run.error);
  assert.equal(run.result.checksum, '75025');
}

/**
 * A blog post on another site embedding the playground. Another site, not just another
 * origin: 127.0.0.1 on two ports is one site, where the frame's storage is first-party.
 * localhost is another site, and as secure a context (a frame is secure only if its
 * parent is, and a service worker needs one).
 */
async function blogEmbedding(host) {
  const blog = await serveHtml(`<!DOCTYPE html><title>A post</title><p>Try it:</p>
    <iframe src="${host.url}?${POOL}" width="1000" height="900"></iframe>`);
  return { ...blog, url: blog.url.replace('//127.0.0.1:', '//localhost:') };
}

test('no headers, under a sub-path: the service worker isolates after one reload', async (t) => {
  const host = await serve({ isolated: false, prefix: PREFIX });
  const contexts = [];
  try {
    // First visits in fresh contexts: time from navigation to the isolated page's controls.
    const times = [];
    let page;
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext();
      contexts.push(context);
      page = await newPage(context);
      const loadsBefore = documentLoads(host);
      const start = performance.now();
      await page.goto(`${host.url}?${POOL}`);
      const state = await started(page);
      times.push(performance.now() - start);
      assert.equal(documentLoads(host) - loadsBefore, 2, 'exactly one reload');
      assert.equal(state.isolated, true);
      assert.deepEqual(state.record, { how: 'service-worker', why: null, pending: false });
      assert.equal(state.marked, 'service-worker');
      assert.equal(state.how, 'service-worker');
      assert.match(state.said, /yes, by this site's service worker/);
      assert.equal(state.registrations, 1);
      assert.deepEqual(page.errors, []);
    }
    times.sort((a, b) => a - b);
    t.diagnostic(`first visit to an isolated page (ms): ${times.map(Math.round).join(', ')}; median ${Math.round(times[1])}`);
    console.log(`service worker: first visit to an isolated page, median of 3: ${Math.round(times[1])} ms`);
    const start = performance.now();
    await assertPoolRuns(page);
    t.diagnostic(`then pool ready and fib(25) done in ${Math.round(performance.now() - start)} ms`);

    // A second visit in the same context: already controlled, no reload.
    const again = await newPage(contexts.at(-1));
    const loadsBefore = documentLoads(host);
    await again.goto(`${host.url}?${POOL}`);
    const state = await started(again);
    assert.equal(documentLoads(host) - loadsBefore, 1, 'no reload on the second visit');
    assert.equal(state.how, 'service-worker');
    assert.equal(state.isolated, true);

    // ?coi=0 where the worker is installed: it passes the page through un-isolated, and
    // the page unregisters it.
    const off = await newPage(contexts.at(-1));
    await off.goto(`${host.url}?${POOL}&coi=0`);
    const offState = await started(off);
    assert.equal(offState.isolated, false);
    assert.equal(offState.how, 'none');
    await off.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).length === 0);
    assert.deepEqual([...page.errors, ...again.errors, ...off.errors], []);
  } finally {
    for (const context of contexts) await context.close();
    await host.close();
  }
});

/**
 * Another site (localhost, not 127.0.0.1) serving a picture and a script with no
 * Cross-Origin-Resource-Policy, as most of the web does: what a COEP page cannot load.
 */
async function anotherSitesFiles() {
  const files = {
    '/cat.png': ['image/png', Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')],
    '/lib.js': ['text/javascript', "self.fromLib = 'loaded';"],
  };
  const server = createServer((req, res) => {
    const [type, body] = files[req.url] ?? ['text/plain', 'not found'];
    res.writeHead(files[req.url] ? 200 : 404, { 'Content-Type': type }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://localhost:${server.address().port}/`, close: () => { server.closeAllConnections(); server.close(); } };
}

test('at a site\'s root, the service worker isolates the playground and leaves the site\'s other pages alone', async () => {
  // A user site (you.github.io) with the playground at its root and a post beside it: the
  // worker's scope './' covers the post too. The post shows another site's picture and
  // starts a worker that imports another site's script; under COEP (or with COEP on its
  // worker) both would be refused for lacking CORP.
  const images = await anotherSitesFiles();
  const post = `<!DOCTYPE html><title>A post</title><p>My cat:</p><img src="${images.url}cat.png">
    <script>
      self.workerSaid = new Promise((resolve) => {
        const worker = new Worker('worker.js');
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => { e.preventDefault(); resolve(\`error: \${e.message}\`); };
      });
    </script>`;
  const worker = `importScripts('${images.url}lib.js'); postMessage(self.fromLib);`;
  const host = await serve({ isolated: false, csp: false, replace: { 'blog/post.html': post, 'blog/worker.js': worker } });
  const context = await browser.newContext();
  try {
    const page = await newPage(context);
    await page.goto(`${host.url}?job=fib&n=25&mode=worker`);
    const state = await started(page);
    assert.equal(state.how, 'service-worker');
    assert.equal(state.isolated, true);

    const other = await newPage(context);
    const response = await other.goto(`${host.url}blog/post.html`);
    const seen = await other.evaluate(async () => {
      const img = document.querySelector('img');
      await img.decode().catch(() => {});
      return {
        controlled: Boolean(navigator.serviceWorker.controller),
        isolated: crossOriginIsolated,
        picture: img.naturalWidth,
        worker: await self.workerSaid,
      };
    });
    assert.equal(seen.controlled, true, 'the post is in the worker\'s scope: the test means something');
    assert.equal(response.headers()['cross-origin-embedder-policy'], undefined);
    assert.equal(response.headers()['cross-origin-opener-policy'], undefined);
    assert.equal(seen.isolated, false);
    assert.equal(seen.picture, 1, 'the other site\'s picture loads');
    assert.equal(seen.worker, 'loaded', 'the post\'s worker imports the other site\'s script');

    // The playground's own worker still starts under the worker's COEP, and runs.
    await waitReady(page, 'worker', undefined, 60_000);
    await page.click('[data-testid="run"]');
    const run = await waitRunEnd(page, 1);
    assert.equal(run.state, 'done', run.error);
    assert.equal(run.result.checksum, '75025');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await host.close();
    await images.close();
  }
});

test('?coi=0 turns the service worker off: no registration, no reload, the page says so', async () => {
  const host = await serve({ isolated: false, prefix: PREFIX });
  const context = await browser.newContext();
  try {
    const page = await newPage(context);
    await page.goto(`${host.url}?${POOL}&coi=0`);
    const state = await started(page);
    assert.equal(documentLoads(host), 1, 'no reload');
    assert.equal(state.isolated, false);
    assert.equal(state.registrations, 0);
    assert.equal(state.how, 'none');
    assert.equal(state.marked, 'none');
    assert.match(state.said, /^cross-origin isolated: no: turned off by \?coi=0/);
    await page.waitForSelector('[data-testid="mode-pool"][data-readiness="unavailable"]');
    assert.match(await page.textContent('[data-testid="mode-pool"]'), /turned off by \?coi=0/);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await host.close();
  }
});

test('a service worker that cannot isolate: one reload, never a second; the page says why', async () => {
  // Controls the page, adds no headers: the loop a reload guard must prevent.
  const useless = `self.addEventListener('install', () => self.skipWaiting());
    self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
    self.addEventListener('fetch', (e) => e.respondWith(fetch(e.request)));`;
  const host = await serve({ isolated: false, prefix: PREFIX, replace: { 'isolation-sw.js': useless } });
  const context = await browser.newContext();
  try {
    const page = await newPage(context);
    await page.goto(`${host.url}?${POOL}`);
    const state = await started(page);
    await page.waitForSelector('[data-testid="mode-message-pool"][data-readiness="ready"]', { timeout: 60_000 }); // the pool link fell back to it
    assert.equal(documentLoads(host), 2, 'exactly one reload');
    assert.equal(state.isolated, false);
    assert.equal(state.how, 'none');
    assert.match(state.said, /no: the service worker is active but the browser did not isolate the page/);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await host.close();
  }
});

test('a service worker that never activates: after 10 s the page starts, not isolated, and says why', async () => {
  const stuck = `self.addEventListener('install', (e) => e.waitUntil(new Promise(() => {})));`;
  const host = await serve({ isolated: false, prefix: PREFIX, replace: { 'isolation-sw.js': stuck } });
  const context = await browser.newContext();
  try {
    const page = await newPage(context);
    await page.goto(`${host.url}?${POOL}`);
    assert.equal(await page.getAttribute('html', 'data-isolation'), 'reloading');
    const state = await started(page);
    assert.equal(documentLoads(host), 1, 'no reload');
    assert.equal(state.how, 'none');
    assert.match(state.said, /no: the service worker did not start within 10 s/);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await host.close();
  }
});

test('over plain HTTP (not localhost): no service worker, no reload, the page says why', async () => {
  const host = await serve({ isolated: false, prefix: PREFIX });
  // A name that is not localhost: http:// to it is not a secure context.
  const insecure = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP offload.test 127.0.0.1'],
  });
  try {
    const page = await newPage(await insecure.newContext());
    await page.goto(`${host.url.replace('//127.0.0.1:', '//offload.test:')}?${POOL}`);
    const state = await started(page);
    assert.equal(documentLoads(host), 1, 'no reload');
    assert.equal(state.how, 'none');
    assert.match(state.said, /no: the page is not served over HTTPS.*open it over https:/);
    assert.deepEqual(page.errors, []);
  } finally {
    await insecure.close();
    await host.close();
  }
});

test('real headers isolate the page: no service worker is registered', async (t) => {
  const hosts = { 'COOP/COEP': { isolated: true }, 'www/_headers': { isolated: false, headers: await headersFile() } };
  for (const [name, options] of Object.entries(hosts)) {
    await t.test(name, async () => {
      const host = await serve({ prefix: PREFIX, ...options });
      const context = await browser.newContext();
      try {
        const page = await newPage(context);
        const start = performance.now();
        await page.goto(`${host.url}?${POOL}`);
        const state = await started(page);
        t.diagnostic(`${name}: first visit to an isolated page: ${Math.round(performance.now() - start)} ms`);
        assert.equal(documentLoads(host), 1, 'no reload');
        assert.equal(state.isolated, true);
        assert.equal(state.how, 'headers');
        assert.equal(state.registrations, 0);
        assert.match(state.said, /yes, by the server's headers/);
        await assertPoolRuns(page);
        assert.deepEqual(page.errors, []);
      } finally {
        await context.close();
        await host.close();
      }
    });
  }
});

test('in another origin\'s frame, served with Document-Isolation-Policy: isolated, the pool runs', async (t) => {
  const hosts = { 'Document-Isolation-Policy': DIP, 'www/_headers': await headersFile() };
  for (const [name, headers] of Object.entries(hosts)) {
    await t.test(name, async () => {
      const host = await serve({ isolated: false, prefix: PREFIX, headers });
      const blog = await blogEmbedding(host);
      const context = await browser.newContext();
      try {
        const page = await newPage(context);
        await page.goto(blog.url);
        const frame = await playground(page, host);
        const state = await started(frame);
        assert.equal(documentLoads(host), 1, 'no reload');
        assert.equal(state.isolated, true);
        assert.equal(state.how, 'headers');
        await assertPoolRuns(frame);
        assert.deepEqual(page.errors, []);
      } finally {
        await context.close();
        await blog.close();
        await host.close();
      }
    });
  }
});

test('in another origin\'s frame, no headers, third-party storage allowed: the service worker isolates it', async (t) => {
  const host = await serve({ isolated: false, prefix: PREFIX });
  const blog = await blogEmbedding(host);
  const context = await launchAllowingThirdPartyStorage();
  try {
    const page = await newPage(context);
    const start = performance.now();
    await page.goto(blog.url);
    const frame = await playground(page, host);
    const state = await started(frame);
    t.diagnostic(`framed first visit to an isolated page: ${Math.round(performance.now() - start)} ms`);
    assert.equal(documentLoads(host), 2, 'exactly one reload');
    assert.equal(state.isolated, true);
    assert.equal(state.how, 'service-worker');
    assert.match(state.said, /yes, by this site's service worker/);
    await assertPoolRuns(frame);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await blog.close();
    await host.close();
  }
});

test('in another origin\'s frame, no headers, third-party storage blocked: no loop, the frame says why', async () => {
  const host = await serve({ isolated: false, prefix: PREFIX });
  const blog = await blogEmbedding(host);
  const context = await browser.newContext();
  try {
    const page = await newPage(context);
    await page.goto(blog.url);
    const frame = await playground(page, host);
    const state = await started(frame);
    assert.equal(documentLoads(host), 1, 'no reload');
    assert.equal(state.isolated, false);
    assert.equal(state.how, 'none');
    assert.equal(state.marked, 'none');
    assert.match(state.said, /^cross-origin isolated: no: this browser blocks third-party storage, .*open the page in its own tab/);
    await frame.waitForSelector('[data-testid="mode-pool"][data-readiness="unavailable"]');
    assert.match(await frame.textContent('[data-testid="mode-pool"]'), /blocks third-party storage/);
    // Still no reload after the page has run a while.
    await frame.waitForSelector('[data-testid="mode-message-pool"][data-readiness="ready"]', { timeout: 60_000 }); // the pool link fell back to it
    // ... and runs there.
    await frame.click('[data-testid="run"]');
    const run = await waitRunEnd(frame, 1);
    assert.equal(run.state, 'done', run.error);
    assert.equal(run.result.mode, 'message-pool');
    assert.equal(run.result.checksum, '75025');
    assert.equal(documentLoads(host), 1);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await blog.close();
    await host.close();
  }
});
