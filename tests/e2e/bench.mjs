// `cargo xtask bench`: every job × mode × threads at two sizes, plus the peers (the
// browser's own code for the same jobs), in headless Chromium against the release dist/.
//
// Each row gets a fresh page, one warm-up run that is not counted (V8 first runs wasm and
// JavaScript in a baseline tier and optimises hot functions in the background), then
// REPEATS timed runs. Every figure is what the page itself reports in data-result.
// Writes target/bench/bench.json (an array of rows) and target/bench/overheads.json, and
// prints Markdown tables.
//
// Subsets (cargo xtask bench -- --jobs … maps its flags to these):
//   OFFLOAD_BENCH_JOBS=fib,sort,hash  OFFLOAD_BENCH_MODES=pool,webcrypto,…
//   OFFLOAD_BENCH_THREADS=1,2 (threaded modes only)  OFFLOAD_BENCH_SIZES=small,large,four (or smoke)
//
// Then it checks the targets of issue 8 ("Fast") against the rows it measured and prints
// each as met or not, with the figures it compared (target/bench/targets.json too). Where
// a row a target needs was not measured (a subset was asked for), the target says so.
// On Linux each row also says how many cores the browser's threads used while it ran:
// the workers (the pool, the engine, page instances), the page's main thread, and the
// browser's other threads (compositing, painting, I/O), from /proc (cpu-share.mjs).
//   OFFLOAD_BENCH_REPEATS=3  OFFLOAD_BENCH_OUT=<dir> (default target/bench)
//
// Sections (OFFLOAD_BENCH_SECTIONS=jobs,load,cost,traffic, all by default): `jobs` is the above;
// `load` (bench-load.mjs) and `cost` (bench-cost.mjs) measure the page's weight and its own
// main-thread cost against issue 16 ("Lean"), REPEATS rounds each, from a gzip server, and
// write target/bench/lean.json. targets.json holds both issues' verdicts.
import { mkdir, writeFile } from 'node:fs/promises';
import { autorun, clickRun, launch, open, serve, waitReady } from './harness.mjs';
import { coresUsed, snapshot } from './cpu-share.mjs';
import { checkLeanTargets, checkTargets, summarize } from './bench-targets.mjs';
import { measureLoad } from './bench-load.mjs';
import { measureCost } from './bench-cost.mjs';
import { printLean } from './bench-lean-report.mjs';
import { checkTrafficTargets, measureTraffic, printTraffic } from './bench-traffic.mjs';

const SIZES = {
  fib: { smoke: { n: 25 }, small: { n: 38 }, large: { n: 42 } },
  sort: { smoke: { len: 300_000 }, small: { len: 5_000_000 }, large: { len: 20_000_000 } },
  hash: {
    smoke: { count: 4, iterations: 2_000 },
    small: { count: 16, iterations: 50_000 },
    large: { count: 64, iterations: 100_000 },
    // The smallest batch the pool must still win with against WebCrypto.
    four: { count: 4, iterations: 100_000 },
  },
};
// Each job's peer for `vs_peer`: the browser's own code, off the main thread.
const PEER_OF = { fib: 'js-worker', sort: 'js-worker', hash: 'webcrypto' };
const PEERS = { fib: ['js-main', 'js-worker'], sort: ['js-main', 'js-worker'], hash: ['webcrypto', 'webcrypto-all'] };
const OWN_MODES = ['main', 'worker', 'message-pool', 'pool'];
const THREADED = new Set(['message-pool', 'pool']);
const ALL_MODES = [...OWN_MODES, 'js-main', 'js-worker', 'webcrypto', 'webcrypto-all'];

/** A comma list from the environment, each name checked against `allowed`. */
function choose(env, allowed, fallback = allowed) {
  const raw = process.env[env];
  if (!raw) return fallback;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !allowed.includes(String(n)));
  if (bad.length) throw new Error(`${env}: ${bad.join(', ')} not allowed; choose from ${allowed.join(', ')}`);
  return names;
}

const sections = choose('OFFLOAD_BENCH_SECTIONS', ['jobs', 'load', 'cost', 'traffic']);
const jobs = choose('OFFLOAD_BENCH_JOBS', Object.keys(SIZES));
const modes = choose('OFFLOAD_BENCH_MODES', ALL_MODES);
const sizes = choose('OFFLOAD_BENCH_SIZES', ['smoke', 'small', 'large', 'four'], ['small', 'large', 'four']);
const REPEATS = Number(process.env.OFFLOAD_BENCH_REPEATS ?? 3);
if (!Number.isInteger(REPEATS) || REPEATS < 1 || REPEATS > 100) {
  throw new Error('OFFLOAD_BENCH_REPEATS must be a whole number from 1 to 100');
}
const OUT = process.env.OFFLOAD_BENCH_OUT ?? new URL('../../target/bench', import.meta.url).pathname;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const query = (params) => Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&');

