// The bench's target checks, held to hand-made rows: each verdict can come out either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLeanTargets, checkTargets, summarize } from './bench-targets.mjs';

const row = (job, size, mode, threads, median, extra = {}) =>
  ({ job, size, mode, threads, median_ms: median, compute_ms: median, max_frame_gap_ms: 17, lag_p99_ms: 4, ...extra });
const overheads = { pool_start_ms: 250, empty_pool_task_ms: 0.02, worker_round_trip_ms: 0.05 };
const find = (targets, start) => targets.find((t) => t.target.startsWith(start));

test('each target is met, missed or not measured from the rows it names', () => {
  const rows = [
    row('sort', 'large', 'worker', 1, 300, { phases: [{ name: 'sort', ms: 200 }] }),
    row('sort', 'large', 'js-worker', 1, 700),
    row('hash', 'large', 'worker', 1, 900),
    row('hash', 'large', 'webcrypto', 1, 800),
    row('hash', 'large', 'pool', 1, 900),
    row('hash', 'large', 'pool', 2, 470, { max_frame_gap_ms: 33 }),
  ];
  const t = checkTargets(rows, overheads, 2);
  assert.equal(find(t, 'sort 20M: sort phase').met, true); // 700 / 200 = 3.5
  assert.equal(find(t, 'sort 20M: whole job').met, true); // 700 / 300 = 2.33
  assert.equal(find(t, 'hash 64 × 100k: per core').met, false); // 800 / 900
  assert.equal(find(t, 'hash 64 × 100k: pool').met, true); // 470 < 800
  assert.equal(find(t, 'hash 4 × 100k: pool').met, null); // no rows of that size
  assert.equal(find(t, 'hash: pool on 1 thread vs worker').met, true);
  assert.equal(find(t, 'hash: pool on 2 threads over pool on 1').met, true); // 1.91 ≥ 1.86
  assert.equal(find(t, 'hash: pool on 2 threads over the best').met, true); // 800 / 470 = 1.70
  assert.equal(find(t, 'fib: pool on 1 thread').met, null);
  assert.equal(find(t, 'offloaded runs: longest frame gap').met, false); // 33 ms
  assert.equal(find(t, 'offloaded runs: event-loop lag').met, true);
  assert.equal(find(t, 'overheads: pool start').met, true);
  assert.equal(checkTargets(rows, { ...overheads, pool_start_ms: 301 }, 2).find((x) => x.target === 'overheads: pool start').met, false);
});

test('the best single-threaded mode is the fastest of them, peers included', () => {
  const rows = [row('fib', 'large', 'worker', 1, 550), row('fib', 'large', 'js-worker', 1, 1900),
    row('fib', 'large', 'pool', 1, 540), row('fib', 'large', 'pool', 2, 300)];
  const t = find(checkTargets(rows, overheads, 2), 'fib: pool on 2 threads over the best');
  assert.equal(t.figures.best_mode, 'pool');
  assert.equal(t.met, true); // 540 / 300 = 1.8 ≥ 1.7
});

test('repeats summarise to median and range; a figure missing in one repeat is missing', () => {
  const s = summarize([{ a: 3, b: { c: 1 }, d: null }, { a: 1, b: { c: 5 }, d: 2 }, { a: 2, b: { c: 4 }, d: 1 }]);
  assert.deepEqual(s.a, { median: 2, min: 1, max: 3, runs: [3, 1, 2] });
  assert.equal(s.b.c.median, 4);
  assert.equal(s.d, null);
});

// Lean (issue 16): one repeat per figure is enough to reach each verdict.
const cost = (view, over = {}) => ({
  idle_share: 0.02, phone_idle_share: 0.08,
  worker: { run_share: 0.04, first_task_ms: 12, max_frame_gap_ms: 17, lag_p99_ms: 3 },
  pool: { run_share: 0.2, first_task_ms: 40, max_frame_gap_ms: 18, lag_p99_ms: 4 },
  ...over,
});
const load = (over = {}) => ({
  page: { bytes: 240 * 1000, slow_run_ms: 2900 },
  embed: { bytes: 151 * 1000, slow_run_ms: 1900, phone_run_ms: 3100 },
  click: null,
  ...over,
});
const lean = (l, c) => checkLeanTargets(l && summarize([l]), c && summarize([c]));

test('lean targets: weight and time of the load, met or missed by the median', () => {
  const t = lean(load(), null);
  assert.equal(find(t, 'embed: bytes').met, false); // 151 KB > 150
  assert.equal(find(t, 'page: bytes').met, true);
  assert.equal(find(t, 'embed: Run enabled on the slow link').met, true);
  assert.equal(find(t, 'page: Run enabled on the slow link').met, true);
  assert.equal(find(t, 'embed, phone-class reader').met, false); // 3.1 s
  assert.equal(find(t, 'embed, click to load').measured, 'not built');
  assert.equal(find(t, 'page: main thread, idle').measured, 'not measured');
  const three = checkLeanTargets(summarize([load(), load({ embed: { bytes: 140 * 1000 } }), load({ embed: { bytes: 149 * 1000 } })]), null);
  assert.equal(find(three, 'embed: bytes').met, true); // median 149 KB
  assert.equal(find(three, 'embed: bytes').measured, '149.0 KB (140.0 KB–151.0 KB)');
  const built = lean(load({ click: { bytes: 19 * 1000, shown_ms: 300 } }), null);
  assert.equal(find(built, 'embed, click to load').met, true);
});

test('lean targets: the page cost, and its runs through the offloaded-run check', () => {
  const t = lean(null, { page: cost('page', { idle_share: 0.2 }), embed: cost('embed') });
  assert.equal(find(t, 'embed, click to load').measured, 'not measured');
  assert.equal(find(t, 'page: main thread, idle').met, false);
  assert.equal(find(t, 'embed: main thread, idle').met, true);
  assert.equal(find(t, 'page: main thread during a worker run').met, true);
  assert.equal(find(t, 'embed: main-thread work in the 250 ms').met, true);
  assert.equal(find(t, 'embed, phone-class CPU').met, true);
  assert.equal(find(t, 'page cost runs: longest frame gap').met, true);
  const slow = lean(null, { page: cost('page', { worker: { run_share: 0.3, first_task_ms: 90, max_frame_gap_ms: 44, lag_p99_ms: 3 } }), embed: cost('embed') });
  assert.equal(find(slow, 'page: main thread during a worker run').met, false);
  assert.equal(find(slow, 'page: main-thread work in the 250 ms').met, false);
  const gap = find(slow, 'page cost runs: longest frame gap');
  assert.equal(gap.met, false);
  assert.equal(gap.figures.row, 'fib page worker ×1');
});
