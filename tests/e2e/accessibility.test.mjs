// End-to-end: axe-core finds no violation in the full page (light and dark, before and
// after runs) and in the embed. axe.min.js comes from node_modules (a dev dependency).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { newPage, open, sharedServerAndBrowser, waitLastRun, waitReady } from './harness.mjs';

const shared = sharedServerAndBrowser();
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the whole document; returns its violations, each with where it struck. */
async function violations(page) {
  // Evaluated, not added as a <script>: the page's CSP refuses inline scripts (docs/deploy-and-embed.md).
  if (!await page.evaluate(() => 'axe' in self)) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await self.axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
}

function assertClean(found, where) {
  if (found.length) console.log(where, JSON.stringify(found, null, 2));
  assert.deepEqual(found.map((v) => v.id), [], `${where}: axe violations`);
}

for (const theme of ['light', 'dark']) {
  test(`the full page has no axe violation before and after runs (${theme})`, async () => {
    const page = await open(shared.browser, shared.server.url, `job=fib&n=32&mode=worker&threads=2&theme=${theme}`);
    await waitReady(page, 'worker');
    assertClean(await violations(page), `${theme}, before any run`);
    await page.click('[data-testid="run-every-mode"]');
    await page.waitForSelector('[data-testid="every-mode-status"][data-state="done"]', { timeout: 300_000 });
    await page.click('.glossary summary');
    assertClean(await violations(page), `${theme}, after every mode`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('the embed has no axe violation before and after a run', async () => {
  const page = await open(shared.browser, shared.server.url, 'embed=1&job=fib&n=32&mode=worker');
  await waitReady(page, 'worker');
  assertClean(await violations(page), 'embed, before any run');
  await page.click('[data-testid="run"]');
  await waitLastRun(page);
  assertClean(await violations(page), 'embed, after a run');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the click-to-load preview has no axe violation', async () => {
  const page = await newPage(shared.browser);
  await page.goto(`${shared.server.url}?embed=1&load=click&job=hash&count=4&iterations=1000&mode=pool`);
  await page.waitForSelector('[data-testid="load-playground"]');
  assertClean(await violations(page), 'the preview');
  assert.deepEqual(page.errors, []);
  await page.close();
});
