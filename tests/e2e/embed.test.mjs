// End-to-end: the playground embedded in a blog post (`embed=1`). In another site's page
// it shows the compact layout, falls back from an unavailable pool to message-pool and says
// why, and keeps its iframe sized through the host's snippet (www/embed-host.js), which
// ignores height messages from anyone else. With Document-Isolation-Policy the frame keeps
// the real pool. `theme` forces a palette and a bad one is named, never rendered. "Copy
// embed code" gives a snippet that reproduces the full page's set-up and checksum.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  lastRun, launch, newPage, open, playground, serve, serveHtml, serveHtmlOnAnotherSite, waitLastRun, waitReady, waitRunEnd,
} from './harness.mjs';

const HOST_SCRIPT = await readFile(new URL('../../www/embed-host.js', import.meta.url), 'utf8');
const FIB = 'job=fib&n=25&mode=pool&threads=2';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Waits until the snippet has sized the iframe to the frame's document (within 3 px; a
 * resize settles over a few frames on a loaded machine); returns the height.
 */
async function sizedToFit(page, frame) {
  let seen;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const set = await page.$eval('iframe', (f) => parseFloat(f.style.height));
    const content = await frame.evaluate(() => document.documentElement.scrollHeight);
    seen = { set, content };
    if (Math.abs(set - content) <= 3) return set;
    await page.waitForTimeout(200);
  }
  throw new Error(`the iframe was not sized to its content: ${JSON.stringify(seen)}`);
}

/** Has `send()` post a fake height; returns the iframe's height once the snippet saw it. */
async function afterFakeHeight(page, send) {
  const seen = page.evaluate(() => new Promise((resolve) => {
    // Added after the snippet's listener, so it runs after it for the same message.
    addEventListener('message', function heard(event) {
      if (event.data?.height !== 77) return;
      removeEventListener('message', heard);
      resolve(document.querySelector('iframe').style.height);
    });
  }));
  await send();
  return seen;
}

/**
 * Has the playground's own frame (right origin, right window) post `height`; returns the
 * iframe's laid-out height once the snippet has seen that message.
 */
async function heightAfter(page, frame, height) {
  const seen = page.evaluate(() => new Promise((resolve) => {
    addEventListener('message', function heard(event) {
      if (event.data?.probe !== true) return;
      removeEventListener('message', heard);
      resolve(document.querySelector('iframe').getBoundingClientRect().height);
    });
  }));
  await frame.evaluate((height) => parent.postMessage({ type: 'offload:height', height, probe: true }, '*'), height);
  return seen;
}

test('embedded in another site without isolation: compact, falls back to message-pool and says why, sized to fit', async () => {
  const host = await serve({ isolated: false });
  // The iframe starts shorter than its content, so only the snippet can make them agree.
  // The second frame is the same origin as the playground but another window.
  const blog = await serveHtmlOnAnotherSite(`<!DOCTYPE html><title>A post</title><p>Some text before.</p>
    <iframe src="${host.url}?embed=1&${FIB}&coi=0" width="100%" height="150" style="border:0" title="Offload"></iframe>
    <script>${HOST_SCRIPT}</script><p>Some text after.</p>
    <iframe src="${host.url}embed-height.js" width="10" height="10"></iframe>`);
  const context = await browser.newContext();
  try {
    const page = await newPage(context);
    await page.goto(blog.url);
    const frame = await playground(page, host);
    await frame.waitForSelector('[data-testid="embed"]');
    assert.equal(await frame.getAttribute('[data-testid="capabilities"]', 'data-isolated'), 'false');
    assert.match(await frame.textContent('[data-testid="notice"]'),
      /^The pool needs a cross-origin isolated page, which this frame is not \(turned off by \?coi=0.*\); running on message-pool instead/);
    assert.equal(await frame.isChecked('[data-testid="mode-message-pool"] input'), true);
    const link = await frame.$('[data-testid="open-full"]');
    const href = new URL(await link.getAttribute('href'));
    assert.equal(href.searchParams.get('embed'), null);
    assert.equal(href.searchParams.get('n'), '25');
    assert.deepEqual([await link.getAttribute('target'), await link.getAttribute('rel')], ['_blank', 'noopener']);
    const before = await sizedToFit(page, frame);

    await waitReady(frame, 'message-pool', 2, 60_000);
    await frame.click('[data-testid="run"]');
    const run = await waitLastRun(frame);
    assert.equal(run.state, 'done', run.error);
    assert.equal(run.result.mode, 'message-pool');
    assert.equal(run.result.checksum, '75025');
    assert.equal(await frame.$('[data-testid="run-history"]'), null, 'no history table in the embed');
    const afterRun = await sizedToFit(page, frame);
    assert.notEqual(afterRun, before, 'the result changed the height, and the iframe followed');

    // Hostile heights from the frame itself (the snippet trusts its origin and window, not
    // its numbers): the iframe stays within 100 to 4000 px, whatever it is sent.
    for (const height of [1e9, Infinity, -Infinity, NaN, -50, 0, '1e9', '-5', '99999px', null, [1e9], { valueOf: 1e9 }]) {
      const set = await heightAfter(page, frame, height);
      assert.ok(set >= 100 && set <= 4000, `height ${JSON.stringify(height) ?? height} left the iframe ${set} px tall`);
    }
    // Numbers out of range are clamped to it, not dropped.
    assert.equal(await heightAfter(page, frame, 5000), 4000);
    assert.equal(await heightAfter(page, frame, 12.2), 100);
    assert.equal(await heightAfter(page, frame, afterRun), afterRun, 'back to the content\'s height');

    // Ignored: a height from the host page itself (wrong origin and window), from another
    // window of the playground's origin (wrong window), and from a third origin's page
    // loaded into the same iframe (right window, wrong origin).
    const fake = (doc) => () => doc.evaluate(() => parent.postMessage({ type: 'offload:height', height: 77 }, '*'));
    assert.equal(await afterFakeHeight(page, fake(page)), `${afterRun}px`);
    const other = page.frames().find((f) => f.url().endsWith('embed-height.js'));
    assert.equal(await afterFakeHeight(page, fake(other)), `${afterRun}px`);
    const third = await serveHtml(`<script>parent.postMessage({ type: 'offload:height', height: 77 }, '*')</script>`);
    try {
      const navigate = () => page.$eval('iframe', (f, url) => { f.src = url; }, third.url);
      assert.equal(await afterFakeHeight(page, navigate), `${afterRun}px`);
    } finally {
      await third.close();
    }
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await blog.close();
    await host.close();
  }
});

