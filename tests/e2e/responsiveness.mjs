// Responsiveness bounds that hold on a busy 2-core machine: an offloaded mode's figures are
// the median over repeated runs, compared with the median of the same job's own `main` runs
// in the same page, with a margin, never one run against a fixed figure. `main`'s median must
// itself pass a coarse floor, which proves the job was long enough to tell the two apart.
import assert from 'node:assert/strict';
import { clickRun, pickMode, runsMade, waitReady } from './harness.mjs';

/** The median of numbers (the mean of the middle two for an even count). */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A run's responsiveness figures from its data-result: wall ms, longest frame gap, the
 * 20 ms timer's largest lag, frames painted and frames per second over the run.
 */
export function figures(result) {
  const { ms, longest_gap_ms: gap, loop_lag_ms: lag, frames } = result;
  return { ms, gap, lag, frames, fps: frames / (ms / 1000) };
}

/** The median of each figure over `results` (data-results), and the runs it came from. */
export function medianFigures(results) {
  const each = results.map(figures);
  const medians = Object.fromEntries(Object.keys(each[0]).map((k) => [k, median(each.map((f) => f[k]))]));
  return { ...medians, runs: each };
}

/**
 * Picks `mode` in `page` (with `threads` for the pool), waits for it, and runs the job
 * `repeats` times after `warmUps` uncounted runs (V8 tiers wasm up over the first runs);
 * every run must end done. Returns the median figures; `.results` holds the data-results.
 */
export async function repeatIn(page, mode, { repeats = 3, warmUps = 0, threads } = {}) {
  await pickMode(page, mode);
  await waitReady(page, mode, mode === 'pool' ? threads : undefined);
  const results = [];
  for (let i = 0; i < warmUps + repeats; i++) {
    const id = await runsMade(page) + 1;
    const run = await clickRun(page, id);
    assert.equal(run.state, 'done', `${mode}: ${run.error}`);
    assert.equal(run.result.mode, mode);
    if (i >= warmUps) results.push(run.result);
  }
  return { ...medianFigures(results), mode, results };
}

/** "worker: median of 3: 512 ms, gap 17 ms, lag 22 ms, 58 fps, 30 frames (gaps 16/17/21)". */
export function describe(m) {
  const runs = m.runs.map((f) => f.gap.toFixed(0)).join('/');
  return `${m.mode}: median of ${m.runs.length}: ${m.ms.toFixed(0)} ms, gap ${m.gap.toFixed(0)} ms, lag ${m.lag.toFixed(0)} ms, ${m.fps.toFixed(0)} fps, ${m.frames} frames (gaps ${runs})`;
}

/**
 * The frozen baseline: `main`'s median longest gap passes the coarse `floor` (ms) and covers
 * most of its run; it painted next to nothing (a frame or two at its edges).
 */
export function assertFrozen(main, { floor }) {
  const said = describe(main);
  assert.ok(main.gap >= floor, `the job must be long enough to freeze the page for ${floor} ms: ${said}`);
  assert.ok(main.gap >= 0.8 * main.ms, said);
  assert.ok(main.frames <= 3, said);
}

/**
 * The offloaded mode left the page live, against `main` in the same page: its median
 * longest gap and loop lag below `factor` × main's, and at least twice main's frame rate.
 */
export function assertLiveAgainst(offloaded, main, { factor = 0.5, lagFactor = factor } = {}) {
  const said = `${describe(offloaded)}; ${describe(main)}`;
  assert.ok(offloaded.gap < factor * main.gap, `longest frame gap below ${factor} × main's: ${said}`);
  assert.ok(offloaded.lag < lagFactor * main.lag, `loop lag below ${lagFactor} × main's: ${said}`);
  assert.ok(offloaded.fps > 2 * Math.max(main.fps, 1), `frame rate above 2 × main's: ${said}`);
}
