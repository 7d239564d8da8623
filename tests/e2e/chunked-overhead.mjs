// Measures what slicing costs: each job at the page's default-ish sizes on `main`, then
// `chunked` at two slice budgets, median of 3 runs each (interleaved) after a warm-up.
// Prints a Markdown table. Run: OFFLOAD_DIST=/abs/dist node tests/e2e/chunked-overhead.mjs
import { clickRun, launch, open, pickMode, serve, setField, waitReady } from './harness.mjs';

const JOBS = ['job=fib&n=42', 'job=sort&len=20000000', 'job=hash&count=32&iterations=100000'];
const SLICES = [2, 10];
const REPEAT = Number(process.env.OFFLOAD_REPEAT ?? 3);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve();
const browser = await launch();
try {
  console.log('| job | main ms | chunked 2 ms: ms (overhead vs main) · slices · longest gap | chunked 10 ms: ms (overhead vs main) · slices · longest gap |');
  console.log('| --- | --- | --- | --- |');
  for (const job of JOBS) {
    const page = await open(browser, server.url, `${job}&mode=main`);
    let id = 0;
    const run = async (mode, slice) => {
      await pickMode(page, mode);
      if (slice) await setField(page, 'slice', String(slice));
      await waitReady(page, mode);
      const r = await clickRun(page, ++id, 300_000);
      if (r.state !== 'done') throw new Error(`${job} ${mode}: ${r.error}`);
      return r.result;
    };
    await run('main'); // warm-up
    // Interleaved, so that a busy moment on a shared machine hits every column alike.
    const mains = [];
    const chunked = SLICES.map(() => []);
    for (let i = 0; i < REPEAT; i++) {
      mains.push((await run('main')).ms);
      for (const [k, slice] of SLICES.entries()) chunked[k].push(await run('chunked', slice));
    }
    const main = median(mains);
    const cells = chunked.map((runs) => {
      const ms = median(runs.map((r) => r.ms));
      const mid = runs.find((r) => r.ms === ms);
      return `${ms.toFixed(0)} (${(100 * (ms / main - 1)).toFixed(0)} %) · ${mid.chunked.slices} · ${mid.longest_gap_ms.toFixed(0)} ms; work alone ${mid.compute_ms.toFixed(0)}, longest slice ${mid.chunked.longest_slice_ms.toFixed(1)} ms, frame waits ${mid.chunked.frame_waits}, ${mid.chunked.yield}`;
    });
    console.log(`| ${job.replaceAll('&', ' ')} | ${main.toFixed(0)} | ${cells.join(' | ')} |`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
