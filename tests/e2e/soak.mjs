// The soak: many runs in ONE page, every mode and job, in rounds (a round runs its plan once),
// sampling after each round what a leak would grow. `cargo xtask soak` runs 10 full rounds
// (310 runs) from the command line; soak.test.mjs runs a short one (3 rounds of 10) with the
// same loop and checks.
//
// After each round, with garbage collected first (CDP HeapProfiler.collectGarbage;
// soak-figures.mjs samples and checks):
// - the page's own wasm memory (captured from trunk's `TrunkApplicationStarted` event, which
//   carries the instance's exports), in bytes: a wasm memory never shrinks, so any growth stays;
// - the renderer processes' resident memory (page and workers, wasm memories included), from
//   /proc. Not performance.measureUserAgentSpecificMemory() after every round: the pool's
//   idle threads wait in Atomics.wait and never answer it, so each call sits out Chromium's
//   60 s timeout. `cargo xtask soak` calls it after the first and the last round only, and
//   records its breakdown by scope (Window, DedicatedWorkerGlobalScope) beside the table;
// - the page's JS heap in use (CDP Runtime.getHeapUsage);
// - the idle page's median frame interval over 20 frames, the lowest of 3 tries: a page whose
//   every frame does work in proportion to its history slows as it grows (checked coarsely:
//   twice round 1's, and at least a frame more);
// - live workers as Chromium lists them (page.workers(), once the count has settled: spawn's
//   worker ends after each run, a replaced engine's a moment after terminate());
// - DOM elements outside the run history, and the history's elements per row: the history
//   gains a row per run by design, so it is checked per row, not in total.
// Checks: every run ended within RUN_TIMEOUT_MS (none stuck) and succeeded; per job, one
// checksum across every mode and round; each figure after round k at most 10 % above round
// 1's (growth only: memory given back after start-up is not a leak); no page error.
// The page keeps every run in its history by design, and two figures grow with it: the page's
// wasm memory (about 14 KiB a run was seen) and its JS heap (a few KiB). Before round 1 the
// soak measures what a history row costs in its own page (historyCost: trivial runs that
// hold no buffer and start no worker), and allows those two figures round 1's value plus
// that cost per new row, plus 10 % (the wasm memory one page-side sort array more: freed
// arrays leave holes the history fills). Growth beyond that is what the modes left behind.
// Wall times (click to the run's end in the page) are printed per round, not checked: they
// are noise on a shared machine.
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { clickRun, open, pickMode, runsMade, serve, setField, waitReady } from './harness.mjs';
import {
  checksumProblems, fmt, formatRow, growthProblems, HEADER, MARGIN, MiB, sample, userAgentMemory,
} from './soak-figures.mjs';

/** Small sizes: a main-thread run takes milliseconds, so 300 runs take minutes. */
export const SIZES = { fib: { n: 27 }, sort: { len: 262_144 }, hash: { count: 4, iterations: 3_000 } };
export const RUN_TIMEOUT_MS = 60_000;

/** A full round: every mode × job once, each peer where the job has one (31 runs). */
export function fullRound(threads = 2) {
  const peers = { fib: ['js-main', 'js-worker'], sort: ['js-main', 'js-worker'], hash: ['webcrypto', 'webcrypto-all'] };
  const plan = [];
  for (const job of ['fib', 'sort', 'hash']) {
    for (const mode of ['main', 'async', 'chunked', 'worker', 'spawn']) plan.push({ job, mode });
    plan.push({ job, mode: 'message-pool', threads, crossing: job === 'sort' ? 'clone' : undefined });
    if (job === 'sort') plan.push({ job, mode: 'message-pool', threads, crossing: 'transfer' });
    // 1 then 2 threads: the engine is replaced twice per job, a churn a leak would show in.
    plan.push({ job, mode: 'pool', threads: 1 }, { job, mode: 'pool', threads });
    for (const mode of peers[job]) plan.push({ job, mode });
  }
  return plan;
}

/** The e2e suite's round (10 runs): each job in three or four modes, the engine replaced twice. */
export function shortRound(threads = 2) {
  return [
    { job: 'fib', mode: 'main' },
    { job: 'fib', mode: 'message-pool', threads },
    { job: 'fib', mode: 'pool', threads: 1 },
    { job: 'sort', mode: 'chunked' },
    { job: 'sort', mode: 'worker' },
    { job: 'sort', mode: 'message-pool', threads, crossing: 'transfer' },
    { job: 'sort', mode: 'js-worker' },
    { job: 'hash', mode: 'spawn' },
    { job: 'hash', mode: 'pool', threads },
    { job: 'hash', mode: 'webcrypto' },
  ];
}

