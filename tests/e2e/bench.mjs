// `cargo xtask bench`: every job in every mode, in headless Chromium against the release
// dist/. Each mode gets a fresh page, one warm-up run that is not counted (V8 first runs
// wasm in a baseline tier and optimises hot functions in the background), then REPEATS
// timed runs. Prints a table and writes target/bench/results.json. Timings are what the
// page itself reports (wall ms, longest frame gap, event-loop lag, frames painted).
import { mkdir, writeFile } from 'node:fs/promises';
import { autorun, launch, serve, waitRunEnd } from './harness.mjs';

const JOBS = [
  { name: 'fib', query: 'job=fib&n=42' },
  { name: 'sort', query: 'job=sort&len=20000000' },
  { name: 'hash', query: 'job=hash&count=64&iterations=100000' },
];
const REPEATS = Number(process.env.OFFLOAD_BENCH_REPEATS ?? 3);

const server = await serve();
const browser = await launch();
const cores = await (async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  const n = await page.evaluate(() => navigator.hardwareConcurrency);
  await page.close();
  return n;
})();
const sizes = Array.from({ length: cores }, (_, i) => i + 1);
// The message-pool's sort once per way its arrays cross; other jobs cross no bulk data.
const MODES = [{ mode: 'main', threads: 1 }, { mode: 'worker', threads: 1 },
  ...sizes.map((threads) => ({ mode: 'message-pool', threads, crossing: 'clone' })),
  ...sizes.map((threads) => ({ mode: 'message-pool', threads, crossing: 'transfer', only: 'sort' })),
  ...sizes.map((threads) => ({ mode: 'pool', threads }))];
// Subsets for a quick look: OFFLOAD_BENCH_JOBS=sort OFFLOAD_BENCH_MODES=message-pool,pool
const pick = (env, name) => !process.env[env] || process.env[env].split(',').includes(name);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const job of JOBS.filter((j) => pick('OFFLOAD_BENCH_JOBS', j.name))) {
    for (const { mode, threads, crossing, only } of MODES) {
      if ((only && only !== job.name) || !pick('OFFLOAD_BENCH_MODES', mode)) continue;
      const query = `${job.query}&mode=${mode}&threads=${threads}${crossing ? `&crossing=${crossing}` : ''}`;
      const { page, run: warmUp } = await autorun(browser, server.url, query, 600_000);
      if (warmUp.state !== 'done') throw new Error(`${job.name} ${mode}/${threads}: ${warmUp.error}`);
      const samples = [];
      for (let i = 0; i < REPEATS; i++) {
        await page.waitForSelector('[data-testid="run"]:not([disabled])');
        await page.click('[data-testid="run"]');
        const run = await waitRunEnd(page, i + 2, 600_000);
        if (run.state !== 'done') throw new Error(`${job.name} ${mode}/${threads}: ${run.error}`);
        samples.push(run.result);
      }
      await page.close();
      const checksums = new Set(samples.map((s) => s.checksum));
      checksums.add(warmUp.result.checksum);
      if (checksums.size !== 1) throw new Error(`${job.name} ${mode}: checksums differ between runs`);
      const crossed = samples[0].crossing;
      rows.push({
        job: job.name, params: job.query, mode: crossing ? `${mode} (${crossing})` : mode, threads,
        crossing: crossed && {
          tasks: crossed.tasks, bytes_out: crossed.bytes_out, bytes_in: crossed.bytes_in, transferred: crossed.transferred,
          messaging_ms: median(samples.map((s) => s.crossing.messaging_ms)),
          queued_ms: median(samples.map((s) => s.crossing.queued_ms)),
        },
        ms: median(samples.map((s) => s.ms)),
        compute_ms: median(samples.map((s) => s.compute_ms)),
        longest_gap_ms: median(samples.map((s) => s.longest_gap_ms)),
        loop_lag_ms: median(samples.map((s) => s.loop_lag_ms)),
        fps: median(samples.map((s) => (s.frames * 1000) / s.ms)),
        checksum: samples[0].checksum, samples: samples.length,
      });
    }
  }
} finally {
  await browser.close();
  await server.close();
}

// Speed-up of each pool size over the same mode with one thread, for the same job.
for (const row of rows) {
  const one = rows.find((r) => r.job === row.job && r.mode === row.mode && r.threads === 1);
  row.speedup_vs_1_thread = row.mode !== 'main' && row.mode !== 'worker' && one ? one.ms / row.ms : null;
}
const fmt = (x, d = 0) => (x == null ? '—' : x.toFixed(d));
console.log(`\nOffload benchmark: median of ${REPEATS} runs after a warm-up, ${cores} logical cores, Chromium headless\n`);
console.log('job   mode                      thr   wall ms  compute ms  speed-up  longest gap ms  loop lag ms   fps  checksum          crossed (MB out/in, messaging ms, queued ms)');
for (const r of rows) {
  const c = r.crossing;
  const crossed = c ? `${(c.bytes_out / 1e6).toFixed(1)}/${(c.bytes_in / 1e6).toFixed(1)}, ${fmt(c.messaging_ms)}, ${fmt(c.queued_ms)}` : '';
  console.log(`${r.job.padEnd(5)} ${r.mode.padEnd(25)} ${String(r.threads).padStart(3)} ${fmt(r.ms).padStart(9)} ${fmt(r.compute_ms).padStart(11)} ${fmt(r.speedup_vs_1_thread, 2).padStart(9)} ${fmt(r.longest_gap_ms).padStart(15)} ${fmt(r.loop_lag_ms).padStart(12)} ${fmt(r.fps).padStart(5)}  ${r.checksum}  ${crossed}`);
}
const out = new URL('../../target/bench/', import.meta.url);
await mkdir(out, { recursive: true });
await writeFile(new URL('results.json', out), JSON.stringify({ cores, repeats: REPEATS, rows }, null, 2));
console.log(`\nwrote ${new URL('results.json', out).pathname}`);
