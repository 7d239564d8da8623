// The bench's target checks, held to hand-made rows: each verdict can come out either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTargets } from './bench-targets.mjs';

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