/**
 * Debian's Chromium as harness.launch() starts it, plus eager memory measurement: without
 * it measureUserAgentSpecificMemory() waits for the next natural GC.
 */
export function launchForSoak() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-blink-features=ForceEagerMeasureMemory'],
  });
}

/** Opens the soak's page, keeping a handle on the page's wasm memory for the samples. */
export async function openSoakPage(browser, url, extraQuery = '') {
  const page = await open(browser, url, `job=fib&n=${SIZES.fib.n}&mode=main${extraQuery}`, {
    beforeLoad: (p) => p.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => { self.soakWasmMemory = e.detail?.wasm?.memory; });
    }),
  });
  const cdp = await page.context().newCDPSession(page);
  const browserCdp = await browser.newBrowserCDPSession();
  return { page, cdp, browserCdp };
}

/** Sets the form for one planned run, touching only what differs from the form's state. */
async function prepare(page, { job, mode, threads, crossing }) {
  if (await page.inputValue('[data-testid="job"]') !== job) await page.selectOption('[data-testid="job"]', job);
  for (const [name, value] of Object.entries(SIZES[job])) {
    if (await page.inputValue(`[data-testid="field-${name}"]`) !== String(value)) await setField(page, name, String(value));
  }
  await pickMode(page, mode);
  if (threads && await page.inputValue('[data-testid="field-threads"]') !== String(threads)) {
    await setField(page, 'threads', String(threads));
  }
  if (crossing && job === 'sort') await page.check(`[data-testid="crossing-${crossing}"] input`);
  await waitReady(page, mode, mode === 'pool' ? threads : undefined, RUN_TIMEOUT_MS);
}

/**
 * What one more history row costs the page, per figure that grows with it (the page keeps
 * every run by design): measured in the soak's own page before round 1, over `runs` trivial
 * runs (fib(5) on main: no worker, no buffer) after `runs / 4` that settle it.
 */
export async function historyCost({ page, cdp, browserCdp }, runs = 40) {
  await prepare(page, { job: 'fib', mode: 'main' });
  await setField(page, 'n', '5');
  const runOnce = async () => {
    const id = await runsMade(page) + 1;
    const run = await clickRun(page, id, RUN_TIMEOUT_MS);
    if (run.state !== 'done') throw new Error(`calibration run ${id}: ${run.error}`);
  };
  for (let i = 0; i < runs / 4; i++) await runOnce();
  const before = await sample(page, cdp, browserCdp);
  for (let i = 0; i < runs; i++) await runOnce();
  const after = await sample(page, cdp, browserCdp);
  const rows = after.history_rows - before.history_rows;
  return Object.fromEntries(GROW_WITH_HISTORY.map((k) => [k, Math.max(0, (after[k] - before[k]) / rows)]));
}

/** The figures that grow with the history, by its cost per row (see historyCost). */
export const GROW_WITH_HISTORY = ['page_wasm_mib', 'js_heap_mib'];
/**
 * One page-side sort's array (chunked, main, async): once the history has filled the hole
 * the last one left, the page's allocator grows its memory by about that much, once.
 */
export const PAGE_BUFFER_MIB = (SIZES.sort.len * 4) / MiB;

/**
 * Runs `rounds` rounds of `plan` in `page`, sampling after each (and measuring the user
 * agent's memory after the rounds in `uaMemoryAfter`). `log(line)` hears progress.
 * Returns { rounds: [...], runs: [...], problems: [...] }; problems empty means it passed.
 */
