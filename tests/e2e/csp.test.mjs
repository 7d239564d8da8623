// The Content-Security-Policy (docs/deploy-and-embed.md, "Content-Security-Policy"): every mode, the embed
// layout and the embed example run under it with no `securitypolicyviolation` at all,
// sent as a header (Netlify, Cloudflare Pages, trunk serve) or only as index.html's meta
// tag (a static host without headers); and the policy really refuses an inline script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CSP, clickRun, launch, newPage, pickMode, serve, setField, waitLastRun, waitReady,
} from './harness.mjs';

const shared = {};
before(async () => {
  shared.headers = await serve();
  shared.metaOnly = await serve({ csp: false });
  shared.browser = await launch();
});
after(async () => {
  await shared.browser?.close();
  await shared.headers?.close();
  await shared.metaOnly?.close();
});

/**
 * A page that records every CSP violation in any of its documents, from before the first
 * script runs (an init script runs in every frame before the page's own).
 */
async function watchedPage() {
  const page = await newPage(shared.browser);
  await page.addInitScript(() => {
    self.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      self.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  // Chromium also logs each refusal, from workers too: "Refused to …".
  page.on('console', (msg) => { if (/Content Security Policy|Refused to|Trusted ?Type|requires 'Trusted/i.test(msg.text())) page.errors.push(`console: ${msg.text()}`); });
  return page;
}

const violations = (doc) => doc.evaluate(() => self.cspViolations);

/**
 * Trusted Types are in force in `doc` (require-trusted-types-for 'script' and the
 * trusted-types list): markup from a string is refused, and so is a policy of any name but
 * the page's own. Each refusal is a TypeError, and a violation; asserts both.
 */
async function assertTrustedTypesEnforced(doc) {
  const before = (await violations(doc)).length;
  const outcome = await doc.evaluate(() => Object.fromEntries(Object.entries({
    innerHTML: () => { document.createElement('div').innerHTML = '<b>markup</b>'; },
    'another policy': () => trustedTypes.createPolicy('another', { createHTML: (s) => s }),
  }).map(([name, attempt]) => {
    try {
      attempt();
      return [name, 'allowed'];
    } catch (error) {
      return [name, error.name];
    }
  })));
  assert.deepEqual(outcome, { innerHTML: 'TypeError', 'another policy': 'TypeError' });
  // Once per policy in force: the header's and the meta tag's, or the meta tag's alone.
  const seen = new Set((await violations(doc)).slice(before).map((v) => v.replace(/ at .*/, '')));
  assert.deepEqual([...seen], ['require-trusted-types-for blocked trusted-types-sink', 'trusted-types blocked trusted-types-policy']);
}

/** Every mode the picker offers, in two rounds: a sort for Offload's and the JS peers, a hash for WebCrypto's. */
const SORT_MODES = ['main', 'async', 'chunked', 'worker', 'spawn', 'message-pool', 'pool', 'js-main', 'js-worker'];
const HASH_MODES = ['webcrypto', 'webcrypto-all'];

/** Runs each mode once on `page`, returning how many runs were made. */
async function runEveryMode(page, label) {
  let id = 0;
  const runOnce = async (mode) => {
    await pickMode(page, mode);
    if (['worker', 'spawn', 'message-pool', 'pool', 'js-worker'].includes(mode)) await waitReady(page, mode, undefined, 60_000);
    const run = await clickRun(page, ++id);
    assert.equal(run.state, 'done', `${label} ${mode}: ${run.error}`);
  };
  for (const mode of SORT_MODES) await runOnce(mode);
  await page.selectOption('[data-testid="job"]', 'hash');
  await setField(page, 'count', '4');
  await setField(page, 'iterations', '1000');
  for (const mode of HASH_MODES) await runOnce(mode);
  return id;
}

test('the header is sent with the page and its scripts, and every mode runs under it without a violation', async () => {
  const page = await watchedPage();
  const response = await page.goto(`${shared.headers.url}?job=sort&len=100000&mode=worker&threads=2`);
  assert.equal(response.headers()['content-security-policy'], CSP);
  const script = await page.request.get(`${shared.headers.url}engine-worker.js`);
  assert.equal(script.headers()['content-security-policy'], CSP, 'workers get the policy too');
  await page.waitForSelector('[data-testid="run"]');
  // No inline script is left for the policy to refuse (xtask's post_build hook moved trunk's loader).
  assert.equal(await page.$$eval('script:not([src])', (s) => s.length), 0);
  const runs = await runEveryMode(page, 'header');
  assert.equal(runs, SORT_MODES.length + HASH_MODES.length);
  // The progress bar and the timeline got their geometry through CSSOM, not attributes.
  assert.match(await page.$eval('.progress-fill', (e) => e.style.width), /%$/);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await assertTrustedTypesEnforced(page);
  await page.close();
});

test('load=click starts the playground from its <template> under the policy, without a violation', async () => {
  // The preview moves the module's script out of the template on the click (a script's
  // src is a Trusted Types sink: www/click-to-load.js's policy), then a worker starts.
  const page = await watchedPage();
  await page.goto(`${shared.headers.url}?load=click&job=fib&n=22&mode=worker`);
  await page.click('[data-testid="load-playground"]');
  await waitReady(page, 'worker', undefined, 60_000);
  const run = await clickRun(page, 1);
  assert.equal(run.state, 'done', run.error);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('with only the meta tag (a host without headers) the policy holds and the page runs', async () => {
  const page = await watchedPage();
  const response = await page.goto(`${shared.metaOnly.url}?job=fib&n=22&mode=worker`);
  assert.equal(response.headers()['content-security-policy'], undefined, 'no header: the meta tag alone');
  await page.waitForSelector('[data-testid="run"]');
  const meta = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.equal(meta, CSP.replace('; frame-ancestors *', ''), 'the meta tag carries the header\'s policy');
  let id = 0;
  for (const mode of ['main', 'chunked', 'worker', 'message-pool']) {
    await pickMode(page, mode);
    if (mode !== 'main' && mode !== 'chunked') await waitReady(page, mode, undefined, 60_000);
    const run = await clickRun(page, ++id);
    assert.equal(run.state, 'done', `${mode}: ${run.error}`);
  }
  // The meta tag is in force: an inline script injected now is refused. Its text cannot be
  // set from a string at all (textContent is a Trusted Types sink); added as a text node,
  // it is not a TrustedScript when it would run.
  const ran = await page.evaluate(async () => {
    self.injected = false;
    const script = document.createElement('script');
    script.append(document.createTextNode('self.injected = true'));
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return self.injected;
  });
  assert.equal(ran, false);
  const seen = await violations(page);
  // Refused by Trusted Types before script-src's inline rule is asked: that one now stops
  // only markup the server itself sent.
  assert.equal(seen.length, 1, JSON.stringify(seen));
  assert.match(seen[0], /^require-trusted-types-for blocked trusted-types-sink/);
  await assertTrustedTypesEnforced(page);
  await page.close();
});

test('the embed example and the playground in its frame run without a violation', async () => {
  // The example page is on this site, so the policy covers it too (www/embed-example.html).
  const page = await watchedPage();
  const response = await page.goto(`${shared.headers.url}embed-example.html`);
  assert.equal(response.headers()['content-security-policy'], CSP);
  await page.waitForFunction(() => document.querySelector('iframe').contentDocument?.querySelector('[data-testid="run"]'), null, { timeout: 60_000 });
  const frame = page.frames().find((f) => f.url().includes('embed=1'));
  assert.ok(await frame.$('[data-testid="embed"]'), 'the compact layout');
  // Through the snippet's script (a file now): the iframe is sized to its content.
  await page.waitForFunction(() => parseFloat(document.querySelector('iframe').style.height) > 0, null, { timeout: 30_000 });
  await pickMode(frame, 'worker');
  await waitReady(frame, 'worker', undefined, 60_000);
  await frame.click('[data-testid="run"]');
  const run = await waitLastRun(frame);
  assert.equal(run.state, 'done', run.error);
  assert.deepEqual(await violations(page), [], 'the example page');
  assert.deepEqual(await violations(frame), [], 'the embedded playground');
  assert.deepEqual(page.errors, []);
  await page.close();
});