const server = await serve();
const browser = await launch();
const rows = [];
let cores;
let overheads;
const lean = {};
let traffic;
const took = {}; // seconds per section
const version = browser.version();
const timed = async (name, work) => {
  const started = Date.now();
  await work();
  took[name] = (Date.now() - started) / 1000;
};
try {
  if (sections.includes('jobs')) await timed('jobs', measureJobs);
  if (sections.includes('load') || sections.includes('cost')) {
    // Static hosts send gzip: what a reader downloads is the compressed weight.
    const zipped = await serve({ gzip: true });
    const dots = (s) => process.stderr.write(s);
    const section = (name, measureIt) => timed(name, async () => {
      dots(`bench: ${name} `);
      lean[name] = await measureIt(browser, zipped.url, REPEATS, dots);
      dots('\n');
    });
    try {
      if (sections.includes('load')) await section('load', measureLoad);
      if (sections.includes('cost')) await section('cost', measureCost);
    } finally {
      await zipped.close();
    }
  }
  if (sections.includes('traffic')) {
    await timed('traffic', async () => {
      process.stderr.write('bench: traffic ');
      const probe = await open(browser, server.url, '');
      const threads = Number(await probe.evaluate(() => navigator.hardwareConcurrency));
      await probe.close();
      traffic = await measureTraffic(browser, server.url, REPEATS, (s) => process.stderr.write(s), Math.max(2, threads));
      process.stderr.write('\n');
    });
  }
} finally {
  await browser.close();
  await server.close();
}

/** The `jobs` section: the overheads, then every row. */
async function measureJobs() {
  const probe = await open(browser, server.url);
  cores = await probe.evaluate(() => navigator.hardwareConcurrency);
  await probe.close();
  const threadCounts = choose('OFFLOAD_BENCH_THREADS', Array.from({ length: cores }, (_, i) => String(i + 1)))
    .map(Number);
  overheads = await measureOverheads(cores);

  for (const job of jobs) {
    for (const size of sizes.filter((sz) => SIZES[job][sz])) {
      const params = SIZES[job][size];
      const plans = [];
      for (const mode of [...OWN_MODES, ...PEERS[job]].filter((m) => modes.includes(m))) {
        if (!THREADED.has(mode)) plans.push({ mode, threads: 1 });
        else for (const threads of threadCounts) {
          plans.push({ mode, threads, crossing: mode === 'message-pool' ? 'clone' : undefined });
          // Only sort hands arrays across: there, moving them is the other choice.
          if (mode === 'message-pool' && job === 'sort') plans.push({ mode, threads, crossing: 'transfer' });
        }
      }
      for (const plan of plans) rows.push(await measure(job, size, params, plan));
    }
  }
}

/** One row: a warm-up and REPEATS timed runs of `job` in `plan` on a fresh page. */
async function measure(job, size, params, { mode, threads, crossing }) {
  const q = `job=${job}&${query(params)}&mode=${mode}&threads=${threads}${crossing ? `&crossing=${crossing}` : ''}`;
  const label = `${job} ${query(params)} ${mode}${crossing ? ` (${crossing})` : ''} ×${threads}`;
  process.stderr.write(`bench: ${label} `);
  const { page, run: warmUp } = await autorun(browser, server.url, q, 600_000);
  if (warmUp.state !== 'done') throw new Error(`${label}: ${warmUp.error}`);
  const samples = [];
  const cpuBefore = snapshot();
  const started = Date.now();
  for (let i = 0; i < REPEATS; i++) {
    const run = await clickRun(page, i + 2, 600_000);
    if (run.state !== 'done') throw new Error(`${label}: ${run.error}`);
    samples.push(run.result);
    process.stderr.write('.');
  }
  // Over the whole stretch of timed runs, including each result's delivery and the next
  // click: the share of the cores each group of the browser's threads took.
  const shares = coresUsed(cpuBefore, snapshot(), Date.now() - started);
  process.stderr.write('\n');
  await page.close();
  const checksums = new Set([warmUp.result, ...samples].map((s) => s.checksum));
  if (checksums.size !== 1) throw new Error(`${label}: checksums differ between runs: ${[...checksums]}`);
  const runs = samples.map((s) => s.ms);
  // lag.p99_ms is the event-loop lag histogram's 99th percentile; where the page does not
  // report it yet, the largest lag of the 20 ms timer (loop_lag_ms) stands in, and
  // lag_source says which one it is.
  const lags = samples.map((s) => s.lag?.p99_ms ?? s.loop_lag_ms);
  const row = {
    job, params, size, mode, threads,
    runs_ms: runs,
    median_ms: median(runs),
    speedup_vs_1: null,
    vs_peer: null,
    max_frame_gap_ms: Math.max(...samples.map((s) => s.longest_gap_ms)),
    lag_p99_ms: median(lags),
    lag_source: samples[0].lag?.p99_ms != null ? 'lag.p99_ms' : 'loop_lag_ms',
    compute_ms: median(samples.map((s) => s.compute_ms)),
    checksum: samples[0].checksum,
    cores_used: shares,
  };
  if (crossing) row.crossing = crossing;
  const crossed = samples[0].crossing;
  if (crossed) {
    row.crossed = {
      tasks: crossed.tasks, bytes_out: crossed.bytes_out, bytes_in: crossed.bytes_in,
      messaging_ms: median(samples.map((s) => s.crossing.messaging_ms)),
      queued_ms: median(samples.map((s) => s.crossing.queued_ms)),
    };
  }
  if (Array.isArray(samples[0].phases)) {
    row.phases = samples[0].phases.map(({ name }) => ({
      name, ms: median(samples.map((s) => s.phases.find((p) => p.name === name)?.ms ?? NaN)),
    }));
  }
  return row;
}

