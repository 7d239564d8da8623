// Measures the memory the workers hold before and after the largest allowed sort (1 GiB,
// 268,435,456 numbers) in `worker`, `pool` and `message-pool`: each worker's wasm memory
// (its `WebAssembly.Memory` byteLength, read inside the worker through its own glue, which
// hands back the instance it already has) and the resident memory of the browser's
// renderer processes (from `ps`, the operating system's own figure). Not a test: a
// measurement, printed as a table. Timings and RSS are noisy on a shared machine.
//
//   OFFLOAD_DIST=$PWD/../../dist node worker-memory.mjs [mode ...]
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve, open, waitReady, waitRunEnd } from './harness.mjs';

const DIST = process.env.OFFLOAD_DIST ?? new URL('../../dist', import.meta.url).pathname;
const GLUE = readdirSync(DIST).find((f) => /^offload-[0-9a-f]+\.js$/.test(f));
const LEN = process.env.OFFLOAD_SORT_LEN ?? '268435456';
const MiB = 2 ** 20;

/** The resident memory (MiB) of every renderer process under the browser marked `marker`. */
function rendererRss(marker) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args=']).toString().trim().split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
    .filter(Boolean)
    .map(([, pid, ppid, rss, args]) => ({ pid: +pid, ppid: +ppid, rss: +rss, args }));
  const root = rows.find((r) => r.args.includes(marker) && !r.args.includes('--type='));
  if (!root) return null;
  const mine = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) if (!mine.has(r.pid) && mine.has(r.ppid)) { mine.add(r.pid); grew = true; }
  }
  const kb = rows.filter((r) => mine.has(r.pid) && r.args.includes('--type=renderer'))
    .reduce((sum, r) => sum + r.rss, 0);
  return kb / 1024;
}

/** Each live worker of `page` and its wasm memory in MiB (the engine's is shared by its pool). */
async function workerMemory(page) {
  const out = [];
  for (const worker of page.workers()) {
    const name = worker.url().split('/').pop();
    // A pool thread (a nested worker) sleeps in Atomics.wait and would never answer; it
    // shares the engine's memory anyway.
    if (name !== 'engine-worker.js' && name !== 'page-worker.js') continue;
    const glue = name === 'engine-worker.js' ? './engine/offload_engine.js' : `./${GLUE}`;
    const bytes = await worker.evaluate(async (glue) => {
      try {
        const module = await import(new URL(glue, self.location.href).href);
        return module.initSync().memory.buffer.byteLength;
      } catch {
        return null;
      }
    }, glue).catch(() => null);
    if (bytes !== null) out.push(`${name} ${(bytes / MiB).toFixed(0)}`);
  }
  return out.join(', ') || 'none';
}

const modes = process.argv.slice(2).length ? process.argv.slice(2) : ['worker', 'pool', 'message-pool'];
const server = await serve();
for (const mode of modes) {
  const marker = `--offload-memory-probe=${process.pid}-${mode}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', marker],
  });
  try {
    const page = await open(browser, server.url, `job=sort&len=${LEN}&mode=${mode}&threads=2`);
    await waitReady(page, mode, mode === 'pool' ? 2 : undefined);
    await page.waitForTimeout(1000);
    console.log(`${mode} ready:  workers [${await workerMemory(page)}] MiB, renderer RSS ${rendererRss(marker)?.toFixed(0)} MiB`);
    await page.click('[data-testid="run"]');
    const run = await waitRunEnd(page, 1, 300_000);
    console.log(`${mode} run: ${run.state} ${run.error ?? run.result?.ms?.toFixed(0) + ' ms'}`);
    // Time for a replacement worker (if any) to start, and for the page to drop its copies.
    await waitReady(page, mode, mode === 'pool' ? 2 : undefined, 60_000);
    await page.waitForTimeout(3000);
    console.log(`${mode} after:  workers [${await workerMemory(page)}] MiB, renderer RSS ${rendererRss(marker)?.toFixed(0)} MiB`);
    // A terminated worker's memory goes when nothing refers to it: the engine's shared
    // memory also when the page's garbage collector drops its view of the old counters.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(1000);
    console.log(`${mode} after a GC in the page: renderer RSS ${rendererRss(marker)?.toFixed(0)} MiB`);
    const panel = await page.$('[data-testid="worker-memory"]');
    if (panel) console.log(`${mode} panel: ${(await panel.textContent()).replace(/\s+/g, ' ')}`);
    console.log(`${mode} page errors: ${JSON.stringify(page.errors)}`);
  } finally {
    await browser.close();
  }
}
await server.close();