test('embedded with Document-Isolation-Policy: isolated, stays on the pool, no notice', async () => {
  const host = await serve({ isolated: false, headers: { 'Document-Isolation-Policy': 'isolate-and-require-corp' } });
  const blog = await serveHtmlOnAnotherSite(`<!DOCTYPE html><title>A post</title>
    <iframe src="${host.url}?embed=1&${FIB}" width="100%" height="520" style="border:0" allow="cross-origin-isolated"></iframe>
    <script>${HOST_SCRIPT}</script>`);
  const context = await browser.newContext();
  try {
    const page = await newPage(context);
    await page.goto(blog.url);
    const frame = await playground(page, host);
    assert.equal(await frame.getAttribute('[data-testid="capabilities"]', 'data-isolated'), 'true');
    assert.equal(await frame.isChecked('[data-testid="mode-pool"] input'), true);
    assert.equal(await frame.$('[data-testid="notice"]'), null);
    await waitReady(frame, 'pool', 2, 120_000);
    await frame.click('[data-testid="run"]');
    const run = await waitLastRun(frame);
    assert.equal(run.state, 'done', run.error);
    assert.equal(run.result.mode, 'pool');
    assert.equal(run.result.checksum, '75025');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await blog.close();
    await host.close();
  }
});

test('scrolled out of view in a cross-site post, a run still ends when its result arrives, and the time out of view is marked, not blamed', async () => {
  // Browsers paint no frames for a frame out of view: a run that waits on a frame would
  // stall until the reader scrolls back, and a gap would read as a freeze.
  const host = await serve({ isolated: false });
  const blog = await serveHtmlOnAnotherSite(`<!DOCTYPE html><title>A long post</title><p>Some text before.</p>
    <iframe src="${host.url}?embed=1&job=fib&n=27&mode=worker&coi=0" width="100%" height="520" style="border:0" title="Offload"></iframe>
    <div style="height:6000px">The rest of the post.</div>`);
  const context = await browser.newContext();
  try {
    const page = await newPage(context);
    await page.goto(blog.url);
    const frame = await playground(page, host);
    await waitReady(frame, 'worker', undefined, 60_000);
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    // Clicked from inside: the driver's click would scroll the frame back into view.
    // The embed keeps no history table: a run is told apart by its mode.
    const runIn = async (mode) => {
      await frame.evaluate(() => document.querySelector('[data-testid="run"]').click());
      await frame.waitForFunction((mode) => {
        const last = document.querySelector('[data-testid="last-run"]')?.dataset;
        return last?.state === 'failed' || (last?.state === 'done' && JSON.parse(last.result).mode === mode);
      }, mode, { timeout: 30_000, polling: 50 });
      return lastRun(frame);
    };
    for (const mode of ['worker', 'chunked']) {
      if (mode !== 'worker') await frame.evaluate((m) => document.querySelector(`[data-testid="mode-${m}"] input`).click(), mode);
      const run = await runIn(mode);
      assert.equal(run.state, 'done', `${mode}: ${run.error}`);
      assert.equal(run.result.checksum, '196418', mode);
      assert.equal(run.result.hidden, true, `${mode}: the time out of view is marked`);
    }
    // Back in view, a run is measured in full again.
    await page.evaluate(() => scrollTo(0, 0));
    // It is seen again once it paints again (a run clicked before that is partly unseen).
    const painted = await frame.evaluate(() => Number(document.querySelector('[data-testid="frame-counter"]').textContent));
    await frame.waitForFunction((n) => Number(document.querySelector('[data-testid="frame-counter"]').textContent) > n + 5, painted);
    await frame.evaluate(() => document.querySelector('[data-testid="mode-worker"] input').click());
    const seen = await runIn('worker');
    assert.equal(seen.state, 'done', seen.error);
    assert.equal(seen.result.hidden, false, 'in view, nothing is left out');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    await blog.close();
    await host.close();
  }
});