/**
 * What every run sits on, median of three fresh pages: the pool's start and its empty
 * task (reported when the pool is ready), a page-instance worker's start and a message's
 * round trip (the Overheads panel's button).
 */
async function measureOverheads(threads) {
  const seen = [];
  for (let i = 0; i < 3; i++) {
    const page = await open(browser, server.url, `mode=pool&threads=${threads}`);
    await waitReady(page, 'pool', threads);
    const panel = '[data-testid="overheads"]';
    await page.waitForSelector(`${panel}[data-pool-start-ms][data-empty-task-ms]`);
    await page.click('[data-testid="measure-overheads"]');
    await page.waitForSelector(`${panel}[data-round-trip-ms]`, { timeout: 60_000 });
    seen.push(await page.$eval(panel, (el) => ({
      pool_start_ms: Number(el.dataset.poolStartMs),
      empty_pool_task_ms: Number(el.dataset.emptyTaskMs),
      worker_start_ms: Number(el.dataset.workerStartMs),
      worker_round_trip_ms: Number(el.dataset.roundTripMs),
    })));
    await page.close();
  }
  const keys = Object.keys(seen[0]);
  return { pool_threads: threads, ...Object.fromEntries(keys.map((k) => [k, median(seen.map((s) => s[k]))])) };
}

const fmt = (x, d = 0) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(d));
console.log(`\nbench sections (time each took): ${Object.entries(took).map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(', ')}`);
const mismatches = sections.includes('jobs') ? reportJobs() : [];
const leanLoad = lean.load && summarize(lean.load.samples);
const leanCost = lean.cost && summarize(lean.cost.samples);
if (lean.load || lean.cost) printLean(leanLoad, leanCost, lean, REPEATS);

const printTargets = (issue, list) => {
  console.log(`\nTargets (issue ${issue}):\n`);
  console.log('| target | measured | needed | met |');
  console.log('| --- | --- | --- | --- |');
  for (const t of list) console.log(`| ${t.target} | ${t.measured} | ${t.needed} | ${t.met == null ? t.measured : t.met ? 'yes' : 'NO'} |`);
};
if (traffic) printTraffic(traffic);
const targets = [];
if (sections.includes('jobs')) {
  const fast = checkTargets(rows, overheads, cores);
  printTargets('8, "Fast", from the rows above', fast);
  targets.push(...fast.map((t) => ({ issue: 8, ...t })));
}
if (lean.load || lean.cost) {
  const lean16 = checkLeanTargets(leanLoad, leanCost, lean.cost?.threads);
  printTargets(`16, "Lean", median of ${REPEATS} (range)`, lean16);
  targets.push(...lean16.map((t) => ({ issue: 16, ...t })));
}

if (traffic) {
  const expected = checkTrafficTargets(traffic);
  printTargets('18, "Traffic", expected on this machine', expected);
  targets.push(...expected.map((t) => ({ issue: 18, ...t })));
}

