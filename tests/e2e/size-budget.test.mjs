// The size budget (issue 16): what the page and the embed (the same index.html) fetch
// before Run is enabled, each file gzip-compressed at level 9 as a static host serves it,
// must stay within size-budget.json, so the weight cannot grow back unnoticed. The list
// comes from dist/index.html (its scripts, stylesheet, module preloads and the wasm's
// preload) plus page-worker.js, which the default mode (worker) starts before Run is
// enabled; the bench's load section lists what Chromium really fetched, to compare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = process.env.OFFLOAD_DIST ?? new URL('../../dist', import.meta.url).pathname;
const BUDGET = new URL('./size-budget.json', import.meta.url);
const STARTED_BY_DEFAULT_MODE = ['page-worker.js'];

/** The local files index.html makes the browser fetch: script src and link href (not data:). */
export function filesOf(html) {
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const files = tags.flatMap((tag) => {
    const rel = tag.match(/\brel="([^"]*)"/)?.[1];
    if (tag.startsWith('<link') && !['stylesheet', 'modulepreload', 'preload'].includes(rel)) return [];
    const url = tag.match(/\b(?:src|href)="([^"]*)"/)?.[1];
    return url && !/^(data:|[a-z]+:\/\/)/.test(url) ? [url.replace(/^\.\//, '')] : [];
  });
  return [...new Set(files)];
}

test('the file list is read from the tags that fetch', () => {
  const html = `<link rel="icon" href="data:,"><script src="isolation.js"></script>
    <script type="module" src="./loader.js"></script><link rel="stylesheet" href="./style.css"/>
    <link rel="modulepreload" href="./glue.js"><link rel="preload" href="./page_bg.wasm" as="fetch">
    <link rel="canonical" href="https://example.org/"><script src="https://cdn.example/x.js"></script>`;
  assert.deepEqual(filesOf(html), ['isolation.js', 'loader.js', 'style.css', 'glue.js', 'page_bg.wasm']);
});

test('what the page and the embed fetch before Run is enabled stays within the budget', async () => {
  const budget = JSON.parse(await readFile(BUDGET, 'utf8'));
  const html = await readFile(join(DIST, 'index.html'));
  const files = [...filesOf(html.toString()), ...STARTED_BY_DEFAULT_MODE];
  assert.ok(files.some((f) => f.endsWith('.wasm')), `no wasm among ${files}`);
  const sizes = [['index.html', gzipSync(html, { level: 9 }).length]];
  for (const file of files) sizes.push([file, gzipSync(await readFile(join(DIST, file)), { level: 9 }).length]);
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
  const table = sizes.map(([f, b]) => `${f} ${b}`).join(', ');
  console.log(`before Run is enabled, gzip -9: ${total} bytes (${table}); budget ${budget.bytes}`);
  assert.ok(total <= budget.bytes, `${total} bytes gzip is over the budget of ${budget.bytes} (size-budget.json): ${table}`);
});
