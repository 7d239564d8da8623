// Shared by the end-to-end tests and the benchmark: a static server for dist/ (with or
// without the COOP/COEP headers that make a page cross-origin isolated), Debian's
// Chromium through playwright-core, and helpers that drive the page like a user would.
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { after, before } from 'node:test';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

// Resolved: the server's path check compares normalised paths, so a relative or
// unnormalised OFFLOAD_DIST ($PWD/../../dist) would refuse every file.
const DIST = resolve(process.env.OFFLOAD_DIST ?? new URL('../../dist', import.meta.url).pathname);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/**
 * One isolated server and one browser for a test file: started before its first test,
 * closed after its last. Read `shared.server` and `shared.browser` inside the tests.
 */
export function sharedServerAndBrowser() {
  const shared = {};
  before(async () => {
    shared.server = await serve();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/**
 * Serves dist/ on a free loopback port, under `prefix` (a project page's sub-path).
 * `isolated: false` is a host that sends no headers, like GitHub Pages. `replace` maps a
 * file name to other content, to simulate a broken deployment. `headers` are sent with
 * every file (a host's own, e.g. Document-Isolation-Policy). The returned `requests`
 * lists every path asked for, in order (a reload shows as the page's path twice).
 */
/**
 * The Content-Security-Policy that www/_headers and Trunk.toml send (xtask/src/csp.rs
 * holds them equal); `serve()` sends it on every response unless `csp: false`.
 */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; require-trusted-types-for 'script'; trusted-types offload-isolation offload-loader offload-workers offload-pool; frame-ancestors *";

export async function serve({ isolated = true, csp = true, prefix = '/', replace = {}, headers: extra = {}, gzip = false } = {}) {
  const requests = [];
  // `gzip`: compressed at level 9 once per file, as a static host serves precompressed files.
  const compressed = new Map();
  const server = createServer(async (req, res) => {
    const requested = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    requests.push(requested);
    if (!requested.startsWith(prefix)) return res.writeHead(404).end('not found');
    const path = `/${requested.slice(prefix.length)}`;
    const file = join(DIST, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(DIST)) return res.writeHead(403).end();
    try {
      const body = replace[path.slice(1)] ?? await readFile(file);
      const headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (isolated) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      if (csp) headers['Content-Security-Policy'] = CSP;
      Object.assign(headers, extra);
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!compressed.has(file)) compressed.set(file, gzipSync(body, { level: 9 }));
        Object.assign(headers, { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
        return res.writeHead(200, headers).end(compressed.get(file));
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, requests, close: () => closeServer(server) };
}

/**
 * Closes `server` now. `server.close()` alone waits for every open connection to end, and
 * Chromium keeps an idle keep-alive connection open for about a minute: closing the page
 * the embed test navigated its frame to took 64 s.
 */
function closeServer(server) {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  return closed;
}

/** Serves one HTML page at / from another origin (another port): a blog post, say. */
export async function serveHtml(html) {
  const server = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(html));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, close: () => closeServer(server) };
}

/** Headless Chromium from Debian's package; the flags keep it off the closed network. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Chromium with a fresh persistent profile that allows third-party cookies and storage,
 * as Chrome does for most readers; a headless launch's contexts block them, and with
 * them a service worker inside another site's frame. The preference must be in the
 * profile before launch. Returns the browser context; closing it deletes the profile.
 */
export async function launchAllowingThirdPartyStorage() {
  const dir = await mkdtemp(join(tmpdir(), 'offload-profile-'));
  await mkdir(join(dir, 'Default'));
  const preferences = { profile: { block_third_party_cookies: false, cookie_controls_mode: 0 } };
  await writeFile(join(dir, 'Default', 'Preferences'), JSON.stringify(preferences));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const close = context.close.bind(context);
  context.close = async () => { await close(); await rm(dir, { recursive: true, force: true }); };
  return context;
}

/**
 * A new page in `browserOrContext` whose uncaught errors and console errors collect in
 * `page.errors`, so a test can assert there were none.
 */
export async function newPage(browserOrContext) {
  const page = await browserOrContext.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`); });
  return page;
}

/** In `page`, the frame showing the playground served by `host`, once its controls are there. */
export async function playground(page, host) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    // Not a script's URL: the frame, not a worker or module it loaded.
    const frame = page.frames().find((f) => f.url().startsWith(host.url) && !f.url().endsWith('.js'));
    if (frame && await frame.$('[data-testid="run"]').catch(() => null)) return frame;
    await page.waitForTimeout(200);
  }
  throw new Error('the playground did not start in its frame within 60 s');
}

/**
 * Opens the page at `query`, collecting every uncaught error and console error.
 * `beforeLoad(page)` runs before navigation (say, `countWorkers`).
 */
export async function open(browser, base, query = '', { beforeLoad } = {}) {
  const page = await newPage(browser);
  await beforeLoad?.(page);
  await page.goto(`${base}?${query}`);
  await page.waitForSelector('[data-testid="run"]');
  return page;
}

/**
 * Waits until `mode` reports ready (for the pool: with `threads` threads). Like the other
 * helpers, `page` may also be a frame (the page embedded in an iframe).
 */
export async function waitReady(page, mode, threads, timeout = 30_000) {
  const selector = `[data-testid="mode-${mode}"][data-readiness="ready"]` + (threads ? `[data-threads="${threads}"]` : '');
  await page.waitForSelector(selector, { timeout });
}

/** The newest run: its state, parsed result and error. */
export async function lastRun(page) {
  return page.$eval('[data-testid="last-run"]', (el) => ({
    state: el.dataset.state,
    result: el.dataset.result ? JSON.parse(el.dataset.result) : null,
    error: el.dataset.error ?? null,
  }));
}

/** Waits for the newest run (run number `id`, counted from 1) to end; returns it. */
export async function waitRunEnd(page, id, timeout = 120_000) {
  await page.waitForFunction((id) => {
    const rows = Number(document.querySelector('[data-testid="run-history"]')?.dataset.runs ?? 0);
    const state = document.querySelector('[data-testid="last-run"]')?.dataset.state;
    return rows >= id && (state === 'done' || state === 'failed');
  }, id, { timeout, polling: 50 });
  return lastRun(page);
}

/** How many runs the page has made (the history shows the newest 50 rows of them). */
export const runsMade = (page) => page.evaluate(() => Number(document.querySelector('[data-testid="run-history"]')?.dataset.runs ?? 0));

/** Clicks Run once it is enabled, and returns run number `id` once it ends. */
export async function clickRun(page, id, timeout) {
  await page.waitForSelector('[data-testid="run"]:not([disabled])');
  await page.click('[data-testid="run"]');
  return waitRunEnd(page, id, timeout);
}

/**
 * Loads the page with `query` and autorun=1, and returns the run once it ends. A link never
 * starts a main-thread run by itself (it would freeze a visitor's tab), so for `mode=main` (and `js-main`)
 * Run is clicked, as the page asks.
 */
export async function autorun(browser, base, query, timeout) {
  const page = await open(browser, base, `${query}&autorun=1`);
  if (/(^|&)mode=(js-)?main(&|$)/.test(query)) {
    await page.waitForSelector('[data-testid="run"]:not([disabled])');
    // Playwright's click returns once the page has handled it, which on the main thread
    // is after the job: a 1 GiB sort there can take longer than the default 30 s.
    await page.click('[data-testid="run"]', { timeout });
  }
  const run = await waitRunEnd(page, 1, timeout);
  return { page, run };
}

/** Sets a form field as a user would: types into it, then leaves it (which commits it). */
export async function setField(page, name, value) {
  const field = page.locator(`[data-testid="field-${name}"]`);
  await field.fill(value);
  await field.blur();
}

/**
 * Before any script of the page runs, counts every Worker it creates, by script name:
 * `await workersCreated(page)` then returns e.g. `{ 'page-worker.js': 1 }`.
 */
export async function countWorkers(page) {
  await page.addInitScript(() => {
    const Native = self.Worker;
    self.workersCreated = {};
    self.Worker = class extends Native {
      constructor(url, options) {
        super(url, options);
        const name = String(url).split('/').pop().split('?')[0];
        self.workersCreated[name] = (self.workersCreated[name] ?? 0) + 1;
      }
    };
  });
}

export const workersCreated = (page) => page.evaluate(() => ({ ...self.workersCreated }));

/** Picks a mode in the mode picker. */
export async function pickMode(page, mode) {
  await page.check(`[data-testid="mode-${mode}"] input`);
}

/**
 * Waits for the newest run to end, reading only `[data-testid="last-run"]`: for the embed
 * layout, which has no history table. Call it once `Run` was clicked.
 */
export async function waitLastRun(doc, timeout = 120_000) {
  await doc.waitForSelector('[data-testid="last-run"][data-state="done"], [data-testid="last-run"][data-state="failed"]', { timeout });
  return lastRun(doc);
}

/** serveHtml's page at `localhost`: another site than dist's 127.0.0.1, not just another origin. */
export async function serveHtmlOnAnotherSite(html) {
  const page = await serveHtml(html);
  return { ...page, url: page.url.replace('//127.0.0.1:', '//localhost:') };
}

/**
 * A fake clock for the workers' 30 s start deadline (`START_DEADLINE_MS`): before any script
 * of the page runs, the first `times` timeouts of 30 s are set to fire after `ms` instead.
 * Other timers keep their time. A test of a late start then takes `ms`, not 30 s.
 */
export async function shortStartDeadline(page, ms, times = 1_000) {
  await page.addInitScript(({ ms, times }) => {
    const native = self.setTimeout;
    let left = times;
    self.setTimeout = (handler, delay, ...rest) => {
      if (delay !== 30_000 || left === 0) return native(handler, delay, ...rest);
      left -= 1;
      return native(handler, ms, ...rest);
    };
  }, { ms, times });
}