/** The `jobs` section's tables; returns the checksums that differ between modes. */
function reportJobs() {
  // Speed-up over the same mode (and crossing) at one thread, and the job's peer over this.
  const same = (a, b) => a.job === b.job && a.size === b.size;
  for (const row of rows) {
    const one = rows.find((r) => same(r, row) && r.mode === row.mode && r.crossing === row.crossing && r.threads === 1);
    if (one) row.speedup_vs_1 = one.median_ms / row.median_ms;
    const peer = rows.find((r) => same(r, row) && r.mode === PEER_OF[row.job]);
    if (peer) row.vs_peer = peer.median_ms / row.median_ms;
  }
  // Every mode and peer must have computed the same output for the same parameters.
  const mismatches = [];
  for (const row of rows) {
    const first = rows.find((r) => same(r, row));
    if (first.checksum !== row.checksum) mismatches.push(`${row.job} ${row.size}: ${row.mode} ${row.checksum} ≠ ${first.mode} ${first.checksum}`);
  }

  const modeName = (r) => (r.crossing === 'transfer' ? 'message-pool (transfer)' : r.mode);
  console.log(`\nOffload benchmark: Chromium ${version} headless, ${cores} logical cores; median of ${REPEATS} run(s) after a warm-up\n`);
  const coresText = (c) => (c ? `${fmt(c.workers, 2)} / ${fmt(c.page_main, 2)} / ${fmt(c.other, 2)}` : '—');
  console.log('| job | params | mode | threads | median ms | runs ms | compute ms | speed-up vs 1 thread | vs peer | max frame gap ms | lag p99 ms | cores used: workers / page main / other |');
  console.log('| --- | --- | --- | --: | --: | --- | --: | --: | --: | --: | --: | --- |');
  for (const r of rows) {
    console.log(`| ${r.job} | ${query(r.params)} | ${modeName(r)} | ${r.threads} | ${fmt(r.median_ms)} | ${r.runs_ms.map((x) => fmt(x)).join(', ')} | ${fmt(r.compute_ms)} | ${fmt(r.speedup_vs_1, 2)} | ${fmt(r.vs_peer, 2)} | ${fmt(r.max_frame_gap_ms)} | ${fmt(r.lag_p99_ms)} | ${coresText(r.cores_used)} |`);
  }
  const lagSources = [...new Set(rows.map((r) => r.lag_source))];
  console.log(`\nlag p99 ms: from ${lagSources.join(' and ')}; vs peer: the median of ${Object.entries(PEER_OF).map(([j, p]) => `${p} (${j})`).join(', ')} ÷ this row's.`);
  console.log(`\nOverheads (median of 3 pages): pool start (${overheads.pool_threads} threads) ${fmt(overheads.pool_start_ms, 1)} ms · empty pool task ${fmt(overheads.empty_pool_task_ms, 3)} ms · page-instance worker start ${fmt(overheads.worker_start_ms, 1)} ms · worker message round trip ${fmt(overheads.worker_round_trip_ms, 3)} ms`);
  const phased = rows.filter((r) => r.phases?.length);
  if (phased.length) {
    console.log('\nWhere the time goes (median ms per phase):\n');
    console.log('| job | params | mode | threads | phases |');
    console.log('| --- | --- | --- | --: | --- |');
    for (const r of phased) {
      console.log(`| ${r.job} | ${query(r.params)} | ${modeName(r)} | ${r.threads} | ${r.phases.map((p) => `${p.name} ${fmt(p.ms)}`).join(', ')} |`);
    }
  }
  return mismatches;
}

await mkdir(OUT, { recursive: true });
await writeFile(`${OUT}/targets.json`, JSON.stringify(targets, null, 2));
const wrote = ['targets.json'];
if (sections.includes('jobs')) {
  await writeFile(`${OUT}/bench.json`, JSON.stringify(rows, null, 2));
  await writeFile(`${OUT}/overheads.json`, JSON.stringify({ chromium: version, cores, repeats: REPEATS, ...overheads }, null, 2));
  wrote.push('bench.json', 'overheads.json');
}
if (lean.load || lean.cost) {
  const summary = { load: leanLoad, cost: leanCost };
  await writeFile(`${OUT}/lean.json`, JSON.stringify({ chromium: version, repeats: REPEATS, took_s: took, summary, ...lean }, null, 2));
  wrote.push('lean.json');
}
if (traffic) {
  await writeFile(`${OUT}/traffic.json`, JSON.stringify({ chromium: version, took_s: took.traffic, ...traffic }, null, 2));
  wrote.push('traffic.json');
}
console.log(`\nwrote ${wrote.join(', ')} in ${OUT}`);
if (mismatches.length) {
  console.error(`checksums differ between modes:\n${mismatches.join('\n')}`);
  process.exit(1);
}