test('theme: dark and light are forced, auto follows the reader, a bad one is named and not rendered', async () => {
  const host = await serve({ isolated: false });
  const context = await browser.newContext();
  try {
    const background = async (query, scheme = 'light') => {
      const page = await newPage(context);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${host.url}?embed=1&mode=worker&coi=0&${query}`);
      await page.waitForSelector('[data-testid="run"]');
      const color = await page.$eval('body', (b) => getComputedStyle(b).backgroundColor);
      assert.deepEqual(page.errors, []);
      await page.close();
      return color;
    };
    assert.equal(await background('theme=dark'), 'rgb(22, 24, 28)');
    assert.equal(await background('theme=light', 'dark'), 'rgb(251, 250, 247)');
    assert.equal(await background('', 'dark'), 'rgb(22, 24, 28)');
    assert.equal(await background(''), 'rgb(251, 250, 247)');

    const page = await newPage(context);
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(`${host.url}?embed=1&mode=worker&coi=0&theme=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    await page.waitForSelector('[data-testid="error-theme"]');
    assert.match(await page.textContent('[data-testid="error-theme"]'), /^theme must be one of light, dark/);
    assert.equal(await page.$$eval('img', (all) => all.length), 0);
    assert.doesNotMatch(await page.content(), /<img/);
    assert.deepEqual(dialogs, []);
    await page.close();
  } finally {
    await context.close();
    await host.close();
  }
});

test('Copy embed code: the snippet reproduces the set-up and its checksum on another site', async () => {
  const host = await serve({ isolated: false });
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
  let blog;
  try {
    const page = await open(context, host.url, 'job=hash&count=8&iterations=1000&mode=message-pool&threads=2&coi=0');
    await waitReady(page, 'message-pool', 2, 60_000);
    await page.click('[data-testid="run"]');
    const full = await waitRunEnd(page, 1);
    assert.equal(full.state, 'done', full.error);

    await page.click('[data-testid="copy-embed"]');
    await page.waitForSelector('[data-testid="embed-code-status"]:has-text("Copied")');
    const code = await page.inputValue('[data-testid="embed-code"]');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?[^"]*embed=1[^"]*" width="100%" height="520" style="border:0" loading="lazy" title="Offload: hash in message-pool mode" allow="cross-origin-isolated"><\/iframe>\n<script>/);
    assert.ok(code.includes(HOST_SCRIPT), 'the copied script is www/embed-host.js');
    assert.doesNotMatch(code, /load=click/);
    // For a post with several demos: the same set-up, loaded when its reader asks.
    await page.check('[data-testid="embed-load-click"]');
    await page.click('[data-testid="copy-embed"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="embed-code"]').value.includes('load=click'));
    const lazy = await page.inputValue('[data-testid="embed-code"]');
    assert.equal(lazy.replace('&amp;load=click', ''), code, 'only load=click is added');
    await page.uncheck('[data-testid="embed-load-click"]');
    assert.deepEqual(page.errors, []);

    blog = await serveHtmlOnAnotherSite(`<!DOCTYPE html><title>A post</title><p>Try it:</p>\n${code}`);
    const post = await newPage(context);
    await post.goto(blog.url);
    const frame = await playground(post, host);
    await frame.waitForSelector('[data-testid="embed"]');
    assert.equal(await frame.inputValue('[data-testid="job"]'), 'hash');
    assert.equal(await frame.inputValue('[data-testid="field-count"]'), '8');
    assert.equal(await frame.inputValue('[data-testid="field-iterations"]'), '1000');
    assert.equal(await frame.inputValue('[data-testid="field-threads"]'), '2');
    assert.equal(await frame.isChecked('[data-testid="mode-message-pool"] input'), true);
    await waitReady(frame, 'message-pool', 2, 60_000);
    await frame.click('[data-testid="run"]');
    const embedded = await waitLastRun(frame);
    assert.equal(embedded.state, 'done', embedded.error);
    assert.equal(embedded.result.checksum, full.result.checksum);
    assert.deepEqual(post.errors, []);
  } finally {
    await context.close();
    await blog?.close();
    await host.close();
  }
});