export async function soak(opened, { rounds, plan, log = () => {}, uaMemoryAfter = [] }) {
  const { page, cdp, browserCdp } = opened;
  const perRow = await historyCost(opened);
  log(`what a history row costs, measured first (${GROW_WITH_HISTORY.join(', ')}): ${GROW_WITH_HISTORY.map((k) => `${(perRow[k] * 1024).toFixed(1)} KiB`).join(', ')}\n`);
  log(HEADER);
  const runs = [];
  const rows = [];
  const problems = [];
  let id = await runsMade(page);
  for (let round = 1; round <= rounds; round++) {
    const started = Date.now();
    let longest = null;
    for (const step of plan) {
      const label = `${step.job} ${step.mode}${step.threads ? ` ×${step.threads}` : ''}${step.crossing && step.job === 'sort' ? ` (${step.crossing})` : ''}`;
      await prepare(page, step);
      const clicked = Date.now();
      let run;
      try {
        run = await clickRun(page, ++id, RUN_TIMEOUT_MS);
      } catch (error) {
        problems.push(`round ${round}, run ${id} (${label}): did not end within ${RUN_TIMEOUT_MS / 1000} s (${error.message.split('\n')[0]})`);
        return { rounds: rows, runs, problems };
      }
      const wall = Date.now() - clicked;
      if (run.state !== 'done') problems.push(`round ${round}, run ${id} (${label}): ${run.state}: ${run.error}`);
      const record = { round, id, label, ...step, state: run.state, ms: run.result?.ms ?? null, wall_ms: wall, checksum: run.result?.checksum ?? null };
      runs.push(record);
      if (!longest || wall > longest.wall_ms) longest = record;
    }
    const figures = await sample(page, cdp, browserCdp);
    const ua = uaMemoryAfter.includes(round) ? { user_agent_memory: await userAgentMemory(page) } : {};
    const walls = runs.filter((r) => r.round === round).map((r) => r.wall_ms).sort((a, b) => a - b);
    const medianWall = walls[Math.floor(walls.length / 2)];
    rows.push({ round, runs: runs.length, seconds: (Date.now() - started) / 1000, median_wall_ms: medianWall, ...figures, longest_run: { label: longest.label, wall_ms: longest.wall_ms, ms: longest.ms }, ...ua });
    log(formatRow(rows.at(-1)));
  }
  const [first, last] = [rows[0], rows.at(-1)];
  if (last.median_wall_ms > 2 * first.median_wall_ms) {
    log(`note: the median run took ${last.median_wall_ms} ms from click to its end in round ${last.round}, ${(last.median_wall_ms / first.median_wall_ms).toFixed(1)} × round 1's ${first.median_wall_ms} ms (not checked: wall times are noise on a shared machine; a quiet one tells whether the page slows down as its history grows)`);
  }
  problems.push(...checksumProblems(runs), ...growthProblems(rows, { perRow, pageBufferMib: PAGE_BUFFER_MIB }));
  if (page.errors.length) problems.push(`page errors: ${page.errors.join('; ')}`);
  return { history_cost_per_row_mib: perRow, rounds: rows, runs, problems };
}

/** `cargo xtask soak`: OFFLOAD_SOAK_ROUNDS full rounds (default 10: 310 runs). */
async function main() {
  const rounds = Number(process.env.OFFLOAD_SOAK_ROUNDS ?? 10);
  if (!Number.isInteger(rounds) || rounds < 2 || rounds > 100) throw new Error('OFFLOAD_SOAK_ROUNDS must be a whole number from 2 to 100');
  const out = process.env.OFFLOAD_SOAK_OUT ?? new URL('../../target/soak', import.meta.url).pathname;
  const server = await serve();
  const browser = await launchForSoak();
  const version = browser.version();
  let report;
  const started = Date.now();
  try {
    const opened = await openSoakPage(browser, server.url);
    const { page } = opened;
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const plan = fullRound(Math.min(2, cores));
    console.log(`Offload soak: Chromium ${version}, ${cores} cores; ${rounds} rounds of ${plan.length} runs in one page; sizes ${JSON.stringify(SIZES)}\n`);
    report = await soak(opened, { rounds, plan, log: (line) => console.log(line), uaMemoryAfter: [1, rounds] });
    for (const row of report.rounds.filter((r) => r.user_agent_memory)) {
      const { total_mib: total, by_scope_mib: scopes, took_ms: took } = row.user_agent_memory;
      console.log(`after round ${row.round}: measureUserAgentSpecificMemory ${fmt(total)} MiB (${Object.entries(scopes).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}; answered in ${(took / 1000).toFixed(0)} s)`);
    }
    await page.close();
  } finally {
    await browser.close();
    await server.close();
  }
  const minutes = (Date.now() - started) / 60_000;
  await mkdir(out, { recursive: true });
  await writeFile(`${out}/soak.json`, JSON.stringify({ chromium: version, sizes: SIZES, margin: MARGIN, page_buffer_mib: PAGE_BUFFER_MIB, minutes, ...report }, null, 2));
  console.log(`\n${report.runs.length} runs in ${minutes.toFixed(1)} min; wrote ${out}/soak.json`);
  if (report.problems.length) {
    console.error(`soak FAILED:\n${report.problems.join('\n')}`);
    process.exit(1);
  }
  console.log(`soak passed: every run ended, checksums agree per job, no figure rose more than ${MARGIN * 100} % above round 1's`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
