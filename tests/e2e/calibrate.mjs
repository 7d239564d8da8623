// How big each job must be to take TARGET_MS on `main`, measured once per suite run in
// Chromium on the built page. A fixed size is long on a busy machine and short on a quiet
// one, so a bound that needs "long enough" passed on one and failed on the other; the
// timed tests ask for k × the calibrated duration instead (`sized.fib(k)`), and bound
// against their own page's baseline.
//
// `cargo xtask test` runs this file once before the end-to-end files (`node calibrate.mjs`)
// and hands every file the result through OFFLOAD_CALIBRATION. A file run alone calibrates
// on first use and keeps the figures in the OS temp dir, keyed by dist's build and the
// browser, for CACHE_MINUTES: the next file run alone reuses them.
import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clickRun, launch, open, serve, setField } from './harness.mjs';

export const TARGET_MS = 300;
const CACHE_MINUTES = 30;
const REPEATS = 3;
const PHI = (1 + Math.sqrt(5)) / 2;
const DIST = resolve(process.env.OFFLOAD_DIST ?? new URL('../../dist', import.meta.url).pathname);
const BROWSER = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Each job's one size field, its first guess, its range, and how its time follows the size:
// fib by the golden ratio per step of n, sort and hash in proportion (hash at 4 passwords,
// the four lanes the page derives at once, so time follows iterations alone).
const JOBS = {
  fib: { field: 'n', start: 30, min: 1, max: 50, query: (n) => `job=fib&n=${n}`,
    scale: (n, k) => n + Math.round(Math.log(k) / Math.log(PHI)) },
  sort: { field: 'len', start: 1_000_000, min: 1, max: 268_435_456, query: (len) => `job=sort&len=${len}`,
    scale: (len, k) => Math.round(len * k) },
  hash: { field: 'iterations', start: 20_000, min: 1, max: 10_000_000, query: (i) => `job=hash&count=4&iterations=${i}`,
    scale: (i, k) => Math.round(i * k) },
};

const clamp = (x, { min, max }) => Math.min(max, Math.max(min, x));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The median wall ms of `repeats` main runs of `job` at `size` in `page` (which has made `made` runs). */
async function timeAt(page, job, size, repeats, made) {
  await setField(page, JOBS[job].field, String(size));
  const ms = [];
  for (let i = 0; i < repeats; i++) {
    const run = await clickRun(page, made.count += 1);
    if (run.state !== 'done') throw new Error(`calibration: ${job} at ${size}: ${run.error}`);
    ms.push(run.result.ms);
  }
  return median(ms);
}

/** The size of `job` nearest TARGET_MS on main, and what it took (median of REPEATS). */
async function calibrateJob(browser, url, job) {
  const spec = JOBS[job];
  const page = await open(browser, url, `${spec.query(spec.start)}&mode=main`);
  const made = { count: 0 };
  // Uncounted: V8 tiers the page's wasm up over its first runs.
  let size = spec.start;
  let ms = await timeAt(page, job, size, 2, made);
  // Too short to extrapolate from (timer and meter noise): grow it first.
  while (ms < TARGET_MS / 10 && size < spec.max) {
    size = clamp(spec.scale(size, 8), spec);
    ms = await timeAt(page, job, size, 1, made);
  }
  const seen = [];
  for (let step = 0; step < 3; step++) {
    const next = clamp(spec.scale(size, TARGET_MS / ms), spec);
    if (step > 0 && next === size) break;
    size = next;
    ms = await timeAt(page, job, size, REPEATS, made);
    seen.push(`${size}: ${ms.toFixed(0)} ms`);
    if (Math.abs(ms / TARGET_MS - 1) < 0.15) break;
  }
  await page.close();
  return { [spec.field]: size, ms, seen };
}

/** Calibrates every job in a fresh Chromium against dist/ served isolated. */
export async function measure() {
  const server = await serve();
  const browser = await launch();
  try {
    const figures = { target_ms: TARGET_MS, measured_at: new Date().toISOString() };
    for (const job of Object.keys(JOBS)) figures[job] = await calibrateJob(browser, server.url, job);
    return figures;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Where this build's figures live: OFFLOAD_CALIBRATION, or the temp dir keyed by dist's index.html and the browser. */
async function cachePath() {
  if (process.env.OFFLOAD_CALIBRATION) return { path: process.env.OFFLOAD_CALIBRATION, ageLimited: false };
  // trunk names every built file by its content hash in index.html: a new build, a new key.
  const index = await readFile(join(DIST, 'index.html'));
  const key = createHash('sha256').update(index).update(BROWSER).digest('hex').slice(0, 16);
  return { path: join(tmpdir(), `offload-calibration-${key}.json`), ageLimited: true };
}

async function readCache({ path, ageLimited }) {
  try {
    if (ageLimited && Date.now() - (await stat(path)).mtimeMs > CACHE_MINUTES * 60_000) return null;
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

async function writeCache({ path }, figures) {
  // Whole or not at all: a file cut short would be read as no calibration.
  const partial = `${path}.${process.pid}`;
  await writeFile(partial, `${JSON.stringify(figures, null, 1)}\n`);
  await rename(partial, path);
}

/**
 * Job sizes from this run's calibration, measuring it first if there is none.
 * `fib(k)`, `sort(k)`, `hash(k, { count })`: a query for a job that takes about k × TARGET_MS
 * on main (fib to the nearest step of 1.6×); `n(k)`, `len(k)`: the bare size.
 * `atLeast(k)`: the least a run of k × TARGET_MS may show and still be called long (a third,
 * for a machine that got that much quieter since the calibration).
 */
export async function calibrated() {
  const where = await cachePath();
  let figures = await readCache(where);
  if (!figures) {
    figures = await measure();
    await writeCache(where, figures);
  }
  return sizesFrom(figures);
}

export function sizesFrom(figures) {
  // From the size calibrated and what it took, not from the target: the two differ by up
  // to a step of fib or 15 %.
  const sized = (job, field, k) => clamp(JOBS[job].scale(figures[job][field], (k * figures.target_ms) / figures[job].ms), JOBS[job]);
  const n = (k) => sized('fib', 'n', k);
  const len = (k) => sized('sort', 'len', k);
  const iterations = (k, count) => sized('hash', 'iterations', k / Math.ceil(count / 4));
  return {
    figures,
    ms: figures.target_ms,
    n,
    len,
    fib: (k) => `job=fib&n=${n(k)}`,
    sort: (k) => `job=sort&len=${len(k)}`,
    hash: (k, { count = 16 } = {}) => `job=hash&count=${count}&iterations=${iterations(k, count)}`,
    atLeast: (k) => (k * figures.target_ms) / 3,
  };
}

/** fib(n) as the page's checksum shows it, for a test whose n comes from the calibration. */
export function fibChecksum(n) {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return String(a);
}

// `node calibrate.mjs`: measure now (whatever is cached) and write OFFLOAD_CALIBRATION's
// file, or the temp dir's; print the figures.
if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measure();
  await writeCache(await cachePath(), figures);
  console.log(`calibration (${TARGET_MS} ms on main): ${JSON.stringify(figures)}`);
}
